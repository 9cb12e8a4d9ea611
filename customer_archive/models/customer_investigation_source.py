from odoo import fields, models


class CustomerInvestigationSource(models.Model):
    _name = "customer.investigation.source"
    _description = "Customer Investigation Source"
    _order = "sequence, id"

    name = fields.Char("Source", required=True, translate=True)
    sequence = fields.Integer(default=10)
    method = fields.Selection(
        [("direct", "Direct"), ("indirect", "Indirect")], required=True,
        help="Direct: seen by us on a visit. Indirect: from documents and third parties.")
    active = fields.Boolean(default=True)
