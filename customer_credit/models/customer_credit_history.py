from odoo import api, fields, models


class CustomerCreditHistory(models.Model):
    """One change of a customer's grade, credit limit or hold (who, when, old, new, why).

    Written by the system only (through ``res.partner._credit_log``); nobody edits it."""

    _name = "customer.credit.history"
    _description = "Credit Grade and Limit History"
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one("res.company", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", "Changed By", required=True, default=lambda self: self.env.user)
    change_type = fields.Selection(
        [("grade", "Grade"), ("limit", "Credit Limit"), ("temporary", "Temporary Limit"),
         ("hold", "Credit Hold")],
        "Change", required=True)
    old_grade_id = fields.Many2one("customer.credit.grade")
    new_grade_id = fields.Many2one("customer.credit.grade")
    old_limit = fields.Monetary(currency_field="currency_id")
    new_limit = fields.Monetary(currency_field="currency_id")
    reason = fields.Text()
    source_ref = fields.Reference(
        "_selection_source_models", "Source",
        help="The evaluation, limit request or hold that made the change.")

    @api.model
    def _selection_source_models(self):
        models_ = self.env["ir.model"].sudo().search(
            [("model", "like", "customer.credit.%")])
        return [(model.model, model.name) for model in models_]
