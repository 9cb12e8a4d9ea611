from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    satisfaction_low_threshold = fields.Float(
        related="company_id.satisfaction_low_threshold", readonly=False)
