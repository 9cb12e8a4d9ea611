from markupsafe import Markup

from odoo import fields, models
from odoo.addons.customer_credit.models.customer_credit_document import CreditChecked


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "customer.credit.document"]

    credit_hold_ids = fields.One2many(
        "customer.credit.hold", "picking_id", "Credit Holds", readonly=True)

    # ------------------------------------------------------------------
    # Credit check: validating an outgoing delivery
    # ------------------------------------------------------------------
    def _credit_check_point(self):
        return "delivery"

    def _credit_hold_field(self):
        return "picking_id"

    def _credit_depends(self):
        return ["company_id", "partner_id", "state", "picking_type_code", "move_ids.quantity"]

    def _credit_partner(self):
        if self.picking_type_code != "outgoing":
            return self.env["res.partner"]
        order = self.sale_id
        return ((order.partner_invoice_id or order.partner_id) if order else
                self.partner_id).commercial_partner_id

    def _credit_check_applies(self):
        return (self.company_id.credit_check_delivery and self.picking_type_code == "outgoing"
                and bool(self.partner_id))

    def _credit_is_checked(self):
        self.ensure_one()
        return self._credit_check_applies() and self.state not in ("done", "cancel")

    def _credit_passed(self):
        return self.state == "done"

    def _credit_amounts(self):
        """The value of the goods leaving, tax included: at the price of their sales order
        line (already counted in the exposure while the order is confirmed), or at the
        product's sales price for goods not sold through an order."""
        self.ensure_one()
        company = self.company_id
        today = fields.Date.context_today(self)
        amount = counted = 0.0
        for move in self.move_ids.filtered(lambda move: move.state != "cancel"):
            quantity = move.quantity or move.product_uom_qty
            line = move.sale_line_id
            if line and line.product_uom_qty:
                line_quantity = move.product_uom._compute_quantity(quantity, line.product_uom)
                value = line.order_id.currency_id._convert(
                    line.price_total / line.product_uom_qty * line_quantity,
                    company.currency_id, company, today)
                amount += value
                if line.order_id.state == "sale":
                    counted += value
            elif not line:
                amount += move.product_id.lst_price * move.product_qty
        return company.currency_id.round(amount), company.currency_id.round(counted)

    def _credit_responsible(self):
        return self.user_id or self.sale_id.user_id

    def _credit_can_proceed(self):
        return self.state not in ("done", "cancel")

    def _credit_hold_release(self, hold):
        """The delivery may be validated once: tell whoever has to validate it."""
        responsible = self._credit_responsible() or hold.triggered_by_id
        env = self.with_context(lang=responsible.lang).env  # the recipient's language
        self.activity_schedule(
            "mail.mail_activity_data_todo", user_id=responsible.id,
            summary=env._("Credit hold released: validate the delivery"),
            note=Markup("<p>%s</p><p>%s</p>") % (
                env._("Credit hold %(hold)s was released by %(user)s.", hold=hold.name,
                      user=self.env.user.name), hold.decision_reason or ""))

    def _credit_hold_reject(self, hold):
        """The goods stay: the responsible is told; the delivery is not cancelled."""
        responsible = self._credit_responsible() or hold.triggered_by_id
        env = self.with_context(lang=responsible.lang).env  # the recipient's language
        self.activity_schedule(
            "mail.mail_activity_data_todo", user_id=responsible.id,
            summary=env._("Credit hold rejected: do not deliver"),
            note=Markup("<p>%s</p><p>%s</p>") % (
                env._("Credit hold %(hold)s was rejected by %(user)s.", hold=hold.name,
                      user=self.env.user.name), hold.decision_reason or ""))

    # ------------------------------------------------------------------
    # Actions: the Validate button and every route that ends in _action_done (the
    # backorder wizard, other modules' flows): no context key skips the check
    # ------------------------------------------------------------------
    def button_validate(self):
        """Validate the deliveries that pass the credit check; put the others on credit
        hold and tell the user. The backorder wizard calls this again: checked again."""
        passed, holds, warnings, _released = self._credit_enforce()
        result = True
        if passed:
            result = super(StockPicking, CreditChecked.context(passed)).button_validate()
            done = passed.filtered(lambda picking: picking.state == "done")
            done._credit_after_action(warnings, self.env["customer.credit.hold"])
        if holds:
            return self._credit_hold_notification(holds)
        return result

    def _action_done(self):
        """The deliveries not checked by their button are checked here; those stopped stay
        undone on credit hold."""
        checked = CreditChecked.covered(self)
        passed = (self - checked)._credit_enforce()[0] | checked
        result = super(StockPicking, passed)._action_done()
        passed.with_env(self.env)._credit_use_releases()
        return result

    def _credit_use_releases(self):
        """A released hold lets its delivery through once: used when the delivery is done."""
        done = self.filtered(lambda picking: picking.state == "done")
        if done:
            self.env["customer.credit.hold"].sudo().search([
                ("picking_id", "in", done.ids), ("state", "=", "released"),
                ("used", "=", False)]).write({"used": True})
