from odoo import fields, models

DOCUMENT_PARTS = [
    ("1", "1 Basic Data"),
    ("2", "2 Credit and Payment"),
    ("3", "3 Trade"),
    ("4", "4 Returns and Discounts"),
]


class CustomerArchiveDocumentType(models.Model):
    _name = "customer.archive.document.type"
    _description = "Customer Archive Document Type"
    _order = "part, sequence, id"

    name = fields.Char("Document Type", required=True, translate=True)
    sequence = fields.Integer(default=10)
    part = fields.Selection(
        DOCUMENT_PARTS, required=True, default="1",
        help="The part of the archive where documents of this type are filed by default.")
    active = fields.Boolean(default=True)
