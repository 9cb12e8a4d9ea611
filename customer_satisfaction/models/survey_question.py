from odoo import fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    satisfaction_attribute_id = fields.Many2one(
        "customer.satisfaction.attribute", index="btree_not_null",
        help="Scale questions and simple choice questions with scored answers mapped to an "
        "attribute count in the satisfaction indices.")
    satisfaction_dimension = fields.Selection(
        related="satisfaction_attribute_id.dimension", string="Satisfaction Dimension")
    satisfaction_survey_type = fields.Selection(related="survey_id.survey_type")
    satisfaction_touchpoint_id = fields.Many2one(
        "customer.satisfaction.touchpoint", string="Touchpoint")
