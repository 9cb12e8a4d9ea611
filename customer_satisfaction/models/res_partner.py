from collections import defaultdict

from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    satisfaction_score_ids = fields.One2many(
        "customer.satisfaction.score", "partner_id", string="Satisfaction Scores")
    satisfaction_score = fields.Float(
        "Satisfaction", compute="_compute_satisfaction", store=True,
        help="Overall index of the customer's latest satisfaction answer.")
    satisfaction_date = fields.Date("Last Satisfaction Survey", compute="_compute_satisfaction",
                                    store=True)
    satisfaction_trend = fields.Float(
        "Satisfaction Trend", compute="_compute_satisfaction", store=True,
        help="Latest overall index minus the previous one.")
    satisfaction_score_count = fields.Integer(compute="_compute_satisfaction", store=True)

    @api.depends("satisfaction_score_ids.overall", "satisfaction_score_ids.date")
    def _compute_satisfaction(self):
        partners = self.filtered("id")
        by_partner = defaultdict(list)
        if partners.ids:
            scores = self.env["customer.satisfaction.score"].sudo().search_fetch(
                [("partner_id", "in", partners.ids)], ["partner_id", "overall", "date"],
                order="date desc, id desc")
            for score in scores:
                by_partner[score.partner_id.id].append(score)
        for partner in self:
            scores = by_partner.get(partner.id, [])
            partner.satisfaction_score_count = len(scores)
            partner.satisfaction_score = scores[0].overall if scores else 0.0
            partner.satisfaction_date = scores[0].date if scores else False
            partner.satisfaction_trend = (
                scores[0].overall - scores[1].overall if len(scores) > 1 else 0.0)

    def action_view_satisfaction_scores(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_satisfaction.customer_satisfaction_score_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
