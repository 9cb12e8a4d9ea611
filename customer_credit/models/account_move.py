from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.tools import SQL

from .customer_credit_document import CreditChecked

# The customer documents checked at posting: invoices and sales receipts (not credit notes).
CHECKED_MOVE_TYPES = ("out_invoice", "out_receipt")
# The customer documents of the exposure: with credit notes, which lower it.
CREDIT_MOVE_TYPES = ("out_invoice", "out_refund", "out_receipt")


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "customer.credit.document"]

    credit_hold_ids = fields.One2many(
        "customer.credit.hold", "move_id", "Credit Holds", readonly=True)

    # ------------------------------------------------------------------
    # Credit check: posting a customer invoice or sales receipt
    # ------------------------------------------------------------------
    def _credit_check_point(self):
        return "invoice"

    def _credit_hold_field(self):
        return "move_id"

    def _credit_depends(self):
        return ["company_id", "partner_id", "move_type", "state", "amount_total_signed"]

    def _credit_partner(self):
        if self.move_type not in CREDIT_MOVE_TYPES:
            return self.env["res.partner"]
        return self.partner_id.commercial_partner_id

    def _credit_check_applies(self):
        return self.company_id.credit_check_invoice and self.move_type in CHECKED_MOVE_TYPES

    @api.model
    def _credit_draft_domain(self, company):
        """The draft customer invoices, receipts and credit notes of ``company``: the
        exposure's draft invoices (their ``amount_total_signed``: credit notes lower it)."""
        return [("company_id", "=", company.id), ("state", "=", "draft"),
                ("move_type", "in", CREDIT_MOVE_TYPES)]

    @api.model
    def _credit_draft_sql(self, company):
        """FROM and WHERE of ``_credit_draft_domain`` as ``move``. Flushes what it reads."""
        self.flush_model(["commercial_partner_id", "company_id", "state", "move_type",
                          "amount_total_signed"])
        return SQL("account_move move WHERE move.company_id = %s AND move.state = 'draft'"
                   " AND move.move_type IN %s", company.id, CREDIT_MOVE_TYPES)

    def _credit_is_checked(self):
        self.ensure_one()
        return self._credit_check_applies() and self.state == "draft"

    def _credit_passed(self):
        return self.state == "posted"

    def _credit_counted(self):
        if self.move_type not in CHECKED_MOVE_TYPES or self.state == "cancel":
            return 0.0
        return self.amount_residual_signed if self.state == "posted" \
            else self.amount_total_signed

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
    # Every route to a posted document: _post (the Post button, the "Post entries" wizard,
    # the auto-post cron, payments), a state written directly, a draft moved to another
    # customer
    # ------------------------------------------------------------------
    def _credit_watched(self, vals):
        if vals.get("state") == "posted":
            return self.filtered(lambda move: move.state != "posted")
        if "partner_id" in vals:
            return self.filtered(lambda move: move.state == "draft")
        return self.browse()

    def _post(self, soft=True):
        """Post the moves that pass the credit check; the customer invoices that do not stay
        in draft on credit hold (no exception: the hold must be kept, and the other moves
        of the batch are posted)."""
        checked = CreditChecked.covered(self)
        passed, holds, warnings, released = (self - checked)._credit_enforce()
        passed |= checked
        held = self - passed
        if held:
            # The auto-post cron would take them again every run: the release posts them.
            automatic = held.filtered(lambda move: move.auto_post != "no")
            if automatic:
                automatic.sudo().write({"auto_post": "no"})
                for move in automatic:
                    move.sudo().message_post(body=Markup("<p>%s</p>") % _(
                        "Automatic posting stopped by the credit hold: releasing the hold "
                        "posts it."))
        posted = super(AccountMove, CreditChecked.context(passed))._post(soft)
        posted._credit_after_action(warnings, released)
        return posted.with_env(self.env)

    def action_post(self):
        """Post; tell the user which customer invoices were put on credit hold."""
        result = super().action_post()
        holds = self.sudo().filtered(lambda move: move.state == "draft").credit_hold_ids.\
            filtered(lambda hold: hold.state == "hold")
        if holds:
            return self._credit_hold_notification(holds)
        return result
