from odoo import _, api, fields, models
from odoo.addons.customer_archive.models.customer_figures import CUSTOMER_DOMAIN
from odoo.exceptions import UserError
from odoo.tools import SQL, is_html_empty

from .customer_satisfaction_attribute import DIMENSIONS

FEEDBACK_TYPES = [
    ("complaint", "Complaint"),
    ("own_fault", "Complaint about Our Fault"),
    ("suggestion", "Suggestion"),
    ("praise", "Praise"),
]
FEEDBACK_STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
COMPLAINT_TYPES = ("complaint", "own_fault")
OPEN_STATES = ("new", "in_progress")
# An open complaint: a complaint of either kind that is neither resolved, closed nor cancelled.
OPEN_COMPLAINT_DOMAIN = [("feedback_type", "in", COMPLAINT_TYPES), ("state", "in", OPEN_STATES)]


class CustomerSatisfactionFeedback(models.Model):
    """What a customer tells us outside the surveys (客户反馈): complaints, complaints about our
    own faults, suggestions and praise, each with its dimension, the person responsible and
    the resolution."""

    _name = "customer.satisfaction.feedback"
    _description = "Customer Feedback"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, tracking=True,
        domain=CUSTOMER_DOMAIN)
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.company)
    salesperson_id = fields.Many2one(
        related="partner_id.user_id", string="Salesperson", store=True)
    feedback_type = fields.Selection(
        FEEDBACK_TYPES, "Type", required=True, default="complaint", tracking=True)
    is_complaint = fields.Boolean(compute="_compute_is_complaint")
    dimension = fields.Selection(DIMENSIONS, required=True, tracking=True)
    attribute_id = fields.Many2one(
        "customer.satisfaction.attribute",
        domain="[('dimension', '=', dimension)]")
    touchpoint_id = fields.Many2one("customer.satisfaction.touchpoint")
    date = fields.Datetime("Received On", required=True, default=fields.Datetime.now,
                           tracking=True)
    summary = fields.Char(required=True)
    description = fields.Html()
    responsible_id = fields.Many2one(
        "res.users", tracking=True, domain="[('share', '=', False)]",
        compute="_compute_responsible_id", store=True, readonly=False, precompute=True,
        help="By default the customer's salesperson, else the person recording the feedback.")
    resolution = fields.Html(
        help="What was done about it. Required to resolve a complaint.")
    state = fields.Selection(FEEDBACK_STATES, "Status", required=True, default="new",
                             tracking=True, copy=False)
    resolved_date = fields.Datetime("Resolved On", readonly=True, copy=False, tracking=True)
    resolution_days = fields.Float(
        "Resolution Time (Days)", compute="_compute_resolution_days", store=True,
        aggregator="avg", digits=(16, 1),
        help="Days from receipt to resolution, for resolved and closed feedback. Averages "
        "count the resolved feedback only.")
    survey_user_input_ids = fields.One2many(
        "survey.user_input", "satisfaction_feedback_id", string="Satisfaction Surveys",
        readonly=True, groups="survey.group_survey_user",
        help="Satisfaction surveys sent automatically after the complaint was closed.")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("feedback_type")
    def _compute_is_complaint(self):
        for feedback in self:
            feedback.is_complaint = feedback.feedback_type in COMPLAINT_TYPES

    @api.depends("partner_id")
    def _compute_responsible_id(self):
        for feedback in self:
            feedback.responsible_id = (feedback.partner_id.commercial_partner_id.user_id
                                       or feedback.responsible_id or self.env.user)

    @api.depends("date", "resolved_date")
    def _compute_resolution_days(self):
        for feedback in self:
            if feedback.date and feedback.resolved_date:
                delta = feedback.resolved_date - feedback.date
                feedback.resolution_days = max(delta.total_seconds(), 0.0) / 86400
            else:
                feedback.resolution_days = 0.0

    @api.depends("name", "summary")
    def _compute_display_name(self):
        for feedback in self:
            feedback.display_name = (f"{feedback.name}: {feedback.summary}"
                                     if feedback.summary else feedback.name or "")

    # ------------------------------------------------------------------
    # Grouped reads
    # ------------------------------------------------------------------
    def _read_group_select(self, aggregate_spec, query):
        """The average resolution time counts the resolved feedback only (the others have no
        resolution time, stored as 0), in the pivot and graph views as in the code."""
        if aggregate_spec == "resolution_days:avg":
            return SQL("AVG(CASE WHEN %s IS NOT NULL THEN %s END)",
                       self._field_to_sql(self._table, "resolved_date", query),
                       self._field_to_sql(self._table, "resolution_days", query))
        return super()._read_group_select(aggregate_spec, query)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id"):
                vals["partner_id"] = self.env["res.partner"].browse(
                    vals["partner_id"]).commercial_partner_id.id
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id"))
                vals["name"] = self.env["ir.sequence"].with_company(
                    company or self.env.company).next_by_code(self._name) or "/"
        feedbacks = super().create(vals_list)
        feedbacks._schedule_responsible_activity()
        return feedbacks

    def write(self, vals):
        if vals.get("partner_id"):
            vals["partner_id"] = self.env["res.partner"].browse(
                vals["partner_id"]).commercial_partner_id.id
        old_responsibles = {feedback: feedback.responsible_id for feedback in self}
        res = super().write(vals)
        if "responsible_id" in vals:
            self.filtered(
                lambda feedback: feedback.responsible_id != old_responsibles[feedback]
            )._schedule_responsible_activity()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_start(self):
        self._check_state(("new",), _("started"))
        self.state = "in_progress"

    def action_resolve(self):
        self._check_state(("new", "in_progress"), _("resolved"))
        missing = self.filtered(
            lambda feedback: feedback.is_complaint and is_html_empty(feedback.resolution))
        if missing:
            raise UserError(_(
                "Describe the resolution before resolving these complaints: %(names)s",
                names=", ".join(missing.mapped("name"))))
        self.write({"state": "resolved", "resolved_date": fields.Datetime.now()})

    def action_close(self):
        """Close resolved feedback; suggestions and praise may be closed directly. Closing a
        complaint sends the company's satisfaction survey after a complaint, if any."""
        self._check_state(("new", "in_progress", "resolved"), _("closed"))
        unresolved = self.filtered(
            lambda feedback: feedback.is_complaint and feedback.state != "resolved")
        if unresolved:
            raise UserError(_(
                "Resolve these complaints before closing them: %(names)s",
                names=", ".join(unresolved.mapped("name"))))
        now = fields.Datetime.now()
        for feedback in self:
            feedback.write({"state": "closed", "resolved_date": feedback.resolved_date or now})
        self.activity_feedback(["mail.mail_activity_data_todo"], feedback=_("Feedback closed."))
        self.filtered("is_complaint")._send_satisfaction_survey()

    def action_cancel(self):
        self._check_state(("new", "in_progress"), _("cancelled"))
        self.state = "cancelled"
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def action_reopen(self):
        self._check_state(("resolved", "closed", "cancelled"), _("reopened"))
        self.write({"state": "in_progress", "resolved_date": False})
        self._schedule_responsible_activity()

    def action_view_survey_answers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("survey.action_survey_user_input")
        action["domain"] = [("satisfaction_feedback_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _check_state(self, states, what):
        wrong = self.filtered(lambda feedback: feedback.state not in states)
        if wrong:
            labels = dict(FEEDBACK_STATES)
            raise UserError(_(
                "Feedback cannot be %(what)s in its status: %(names)s",
                what=what, names=", ".join(
                    f"{feedback.name} ({labels[feedback.state]})" for feedback in wrong)))

    def _schedule_responsible_activity(self):
        """A to-do for the responsible person when someone else assigned the feedback."""
        for feedback in self:
            user = feedback.responsible_id
            if not user or user == self.env.user or feedback.state not in OPEN_STATES:
                continue
            env = feedback.with_context(lang=user.lang).env  # the recipient's language
            feedback.activity_schedule(
                "mail.mail_activity_data_todo", user_id=user.id,
                summary=env._("Handle the customer's feedback: %(summary)s",
                              summary=feedback.summary),
                note=env._("%(customer)s: %(summary)s",
                           customer=feedback.partner_id.display_name, summary=feedback.summary))

    def _send_satisfaction_survey(self):
        """After closed complaints: the satisfaction survey of the company's settings to each
        customer, through the survey's invitation flow (once per complaint, also when it is
        reopened and closed again); the outcome is noted in the chatter of the complaint."""
        for company, feedbacks in self.grouped("company_id").items():
            survey = company.sudo().satisfaction_survey_complaint_id
            if not survey:
                continue
            feedbacks = feedbacks.filtered(
                lambda feedback: not feedback.sudo().survey_user_input_ids)
            by_customer = {feedback.partner_id: feedback for feedback in feedbacks}
            if not by_customer:
                continue
            answers, skipped = self.env["survey.invite"]._satisfaction_send_automatic(
                survey, feedbacks.partner_id, "complaint", company,
                sources={partner: {"satisfaction_feedback_id": feedback.id}
                         for partner, feedback in by_customer.items()})
            sent = {answer.partner_id.commercial_partner_id: answer for answer in answers}
            for partner, feedback in by_customer.items():
                if partner in sent:
                    body = _("Satisfaction survey %(survey)s sent to %(recipient)s.",
                             survey=survey.title,
                             recipient=sent[partner].partner_id.display_name)
                else:
                    body = _("No satisfaction survey sent: %(reason)s",
                             reason=skipped.get(partner, ""))
                feedback.message_post(body=body)

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------
    def _demo_answer_survey(self, days_ago, values):
        """Demo data only: the customer answers the survey sent after the complaint."""
        for user_input in self.sudo().survey_user_input_ids:
            self.env["customer.satisfaction.campaign"]._demo_fill(user_input, days_ago, values)
