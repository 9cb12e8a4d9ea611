from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    archive_return_reason_id = fields.Many2one(
        "customer.archive.return.reason", "Return Reason", tracking=True,
        help="Why the customer returned goods or got a discount: filed in part 4 of the "
        "customer archive.")
    archive_fault = fields.Selection(
        [("ours", "Our Fault"), ("customer", "Customer's Fault"), ("carrier", "Carrier's Fault"),
         ("supplier", "Supplier's Fault"), ("shared", "Shared")],
        "At Fault", tracking=True, help="Who was at fault for the return or discount.")

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
