from odoo import fields, models


class CustomerCreditLimitRequestRefuse(models.TransientModel):
    """The credit manager refuses limit requests and says why; the reason is kept on the
    request and told to the requester in the chatter."""

    _name = "customer.credit.limit.request.refuse"
    _description = "Refuse Credit Limit Request"

    request_ids = fields.Many2many(
        "customer.credit.limit.request", "customer_credit_limit_request_refuse_rel",
        "wizard_id", "request_id", string="Requests", required=True)
    reason = fields.Text("Refusal Reason", required=True)

    def action_refuse(self):
        self.ensure_one()
        self.request_ids._refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
