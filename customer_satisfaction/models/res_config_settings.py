from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    satisfaction_low_threshold = fields.Float(
        related="company_id.satisfaction_low_threshold", readonly=False)

    # Churn
    churn_risk_factor = fields.Float(related="company_id.churn_risk_factor", readonly=False)
    churn_lost_factor = fields.Float(related="company_id.churn_lost_factor", readonly=False)
    churn_min_purchases = fields.Integer(related="company_id.churn_min_purchases",
                                         readonly=False)
    churn_manager_id = fields.Many2one(related="company_id.churn_manager_id", readonly=False)

    # Automatic satisfaction surveys
    satisfaction_survey_complaint_id = fields.Many2one(
        related="company_id.satisfaction_survey_complaint_id", readonly=False)
    satisfaction_survey_invoice_id = fields.Many2one(
        related="company_id.satisfaction_survey_invoice_id", readonly=False)
    satisfaction_survey_min_days = fields.Integer(
        related="company_id.satisfaction_survey_min_days", readonly=False)
