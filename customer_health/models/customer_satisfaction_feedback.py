from odoo import api, models


class CustomerSatisfactionFeedback(models.Model):
    """Open complaints count in the customer's health."""

    _inherit = "customer.satisfaction.feedback"

    @api.model_create_multi
    def create(self, vals_list):
        feedbacks = super().create(vals_list)
        self.env["res.partner"]._health_refresh_of(feedbacks.filtered("is_complaint"))
        return feedbacks

    def write(self, vals):
        result = super().write(vals)
        if {"state", "feedback_type", "partner_id", "company_id"} & vals.keys():
            self.env["res.partner"]._health_refresh_of(self)
        return result
