from odoo import _, api, models


class CustomerDataCardReport(models.AbstractModel):
    _name = "report.customer_archive.report_customer_data_card"
    _description = "Customer Data Card"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        partners._check_archives(_("A data card"))
        return {"doc_ids": docids, "doc_model": "res.partner", "docs": partners}
