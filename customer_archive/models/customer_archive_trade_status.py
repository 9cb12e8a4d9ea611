from odoo import fields, models


class CustomerArchiveTradeStatus(models.Model):
    _name = "customer.archive.trade.status"
    _description = "Customer Trade Status"
    _inherit = ["mail.thread", "customer.archive.confidential.mixin"]
    _order = "partner_id, date desc, id desc"
    _rec_name = "date"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, ondelete="restrict", index=True,
        domain="[('archive_number', '!=', False)]")
    company_id = fields.Many2one(
        related="partner_id.archive_company_id", store=True, string="Company")
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    user_id = fields.Many2one(
        "res.users", "Recorded By", default=lambda self: self.env.user, tracking=True)
    sales_activity = fields.Text("Current Sales Activity", tracking=True)
    problems = fields.Text(tracking=True)
    strengths = fields.Text(tracking=True)
    future_plans = fields.Text(tracking=True)
    image = fields.Text(tracking=True)
    reputation = fields.Text(tracking=True)
    credit_status = fields.Text(tracking=True)
    trade_terms = fields.Text(tracking=True)
    credit_problems = fields.Text("Credit Problems That Occurred", tracking=True)
