from odoo import fields, models
from odoo.osv import expression


class CustomerSatisfactionCampaign(models.Model):
    _inherit = "customer.satisfaction.campaign"

    credit_grade_ids = fields.Many2many(
        "customer.credit.grade", string="Credit Grades",
        help="The customers' credit grade in the campaign's company.")

    def _get_partner_domain(self):
        domain = super()._get_partner_domain()
        if self.credit_grade_ids:
            domain = expression.AND(
                [domain, [("credit_grade_id", "in", self.credit_grade_ids.ids)]])
        return domain
