from odoo import fields, models


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "customer.credit.document"]

    credit_hold_ids = fields.One2many(
        "customer.credit.hold", "move_id", "Credit Holds", readonly=True)

    # ------------------------------------------------------------------
    # Credit check: posting a customer invoice (not a credit note)
    # ------------------------------------------------------------------
    def _credit_check_point(self):
        return "invoice"

    def _credit_hold_field(self):
        return "move_id"

    def _credit_depends(self):
        return ["company_id", "partner_id", "move_type", "state", "amount_total_signed"]

    def _credit_partner(self):
        if self.move_type not in ("out_invoice", "out_refund"):
            return self.env["res.partner"]
        return self.partner_id.commercial_partner_id

    def _credit_is_checked(self):
        self.ensure_one()
        return (self.company_id.credit_check_invoice and self.move_type == "out_invoice"
                and self.state == "draft")

    def _credit_amounts(self):
        """A draft invoice is already in the exposure (draft invoices) for what is saved;
        a posted one for its residual."""
        self.ensure_one()
        origin = self._origin
        if self.state == "posted":
            return origin.amount_residual_signed, origin.amount_residual_signed
        if self.state == "cancel":
            return 0.0, 0.0
        counted = origin.amount_total_signed if origin and origin.state == "draft" else 0.0
        return self.amount_total_signed, counted

    def _credit_responsible(self):
        return self.invoice_user_id

    def _credit_can_proceed(self):
        return self.state == "draft"

    def _credit_hold_release(self, hold):
        self.action_post()

    def _credit_hold_reject(self, hold):
        if self.state == "draft":
            self.button_cancel()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_post(self):
        """Post the moves that pass the credit check; put the other customer invoices on
        credit hold and tell the user (no exception: the hold must be kept)."""
        passed, holds, warnings, released = self._credit_enforce()
        result = False
        if passed:
            result = super(AccountMove, passed).action_post()
            passed._credit_after_action(warnings, released)
        if holds:
            return self._credit_hold_notification(holds)
        return result
