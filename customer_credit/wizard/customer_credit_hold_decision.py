from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CustomerCreditHoldDecision(models.TransientModel):
    """A credit manager releases or rejects credit holds, always with a reason."""

    _name = "customer.credit.hold.decision"
    _description = "Release or Reject Credit Holds"

    hold_ids = fields.Many2many("customer.credit.hold", string="Credit Holds", required=True)
    decision = fields.Selection(
        [("release", "Release"), ("reject", "Reject")], required=True,
        default="release")
    reason = fields.Text(required=True)
    currency_id = fields.Many2one(related="hold_ids.currency_id")
    exposure_after = fields.Monetary(
        "Exposure After Documents", compute="_compute_figures",
        help="The highest exposure including its document among the holds.")
    approval_amount = fields.Monetary(
        "Your Approval Amount", compute="_compute_figures",
        help="A release may not bring a customer's exposure above this.")

    @api.depends("hold_ids")
    def _compute_figures(self):
        for wizard in self:
            wizard.exposure_after = max(wizard.hold_ids.mapped("exposure_after") or [0.0])
            wizard.approval_amount = self.env.user.credit_approval_amount

    def action_confirm(self):
        self.ensure_one()
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(_("Give a reason for the decision."))
        if self.decision == "release":
            self.hold_ids._release(reason)
        else:
            self.hold_ids._reject(reason)
        return {"type": "ir.actions.act_window_close"}
