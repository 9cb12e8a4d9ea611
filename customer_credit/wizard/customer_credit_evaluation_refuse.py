from odoo import fields, models


class CustomerCreditEvaluationRefuse(models.TransientModel):
    """The credit manager's reason for refusing submitted evaluations."""

    _name = "customer.credit.evaluation.refuse"
    _description = "Refuse Credit Evaluation"

    evaluation_ids = fields.Many2many(
        "customer.credit.evaluation", "customer_credit_evaluation_refuse_rel", "wizard_id",
        "evaluation_id", string="Evaluations", required=True)
    reason = fields.Text(required=True)

    def action_refuse(self):
        self.ensure_one()
        self.evaluation_ids._refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
