from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .res_partner import ORGANISATION_FORMS

# Fields the workflow itself writes; everything else is frozen once reviewed.
WORKFLOW_FIELDS = {"state", "reviewer_id", "reviewed_on", "submitted_on"}


class CustomerInvestigation(models.Model):
    _name = "customer.investigation"
    _description = "Customer Investigation"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.archive.confidential.mixin",
                "customer.workflow.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default=lambda self: _("New"))
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, tracking=True,
        domain="[('archive_number', '!=', False)]")
    archive_number = fields.Char(related="partner_id.archive_number")
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    company_id = fields.Many2one(
        related="partner_id.archive_company_id", store=True, string="Company")
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("reviewed", "Reviewed")],
        "Status", default="draft", required=True, readonly=True, copy=False, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    method = fields.Selection(
        [("direct", "Direct"), ("indirect", "Indirect"), ("both", "Direct and Indirect")],
        required=True, default="direct", tracking=True,
        help="Direct: a visit to the customer. Indirect: financial statements, credit "
        "agencies, banks, tax authorities, trade associations.")
    source_ids = fields.Many2many(
        "customer.investigation.source", string="Sources", tracking=True)
    investigator_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user,
        tracking=True)
    reviewer_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    submitted_on = fields.Datetime(readonly=True, copy=False)
    reviewed_on = fields.Datetime(readonly=True, copy=False)

    # Persons met and business
    person_ids = fields.One2many(
        "customer.investigation.person", "investigation_id", "Persons in Charge and Contacts",
        copy=True)
    business_style = fields.Selection(
        [("active", "Proactive"), ("conservative", "Conservative"), ("steady", "Steady"),
         ("unsettled", "Unsettled"), ("speculative", "Speculative")], tracking=True)
    business_trend = fields.Selection(
        [("prosperous", "Prosperous"), ("growing", "Growing"), ("stable", "Stable"),
         ("declining", "Declining"), ("unsettled", "Unsettled")], tracking=True)
    business_scope = fields.Text()
    sales_targets = fields.Text("Sells To")
    price_level = fields.Selection(
        [("reasonable", "Reasonable"), ("high", "On the High Side"),
         ("low", "On the Low Side"), ("cutting", "Price Cutting")], tracking=True)
    yearly_amount = fields.Monetary(tracking=True)
    peak_month_sales = fields.Monetary("Peak-Season Monthly Sales")
    low_month_sales = fields.Monetary("Low-Season Monthly Sales")
    organisation_form = fields.Selection(ORGANISATION_FORMS, "Organisation", tracking=True)
    manager_count = fields.Integer("Managers")
    clerk_count = fields.Integer("Clerks")
    staff_count = fields.Integer("Staff", compute="_compute_staff_count", store=True)
    trade_standing = fields.Selection(
        [("leader", "Leader"), ("influential", "Has Some Influence"),
         ("follower", "Follower"), ("other", "Other")],
        "Standing in the Trade", tracking=True)

    # Payment
    payment_attitude = fields.Selection(
        [("prompt", "Pays Promptly"), ("normal", "Pays on Terms"), ("slow", "Pays Slowly"),
         ("reluctant", "Reluctant to Pay")], tracking=True)
    contract_payment_days = fields.Integer("Contractual Payment Period (Days)")
    actual_payment_days = fields.Integer("Actual Average Payment Period (Days)")
    payment_method = fields.Selection(
        [("cash", "Cash"), ("transfer", "Bank Transfer"),
         ("bank_acceptance", "Bank Acceptance Bill"),
         ("commercial_acceptance", "Commercial Acceptance Bill"), ("cheque", "Cheque"),
         ("other", "Other")], tracking=True)
    payment_procedure = fields.Text()
    product_ids = fields.One2many(
        "customer.investigation.product", "investigation_id", "Main Products Bought from Us",
        copy=True)
    products_amount = fields.Monetary(
        "Bought from Us per Year", compute="_compute_products_amount", store=True)

    # Direct investigation: what the visit showed
    premises = fields.Text(help="Fitting-out, layout, service attitude.")
    warehouse = fields.Text(help="Warehouse management, stock on hand.")
    staff_mood = fields.Text(help="Number of staff, working atmosphere.")
    customer_flow = fields.Text()
    boss_character = fields.Text(
        "Character of the Boss",
        help="Family, education, speciality, standing, conduct, habits and interests.")
    reliability = fields.Text(
        help="Is it a real business, who really runs it, how long has it traded, who holds "
        "the power; has it a bad payment record?")
    indirect_findings = fields.Text(
        help="What financial statements, credit agencies, banks, tax authorities and trade "
        "associations said.")
    conclusion = fields.Text(tracking=True)

    @api.depends("manager_count", "clerk_count")
    def _compute_staff_count(self):
        for investigation in self:
            investigation.staff_count = investigation.manager_count + investigation.clerk_count

    @api.depends("product_ids.amount")
    def _compute_products_amount(self):
        for investigation in self:
            investigation.products_amount = sum(investigation.product_ids.mapped("amount"))

    @api.constrains("manager_count", "clerk_count", "contract_payment_days",
                    "actual_payment_days", "yearly_amount", "peak_month_sales", "low_month_sales")
    def _check_figures(self):
        for investigation in self:
            figures = (investigation.manager_count, investigation.clerk_count,
                       investigation.contract_payment_days, investigation.actual_payment_days,
                       investigation.yearly_amount, investigation.peak_month_sales,
                       investigation.low_month_sales)
            if min(figures) < 0:
                raise ValidationError(_("%s: figures cannot be negative.", investigation.name))
            if investigation.low_month_sales > investigation.peak_month_sales:
                raise ValidationError(_(
                    "%s: low-season monthly sales cannot exceed the peak-season ones.",
                    investigation.name))

    # ------------------------------------------------------------------
    # CRUD: a reviewed investigation is a signed document
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("customer.investigation")
        return super().create(vals_list)

    @api.model
    def _workflow_fields(self):
        return WORKFLOW_FIELDS

    @api.model
    def _workflow_draft_fields(self):
        return {"investigator_id"}

    def write(self, vals):
        if set(vals) - WORKFLOW_FIELDS:
            self._check_not_reviewed()
        return super().write(vals)

    def unlink(self):
        self._check_not_reviewed()
        return super().unlink()

    def _check_not_reviewed(self):
        reviewed = self.filtered(lambda investigation: investigation.state == "reviewed")
        if reviewed:
            raise UserError(_(
                "Reviewed investigations are signed documents and can no longer be changed or "
                "deleted: %s. Start a new investigation instead.",
                ", ".join(reviewed.mapped("name"))))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_submit(self):
        for investigation in self:
            if investigation.state != "draft":
                raise UserError(_("Only draft investigations can be submitted."))
            if not investigation.person_ids.filtered(lambda person: person.kind == "in_charge"):
                raise UserError(_(
                    "%s: name at least one person in charge before submitting.",
                    investigation.name))
        self.check_access("write")
        self.sudo().write({"state": "submitted", "submitted_on": fields.Datetime.now()})
        for investigation in self:
            # Any custodian of the archive's company but the investigator reviews it.
            custodians = investigation.company_id._archive_custodian_users()
            for custodian in custodians - investigation.investigator_id - self.env.user:
                investigation.sudo().activity_schedule(
                    "mail.mail_activity_data_todo", user_id=custodian.id,
                    summary=investigation.with_context(lang=custodian.lang).env._(
                        "Review the investigation %s", investigation.name))
        return True

    def action_review(self):
        if not self.env.user.has_group("customer_archive.group_archive_custodian"):
            raise AccessError(_("Only archive custodians review investigations."))
        for investigation in self:
            if investigation.state != "submitted":
                raise UserError(_("Only submitted investigations can be reviewed."))
            if self.env.user in investigation.investigator_id | investigation.create_uid:
                raise UserError(_(
                    "%s: the investigator cannot review their own investigation.",
                    investigation.name))
        self.sudo().write({"state": "reviewed", "reviewer_id": self.env.uid,
                           "reviewed_on": fields.Datetime.now()})
        # The reviewer's activity is done; the other custodians' have nothing left to do.
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"], user_id=self.env.uid)
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_reset_to_draft(self):
        for investigation in self:
            if investigation.state != "submitted":
                raise UserError(_("Only submitted investigations go back to draft."))
        self.check_access("write")
        self.sudo().write({"state": "draft", "submitted_on": False})
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True
