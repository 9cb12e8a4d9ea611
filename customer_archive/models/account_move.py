from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._refresh_archive_sales()
        return posted

    def button_draft(self):
        result = super().button_draft()
        self._refresh_archive_sales()
        return result

    def button_cancel(self):
        result = super().button_cancel()
        self._refresh_archive_sales()
        return result

    def _refresh_archive_sales(self):
        """Keep the archive's yearly sales in step with the customer invoices."""
        sales = self.filtered(lambda move: move.is_sale_document(include_receipts=False))
        partners = sales.commercial_partner_id.filtered("archive_number")
        if partners:
            self.env["customer.archive.year"].sudo()._refresh_sales(partners)
