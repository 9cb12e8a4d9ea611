from odoo import fields, models


class CustomerSatisfactionTouchpoint(models.Model):
    _name = "customer.satisfaction.touchpoint"
    _description = "Satisfaction Touchpoint"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(
        translate=True, help="The concrete acts that make up this touchpoint.")
