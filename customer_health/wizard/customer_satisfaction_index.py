from odoo import fields, models


class CustomerSatisfactionIndex(models.TransientModel):
    _inherit = "customer.satisfaction.index"

    segment_field = fields.Selection(
        selection_add=[("credit_grade_id", "Credit Grade")],
        ondelete={"credit_grade_id": "set default"})
