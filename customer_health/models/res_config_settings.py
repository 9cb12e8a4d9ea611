from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    health_satisfaction_drop = fields.Float(
        related="company_id.health_satisfaction_drop", readonly=False)
    health_complaint_count = fields.Integer(
        related="company_id.health_complaint_count", readonly=False)
    health_low_grade_level = fields.Float(
        related="company_id.health_low_grade_level", readonly=False)
    health_escalate_important = fields.Boolean(
        related="company_id.health_escalate_important", readonly=False)
