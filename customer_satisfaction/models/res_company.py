from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    satisfaction_low_threshold = fields.Float(
        "Low Satisfaction Threshold", default=60.0,
        help="Completed satisfaction answers with an overall index below this value (0-100) "
        "create an activity for the customer's salesperson.")
