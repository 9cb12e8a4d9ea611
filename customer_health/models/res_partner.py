from odoo import _, api, fields, models
from odoo.addons.customer_satisfaction.models.customer_churn import OPEN_STATES
from odoo.exceptions import AccessError

from .customer_health import COMPLAINT_TYPES, HEALTH_FIELDS, OPEN_FEEDBACK_STATES

HEALTH_STATUSES = [
    ("good", "Good"), ("watch", "Watch"), ("at_risk", "Risky"), ("critical", "Critical")]
GROUP_SATISFACTION_USER = "customer_satisfaction.group_satisfaction_user"
GROUP_SATISFACTION_MANAGER = "customer_satisfaction.group_satisfaction_manager"
GROUP_CREDIT_ANALYST = "customer_credit.group_credit_analyst"
GROUP_CREDIT_MANAGER = "customer_credit.group_credit_manager"


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "customer.health"]

    # ------------------------------------------------------------------
    # Customer health (客户健康): tier, credit, satisfaction, complaints, churn and signals
    # joined into one status with its reasons, refreshed set-based (_health_refresh)
    # ------------------------------------------------------------------
    health_status = fields.Selection(
        HEALTH_STATUSES, "Health", index=True, readonly=True, copy=False,
        groups="base.group_user",
        help="The highest severity of the customer's reasons, Good without any reason; "
        "figures of the company that owns the archive, refreshed daily and on demand.\n"
        "Watch: satisfaction dropped by the drop that counts or more; fewer open complaints "
        "than the risky number; open credit warning signals; a credit grade whose control "
        "level is Block; an expired credit grade; receivables overdue beyond the credit "
        "tolerance.\n"
        "Risky: latest satisfaction below the low threshold; open complaints at or above "
        "the risky number; churn at risk or lost to confirm; a low credit grade; over the "
        "credit limit; on credit hold.\n"
        "Critical: a confirmed lost customer.\n"
        "Important tier (setting): each reason counts one level higher.", company_dependent=True)
    health_level = fields.Integer(
        "Health Severity", readonly=True, copy=False, groups="base.group_user",
        aggregator="max", help="0 Good, 1 Watch, 2 Risky, 3 Critical: sorts the overview.",
        company_dependent=True)
    health_reason_data = fields.Text(
        "Health Reason Codes", readonly=True, copy=False, groups="base.group_user",
        company_dependent=True,
        help="The reasons of the last refresh as codes and figures (JSON), read in the "
        "reader's language by Health Reasons.")
    health_reasons = fields.Text(
        compute="_compute_health_reasons", groups="base.group_user",
        help="One line per reason, the most severe first, in the reader's language.")
    health_summary = fields.Char(
        "Main Reason", compute="_compute_health_summary", groups="base.group_user",
        help="The most severe reason, and how many others there are.")
    health_date = fields.Datetime(
        "Health Refreshed On", readonly=True, copy=False, groups="base.group_user",
        company_dependent=True)
    health_company_id = fields.Many2one(
        "res.company", readonly=True, copy=False, groups="base.group_user",
        help="The company whose figures the health was computed from: the owner of the "
        "customer's archive.", company_dependent=True)
    health_currency_id = fields.Many2one(
        related="health_company_id.currency_id", string="Health Currency",
        groups="base.group_user")
    health_credit_grade_id = fields.Many2one(
        "customer.credit.grade", readonly=True, copy=False,
        ondelete="set null", groups="base.group_user",
        help="The customer's credit grade in the health company at the last refresh.",
        company_dependent=True)
    health_credit_exposure = fields.Float(
        readonly=True,
        copy=False, groups="base.group_user",
        help="Open receivables + draft invoices + uninvoiced orders in the health company at "
        "the last refresh.", company_dependent=True)
    health_credit_limit = fields.Float(
        readonly=True,
        copy=False, groups="base.group_user",
        help="The customer's credit limit in the health company at the last refresh.",
        company_dependent=True)
    health_complaint_count = fields.Integer(
        "Health Open Complaints", readonly=True, copy=False, groups="base.group_user",
        help="Complaints and complaints about our own faults, new or in progress, at the "
        "last refresh.", company_dependent=True)
    health_churn_state = fields.Selection(
        selection="_selection_health_churn_state", string="Health Churn Status", readonly=True,
        copy=False, groups="base.group_user",
        help="The most severe open churn record (at risk, lost to confirm, lost) at the last "
        "refresh.", company_dependent=True)
    health_signal_count = fields.Integer(
        "Health Open Signals", readonly=True, copy=False, groups="base.group_user",
        help="Credit warning signals open or acknowledged at the last refresh.",
        company_dependent=True)

    @api.model
    def _customer_figure_fields(self):
        return super()._customer_figure_fields() | set(HEALTH_FIELDS)

    @api.depends("health_reason_data")
    @api.depends_context("lang", "company")
    def _compute_health_reasons(self):
        texts = self._health_reason_texts()
        for partner in self:
            partner.health_reasons = "\n".join(texts[partner]) or False

    @api.depends("health_reasons")
    def _compute_health_summary(self):
        for partner in self:
            lines = (partner.health_reasons or "").splitlines()
            if len(lines) > 1:
                partner.health_summary = _("%(reason)s (+%(count)s more)",
                                           reason=lines[0], count=len(lines) - 1)
            else:
                partner.health_summary = lines[0] if lines else False

    @api.model
    def _selection_health_churn_state(self):
        # Translated labels: a selection method's values are not in the translations.
        return [(state, label) for state, label in
                self.env["customer.churn"]._fields["state"]._description_selection(self.env)
                if state in OPEN_STATES]

    def action_health_refresh(self):
        """Refresh the health of these customers; without records (the overview's button),
        of every customer with an archive."""
        user = self.env.user
        if self:
            if not (user.has_group(GROUP_SATISFACTION_USER)
                    or user.has_group(GROUP_CREDIT_ANALYST)):
                raise AccessError(_("Only satisfaction users and the credit department "
                                    "refresh the health of customers."))
            self.check_access("read")
            self._health_refresh()
        else:
            if not (user.has_group(GROUP_SATISFACTION_MANAGER)
                    or user.has_group(GROUP_CREDIT_MANAGER)):
                raise AccessError(_("Only satisfaction and credit managers refresh the health "
                                    "of all customers."))
            self._health_refresh_all()
        return True

    def _health_action(self, model, name, domain, context=None):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("%(what)s of %(customer)s", what=name,
                      customer=self.commercial_partner_id.display_name),
            "res_model": model,
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
            "context": context or {},
        }

    def _health_company(self):
        self.ensure_one()
        partner = self.commercial_partner_id
        return partner.health_company_id or partner.archive_company_id or self.env.company

    def action_health_view_complaints(self):
        """The customer's open complaints in the health company."""
        partner, company = self.commercial_partner_id, self._health_company()
        return self._health_action(
            "customer.satisfaction.feedback", _("Open Complaints"),
            [("partner_id", "=", partner.id), ("company_id", "=", company.id),
             ("feedback_type", "in", COMPLAINT_TYPES), ("state", "in", OPEN_FEEDBACK_STATES)],
            {"default_partner_id": partner.id, "default_company_id": company.id,
             "default_feedback_type": "complaint"})

    def action_health_view_churn(self):
        """The customer's churn records in the health company, open ones first."""
        partner, company = self.commercial_partner_id, self._health_company()
        return self._health_action(
            "customer.churn", _("Churn Records"),
            [("partner_id", "=", partner.id), ("company_id", "=", company.id)],
            {"default_partner_id": partner.id, "default_company_id": company.id})

    def action_health_view_signals(self):
        """The customer's credit warning signals in the health company."""
        self.ensure_one()
        action = self.action_view_credit_signals()
        action["domain"] = action["domain"] + [("company_id", "=", self._health_company().id)]
        return action
