from odoo import api, fields, models

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
        domain="[('is_company', '=', True)]")
    company_id = fields.Many2one(
        "res.company", "Company", required=True, index=True,
        default=lambda self: self.env.company)
    salesperson_id = fields.Many2one(
        related="partner_id.user_id", string="Salesperson", store=True)
    feedback_type = fields.Selection(
        FEEDBACK_TYPES, "Type", required=True, default="complaint", tracking=True)
    dimension = fields.Selection(DIMENSIONS, "Dimension", required=True, tracking=True)
    attribute_id = fields.Many2one(
        "customer.satisfaction.attribute", "Attribute",
        domain="[('dimension', '=', dimension)]")
    touchpoint_id = fields.Many2one("customer.satisfaction.touchpoint", "Touchpoint")
    date = fields.Datetime("Received On", required=True, default=fields.Datetime.now,
                           tracking=True)
    summary = fields.Char("Summary", required=True)
    description = fields.Html("Description")
    responsible_id = fields.Many2one(
        "res.users", "Responsible", tracking=True, domain="[('share', '=', False)]",
        default=lambda self: self.env.user)
    resolution = fields.Html("Resolution")
    state = fields.Selection(FEEDBACK_STATES, "Status", required=True, default="new",
                             tracking=True)
    resolved_date = fields.Datetime("Resolved On", readonly=True, copy=False)
    resolution_days = fields.Float(
        "Resolution Time (Days)", compute="_compute_resolution_days", store=True,
        aggregator="avg", digits=(16, 1),
        help="Days from receipt to resolution of a resolved or closed complaint.")

    @api.depends("date", "resolved_date")
    def _compute_resolution_days(self):
        for feedback in self:
            if feedback.date and feedback.resolved_date:
                delta = feedback.resolved_date - feedback.date
                feedback.resolution_days = max(delta.total_seconds(), 0.0) / 86400
            else:
                feedback.resolution_days = 0.0
