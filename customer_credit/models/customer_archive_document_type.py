from odoo import fields, models


class CustomerArchiveDocumentType(models.Model):
    _inherit = "customer.archive.document.type"

    credit_restricted = fields.Boolean(
        "Credit Department Only",
        help="Documents of this type (e.g. credit investigation reports) are shown only to "
        "credit analysts and archive custodians, not to the customer's salesperson nor to "
        "borrowers of the archive.")
