from odoo import fields, models

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

    _sql_constraints = [
        ("weight_positive", "CHECK (weight >= 0)",
         "The weight of an attribute cannot be negative."),
    ]
