from odoo import _, api, models


class CustomerArchiveCatalogueReport(models.AbstractModel):
    _name = "report.customer_archive.report_customer_archive_catalogue"
    _description = "Customer Archive Catalogue"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        partners._check_archives(_("A catalogue"))
        documents = self.env["customer.archive.document"].search(
            [("partner_id", "in", partners.ids)])
        return {
            "doc_ids": docids, "doc_model": "res.partner", "docs": partners,
            "parts": documents._fields["part"]._description_selection(self.env),
            "documents_by_partner_part": documents.grouped(
                lambda document: (document.partner_id.id, document.part)),
        }
