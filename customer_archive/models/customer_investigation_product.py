from odoo import api, fields, models


class CustomerInvestigationProduct(models.Model):
    _name = "customer.investigation.product"
    _description = "Product Bought from Us, in a Customer Investigation"
    _inherit = ["customer.investigation.line.mixin"]
    _order = "investigation_id, amount desc, id"

    investigation_id = fields.Many2one(
        "customer.investigation", required=True, ondelete="cascade", index=True)
    currency_id = fields.Many2one(related="investigation_id.currency_id")
    product_id = fields.Many2one("product.product")
    name = fields.Char(
        "Description", required=True, compute="_compute_name", store=True, readonly=False,
        precompute=True)
    amount = fields.Monetary("Yearly Amount")

    @api.depends("product_id")
    def _compute_name(self):
        for line in self.filtered("product_id"):
            line.name = line.product_id.display_name
