from odoo import fields, models


class CustomerArchiveReturnReason(models.Model):
    _name = "customer.archive.return.reason"
    _description = "Return or Discount Reason"
    _order = "sequence, id"

    name = fields.Char("Reason", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
