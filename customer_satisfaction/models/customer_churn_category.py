from odoo import fields, models


class CustomerChurnCategory(models.Model):
    """A kind of churn (客户流失的种类) and the remedy the company applies to it."""

    _name = "customer.churn.category"
    _description = "Churn Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True, help="Which customers leave for this cause.")
    remedy = fields.Text(translate=True, help="What the company does to win them back and "
                         "to keep the others (弥补措施).")
