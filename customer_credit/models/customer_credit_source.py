from odoo import api, fields, models

CUSTOMER_SIZES = [
    ("small", "Small"),
    ("medium", "Medium"),
    ("large", "Large"),
]


class CustomerCreditSource(models.Model):
    """Where the facts of a credit investigation come from. Which sources to use depends on
    the customer's size (seed 002): small customers are judged on trade certificates, the
    sales staff's knowledge and our own trade experience; medium ones add a standard credit
    report and a bank letter; large ones a comprehensive credit report and a bank letter."""

    _name = "customer.credit.source"
    _description = "Credit Information Source"
    _order = "sequence, id"

    name = fields.Char("Information Source", required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    for_small = fields.Boolean(
        "Small Customers", help="Proposed for investigations of small customers.")
    for_medium = fields.Boolean(
        "Medium Customers", help="Proposed for investigations of medium customers.")
    for_large = fields.Boolean(
        "Large Customers", help="Proposed for investigations of large customers.")
    active = fields.Boolean(default=True)

    @api.model
    def _sources_by_size(self):
        """{size: the active sources proposed for customers of that size}, in one search."""
        sources = self.search([])
        return {size: sources.filtered(f"for_{size}") for size, _label in CUSTOMER_SIZES}
