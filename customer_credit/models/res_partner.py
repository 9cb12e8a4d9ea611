from odoo import _, api, fields, models

from .customer_credit_grade import CONTROL_LEVELS


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Grade and grant (per company, like Odoo's own credit_limit)
    # ------------------------------------------------------------------
    credit_grade_id = fields.Many2one(
        "customer.credit.grade", "Credit Grade", company_dependent=True, readonly=True,
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
        "customer.credit.history", "partner_id", "Credit History",
        domain=lambda self: [("company_id", "=", self.env.company.id)])

    @api.depends_context("company")
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
    @api.depends("credit_grade_id")
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
            partner.with_context(credit_limit_logged=True).write(values)
            if old_limit != amount:
                partner._credit_log(
                    "temporary" if temporary else "limit", reason, source, company,
                    old_limit=old_limit, new_limit=amount)

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
