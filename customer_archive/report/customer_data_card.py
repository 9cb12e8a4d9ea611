from odoo import _, api, models
from odoo.exceptions import UserError


class CustomerDataCardReport(models.AbstractModel):
    _name = "report.customer_archive.report_customer_data_card"
    _description = "Customer Data Card"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        missing = partners.filtered(lambda partner: not partner.archive_number)
        if missing:
            raise UserError(_(
                "A data card is printed from a customer archive; these customers have none: %s.",
                ", ".join(missing.mapped("display_name"))))
        return {"doc_ids": docids, "doc_model": "res.partner", "docs": partners}
