from odoo import api, fields, models
from odoo.tools import SQL

# Sales (DOMAIN: 销售额): posted customer invoices less posted credit notes, untaxed, in
# company currency (amount_untaxed_signed: credit notes negative), by invoice date, per
# commercial partner and company. A purchase (购买) is a posted customer invoice.
SALES_MOVE_TYPES = ("out_invoice", "out_refund")
SALES_FIELDS = ["state", "move_type", "commercial_partner_id", "company_id", "invoice_date",
                "amount_untaxed_signed"]


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

    # ------------------------------------------------------------------
    # The one definition of sales and purchases, for every screen, cron and report
    # ------------------------------------------------------------------
    @api.model
    def _sales_domain(self):
        """The moves that make sales; their amount is ``amount_untaxed_signed``."""
        return [("state", "=", "posted"), ("move_type", "in", SALES_MOVE_TYPES)]

    @api.model
    def _sales_condition(self, alias):
        """``_sales_domain`` on the account_move ``alias`` of a query, its columns flushed."""
        self.flush_model(SALES_FIELDS)
        return SQL("(%(move)s.state = 'posted' AND %(move)s.move_type IN %(types)s)",
                   move=SQL.identifier(alias), types=SALES_MOVE_TYPES)

    @api.model
    def _purchase_condition(self, alias):
        """The customer's purchases (posted invoices) on the account_move ``alias``: their
        days make the usual purchase interval."""
        self.flush_model(SALES_FIELDS)
        return SQL("(%(move)s.state = 'posted' AND %(move)s.move_type = 'out_invoice')",
                   move=SQL.identifier(alias))

