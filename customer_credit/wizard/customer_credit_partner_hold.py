from odoo import fields, models
from odoo.addons.customer_archive.models.customer_figures import CUSTOMER_DOMAIN


class CustomerCreditPartnerHold(models.TransientModel):
    """A credit manager puts a customer on credit hold, or lifts it, with a reason."""

    _name = "customer.credit.partner.hold"
    _description = "Put a Customer on Credit Hold or Lift It"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, domain=CUSTOMER_DOMAIN)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company)
    decision = fields.Selection(
        [("hold", "Put on Hold"), ("lift", "Lift Hold")], required=True,
        default="hold")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.partner_id._credit_set_on_hold(self.decision == "hold", self.reason,
                                            self.company_id)
        return {"type": "ir.actions.act_window_close"}
