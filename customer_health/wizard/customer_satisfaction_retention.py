from odoo import fields, models


class CustomerSatisfactionRetention(models.TransientModel):
    _inherit = "customer.satisfaction.retention"

    segment_field = fields.Selection(
        selection_add=[("credit_grade_id", "Credit Grade")],
        ondelete={"credit_grade_id": "set default"})
