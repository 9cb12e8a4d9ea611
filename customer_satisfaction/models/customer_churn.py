import logging

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.addons.customer_archive.models.account_move import SALES_MOVE_TYPES
from odoo.addons.customer_archive.models.customer_figures import CUSTOMER_DOMAIN
from odoo.addons.customer_archive.tools import run_in_batches
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, split_every

CHURN_STATES = [
    ("at_risk", "At Risk"),
    ("to_confirm", "Lost, to Confirm"),
    ("lost", "Lost"),
    ("recovered", "Recovered"),
    ("won_back", "Won Back"),
    ("dismissed", "Not Lost"),
]
# A customer has at most one open record per company.
OPEN_STATES = ("at_risk", "to_confirm", "lost")
WIN_BACK_STATUSES = [
    ("none", "Not Started"),
    ("in_progress", "In Progress"),
    ("won_back", "Won Back"),
    ("given_up", "Given Up"),
]
GROUP_SATISFACTION_MANAGER = "customer_satisfaction.group_satisfaction_manager"
CONFIRM_ACTIVITY_TYPE = "customer_satisfaction.mail_activity_type_churn_confirm"
CRON_BATCH = 2000
# The context key that lets the actions of this model change the status.
TRANSITION_KEY = "customer_churn_transition"

_logger = logging.getLogger(__name__)


