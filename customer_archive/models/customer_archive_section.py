from odoo import fields, models


class CustomerArchiveSection(models.Model):
    """A confidential part of an archive that can be lent on its own."""

    _name = "customer.archive.section"
    _description = "Customer Archive Confidential Part"
    _order = "sequence, id"

    name = fields.Char("Part", required=True, translate=True)
    code = fields.Char(required=True, readonly=True)
    sequence = fields.Integer(default=10)

    _sql_constraints = [("code_unique", "UNIQUE(code)", "The code of a part must be unique.")]
