import logging

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.addons.customer_archive.models.customer_figures import CUSTOMER_DOMAIN
from odoo.addons.customer_archive.tools import run_in_batches
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount, split_every

DETECTED_TYPES = [
    ("paying_later", "Payments Getting Later"),
    ("large_bills_late", "Large Bills Late, Small Ones Paid"),
    ("orders_falling", "Orders Falling Sharply"),
    ("no_orders", "No Orders for Longer than Usual"),
    ("orders_jump", "Unexplained Jump in Orders"),
    ("returns", "High Share of Returns"),
]
MANUAL_TYPES = [
    ("staff_leaving", "Key Staff Leaving"),
    ("rumours", "Rumours"),
    ("management_change", "Management Change"),
    ("other", "Other"),
]
SIGNAL_STATES = [("open", "Open"), ("acknowledged", "Acknowledged"), ("closed", "Closed")]
GROUP_CREDIT_ANALYST = "customer_credit.group_credit_analyst"
GROUP_CREDIT_MANAGER = "customer_credit.group_credit_manager"
CRON_BATCH = 5000

_logger = logging.getLogger(__name__)


class CustomerCreditSignal(models.Model):
    """A warning signal (预警) about a customer in a company: detected from Odoo's invoices,
    payments and orders by a daily cron, or entered by hand for what Odoo cannot see. While
    it is not closed the customer is marked for credit review."""

    _name = "customer.credit.signal"
    _description = "Credit Warning Signal"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, tracking=True,
        domain=CUSTOMER_DOMAIN)
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.company)
    salesperson_id = fields.Many2one(
        related="partner_id.user_id", string="Salesperson", store=True)
    signal_type = fields.Selection(
        DETECTED_TYPES + MANUAL_TYPES, "Signal", required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    state = fields.Selection(
        SIGNAL_STATES, "Status", required=True, default="open", tracking=True,
        help="Open: new. Acknowledged: a credit manager is reviewing the customer. Closed: "
        "reviewed. Open and acknowledged signals mark the customer for credit review.")
    source = fields.Selection(
        [("detected", "Detected"), ("manual", "Manual")], required=True,
        default="manual", readonly=True)
    evidence = fields.Text(
        help="The figures that raised the signal, or what was seen or heard.")
    user_id = fields.Many2one(
        "res.users", "Reported By", default=lambda self: self.env.user, readonly=True)
    note = fields.Text("Review Note", help="What the credit review found and decided.")

    @api.depends("partner_id", "signal_type")
    def _compute_display_name(self):
        types = dict(self._fields["signal_type"]._description_selection(self.env))
        for signal in self:
            signal.display_name = _("%(type)s: %(customer)s",
                                    type=types.get(signal.signal_type, ""),
                                    customer=signal.partner_id.display_name or "")

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        detected = dict(DETECTED_TYPES)
        is_analyst = self.env.su or self.env.user.has_group(GROUP_CREDIT_ANALYST)
        for vals in vals_list:
            if vals.get("partner_id"):
                vals["partner_id"] = self.env["res.partner"].browse(
                    vals["partner_id"]).commercial_partner_id.id
            if not is_analyst and (vals.get("source") == "detected"
                                   or vals.get("signal_type") in detected):
                raise AccessError(_(
                    "Salespeople report manual signals only (staff leaving, rumours, "
                    "management change, other); the others are detected."))
        signals = super().create(vals_list)
        signals._schedule_review_activity()
        return signals

    def write(self, vals):
        if {"partner_id", "company_id", "signal_type", "source"} & vals.keys() and any(
                signal.source == "detected" for signal in self):
            raise UserError(_("The customer, company and type of a detected signal cannot "
                              "be changed."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_acknowledge(self):
        self._check_state(("open",), _("acknowledged"))
        self.state = "acknowledged"

    def action_close(self):
        self._check_state(("open", "acknowledged"), _("closed"))
        self.state = "closed"
        self.activity_feedback(["mail.mail_activity_data_todo"],
                               feedback=_("Warning signal closed."))

    def action_reopen(self):
        self._check_state(("closed",), _("reopened"))
        self.state = "open"
        self._schedule_review_activity()

    def _check_state(self, states, what):
        if not self.env.user.has_group(GROUP_CREDIT_ANALYST):
            raise AccessError(_("Only the credit department handles warning signals."))
        wrong = self.filtered(lambda signal: signal.state not in states)
        if wrong:
            raise UserError(_("These signals cannot be %(what)s in their status: %(names)s",
                              what=what, names=", ".join(wrong.mapped("display_name"))))

    def _schedule_review_activity(self):
        """One review activity per signal for the company's credit manager, created in one
        batch; those of detected signals (the daily cron) without an e-mail each."""
        signals = self.sudo().filtered(lambda signal: signal.state != "closed")
        if not signals:
            return
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        managers = {company: company._credit_signal_manager() for company in signals.company_id}
        values = {"detected": [], "manual": []}
        for signal in signals:
            user = managers[signal.company_id]
            if user:
                local = signal.with_context(lang=user.lang)  # the recipient's language
                values[signal.source].append({
                    "res_model_id": model_id, "res_id": signal.id,
                    "activity_type_id": activity_type.id, "date_deadline": today,
                    "summary": local.env._("Credit review: %s", local.display_name),
                    "note": signal.evidence or "", "user_id": user.id, "automated": True,
                })
        self.env["mail.activity"]._create_scheduled(values["detected"])
        self.env["mail.activity"].sudo().create(values["manual"])

    # ------------------------------------------------------------------
    # Detection
    # ------------------------------------------------------------------
    @api.model
    def _cron_detect_signals(self):
        """Daily: detect the signals of every customer invoiced in the last 24 months, per
        company, in batches with progress; commits after each batch outside tests."""
        return self._detect_all_signals(commit=True)

    @api.model
    def _detect_all_signals(self, commit=False):
        """Detect the signals of all customers in all companies, in batches of
        CRON_BATCH customers, reporting the progress to the running cron."""
        today = fields.Date.context_today(self)
        batches = []
        for company in self.env["res.company"].search([]):
            partners = self.env["account.move"].sudo()._read_group(
                [("company_id", "=", company.id), *self.env["account.move"]._sales_domain(),
                 ("invoice_date", ">", today - relativedelta(months=24))],
                ["commercial_partner_id"])
            ids = [partner.id for (partner,) in partners]
            batches += [(company, batch) for batch in split_every(CRON_BATCH, ids, list)]
        signals = []

        def detect(batch):
            company, ids = batch
            signals.append(self._detect_signals(self.env["res.partner"].browse(ids), company,
                                                today))

        run_in_batches(self.env, batches, detect, size=lambda batch: len(batch[1]),
                       commit=commit)
        signals = self.browse().union(*signals)
        _logger.info("Warning signals: %s customer batches checked, %s new signals.",
                     len(batches), len(signals))
        return signals

    @api.model
    def _detect_signals(self, partners, company, date=None):
        """Detect the signals of ``partners`` (commercial partners) in ``company`` as of
        ``date``; create those without a signal of the same type still open or
        acknowledged. Returns the new signals."""
        date = date or fields.Date.context_today(self)
        # Only the column read: the partner table is wide and most columns are jsonb.
        partners.fetch(["commercial_partner_id"])
        partners = partners.commercial_partner_id
        if not partners:
            return self.browse()
        found = {}  # (partner id, type) -> evidence
        # The evidence reads in the language of the credit manager who reviews the signals.
        manager = company._credit_signal_manager()
        local = self.with_context(lang=manager.lang) if manager else self
        for detect in (local._detect_payment_signals, local._detect_sales_signals,
                       local._detect_idle_signals):
            found.update(detect(partners, company, date))
        if not found:
            return self.browse()
        existing = {(partner.id, signal_type) for partner, signal_type in self.sudo()._read_group(
            [("partner_id", "in", partners.ids), ("company_id", "=", company.id),
             ("state", "!=", "closed"), ("signal_type", "in", [t for t, _l in DETECTED_TYPES])],
            ["partner_id", "signal_type"])}
        root = self.env.ref("base.user_root")
        # No "created" note in the job's language: each signal shows its evidence.
        return self.sudo().with_company(company).with_context(mail_create_nolog=True).create([{
            "partner_id": partner_id,
            "company_id": company.id,
            "signal_type": signal_type,
            "date": date,
            "source": "detected",
            "user_id": root.id,
            "evidence": evidence,
        } for (partner_id, signal_type), evidence in sorted(found.items())
            if (partner_id, signal_type) not in existing])

    @api.model
    def _detect_payment_signals(self, partners, company, date):
        """Payments getting later (last 3 months against the 9 months before) and large
        bills late while small ones are paid (12 months), from one behaviour query."""
        recent_from = date - relativedelta(months=3)
        year_from = date - relativedelta(months=12)
        # One 12-month target per customer, split at 3 months for the two days-late.
        targets = {partner_id: (partner_id, company.id, year_from, date, date)
                   for partner_id in partners.ids}
        behaviour = self.env["res.partner"]._credit_behaviour_query(
            list(targets.values()), with_cycle=False, split_date=recent_from)
        found = {}
        for partner_id, year_key in targets.items():
            year = behaviour.get(year_key)
            recent = year and year["days_late_after_split"]
            earlier = year and year["days_late_to_split"]
            if recent is not None and earlier is not None and \
                    recent - earlier > company.credit_signal_later_days:
                found[partner_id, "paying_later"] = _(
                    "Average days late (weighted by amount) of the invoices of the last 3 "
                    "months: %(recent)s days; of the 9 months before: %(earlier)s days. "
                    "Later by %(diff)s days, more than the threshold of %(limit)s days.",
                    recent=recent, earlier=earlier, diff=round(recent - earlier, 1),
                    limit=company.credit_signal_later_days)
            if year and year["large_bills_late"]:
                found[partner_id, "large_bills_late"] = _(
                    "12 months: %(large_share)s %% of the %(large)s invoices above the median "
                    "amount of %(median)s were paid late, against %(small_share)s %% of the "
                    "%(small)s invoices at or below it; gap at least %(gap)s points.",
                    large_share=year["large_late_share"], large=year["large_count"],
                    median=format_amount(self.env, year["median"], company.currency_id),
                    small_share=year["small_late_share"], small=year["small_count"],
                    gap=company.credit_pattern_gap)
        return found

    @api.model
    def _detect_sales_signals(self, partners, company, date):
        """Orders falling sharply, an unexplained jump, a high share of returns: invoiced
        untaxed amounts of the last 3 months against the customer's average 3 months of
        the 12 months before, and credit notes against invoices of the last 12 months."""
        currency = company.currency_id
        recent_from = date - relativedelta(months=3)
        year_from = date - relativedelta(months=12)
        history_from = recent_from - relativedelta(months=12)
        self.env["account.move"].flush_model([
            "commercial_partner_id", "company_id", "state", "move_type", "invoice_date",
            "amount_untaxed_signed"])
        rows = self.env.execute_query(SQL(
            """
            SELECT move.commercial_partner_id,
                   SUM(move.amount_untaxed_signed) FILTER (WHERE move.move_type = 'out_invoice'
                       AND move.invoice_date > %(recent_from)s),
                   SUM(move.amount_untaxed_signed) FILTER (WHERE move.move_type = 'out_invoice'
                       AND move.invoice_date <= %(recent_from)s),
                   SUM(move.amount_untaxed_signed) FILTER (WHERE move.move_type = 'out_invoice'
                       AND move.invoice_date > %(year_from)s),
                   -SUM(move.amount_untaxed_signed) FILTER (WHERE move.move_type = 'out_refund'
                       AND move.invoice_date > %(year_from)s)
              FROM account_move move
             WHERE move.company_id = %(company_id)s
               AND %(sales)s
               AND move.commercial_partner_id IN %(partner_ids)s
               AND move.invoice_date > %(history_from)s
               AND move.invoice_date <= %(date)s
          GROUP BY move.commercial_partner_id
            """, recent_from=recent_from, year_from=year_from, history_from=history_from,
            date=date, company_id=company.id, partner_ids=tuple(partners.ids),
            sales=self.env["account.move"]._sales_condition("move")))
        found = {}
        for partner_id, recent, history, invoiced, refunded in rows:
            recent, history = recent or 0.0, history or 0.0
            invoiced, refunded = invoiced or 0.0, refunded or 0.0
            usual = history / 4

            def figures(recent=recent, usual=usual):
                # Formatted only for the signals raised: most customers raise none.
                return {"recent": format_amount(self.env, recent, currency),
                        "usual": format_amount(self.env, usual, currency),
                        "share": round(100 * recent / usual, 1)}

            if usual > 0 and recent < usual * company.credit_signal_drop_percent / 100:
                found[partner_id, "orders_falling"] = _(
                    "Invoiced in the last 3 months: %(recent)s, %(share)s %% of the usual "
                    "%(usual)s per 3 months (average of the 12 months before); below the "
                    "threshold of %(limit)s %%.", **figures(),
                    limit=company.credit_signal_drop_percent)
            if usual > 0 and recent > usual * company.credit_signal_jump_percent / 100:
                found[partner_id, "orders_jump"] = _(
                    "Invoiced in the last 3 months: %(recent)s, %(share)s %% of the usual "
                    "%(usual)s per 3 months (average of the 12 months before); above the "
                    "threshold of %(limit)s %%.", **figures(),
                    limit=company.credit_signal_jump_percent)
            if invoiced > 0 and refunded > invoiced * company.credit_signal_return_percent / 100:
                found[partner_id, "returns"] = _(
                    "Credit notes of the last 12 months: %(refunded)s against %(invoiced)s "
                    "invoiced, %(share)s %%; above the threshold of %(limit)s %%.",
                    refunded=format_amount(self.env, refunded, currency),
                    invoiced=format_amount(self.env, invoiced, currency),
                    share=round(100 * refunded / invoiced, 1),
                    limit=company.credit_signal_return_percent)
        return found

    @api.model
    def _detect_idle_signals(self, partners, company, date):
        """No orders for longer than usual: days since the last order day (posted invoice
        or confirmed sales order) against the customer's usual interval between purchases
        (res.partner._purchase_history, at least three purchase days) times the company's
        multiple."""
        history = partners._purchase_history(date, company)
        self.env["sale.order"].flush_model(["partner_id", "company_id", "state", "date_order"])
        last_orders = dict(self.env.execute_query(SQL(
            """
            SELECT partner.commercial_partner_id, MAX(sale.date_order::date)
              FROM sale_order sale
              JOIN res_partner partner ON partner.id = sale.partner_id
             WHERE sale.company_id = %(company_id)s
               AND sale.state = 'sale'
               AND partner.commercial_partner_id IN %(partner_ids)s
               AND sale.date_order::date <= %(date)s
          GROUP BY partner.commercial_partner_id
            """, company_id=company.id, partner_ids=tuple(partners.ids), date=date)))
        found = {}
        factor = company.credit_signal_idle_factor
        for partner_id, purchases in history.items():
            if purchases.days < 3 or not purchases.interval:
                continue
            last_day = max(filter(None, (purchases.last, last_orders.get(partner_id))))
            idle = (date - last_day).days
            if idle > factor * purchases.interval:
                found[partner_id, "no_orders"] = _(
                    "No order for %(idle)s days since %(last)s; the customer usually buys "
                    "every %(interval)s days (%(days)s purchase days since %(first)s), "
                    "threshold %(factor)s × %(interval)s = %(limit)s days.",
                    idle=idle, last=fields.Date.to_string(last_day),
                    interval=round(purchases.interval, 1), days=purchases.days,
                    first=fields.Date.to_string(purchases.first), factor=factor,
                    limit=round(factor * purchases.interval, 1))
        return found
