from odoo import api, models


class CustomerSatisfactionScore(models.Model):
    _inherit = "customer.satisfaction.score"

    @api.model
    def _create_from_user_inputs(self, user_inputs):
        scores = super()._create_from_user_inputs(user_inputs)
        # A low or dropping score may open a credit warning signal.
        scores.partner_id._health_refresh()
        return scores
