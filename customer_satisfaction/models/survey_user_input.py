from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    satisfaction_score_id = fields.Many2one(
        "customer.satisfaction.score", string="Satisfaction Score", index="btree_not_null",
        readonly=True, copy=False)

    def _mark_done(self):
        res = super()._mark_done()
        self.env["customer.satisfaction.score"].sudo()._create_from_user_inputs(self)
        return res
