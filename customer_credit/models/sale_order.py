from odoo import fields, models


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "customer.credit.document"]

    credit_hold_ids = fields.One2many(
        "customer.credit.hold", "sale_order_id", "Credit Holds", readonly=True)

    # ------------------------------------------------------------------
    # Credit check: the sales order confirmation
    # ------------------------------------------------------------------
    def _credit_check_point(self):
        return "sale"

    def _credit_hold_field(self):
        return "sale_order_id"

    def _credit_depends(self):
        return ["company_id", "partner_invoice_id", "amount_total", "currency_id", "state",
                "order_line.qty_invoiced"]

    def _credit_partner(self):
        return (self.partner_invoice_id or self.partner_id).commercial_partner_id

    def _credit_is_checked(self):
        self.ensure_one()
        return self.company_id.credit_check_sale and self.state in ("draft", "sent")

    def _credit_amounts(self):
        """A quotation adds its total; a confirmed order is already counted for what is
        not invoiced yet. Converted at today's rate like the exposure."""
        self.ensure_one()
        company = self.company_id
        today = fields.Date.context_today(self)
        origin = self._origin
        if origin and origin.state == "sale":
            uninvoiced = sum(
                line.price_total * (line.product_uom_qty - line.qty_invoiced)
                / line.product_uom_qty
                for line in origin.order_line
                if not line.display_type and line.product_uom_qty > 0
                and line.qty_invoiced < line.product_uom_qty)
            counted = origin.currency_id._convert(
                uninvoiced, company.currency_id, company, today)
            return counted, counted
        if self.state == "cancel":
            return 0.0, 0.0
        amount = self.currency_id._convert(
            self.amount_total, company.currency_id, company, today) if self.currency_id \
            else self.amount_total
        return amount, 0.0

    def _credit_responsible(self):
        return self.user_id

    def _credit_can_proceed(self):
        return self.state in ("draft", "sent")

    def _credit_hold_release(self, hold):
        self.action_confirm()

    def _credit_hold_reject(self, hold):
        if self.state in ("draft", "sent"):
            self._action_cancel()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        """Confirm the orders that pass the credit check; put the others on credit hold
        and tell the user (no exception: the hold must be kept)."""
        passed, holds, warnings, released = self._credit_enforce()
        result = True
        if passed:
            result = super(SaleOrder, passed).action_confirm()
            passed._credit_after_action(warnings, released)
        if holds:
            return self._credit_hold_notification(holds)
        return result

