from odoo import api, models


class CustomerChurn(models.Model):
    """A churn record changes the customer's health: refreshed when one is opened, changes
    status or customer, and after the customers who bought again are reactivated."""

    _inherit = "customer.churn"

    @api.model_create_multi
    def create(self, vals_list):
        churns = super().create(vals_list)
        self.env["res.partner"]._health_refresh_of(churns)
        return churns

    def write(self, vals):
        result = super().write(vals)
        if {"state", "win_back_status", "partner_id", "company_id"} & vals.keys():
            self.env["res.partner"]._health_refresh_of(self)
        return result

    @api.model
    def _detect_churn(self, partners, today=None):
        # The daily health cron, which runs after this one, refreshes the customers' health.
        return super(CustomerChurn, self.with_context(health_no_refresh=True))._detect_churn(
            partners, today)

    @api.model
    def _reactivate_partners(self, partners, companies=None, today=None):
        reactivated = super(CustomerChurn, self.with_context(
            health_no_refresh=True))._reactivate_partners(partners, companies, today)
        self.env["res.partner"]._health_refresh_of(reactivated)
        return reactivated
