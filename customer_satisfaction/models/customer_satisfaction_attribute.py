from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

DIMENSIONS = [
    ("product", "Product"),
    ("service", "Service"),
    ("economy", "Economy"),
    ("image", "Corporate Image"),
]


class CustomerSatisfactionAttribute(models.Model):
    _name = "customer.satisfaction.attribute"
    _description = "Satisfaction Attribute"
    _order = "dimension, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    dimension = fields.Selection(DIMENSIONS, required=True, default="product")
    weight = fields.Float(
        default=1.0, help="Weight of the attribute within its dimension (renormalised over "
        "the attributes answered).")
    description = fields.Text(translate=True)

    @api.constrains("weight")
    def _check_weight(self):
        """An attribute of weight 0 would be asked and never count: leave it out (archive
        it) instead."""
        for attribute in self:
            if attribute.weight <= 0:
                raise ValidationError(_(
                    "The weight of attribute %s must be above 0; archive the attribute to "
                    "leave it out.", attribute.name))
