from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.addons.customer_archive.tools import changed_values
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_amount

from .customer_credit_grade import CONTROL_LEVELS

# The customer's credit fields that only their flows write, with sudo(): an approved
# evaluation (grade, level, dates, evaluation), a limit request or a temporary limit's end
# (limits), a credit manager's hold and lift (on hold, reason). Odoo's credit_limit is
# guarded apart: a credit manager may type it within his approval amount.
CREDIT_FLOW_FIELDS = {
    "credit_grade_id", "credit_level", "credit_grant_date", "credit_expiry_date",
    "credit_on_hold", "credit_hold_note", "credit_permanent_limit", "credit_evaluation_id",
}


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "customer.credit.exposure", "customer.credit.payment.behaviour"]

    # ------------------------------------------------------------------
    # Grade and grant (per company, like Odoo's own credit_limit)
    # ------------------------------------------------------------------
    credit_grade_id = fields.Many2one(
        "customer.credit.grade", company_dependent=True, readonly=True,
        help="Given by the last approved credit evaluation in this company.")
    credit_level = fields.Float(
        "Credit Level (%)", company_dependent=True, readonly=True,
        help="Σ score / Σ maximum of the last approved evaluation.")
    credit_grant_date = fields.Date("Granted On", company_dependent=True, readonly=True)
    credit_expiry_date = fields.Date(
        "Grant Expires On", company_dependent=True, readonly=True,
        help="After this date the grade is expired and the customer must be reviewed.")
    credit_grade_expired = fields.Boolean(
        "Grade Expired", compute="_compute_credit_grade_expired",
        search="_search_credit_grade_expired")
    credit_control_level = fields.Selection(
        CONTROL_LEVELS, "Control Level", compute="_compute_credit_control_level",
        help="From the policy of the customer's grade; without grade, the company's default.")
    credit_on_hold = fields.Boolean(
        "On Credit Hold", company_dependent=True, readonly=True,
        help="Put on hold by a credit manager: its documents are checked against the "
        "'customer on hold' rule.")
    credit_hold_note = fields.Char("Hold Reason", company_dependent=True, readonly=True)
    credit_limit_amount = fields.Float(
        "Granted Credit Limit", compute="_compute_credit_limit_amount", compute_sudo=True,
        help="Odoo's credit limit of the customer in the current company, readable by "
        "salespeople too.")
    credit_permanent_limit = fields.Float(
        "Permanent Credit Limit", company_dependent=True, readonly=True,
        help="The limit granted without a temporary increase: what a temporary limit falls "
        "back to when it ends.")
    credit_history_ids = fields.One2many(
        "customer.credit.history", "partner_id",
        domain=lambda self: [("company_id", "=", self.env.company.id)])

    # ------------------------------------------------------------------
    # Limit requests and manual limit changes (customer.credit.limit.request)
    # ------------------------------------------------------------------
    credit_temporary_limit_until = fields.Date(
        "Temporary Limit Until", compute="_compute_credit_temporary_limit_until",
        compute_sudo=True,
        help="Last day of the running temporary limit in this company; the day after, the "
        "limit falls back to the permanent limit.")
    credit_report_count = fields.Integer(
        "Investigation Reports", compute="_compute_credit_report_count",
        groups="customer_credit.group_credit_analyst")
    credit_statement_count = fields.Integer(
        "Financial Statements", compute="_compute_credit_statement_count",
        groups="customer_credit.group_credit_analyst")
    credit_report_expiry_date = fields.Date(
        "Investigation Valid Until", compute="_compute_credit_report_expiry_date",
        groups="customer_credit.group_credit_analyst",
        help="Expiry date of the latest valid credit investigation report in this company.")

    # ------------------------------------------------------------------
    # Exposure (信用占用) and the customer's credit hold
    # ------------------------------------------------------------------
    credit_company_currency_id = fields.Many2one(
        "res.currency", "Credit Currency", compute="_compute_credit_company_currency_id",
        help="The current company's currency, in which exposure and limit are counted.")
    credit_receivable = fields.Monetary(
        "Open Receivables", compute="_compute_credit_exposure",
        currency_field="credit_company_currency_id",
        help="Residual of the posted receivable items not yet reconciled, in the company's "
        "currency.")
    credit_overdue = fields.Monetary(
        "Overdue", compute="_compute_credit_exposure",
        currency_field="credit_company_currency_id",
        help="The part of the open receivables past its due date.")
    credit_draft_invoices = fields.Monetary(
        "Draft Invoices", compute="_compute_credit_exposure",
        currency_field="credit_company_currency_id",
        help="Draft customer invoices and sales receipts minus draft credit notes, tax "
        "included.")
    credit_uninvoiced_orders = fields.Monetary(
        "Uninvoiced Orders", compute="_compute_credit_exposure",
        currency_field="credit_company_currency_id",
        help="Confirmed sales orders not invoiced yet (draft invoices already deducted), tax "
        "included, at today's rate.")
    credit_exposure = fields.Monetary(
        compute="_compute_credit_exposure",
        currency_field="credit_company_currency_id",
        help="Open receivables + draft invoices + uninvoiced orders.")
    credit_available = fields.Monetary(
        "Available Credit", compute="_compute_credit_exposure",
        currency_field="credit_company_currency_id", help="Credit limit minus exposure.")
    credit_over_limit = fields.Boolean(
        "Over Credit Limit", compute="_compute_credit_exposure",
        search="_search_credit_over_limit",
        help="The exposure exceeds a credit limit that is not zero.")
    credit_open_hold_count = fields.Integer(
        "Open Credit Holds", compute="_compute_credit_open_hold_count", compute_sudo=True)

    # ------------------------------------------------------------------
    # Credit evaluations (customer.credit.evaluation)
    # ------------------------------------------------------------------
    credit_evaluation_id = fields.Many2one(
        "customer.credit.evaluation", company_dependent=True,
        readonly=True, groups="customer_credit.group_credit_analyst",
        help="The last approved evaluation in this company: it gave the grade and limit.")
    credit_evaluation_count = fields.Integer(
        "Evaluations", compute="_compute_credit_evaluation_count",
        groups="customer_credit.group_credit_analyst")

    # ------------------------------------------------------------------
    # Payment behaviour over the rolling 12 months (customer.credit.signal uses it too)
    # ------------------------------------------------------------------
    credit_behaviour_invoice_count = fields.Integer(
        "Invoices (12 Months)", compute="_compute_credit_behaviour", compute_sudo=True,
        groups="customer_credit.group_credit_analyst,sales_team.group_sale_salesman",
        help="Posted customer invoices of the 12 months up to today in this company.")
    credit_avg_invoice_amount = fields.Monetary(
        "Average Invoice Amount", compute="_compute_credit_behaviour", compute_sudo=True,
        currency_field="credit_company_currency_id",
        groups="customer_credit.group_credit_analyst,sales_team.group_sale_salesman",
        help="Invoiced amount (receivable, tax included) of the 12 months divided by the "
        "number of invoices.")
    credit_avg_days_to_pay = fields.Float(
        "Average Days to Pay", compute="_compute_credit_behaviour", compute_sudo=True,
        digits=(16, 1),
        groups="customer_credit.group_credit_analyst,sales_team.group_sale_salesman",
        help="Over the invoices of the 12 months paid in full: days from the invoice date to "
        "the last payment (reconciliation) date, averaged.")
    credit_avg_days_late = fields.Float(
        "Average Days Late", compute="_compute_credit_behaviour", compute_sudo=True,
        digits=(16, 1),
        groups="customer_credit.group_credit_analyst,sales_team.group_sale_salesman",
        help="Weighted by amount: Σ amount × days paid after the due date / Σ amount, over "
        "the paid items and the open overdue items (these count with the days overdue "
        "today). Items open and not yet due do not count.")
    credit_late_share = fields.Float(
        "Invoices Paid Late (%)", compute="_compute_credit_behaviour", compute_sudo=True,
        digits=(16, 1),
        groups="customer_credit.group_credit_analyst,sales_team.group_sale_salesman",
        help="Invoices paid after their due date or open and overdue, in % of the invoices "
        "paid or due (by count).")
    credit_payment_cycle = fields.Float(
        "Payment Cycle (Days)", compute="_compute_credit_behaviour", compute_sudo=True,
        digits=(16, 1),
        groups="customer_credit.group_credit_analyst,sales_team.group_sale_salesman",
        help="Average number of days between two consecutive payment dates of the customer "
        "in the 12 months (credit notes not counted).")
    credit_large_late_share = fields.Float(
        "Large Bills Paid Late (%)", compute="_compute_credit_behaviour", compute_sudo=True,
        digits=(16, 1),
        groups="customer_credit.group_credit_analyst,sales_team.group_sale_salesman",
        help="Share paid late of the invoices above the customer's median invoice amount.")
    credit_small_late_share = fields.Float(
        "Small Bills Paid Late (%)", compute="_compute_credit_behaviour", compute_sudo=True,
        digits=(16, 1),
        groups="customer_credit.group_credit_analyst,sales_team.group_sale_salesman",
        help="Share paid late of the invoices at or below the customer's median amount.")
    credit_large_bills_late = fields.Boolean(
        "Small Bills Paid, Large Bills Late", compute="_compute_credit_behaviour",
        compute_sudo=True,
        groups="customer_credit.group_credit_analyst,sales_team.group_sale_salesman",
        help="The share paid late of the large invoices exceeds that of the small ones by at "
        "least the company's gap (Settings > Customer Credit > Warning Signals).")

    # ------------------------------------------------------------------
    # Warning signals (customer.credit.signal)
    # ------------------------------------------------------------------
    credit_review_needed = fields.Boolean(
        compute="_compute_credit_review_needed",
        search="_search_credit_review_needed", compute_sudo=True,
        help="The customer has an open or acknowledged warning signal in this company: its "
        "credit should be reviewed.")
    credit_signal_ids = fields.One2many(
        "customer.credit.signal", "partner_id", "Warning Signals",
        domain=lambda self: [("company_id", "=", self.env.company.id)])
    credit_open_signal_count = fields.Integer(
        "Open Warning Signals", compute="_compute_credit_review_needed", compute_sudo=True)

    @api.depends_context("company")
    @api.depends("credit_expiry_date")
    def _compute_credit_grade_expired(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.credit_grade_expired = bool(
                partner.credit_expiry_date and partner.credit_expiry_date < today)

    def _search_credit_grade_expired(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Unsupported search on Grade Expired."))
        today = fields.Date.context_today(self)
        expired = [("credit_expiry_date", "<", today)]
        return expired if (operator == "=") == value else ["!", *expired]

    @api.depends_context("company")
    @api.depends("commercial_partner_id.credit_grade_id.control_level")
    def _compute_credit_control_level(self):
        default = self.env.company.credit_default_control_level
        for partner in self:
            partner.credit_control_level = partner.commercial_partner_id.credit_grade_id.\
                control_level or default

    @api.depends_context("company")
    def _compute_credit_limit_amount(self):
        for partner in self:
            partner.credit_limit_amount = partner.commercial_partner_id.credit_limit

    # ------------------------------------------------------------------
    # Limit and history
    # ------------------------------------------------------------------
    def _credit_set_limit(self, amount, reason, source=False, company=None, temporary=False):
        """Set Odoo's own credit limit of the partners in ``company`` and log the change.

        A permanent limit is also remembered as the one temporary limits fall back to."""
        company = company or self.env.company
        for partner in self.with_company(company).sudo():
            old_limit = partner.credit_limit
            values = {"credit_limit": amount}
            if not temporary:
                values["credit_permanent_limit"] = amount
            partner.write(values)
            if old_limit != amount:
                partner._credit_log(
                    "temporary" if temporary else "limit", reason, source, company,
                    old_limit=old_limit, new_limit=amount)
        if not temporary:
            # A new permanent limit ends the running temporary limits it replaces.
            self._credit_end_temporary_limits(company, source)

    def _credit_log(self, change_type, reason=False, source=False, company=None, **values):
        """Keep one history line per partner: ``values`` holds old/new grade or limit."""
        company = company or self.env.company
        self.env["customer.credit.history"].sudo().create([{
            "partner_id": partner.id,
            "company_id": company.id,
            "change_type": change_type,
            "reason": reason,
            "source_ref": f"{source._name},{source.id}" if source else False,
            **values,
        } for partner in self])

    @api.depends_context("company")
    def _compute_credit_temporary_limit_until(self):
        customers = self.commercial_partner_id._origin
        until = dict(self.env["customer.credit.limit.request"]._read_group(
            [("partner_id", "in", customers.ids), ("company_id", "=", self.env.company.id),
             ("is_running", "=", True)],
            ["partner_id"], ["date_end:max"])) if customers else {}
        for partner in self:
            partner.credit_temporary_limit_until = until.get(
                partner.commercial_partner_id._origin, False)

    # ------------------------------------------------------------------
    # The credit fields hold in the model, for every caller
    # ------------------------------------------------------------------
    @api.constrains("credit_limit")
    def _check_credit_limit(self):
        if any(partner.credit_limit < 0 for partner in self):
            raise ValidationError(_("A credit limit cannot be negative."))

    def _credit_changed_fields(self, vals):
        """The credit fields of ``vals`` that would change one of the partners. A contact
        taking its company's value is Odoo's own sync of commercial fields, not a change."""
        changed = set()
        for partner, name, new in changed_values(self, vals, CREDIT_FLOW_FIELDS | {"credit_limit"}):
            commercial = partner.commercial_partner_id
            if commercial == partner or new != self._fields[name].convert_to_cache(
                    commercial[name], commercial, validate=False):
                changed.add(name)
        return changed

    def _credit_check_typed_limit(self, amount):
        """A limit typed by a user (form, RPC, import): a credit manager, within his
        approval amount in the current company's currency."""
        amount = float(amount or 0.0)
        if amount < 0:
            raise ValidationError(_("A credit limit cannot be negative."))
        user = self.env.user
        if not user.has_group("customer_credit.group_credit_manager"):
            raise AccessError(_(
                "Only credit managers change credit limits: ask for a new limit with a "
                "credit limit request."))
        currency = self.env.company.currency_id
        if not user._credit_covers(amount, currency):
            raise AccessError(_(
                "A credit limit of %(amount)s is above your credit approval amount of "
                "%(approval)s: make a credit limit request for a manager who may grant it.",
                amount=format_amount(self.env, amount, currency),
                approval=format_amount(self.env, user.credit_approval_amount, currency)))
        return amount

    @api.model_create_multi
    def create(self, vals_list):
        """A new partner starts without grade, hold or limit unless a credit manager types
        one (logged like any other limit change)."""
        limits = []
        if not self.env.su:
            for vals in vals_list:
                preset = {name for name in CREDIT_FLOW_FIELDS & vals.keys() if vals[name]}
                if preset:
                    raise AccessError(_(
                        "%s are given by the credit flows (approved evaluation, limit "
                        "request, credit hold), not typed on a new partner.",
                        self._field_labels(preset)))
                limit = vals.pop("credit_limit", False)
                limits.append(self._credit_check_typed_limit(limit) if limit else 0.0)
        partners = super().create(vals_list)
        for partner, limit in zip(partners, limits, strict=False):
            if limit:
                partner._credit_set_limit(limit, _("Typed on the new customer"))
        return partners

    def write(self, vals):
        """Credit fields change through their flows only; a credit limit typed by a credit
        manager within his approval amount goes through ``_credit_set_limit`` (history,
        permanent limit, running temporary limits ended). Server code writes with sudo."""
        if self.env.su or not (CREDIT_FLOW_FIELDS | {"credit_limit"}) & vals.keys():
            return super().write(vals)
        changed = self._credit_changed_fields(vals)
        vals = {name: value for name, value in vals.items()
                if name not in (CREDIT_FLOW_FIELDS | {"credit_limit"}) - changed}
        protected = changed & CREDIT_FLOW_FIELDS
        if protected:
            raise AccessError(_(
                "%s change only through the credit flows (approved evaluation, limit "
                "request, credit hold and lift by a credit manager), never by a direct "
                "write.", self._field_labels(protected)))
        if "credit_limit" not in vals:
            return super().write(vals) if vals else True
        amount = self._credit_check_typed_limit(vals.pop("credit_limit"))
        result = super().write(vals) if vals else True
        self._credit_set_limit(amount, _("Changed on the customer form"))
        return result

    def _credit_lock(self, company):
        """Serialise the credit checks of this customer in ``company`` (see
        ``customer.credit.check.lock``)."""
        self.ensure_one()
        self.env["customer.credit.check.lock"]._lock(self.commercial_partner_id, company)

    def _credit_end_temporary_limits(self, company, source=False):
        """End the running temporary limits of these customers in ``company``: a new
        permanent limit (given by ``source``) replaces them."""
        note = _("Replaced by the permanent limit of %s", source.sudo().display_name) \
            if source else _("Replaced by a new permanent limit")
        return self.env["customer.credit.limit.request"]._end_running_temporary(
            self, company, note, exclude=source)

    def _archive_transfer_documents(self, old_user):
        """Quotations and orders not fully invoiced, limit requests not decided and open
        credit holds go to the new salesperson with the customers."""
        documents = super()._archive_transfer_documents(old_user)
        orders = self.env["sale.order"].sudo().search([
            ("partner_id", "child_of", self.ids), ("user_id", "=", old_user.id),
            "|", ("state", "in", ("draft", "sent")),
            "&", ("state", "=", "sale"), ("invoice_status", "!=", "invoiced")])
        requests = self.env["customer.credit.limit.request"].sudo().search([
            ("partner_id", "in", self.ids), ("requested_by", "=", old_user.id),
            ("state", "in", ("draft", "submitted"))])
        holds = self.env["customer.credit.hold"].sudo().search([
            ("partner_id", "in", self.ids), ("user_id", "=", old_user.id),
            ("state", "=", "hold")])
        return [*documents, (orders, "user_id"), (requests, "requested_by"),
                (holds, "user_id")]

    def action_credit_limit_request(self):
        """A new limit request for this customer in the current company."""
        self.ensure_one()
        return self.env["customer.credit.limit.request"]._action_new_request(
            self.commercial_partner_id)

    def _compute_credit_report_count(self):
        counts = self._archive_counts("customer.credit.report")
        for partner in self:
            partner.credit_report_count = counts.get(partner, 0)

    def _compute_credit_statement_count(self):
        counts = self._archive_counts("customer.credit.statement")
        for partner in self:
            partner.credit_statement_count = counts.get(partner, 0)

    @api.depends_context("company")
    def _compute_credit_report_expiry_date(self):
        reports = self.env["customer.credit.report"].search([
            ("partner_id", "in", self.ids), ("company_id", "=", self.env.company.id),
            ("is_valid", "=", True)], order="date desc, id desc")
        latest = {}
        for report in reports:
            latest.setdefault(report.partner_id, report)
        for partner in self:
            partner.credit_report_expiry_date = latest[partner].expiry_date \
                if partner in latest else False

    def action_view_credit_reports(self):
        return self._archive_partner_action(
            "customer_credit.customer_credit_report_action", default_partner_id=self.id)

    def action_view_credit_statements(self):
        return self._archive_partner_action(
            "customer_credit.customer_credit_statement_action", default_partner_id=self.id)

    @api.depends_context("company")
    def _compute_credit_company_currency_id(self):
        self.credit_company_currency_id = self.env.company.currency_id

    @api.depends_context("company")
    def _compute_credit_exposure(self):
        figures = self._origin._credit_exposure(self.env.company)
        for partner in self:
            values = figures.get(partner._origin.id) or self._credit_exposure_zero()
            partner.update({
                "credit_receivable": values["receivable"],
                "credit_overdue": values["overdue"],
                "credit_draft_invoices": values["draft_invoices"],
                "credit_uninvoiced_orders": values["uninvoiced_orders"],
                "credit_exposure": values["exposure"],
                "credit_available": values["available"],
                "credit_over_limit": bool(values["limit"]) and values["exposure"] > values[
                    "limit"],
            })

    @api.depends_context("company")
    def _compute_credit_open_hold_count(self):
        counts = dict(self.env["customer.credit.hold"]._read_group(
            [("partner_id", "in", self.commercial_partner_id._origin.ids),
             ("company_id", "=", self.env.company.id), ("state", "=", "hold")],
            ["partner_id"], ["__count"])) if self._origin else {}
        for partner in self:
            partner.credit_open_hold_count = counts.get(
                partner.commercial_partner_id._origin, 0)

    def _search_credit_over_limit(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search 'Over Credit Limit' with = or != and True or False."))
        over = SQL("(SELECT contact.id FROM res_partner contact "
                   "WHERE contact.commercial_partner_id IN %s)",
                   self._credit_over_limit_query(self.env.company))
        return [("id", "in" if (operator == "=") == value else "not in", over)]

    # ------------------------------------------------------------------
    # Actions: the exposure breakdown, its documents, the customer's hold
    # ------------------------------------------------------------------
    def action_view_credit_exposure(self):
        """The exposure breakdown of the commercial partner, in a dialog."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Credit Exposure of %s", self.commercial_partner_id.display_name),
            "res_model": "res.partner",
            "res_id": self.commercial_partner_id.id,
            "view_mode": "form",
            "views": [(self.env.ref(
                "customer_credit.res_partner_view_form_credit_exposure").id, "form")],
            "target": "new",
        }

    def _credit_action(self, model, name, domain, context=None, views=None):
        return {
            "type": "ir.actions.act_window",
            "name": _("%(what)s of %(customer)s", what=name,
                      customer=self.commercial_partner_id.display_name),
            "res_model": model,
            "view_mode": "list,form",
            "views": views or [(False, "list"), (False, "form")],
            "domain": domain,
            "context": {"create": False, **(context or {})},
        }

    def action_view_credit_open_items(self):
        self.ensure_one()
        domain = [("partner_id", "child_of", self.commercial_partner_id.id),
                  ("company_id", "=", self.env.company.id), ("parent_state", "=", "posted"),
                  ("account_type", "=", "asset_receivable"), ("reconciled", "=", False)]
        if self.env.context.get("credit_overdue_only"):
            domain += self._receivable_overdue_domain()
        return self._credit_action(
            "account.move.line", _("Open Receivables"), domain,
            views=[(self.env.ref("account.view_move_line_tree").id, "list")])

    def action_view_credit_overdue_items(self):
        return self.with_context(credit_overdue_only=True).action_view_credit_open_items()

    def action_view_credit_draft_invoices(self):
        self.ensure_one()
        return self._credit_action(
            "account.move", _("Draft Invoices"),
            [("commercial_partner_id", "=", self.commercial_partner_id.id),
             *self.env["account.move"]._credit_draft_domain(self.env.company)],
            views=[(self.env.ref("account.view_out_invoice_tree").id, "list"),
                   (False, "form")])

    def action_view_credit_uninvoiced_orders(self):
        self.ensure_one()
        # The orders whose lines the figure adds up.
        orders = self.env.execute_query(SQL(
            "SELECT DISTINCT sale.id FROM %(order_lines)s"
            " AND partner.commercial_partner_id = %(partner_id)s",
            order_lines=self.env["sale.order.line"]._credit_uninvoiced_sql(self.env.company),
            partner_id=self.commercial_partner_id.id))
        return self._credit_action(
            "sale.order", _("Uninvoiced Orders"), [("id", "in", [row[0] for row in orders])])

    def action_view_credit_holds(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_credit.customer_credit_hold_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_open": 1, "create": False}
        return action

    def action_credit_put_on_hold(self):
        return self._credit_hold_wizard("hold")

    def action_credit_lift_hold(self):
        return self._credit_hold_wizard("lift")

    def _credit_hold_wizard(self, decision):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Put on Credit Hold") if decision == "hold" else _("Lift Credit Hold"),
            "res_model": "customer.credit.partner.hold",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id,
                        "default_decision": decision},
        }

    def _credit_set_on_hold(self, on_hold, reason, company=None):
        """Put the customers on credit hold (or lift it) in ``company`` with a reason,
        logged in the credit history and the chatter. Credit managers only."""
        if not self.env.user.has_group("customer_credit.group_credit_manager"):
            raise UserError(_("Only credit managers may put customers on credit hold or "
                              "lift it."))
        if not (reason or "").strip():
            raise UserError(_("Give a reason for the credit hold."))
        company = company or self.env.company
        for partner in self.commercial_partner_id.with_company(company).sudo():
            if bool(partner.credit_on_hold) == on_hold:
                raise UserError(_("%(customer)s is already %(state)s in %(company)s.",
                                  customer=partner.display_name,
                                  state=_("on credit hold") if on_hold else _("not on hold"),
                                  company=company.name))
            partner.write({"credit_on_hold": on_hold,
                           "credit_hold_note": reason if on_hold else False})
            partner._credit_log("hold", reason, company=company)
            partner.message_post(body=Markup("<p><b>%s</b></p><p>%s</p>") % (
                _("Put on credit hold in %s.", company.name) if on_hold else _(
                    "Credit hold lifted in %s.", company.name), reason))

    def _compute_credit_evaluation_count(self):
        counts = dict(self.env["customer.credit.evaluation"]._read_group(
            [("partner_id", "in", self._origin.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.credit_evaluation_count = counts.get(partner._origin, 0)

    def action_view_credit_evaluations(self):
        """The customer's evaluations in the allowed companies; a new one is for it."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_credit.customer_credit_evaluation_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def _credit_expiry_action(self, company=None):
        """What the expired-grade rule does for this customer in ``company``: 'warn',
        'block' or False (not expired, rule off, or the grade's expiry action is None).
        Without grade an expired grant follows the company's default control level."""
        self.ensure_one()
        company = company or self.env.company
        partner = self.commercial_partner_id.sudo().with_company(company)
        if not company.credit_rule_expired or not partner.credit_grade_expired:
            return False
        action = (partner.credit_grade_id.expiry_action if partner.credit_grade_id
                  else company.credit_default_control_level)
        return action if action in ("warn", "block") else False

    @api.depends_context("company", "credit_behaviour_date")
    def _compute_credit_behaviour(self):
        company = self.env.company
        date = self.env.context.get("credit_behaviour_date") or fields.Date.context_today(self)
        figures = self._origin._credit_payment_behaviour(company, fields.Date.to_date(date))
        for partner in self:
            values = figures.get(partner._origin.commercial_partner_id.id) or \
                self._credit_behaviour_zero()
            partner.update({
                "credit_behaviour_invoice_count": values["invoice_count"],
                "credit_avg_invoice_amount": values["avg_amount"],
                "credit_avg_days_to_pay": values["days_to_pay"] or 0.0,
                "credit_avg_days_late": values["days_late"] or 0.0,
                "credit_late_share": values["late_share"] or 0.0,
                "credit_payment_cycle": values["cycle"] or 0.0,
                "credit_large_late_share": values["large_late_share"] or 0.0,
                "credit_small_late_share": values["small_late_share"] or 0.0,
                "credit_large_bills_late": values["large_bills_late"],
            })

    @api.depends_context("company")
    def _compute_credit_review_needed(self):
        customers = self.commercial_partner_id._origin
        counts = dict(self.env["customer.credit.signal"]._read_group(
            [("partner_id", "in", customers.ids), ("company_id", "=", self.env.company.id),
             ("state", "!=", "closed")],
            ["partner_id"], ["__count"])) if customers else {}
        for partner in self:
            count = counts.get(partner.commercial_partner_id._origin, 0)
            partner.credit_open_signal_count = count
            partner.credit_review_needed = bool(count)

    def _search_credit_review_needed(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search 'Credit Review Needed' with = or != and True or False."))
        flagged = SQL(
            "(SELECT contact.id FROM res_partner contact "
            "JOIN customer_credit_signal sig ON sig.partner_id = contact.commercial_partner_id "
            "WHERE sig.company_id = %s AND sig.state != 'closed')", self.env.company.id)
        self.env["customer.credit.signal"].flush_model(["partner_id", "company_id", "state"])
        return [("id", "in" if (operator == "=") == value else "not in", flagged)]

    def action_view_credit_signals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_credit.customer_credit_signal_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id,
                             "default_source": "manual", "search_default_not_closed": 1}
        return action
