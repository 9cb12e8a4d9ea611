from odoo import api, fields, models


class CustomerCreditHold(models.Model):
    _inherit = "customer.credit.hold"

    picking_id = fields.Many2one(
        "stock.picking", "Delivery", readonly=True, index="btree_not_null",
        ondelete="set null")

    @api.model
    def _document_fields(self):
        return {**super()._document_fields(), "delivery": "picking_id"}
