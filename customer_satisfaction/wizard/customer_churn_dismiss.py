from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CustomerChurnDismiss(models.TransientModel):
    """Not lost: why a customer at risk or flagged lost is kept as a customer."""

    _name = "customer.churn.dismiss"
    _description = "Customer Not Lost"

    churn_ids = fields.Many2many("customer.churn", string="Churn Records", required=True)
    note = fields.Text(
        "Why Not Lost", required=True,
        help="Posted in the record's chatter; the customer is not flagged again before its "
        "next purchase.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "customer.churn" and "churn_ids" in fields_list:
            values["churn_ids"] = [fields.Command.set(self.env.context.get("active_ids", []))]
        return values

    def action_dismiss(self):
        self.ensure_one()
        if not (self.note or "").strip():
            raise UserError(_("Say why the customer is not lost."))
        self.churn_ids._dismiss(self.note.strip())
        return {"type": "ir.actions.act_window_close"}
