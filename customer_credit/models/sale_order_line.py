from odoo import api, models
from odoo.tools import SQL


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # Line changes that can raise what a confirmed order counts in the exposure.
    _CREDIT_LINE_FIELDS = {"product_id", "product_uom_qty", "product_uom", "price_unit",
                           "discount", "tax_id", "order_id", "display_type"}

    @api.model_create_multi
    def create(self, vals_list):
        orders = self.env["sale.order"].browse(
            {vals["order_id"] for vals in vals_list if vals.get("order_id")}
        ).filtered(lambda order: order.state == "sale")
        with orders._credit_watching():
            return super().create(vals_list)

    def write(self, vals):
        orders = self.order_id if self._CREDIT_LINE_FIELDS & vals.keys() \
            else self.env["sale.order"]
        if vals.get("order_id"):
            orders |= self.env["sale.order"].browse(vals["order_id"])
        with orders.filtered(lambda order: order.state == "sale")._credit_watching():
            return super().write(vals)

    # ------------------------------------------------------------------
    # Uninvoiced confirmed orders: the one rule of the exposure, the over-limit search and
    # the credit check, in SQL (many customers) and in Python (one order being changed)
    # ------------------------------------------------------------------
    @api.model
    def _credit_uninvoiced_sql(self, company):
        """FROM and WHERE of the confirmed order lines of ``company`` with a quantity not
        invoiced yet (draft invoices count as invoiced) as ``line``, their order as
        ``sale`` and its invoicing partner as ``partner``. Flushes what it reads."""
        self.env["sale.order"].flush_model(
            ["partner_invoice_id", "company_id", "state", "currency_id"])
        self.flush_model(["order_id", "display_type", "price_total", "product_uom_qty",
                          "qty_invoiced"])
        return SQL(
            """sale_order_line line
              JOIN sale_order sale ON sale.id = line.order_id
              JOIN res_partner partner ON partner.id = sale.partner_invoice_id
             WHERE sale.company_id = %s
               AND sale.state = 'sale'
               AND line.display_type IS NULL
               AND line.product_uom_qty > 0
               AND line.qty_invoiced < line.product_uom_qty""", company.id)

    @api.model
    def _credit_uninvoiced_amount_sql(self):
        """The amount of a ``line`` of ``_credit_uninvoiced_sql`` not invoiced yet, tax
        included, in the order's currency."""
        return SQL("line.price_total * (line.product_uom_qty - line.qty_invoiced)"
                   " / line.product_uom_qty")

    def _credit_uninvoiced_amount(self):
        """``_credit_uninvoiced_amount_sql`` of these lines, as they are in memory (an
        order being changed), in the order's currency."""
        return sum(
            line.price_total * (line.product_uom_qty - line.qty_invoiced)
            / line.product_uom_qty
            for line in self
            if not line.display_type and line.product_uom_qty > 0
            and line.qty_invoiced < line.product_uom_qty)
