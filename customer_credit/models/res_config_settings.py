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
    # Receivables aging buckets (issue 5, aging)
    credit_aging_days_1 = fields.Integer(
        related="company_id.credit_aging_days_1", readonly=False)
    credit_aging_days_2 = fields.Integer(
        related="company_id.credit_aging_days_2", readonly=False)
    credit_aging_days_3 = fields.Integer(
        related="company_id.credit_aging_days_3", readonly=False)
    credit_aging_days_4 = fields.Integer(
        related="company_id.credit_aging_days_4", readonly=False)
    credit_escalation_steps = fields.Char(
        related="company_id.credit_escalation_steps", readonly=False)
    credit_manager_id = fields.Many2one(related="company_id.credit_manager_id", readonly=False)
    credit_review_days = fields.Integer(
        related="company_id.credit_review_days", readonly=False)
    credit_pattern_gap = fields.Float(related="company_id.credit_pattern_gap", readonly=False)
    credit_signal_later_days = fields.Float(
        related="company_id.credit_signal_later_days", readonly=False)
    credit_signal_drop_percent = fields.Float(
        related="company_id.credit_signal_drop_percent", readonly=False)
    credit_signal_jump_percent = fields.Float(
        related="company_id.credit_signal_jump_percent", readonly=False)
    credit_signal_idle_factor = fields.Float(
        related="company_id.credit_signal_idle_factor", readonly=False)
    credit_signal_return_percent = fields.Float(
        related="company_id.credit_signal_return_percent", readonly=False)
