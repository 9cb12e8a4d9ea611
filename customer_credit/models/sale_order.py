from odoo import api, fields, models

from .customer_credit_document import CreditChecked

# Changes of a confirmed order that can raise or move what it counts in the exposure.
CONFIRMED_ORDER_FIELDS = {"order_line", "partner_id", "partner_invoice_id", "currency_id",
                          "pricelist_id", "company_id"}


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

    def _credit_check_applies(self):
        return self.company_id.credit_check_sale

    def _credit_is_checked(self):
        self.ensure_one()
        return self._credit_check_applies() and self.state in ("draft", "sent")

    def _credit_passed(self):
        return self.state == "sale"

    def _credit_counted(self):
        return self._credit_uninvoiced() if self.state == "sale" else 0.0

    def _credit_uninvoiced(self):
        """What is not invoiced yet (draft invoices count as invoiced), tax included, in the
        company's currency at today's rate: what a confirmed order adds to the exposure."""
        self.ensure_one()
        company = self.company_id
        return self.currency_id._convert(
            self.order_line._credit_uninvoiced_amount(), company.currency_id, company,
            fields.Date.context_today(self))

    def _credit_amounts(self):
        """A quotation adds its total; a confirmed order is already counted for what is
        not invoiced yet. Converted at today's rate like the exposure."""
        self.ensure_one()
        company = self.company_id
        origin = self._origin
        if origin and origin.state == "sale":
            counted = origin._credit_uninvoiced()
            return counted, counted
        if self.state == "cancel":
            return 0.0, 0.0
        amount = self.currency_id._convert(
            self.amount_total, company.currency_id, company, fields.Date.context_today(self)
        ) if self.currency_id else self.amount_total
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
    # Every other route to a confirmed order, and changes after confirmation
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered(lambda order: order.state == "sale")._credit_check_changes({})
        return orders

    def _credit_watched(self, vals):
        if vals.get("state") == "sale":
            return self.filtered(lambda order: order.state != "sale")
        if CONFIRMED_ORDER_FIELDS & vals.keys():
            return self.filtered(lambda order: order.state == "sale")
        return self.browse()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        """Confirm the orders that pass the credit check; put the others on credit hold
        and tell the user (no exception: the hold must be kept)."""
        passed, holds, warnings, released = self._credit_enforce()
        result = True
        if passed:
            result = super(SaleOrder, CreditChecked.context(passed)).action_confirm()
            passed._credit_after_action(warnings, released)
        if holds:
            return self._credit_hold_notification(holds)
        return result

    def _send_order_confirmation_mail(self):
        """No confirmation mail for an order that stayed a quotation on credit hold (the
        portal sends it right after confirming)."""
        return super(SaleOrder, self.filtered(
            lambda order: order.state == "sale"))._send_order_confirmation_mail()
