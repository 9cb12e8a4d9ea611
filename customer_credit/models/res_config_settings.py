from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    credit_scale_id = fields.Many2one(related="company_id.credit_scale_id", readonly=False)
    credit_default_control_level = fields.Selection(
        related="company_id.credit_default_control_level", readonly=False)
    credit_check_sale = fields.Boolean(related="company_id.credit_check_sale", readonly=False)
    credit_check_invoice = fields.Boolean(
        related="company_id.credit_check_invoice", readonly=False)
    credit_check_delivery = fields.Boolean(
        related="company_id.credit_check_delivery", readonly=False)
    credit_rule_limit = fields.Boolean(related="company_id.credit_rule_limit", readonly=False)
    credit_rule_overdue = fields.Boolean(
        related="company_id.credit_rule_overdue", readonly=False)
    credit_overdue_days = fields.Integer(
        related="company_id.credit_overdue_days", readonly=False)
    credit_overdue_amount = fields.Monetary(
        related="company_id.credit_overdue_amount", readonly=False)
    credit_rule_expired = fields.Boolean(
        related="company_id.credit_rule_expired", readonly=False)
    credit_rule_on_hold = fields.Boolean(
        related="company_id.credit_rule_on_hold", readonly=False)
