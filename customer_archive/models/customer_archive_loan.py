from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

GROUP_CUSTODIAN = "customer_archive.group_archive_custodian"
# What the borrower asked for: fixed once requested (a longer period or more parts is a new
# request).
REQUEST_FIELDS = {"partner_id", "borrower_id", "purpose", "scope", "section_ids",
                  "date_start", "date_end"}
LOAN_DAYS = 7  # the default length of a loan


class CustomerArchiveLoan(models.Model):
    """Borrowing (借阅) of an archive, whole or in parts, under the custodian's control.

    Access follows the loan by itself: the record rules of the confidential parts ask for a
    current loan (approved, within its period, not returned), evaluated at each query."""

    _name = "customer.archive.loan"
    _description = "Customer Archive Loan"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.workflow.mixin"]
    _order = "id desc"

    name = fields.Char("Reference", required=True, readonly=True, copy=False,
                       default=lambda self: _("New"))
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, tracking=True,
        domain="[('archive_number', '!=', False)]")
    company_id = fields.Many2one(
        related="partner_id.archive_company_id", store=True, string="Company")
    borrower_id = fields.Many2one(
        "res.users", required=True, index=True, tracking=True,
        default=lambda self: self.env.user)
    purpose = fields.Text(required=True, tracking=True)
    scope = fields.Selection(
        [("whole", "Whole Archive"), ("parts", "Chosen Parts")], required=True,
        default="parts", tracking=True)
    section_ids = fields.Many2many(
        "customer.archive.section", string="Parts", compute="_compute_section_ids", store=True,
        readonly=False)
    date_start = fields.Date("From", required=True, default=fields.Date.context_today,
                             tracking=True)
    date_end = fields.Date(
        "Until", required=True, tracking=True,
        default=lambda self: fields.Date.context_today(self) + timedelta(days=LOAN_DAYS),
        help="A loan runs a week unless the borrower asks for another end.")
    state = fields.Selection(
        [("draft", "Draft"), ("requested", "Requested"), ("approved", "Approved"),
         ("refused", "Refused"), ("returned", "Returned")],
        "Status", default="draft", required=True, readonly=True, copy=False, tracking=True)
    section_codes = fields.Char(compute="_compute_section_codes")
    is_current = fields.Boolean(
        "Current", compute="_compute_is_current", search="_search_is_current",
        help="Approved, not returned, and today lies within its period: the borrower can "
        "read the lent parts.")
    is_expired = fields.Boolean("Expired", compute="_compute_is_current")
    approver_id = fields.Many2one("res.users", "Decided By", readonly=True, copy=False,
                                  tracking=True)
    decided_on = fields.Datetime(readonly=True, copy=False)
    refuse_reason = fields.Text("Refusal Reason", tracking=True)
    returned_on = fields.Datetime(readonly=True, copy=False)
    access_log_ids = fields.One2many(
        "customer.archive.access.log", "loan_id", "Reads", groups=GROUP_CUSTODIAN)

    @api.depends("scope")
    def _compute_section_ids(self):
        sections = self.env["customer.archive.section"].search([])
        for loan in self.filtered(lambda loan: loan.scope == "whole"):
            loan.section_ids = sections

    @api.depends("section_ids")
    def _compute_section_codes(self):
        for loan in self:
            loan.section_codes = ",".join(loan.section_ids.mapped("code"))

    @api.depends("state", "date_start", "date_end")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for loan in self:
            approved = loan.state == "approved"
            loan.is_current = approved and loan.date_start <= today <= loan.date_end
            loan.is_expired = approved and loan.date_end < today

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on current loans."))
        today = fields.Date.context_today(self)
        domain = [("state", "=", "approved"), ("date_start", "<=", today),
                  ("date_end", ">=", today)]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.constrains("date_start", "date_end")
    def _check_period(self):
        for loan in self:
            if loan.date_end < loan.date_start:
                raise ValidationError(_("%s: a loan ends after it starts.", loan.name))

    # ------------------------------------------------------------------
    # CRUD: a loan changes only through its actions
    # ------------------------------------------------------------------
    @api.model
    def _workflow_fields(self):
        return {"state", "approver_id", "decided_on", "returned_on"}

    @api.model
    def _workflow_draft_fields(self):
        return REQUEST_FIELDS

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("customer.archive.loan")
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(loan.state != "draft" for loan in self):
            raise UserError(_(
                "Only draft loans can be deleted: the others are part of the archive's "
                "lending record, which the access log points at."))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_request(self):
        for loan in self:
            if loan.state != "draft":
                raise UserError(_("Only draft loans can be requested."))
            if loan.borrower_id != self.env.user:
                raise UserError(_(
                    "%(loan)s: only the borrower, %(borrower)s, requests the loan.",
                    loan=loan.name, borrower=loan.borrower_id.name))
            if not loan.section_ids:
                raise UserError(_("%s: choose the parts to borrow.", loan.name))
            if loan.borrower_id == loan.partner_id.user_id or loan.borrower_id.has_group(
                    GROUP_CUSTODIAN):
                raise UserError(_(
                    "%s already reads this archive: the customer's salesperson and the "
                    "custodians need no loan.", loan.borrower_id.name))
        self.sudo().write({"state": "requested"})
        for loan in self:
            custodians = loan.partner_id.archive_company_id._archive_custodian_users()
            for custodian in custodians - loan.borrower_id - loan.partner_id.user_id:
                loan.activity_schedule(
                    "mail.mail_activity_data_todo", user_id=custodian.id,
                    summary=loan.with_context(lang=custodian.lang).env._(
                        "Loan request: %s", loan.partner_id.display_name))
        return True

    def _check_custodian(self):
        """A custodian decides, never on a loan of his own or of a customer of his."""
        user = self.env.user
        if not user.has_group(GROUP_CUSTODIAN):
            raise AccessError(_("Only archive custodians decide on loans."))
        for loan in self:
            if user in loan.borrower_id | loan.partner_id.user_id:
                raise AccessError(_(
                    "%s: another custodian decides, not the borrower or the customer's "
                    "salesperson.", loan.name))

    def action_approve(self):
        self._check_custodian()
        if any(loan.state != "requested" for loan in self):
            raise UserError(_("Only requested loans can be approved."))
        self.sudo().write({"state": "approved", "approver_id": self.env.uid,
                           "decided_on": fields.Datetime.now()})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_refuse(self):
        self._check_custodian()
        for loan in self:
            if loan.state != "requested":
                raise UserError(_("Only requested loans can be refused."))
            if not loan.refuse_reason:
                raise UserError(_("%s: give the reason of the refusal.", loan.name))
        self.sudo().write({"state": "refused", "approver_id": self.env.uid,
                           "decided_on": fields.Datetime.now()})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_return(self):
        for loan in self:
            if loan.state != "approved":
                raise UserError(_("Only approved loans can be returned."))
            if self.env.user != loan.borrower_id and not self.env.user.has_group(
                    GROUP_CUSTODIAN):
                raise AccessError(_("The borrower or a custodian returns a loan."))
        self.sudo().write({"state": "returned", "returned_on": fields.Datetime.now()})
        return True

    def action_open_part(self):
        """The lent records of the part given in the context, as the borrower sees them."""
        self.ensure_one()
        model = self.env.context["archive_part_model"]
        return {
            "type": "ir.actions.act_window",
            "name": self.env[model]._description,
            "res_model": model,
            "view_mode": "list,form",
            "domain": [("partner_id", "=", self.partner_id.id)],
            "context": {"create": False},
        }
