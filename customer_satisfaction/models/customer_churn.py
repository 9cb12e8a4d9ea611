from odoo import fields, models

CHURN_STATES = [
    ("at_risk", "At Risk"),
    ("to_confirm", "Lost, to Confirm"),
    ("lost", "Lost"),
    ("recovered", "Recovered"),
    ("won_back", "Won Back"),
]
WIN_BACK_STATUSES = [
    ("none", "Not Started"),
    ("in_progress", "In Progress"),
    ("won_back", "Won Back"),
    ("given_up", "Given Up"),
]


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
        domain="[('is_company', '=', True)]")
    company_id = fields.Many2one(
        "res.company", "Company", required=True, index=True,
        default=lambda self: self.env.company)
    salesperson_id = fields.Many2one(
        related="partner_id.user_id", string="Salesperson", store=True)
    state = fields.Selection(CHURN_STATES, "Status", required=True, default="at_risk",
                             tracking=True, index=True)
    source = fields.Selection(
        [("detected", "Detected"), ("signal", "Credit Signal"), ("manual", "Manual")],
        "Source", required=True, default="manual", readonly=True,
        help="Detected by the churn cron, opened by a credit warning signal or recorded by "
        "hand.")
    date = fields.Date("Flagged On", required=True, default=fields.Date.context_today,
                       tracking=True)
    loss_date = fields.Date(
        "Loss Date", tracking=True,
        help="The day the customer is counted as lost: its last purchase for a detected "
        "loss.")
    category_id = fields.Many2one("customer.churn.category", "Churn Category", tracking=True)
    reason = fields.Text("Reason")
    last_purchase_date = fields.Date("Last Purchase", readonly=True)
    usual_interval = fields.Float(
        "Usual Purchase Interval (Days)", digits=(16, 1), readonly=True,
        help="Average days between the customer's purchase days when it was flagged.")
    currency_id = fields.Many2one(related="company_id.currency_id")
    yearly_sales_lost = fields.Monetary(
        "Yearly Sales Lost", currency_field="currency_id", readonly=True,
        help="Untaxed sales less credit notes of the twelve months before the loss date.")
    remedial_action = fields.Text("Remedial Action")
    win_back_status = fields.Selection(
        WIN_BACK_STATUSES, "Win-back Status", required=True, default="none", tracking=True)
    recovered_date = fields.Date("Bought Again On", readonly=True, copy=False)
