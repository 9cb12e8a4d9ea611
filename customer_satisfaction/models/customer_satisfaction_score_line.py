from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerSatisfactionScoreLine(models.Model):
    _name = "customer.satisfaction.score.line"
    _description = "Customer Satisfaction Score per Question"
    _order = "score_id, id"

    score_id = fields.Many2one(
        "customer.satisfaction.score", required=True, ondelete="cascade", index=True)
    question_id = fields.Many2one("survey.question", required=True, ondelete="cascade")
    attribute_id = fields.Many2one(
        "customer.satisfaction.attribute", required=True, index=True)
    dimension = fields.Selection(related="attribute_id.dimension", store=True)
    touchpoint_id = fields.Many2one(
        "customer.satisfaction.touchpoint", index="btree_not_null")
    score = fields.Float("Satisfaction", aggregator="avg")
    partner_id = fields.Many2one(related="score_id.partner_id", store=True, string="Customer")
    company_id = fields.Many2one(related="score_id.company_id", store=True)
    date = fields.Date(related="score_id.date", store=True)
    survey_id = fields.Many2one(related="score_id.survey_id", store=True)

    @api.constrains("score")
    def _check_score(self):
        if any(not 0 <= line.score <= 100 for line in self):
            raise ValidationError(_("A question's satisfaction lies between 0 and 100."))
