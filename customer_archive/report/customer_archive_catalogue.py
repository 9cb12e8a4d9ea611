from odoo import _, api, models
from odoo.exceptions import UserError

from ..models.customer_archive_document_type import DOCUMENT_PARTS


class CustomerArchiveCatalogueReport(models.AbstractModel):
    _name = "report.customer_archive.report_customer_archive_catalogue"
    _description = "Customer Archive Catalogue"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        missing = partners.filtered(lambda partner: not partner.archive_number)
        if missing:
            raise UserError(_("These customers have no archive: %s.",
                              ", ".join(missing.mapped("display_name"))))
        documents = self.env["customer.archive.document"].search(
            [("partner_id", "in", partners.ids)])
        by_partner_part = {}
        for document in documents:
            key = (document.partner_id.id, document.part)
            by_partner_part[key] = by_partner_part.get(key, document.browse()) | document
        parts = [(value, dict(self.env["customer.archive.document"]._fields["part"]
                              ._description_selection(self.env))[value])
                 for value, _label in DOCUMENT_PARTS]
        return {"doc_ids": docids, "doc_model": "res.partner", "docs": partners,
                "parts": parts, "documents_by_partner_part": by_partner_part}