class CustomerChurn(models.Model):
    """A customer at risk of leaving or lost (流失客户) in a company: flagged by the churn
    cron when it stops buying beyond its own usual interval, or recorded by hand; a manager
    confirms the loss; buying again recovers or wins it back."""

    _name = "customer.churn"
    _description = "Lost Customer"
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
    state = fields.Selection(
        CHURN_STATES, "Status", required=True, default="at_risk", tracking=True, index=True,
        help="At Risk: no purchase for longer than the risk multiple of the customer's usual "
        "interval. Lost, to Confirm: longer than the lost multiple; a satisfaction manager "
        "confirms the loss. Lost: confirmed. Recovered: bought again before the loss was "
        "confirmed. Won Back: bought again (or won back by hand) after the loss. Not Lost: "
        "dismissed; the customer is not flagged again before its next purchase.")
    source = fields.Selection(
        [("detected", "Detected"), ("signal", "Credit Signal"), ("manual", "Manual")],
        required=True, default="manual", readonly=True,
        help="Detected by the churn cron, opened by a credit warning signal or recorded by "
        "hand.")
    date = fields.Date("Flagged On", required=True, default=fields.Date.context_today,
                       tracking=True)
    loss_date = fields.Date(
        tracking=True, copy=False,
        help="The day the customer is counted as lost; set when the loss is confirmed: its "
        "last purchase by default, else the day of the confirmation.")
    category_id = fields.Many2one("customer.churn.category", "Churn Category", tracking=True,
                                  index="btree_not_null")
    reason = fields.Text(
        help="Why the customer leaves. For a detected record: the evidence (last "
        "purchase, usual interval, days without a purchase).")
    last_purchase_date = fields.Date(
        "Last Purchase", readonly=True,
        help="The customer's last purchase day (posted customer invoice) when it was flagged; "
        "a later purchase recovers or wins back the customer.")
    usual_interval = fields.Float(
        "Usual Purchase Interval (Days)", digits=(16, 1), readonly=True, aggregator="avg",
        help="Average days between the customer's purchase days when it was flagged.")
    currency_id = fields.Many2one(related="company_id.currency_id")
    yearly_sales_lost = fields.Monetary(
        currency_field="currency_id", readonly=True,
        help="Untaxed sales less credit notes (posted) of the twelve months before the loss "
        "date: loss date − 12 months < invoice date ≤ loss date.")
    remedial_action = fields.Text()
    category_remedy = fields.Text(related="category_id.remedy", string="Remedy of the Category")
    win_back_status = fields.Selection(
        WIN_BACK_STATUSES, "Win-back Status", required=True, default="none", tracking=True,
        help="Follow-up of a lost customer. Setting it to Won Back marks the customer won back "
        "today; a purchase after the loss does it by itself.")
    recovered_date = fields.Date("Bought Again On", readonly=True, copy=False, tracking=True)
    is_open = fields.Boolean("Open", compute="_compute_is_open", search="_search_is_open")

    @api.depends("state")
    def _compute_is_open(self):
        for churn in self:
            churn.is_open = churn.state in OPEN_STATES

    def _search_is_open(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search open records with = or != and a boolean."))
        return [("state", "in" if (operator == "=") == value else "not in", OPEN_STATES)]

    @api.depends("partner_id")
    def _compute_display_name(self):
        for churn in self:
            churn.display_name = churn.partner_id.display_name or _("New")

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    def init(self):
        # One open record per customer and company, also under concurrent creation.
        self.env.cr.execute(SQL(
            "CREATE UNIQUE INDEX IF NOT EXISTS customer_churn_open_unique"
            " ON customer_churn (partner_id, company_id)"
            " WHERE state IN %s", OPEN_STATES))

    @api.constrains("state", "category_id")
    def _check_category(self):
        for churn in self:
            if churn.state == "lost" and not churn.category_id:
                raise ValidationError(_(
                    "A lost customer needs a churn category: %s", churn.display_name))

    @api.constrains("state", "win_back_status")
    def _check_win_back_status(self):
        for churn in self:
            if churn.win_back_status != "none" and churn.state not in ("lost", "won_back"):
                raise ValidationError(_(
                    "Only lost customers have a win-back status: %s", churn.display_name))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        is_manager = self.env.su or self.env.user.has_group(GROUP_SATISFACTION_MANAGER)
        partners = self.env["res.partner"].browse(
            [vals["partner_id"] for vals in vals_list if vals.get("partner_id")])
        partners.fetch(["commercial_partner_id"])
        for vals in vals_list:
            if vals.get("partner_id"):
                vals["partner_id"] = self.env["res.partner"].browse(
                    vals["partner_id"]).commercial_partner_id.id
            state = vals.get("state", "at_risk")
            if not self.env.su:
                if state not in ("at_risk", "lost"):
                    raise UserError(_(
                        "Record a customer at risk or, for a satisfaction manager, a lost "
                        "customer; the other statuses follow from the actions and the "
                        "purchases."))
                if state == "lost" and not is_manager:
                    raise AccessError(_("Only a satisfaction manager records lost customers."))
                if vals.get("source") == "detected":
                    raise AccessError(_("Detected records come from the churn detection."))
            if state == "lost" and not vals.get("category_id"):
                raise UserError(_("Choose the churn category of the lost customer."))
        self._check_no_open_duplicate(vals_list)
        churns = super().create(vals_list)
        churns.filtered(lambda churn: not churn.last_purchase_date)._fill_purchase_figures()
        lost = churns.filtered(lambda churn: churn.state == "lost")
        for churn in lost.filtered(lambda churn: not churn.loss_date):
            churn.loss_date = churn.last_purchase_date or churn.date
        lost._compute_yearly_sales_lost()
        return churns

    def _check_no_open_duplicate(self, vals_list):
        """One open record (at risk, to confirm, lost) per customer and company: one query
        for all the new records."""
        keys = [(vals.get("partner_id"), vals.get("company_id") or self.env.company.id)
                for vals in vals_list if vals.get("state", "at_risk") in OPEN_STATES]
        if not keys:
            return
        key_set = set(keys)
        if len(key_set) < len(keys):
            raise UserError(_("A customer can have only one open churn record per company."))
        existing = self.sudo()._read_group(
            [("partner_id", "in", [partner_id for partner_id, _company in keys]),
             ("state", "in", OPEN_STATES)], ["partner_id", "company_id"])
        duplicates = [partner for partner, company in existing
                      if (partner.id, company.id) in key_set]
        if duplicates:
            raise UserError(_(
                "These customers already have an open churn record (at risk, to confirm or "
                "lost) in the company: %s",
                ", ".join(partner.display_name for partner in duplicates[:10])))

    def write(self, vals):
        if not (self.env.su or self.env.context.get(TRANSITION_KEY)):
            if "state" in vals:
                raise UserError(_("Change the status of a churn record with its buttons."))
            if {"partner_id", "company_id", "source"} & vals.keys() and any(
                    churn.source == "detected" for churn in self):
                raise UserError(_("The customer and company of a detected record cannot be "
                                  "changed."))
            if {"category_id", "loss_date", "partner_id", "company_id"} & vals.keys() and any(
                    churn.state in ("lost", "won_back") for churn in self) and \
                    not self.env.user.has_group(GROUP_SATISFACTION_MANAGER):
                raise AccessError(_("Only a satisfaction manager changes a confirmed loss."))
        if "partner_id" in vals and vals["partner_id"]:
            vals["partner_id"] = self.env["res.partner"].browse(
                vals["partner_id"]).commercial_partner_id.id
        if vals.get("win_back_status") == "won_back":
            # Won back by hand: the customer counts as won back from today.
            lost = self.filtered(lambda churn: churn.state == "lost")
            others = self - lost
            if lost:
                lost.with_context(**{TRANSITION_KEY: True})._write_won_back(vals)
            result = super(CustomerChurn, others).write(vals) if others else True
        else:
            result = super().write(vals)
            if "loss_date" in vals:
                self.filtered(lambda churn: churn.state in ("lost", "won_back"))\
                    ._compute_yearly_sales_lost()
        return result

    def _write_won_back(self, vals):
        vals = dict(vals, state="won_back")
        vals.setdefault("recovered_date", fields.Date.context_today(self))
        result = super().write(vals)
        if "loss_date" in vals:
            self._compute_yearly_sales_lost()
        return result

    # ------------------------------------------------------------------
    # Figures (set-based)
    # ------------------------------------------------------------------
    def _fill_purchase_figures(self):
        """Last purchase day and usual interval of records entered by hand: the purchases up
        to the loss date (or the flagging date) in the record's company; one query."""
        if not self:
            return
        self.flush_recordset(["partner_id", "company_id", "date", "loss_date"])
        rows = self.env.execute_query(SQL(
            """
            SELECT c.id, MAX(m.invoice_date), MIN(m.invoice_date), COUNT(DISTINCT m.invoice_date)
              FROM customer_churn c
              JOIN account_move m ON m.commercial_partner_id = c.partner_id
                                 AND m.company_id = c.company_id
             WHERE c.id = ANY(%(ids)s) AND %(purchase)s
               AND m.invoice_date <= COALESCE(c.loss_date, c.date)
             GROUP BY c.id
            """, ids=self.ids, purchase=self.env["account.move"]._purchase_condition("m")))
        transition = self.with_context(**{TRANSITION_KEY: True})
        for churn_id, last, first, days in rows:
            transition.browse(churn_id).write({
                "last_purchase_date": last,
                "usual_interval": (last - first).days / (days - 1) if days > 1 else 0.0,
            })

    def _compute_yearly_sales_lost(self):
        """Yearly sales lost of these records: the untaxed sales less credit notes (posted
        customer invoices and credit notes of the record's company) with
        loss date − 12 months < invoice date ≤ loss date; one query for the recordset."""
        churns = self.filtered("id")
        if not churns:
            return
        churns.flush_recordset(["partner_id", "company_id", "loss_date"])
        rows = dict(self.env.execute_query(SQL(
            """
            SELECT c.id, COALESCE(SUM(m.amount_untaxed_signed), 0)
              FROM customer_churn c
              LEFT JOIN account_move m
                     ON m.commercial_partner_id = c.partner_id
                    AND m.company_id = c.company_id
                    AND %(sales)s
                    AND m.invoice_date > (c.loss_date - INTERVAL '12 months')::date
                    AND m.invoice_date <= c.loss_date
             WHERE c.id = ANY(%(ids)s)
             GROUP BY c.id
            """, ids=churns.ids, sales=self.env["account.move"]._sales_condition("m"))))
        for churn in churns:
            churn.with_context(**{TRANSITION_KEY: True}).yearly_sales_lost = rows.get(
                churn.id, 0.0) if churn.loss_date else 0.0

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm_loss(self):
        """Confirm the loss of customers flagged lost by the detection."""
        return self._mark_lost(("to_confirm",), _("confirmed as lost"))

    def action_mark_lost(self):
        """Mark customers at risk as lost without waiting for the detection."""
        return self._mark_lost(("at_risk",), _("marked lost"))

    def _mark_lost(self, states, what):
        if not (self.env.su or self.env.user.has_group(GROUP_SATISFACTION_MANAGER)):
            raise AccessError(_("Only a satisfaction manager confirms lost customers."))
        self._check_state(states, what)
        missing = self.filtered(lambda churn: not churn.category_id)
        if missing:
            raise UserError(_("Choose the churn category before confirming the loss: %s",
                              ", ".join(missing.mapped("display_name"))))
        today = fields.Date.context_today(self)
        for churn in self.with_context(**{TRANSITION_KEY: True}):
            churn.write({"state": "lost",
                         "loss_date": churn.loss_date or churn.last_purchase_date or today})
        self._compute_yearly_sales_lost()
        self.activity_feedback([CONFIRM_ACTIVITY_TYPE], feedback=_("Loss confirmed."))
        return True

    def action_dismiss(self):
        """Open the wizard that records why the customer is not lost."""
        self._check_dismiss_rights()
        return {
            "type": "ir.actions.act_window",
            "name": _("Not Lost"),
            "res_model": "customer.churn.dismiss",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def _check_dismiss_rights(self):
        self._check_state(("at_risk", "to_confirm"), _("dismissed"))
        if any(churn.state == "to_confirm" for churn in self) and not (
                self.env.su or self.env.user.has_group(GROUP_SATISFACTION_MANAGER)):
            raise AccessError(_("Only a satisfaction manager decides that a customer flagged "
                                "as lost is not lost."))

    def _dismiss(self, note):
        """Not lost: the customer is not flagged again before its next purchase."""
        self._check_dismiss_rights()
        self.with_context(**{TRANSITION_KEY: True}).write({"state": "dismissed"})
        for churn in self:
            churn.message_post(body=_("Not lost: %s", note))
        self.activity_feedback([CONFIRM_ACTIVITY_TYPE], feedback=_("Not lost."))
        return True

    def action_won_back(self):
        self._check_state(("lost",), _("marked won back"))
        self.write({"win_back_status": "won_back"})
        return True

    def _check_state(self, states, what):
        labels = dict(self._fields["state"]._description_selection(self.env))
        wrong = self.filtered(lambda churn: churn.state not in states)
        if wrong:
            raise UserError(_(
                "These records cannot be %(what)s in their status (%(status)s): %(names)s",
                what=what, status=", ".join(sorted({labels[s] for s in wrong.mapped("state")})),
                names=", ".join(wrong.mapped("display_name"))))

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type")
        action["domain"] = [("commercial_partner_id", "=", self.partner_id.id),
                            ("company_id", "=", self.company_id.id),
                            ("move_type", "in", SALES_MOVE_TYPES)]
        action["context"] = {"default_move_type": "out_invoice"}
        return action

    # ------------------------------------------------------------------
    # Reactivation: the customer buys again
    # ------------------------------------------------------------------
    @api.model
    def _reactivate_partners(self, partners, companies=None, today=None):
        """Recover or win back the open records of ``partners`` (in ``companies``) whose
        customer bought after the record's last purchase. Cheap when none is open."""
        domain = [("partner_id", "in", partners.commercial_partner_id.ids),
                  ("state", "in", OPEN_STATES)]
        if companies:
            domain.append(("company_id", "in", companies.ids))
        return self.sudo().search(domain)._reactivate(today)

    def _reactivate(self, today=None):
        """The purchases after the last purchase day of these open records (their flagging
        date without one), in the record's company, up to ``today``: at risk and to confirm
        become recovered, lost becomes won back, on the first such purchase day. One query
        for the recordset; the chatter messages are logged in one batch. Return the records
        reactivated."""
        churns = self.filtered(lambda churn: churn.state in OPEN_STATES)
        if not churns:
            return self.browse()
        today = today or fields.Date.context_today(self)
        churns.flush_recordset(["partner_id", "company_id", "last_purchase_date", "date"])
        rows = dict(self.env.execute_query(SQL(
            """
            SELECT c.id, MIN(m.invoice_date)
              FROM customer_churn c
              JOIN account_move m ON m.commercial_partner_id = c.partner_id
                                 AND m.company_id = c.company_id
             WHERE c.id = ANY(%(ids)s) AND %(purchase)s
               AND m.invoice_date > COALESCE(c.last_purchase_date, c.date)
               AND m.invoice_date <= %(today)s
             GROUP BY c.id
            """, ids=churns.ids, today=today,
            purchase=self.env["account.move"]._purchase_condition("m"))))
        if not rows:
            return self.browse()
        reactivated = churns.browse(list(rows)).with_context(
            tracking_disable=True, **{TRANSITION_KEY: True})
        reactivated._fetch_stored()  # the writes below check each record on its own
        bodies = {}
        for churn in reactivated:
            day = rows[churn.id]
            if churn.state == "lost":
                churn.write({"state": "won_back", "win_back_status": "won_back",
                             "recovered_date": day})
                bodies[churn.id] = _("Won back: the customer bought again on %s.",
                                     fields.Date.to_string(day))
            else:
                churn.write({"state": "recovered", "recovered_date": day})
                bodies[churn.id] = _("Recovered: the customer bought again on %s.",
                                     fields.Date.to_string(day))
        reactivated._message_log_batch(bodies={
            churn_id: Markup("<p>%s</p>") % body for churn_id, body in bodies.items()})
        reactivated.activity_unlink([CONFIRM_ACTIVITY_TYPE])
        return self.browse(reactivated.ids)

    # ------------------------------------------------------------------
    # Detection (set-based, batched)
    # ------------------------------------------------------------------
    @api.model
    def _cron_detect_churn(self, batch_size=CRON_BATCH):
        """Daily: reactivate the customers who bought again and flag those who stopped
        buying, for every customer with an archive, in batches; commits after each batch
        outside tests."""
        return self._detect_churn_all(batch_size=batch_size, commit=True)

    @api.model
    def _detect_churn_all(self, today=None, batch_size=CRON_BATCH, commit=False):
        today = today or fields.Date.context_today(self)
        partner_ids = self.env["res.partner"].sudo().search(
            [("archive_number", "!=", False)], order="id").ids
        flagged = []
        run_in_batches(
            self.env, split_every(batch_size, partner_ids, self.env["res.partner"].browse),
            lambda batch: flagged.append(self._detect_churn(batch, today)), commit=commit)
        flagged = self.browse().union(*flagged)
        _logger.info("Churn detection: %s customers checked, %s records flagged.",
                     len(partner_ids), len(flagged))
        return flagged

    @api.model
    def _detect_churn(self, partners, today=None):
        """Churn detection of ``partners`` (customers with archives) in their archive's
        company as of ``today``: first recover or win back the open records of those who
        bought again, then compare the days since each customer's last purchase with its
        usual interval between purchase days (customers with at least the minimum number of
        purchase days): more than the risk multiple flags it at risk, more than the lost
        multiple flags it lost, to be confirmed by a satisfaction manager (with an activity).
        A handful of queries whatever the number of customers. Return the records created or
        escalated."""
        churn_model = self.sudo()
        today = today or fields.Date.context_today(self)
        partners = partners.sudo()
        if not partners:
            return self.browse()
        # Only the owner is read: the partner table is wide and most columns are jsonb.
        partners.fetch(["archive_company_id", "user_id"])
        records = churn_model.search_fetch(
            [("partner_id", "in", partners.ids), ("state", "in", OPEN_STATES + ("dismissed",))],
            ["partner_id", "company_id", "state", "last_purchase_date", "date"],
            order="id")
        records._reactivate(today)
        records.flush_recordset(["state"])  # before new open records of the same customers
        open_by_key, dismissed_until = {}, {}
        for churn in records:
            key = (churn.partner_id.id, churn.company_id.id)
            if churn.state in OPEN_STATES:
                open_by_key[key] = churn
            elif churn.state == "dismissed":
                until = churn.last_purchase_date or churn.date
                dismissed_until[key] = max(until, dismissed_until.get(key, until))
        history = partners._purchase_history(today)
        to_create, to_escalate = [], {}
        for partner in partners:
            purchases = history.get(partner.id)
            company = partner.archive_company_id
            if not purchases or purchases.days < max(company.churn_min_purchases, 2):
                continue
            partner_id, company_id = partner.id, company.id
            days, first, last, interval = purchases
            idle = (today - last).days
            # Strictly more than the multiple (rounded: 2 × 30.0 days is 60, not 60.000001).
            if round(idle - company.churn_lost_factor * interval, 6) > 0:
                level, factor = "to_confirm", company.churn_lost_factor
            elif round(idle - company.churn_risk_factor * interval, 6) > 0:
                level, factor = "at_risk", company.churn_risk_factor
            else:
                continue
            # In the language of whom the record is for: the churn manager, else the
            # customer's salesperson.
            recipient = company.churn_manager_id or partner.user_id
            evidence = churn_model.with_context(lang=recipient.lang or self.env.lang)._evidence(
                last, interval, days, first, idle, factor)
            values = {"last_purchase_date": last, "usual_interval": interval,
                      "reason": evidence}
            key = (partner_id, company_id)
            current = open_by_key.get(key)
            if current and current.state in OPEN_STATES:
                if current.state == "at_risk" and level == "to_confirm":
                    to_escalate[current] = values
                continue
            if dismissed_until.get(key) and last <= dismissed_until[key]:
                continue
            to_create.append(dict(values, partner_id=partner_id, company_id=company_id,
                                  state=level, source="detected", date=today))
        context = {"tracking_disable": True, "mail_create_nolog": True,
                   "mail_create_nosubscribe": True, TRANSITION_KEY: True}
        created = churn_model.with_context(**context).create(to_create)
        escalated = churn_model.browse([churn.id for churn in to_escalate]).with_context(
            **context)
        escalated._fetch_stored()
        for churn in escalated:
            churn.write(dict(to_escalate[churn], state="to_confirm"))
        # New records show their evidence in the reason; escalations are logged, the title
        # in the evidence's language.
        escalated._message_log_batch(bodies={
            churn.id: Markup("<p><b>%s</b></p><p>%s</p>") % (
                churn._recipient_env()._("Lost, to Confirm"), churn.reason)
            for churn in escalated})
        (created | escalated).filtered(
            lambda churn: churn.state == "to_confirm")._schedule_confirm_activity()
        return self.browse((created | escalated).ids)

    @api.model
    def _evidence(self, last, interval, days, first, idle, factor):
        """Why a customer is flagged, in the language of this model's env."""
        return _(
            "Last purchase on %(last)s; usual interval between purchases %(interval)s days "
            "(%(days)s purchase days since %(first)s); no purchase for %(idle)s days, more "
            "than %(factor)s × %(interval)s = %(limit)s days.",
            last=fields.Date.to_string(last), interval=round(interval, 1), days=days,
            first=fields.Date.to_string(first), idle=idle, factor=factor,
            limit=round(factor * interval, 1))

    def _recipient(self):
        """Who the record is for: the company's churn manager, else the salesperson."""
        self.ensure_one()
        return self.company_id.churn_manager_id or self.salesperson_id

    def _recipient_env(self):
        """The environment in the recipient's language, for the texts written for him."""
        return self.with_context(lang=self._recipient().lang or self.env.lang).env

    def _fetch_stored(self):
        """Prefetch the stored fields of the records before writing them one by one."""
        self.fetch([name for name, field in self._fields.items()
                    if field.store and field.column_type])

    def _schedule_confirm_activity(self):
        """One activity per record to confirm the loss, for the company's churn manager or
        else the customer's salesperson; never a second one on the same record."""
        activity_type = self.env.ref(CONFIRM_ACTIVITY_TYPE, raise_if_not_found=False)
        if not (self and activity_type):
            return self.env["mail.activity"]
        activities = self.env["mail.activity"].sudo().with_context(active_test=False)
        planned = {res_id for (res_id,) in activities._read_group(
            [("res_model", "=", self._name), ("res_id", "in", self.ids),
             ("activity_type_id", "=", activity_type.id)], ["res_id"])}
        model_id = self.env["ir.model"]._get_id(self._name)
        values = []
        for churn in self:
            user = churn._recipient()
            if churn.id in planned or not user.active or user.share:
                continue
            values.append({
                "res_model_id": model_id,
                "res_id": churn.id,
                "activity_type_id": activity_type.id,
                "summary": churn._recipient_env()._(
                    "Confirm lost customer: %s", churn.partner_id.display_name),
                "note": churn.reason or "",
                "user_id": user.id,
                "date_deadline": fields.Date.context_today(self),
                "automated": True,
            })
        return activities._create_scheduled(values)
