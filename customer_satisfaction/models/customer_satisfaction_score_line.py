from odoo import fields, models


class CustomerSatisfactionScoreLine(models.Model):
    _name = "customer.satisfaction.score.line"
    _description = "Customer Satisfaction Score per Question"
    _order = "score_id, id"

    score_id = fields.Many2one(
        "customer.satisfaction.score", required=True, ondelete="cascade", index=True)
    question_id = fields.Many2one("survey.question", required=True, ondelete="cascade")
    attribute_id = fields.Many2one(
        "customer.satisfaction.attribute", string="Attribute", required=True, index=True)
    dimension = fields.Selection(related="attribute_id.dimension", store=True)
    touchpoint_id = fields.Many2one(
        "customer.satisfaction.touchpoint", string="Touchpoint", index="btree_not_null")
    score = fields.Float("Satisfaction", aggregator="avg")
    partner_id = fields.Many2one(related="score_id.partner_id", store=True, string="Customer")
    company_id = fields.Many2one(related="score_id.company_id", store=True)
    date = fields.Date(related="score_id.date", store=True)
    survey_id = fields.Many2one(related="score_id.survey_id", store=True)
