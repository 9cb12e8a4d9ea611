from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    survey_type = fields.Selection(
        selection_add=[("customer_satisfaction", "Customer Satisfaction")],
        ondelete={"customer_satisfaction": "set default"})
    satisfaction_weight_product = fields.Float("Product Weight", default=40.0)
    satisfaction_weight_service = fields.Float("Service Weight", default=30.0)
    satisfaction_weight_economy = fields.Float("Economy Weight", default=15.0)
    satisfaction_weight_image = fields.Float("Corporate Image Weight", default=15.0)
    satisfaction_score_count = fields.Integer(compute="_compute_satisfaction_score_count")

    _sql_constraints = [
        ("satisfaction_weights_positive",
         "CHECK (satisfaction_weight_product >= 0 AND satisfaction_weight_service >= 0 "
         "AND satisfaction_weight_economy >= 0 AND satisfaction_weight_image >= 0)",
         "Dimension weights cannot be negative."),
    ]

    @api.constrains("survey_type", "satisfaction_weight_product",
                    "satisfaction_weight_service", "satisfaction_weight_economy",
                    "satisfaction_weight_image")
    def _check_satisfaction_weights(self):
        for survey in self.filtered(lambda survey: survey.survey_type == "customer_satisfaction"):
            if not any(survey._get_satisfaction_dimension_weights().values()):
                raise ValidationError(_(
                    "%s: give at least one satisfaction dimension a weight above 0, or the "
                    "overall index could never be computed.", survey.title))

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("survey_type")
    @api.depends_context("uid")
    def _compute_allowed_survey_types(self):
        result = super()._compute_allowed_survey_types()
        if self.env.user.has_group("survey.group_survey_user"):
            self.allowed_survey_types = (self.allowed_survey_types or []) + [
                "customer_satisfaction"]
        return result

    def _compute_satisfaction_score_count(self):
        counts = dict(self.env["customer.satisfaction.score"]._read_group(
            [("survey_id", "in", self.ids)], ["survey_id"], ["__count"]))
        for survey in self:
            survey.satisfaction_score_count = counts.get(survey, 0)

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _get_satisfaction_dimension_weights(self):
        self.ensure_one()
        return {
            "product": self.satisfaction_weight_product,
            "service": self.satisfaction_weight_service,
            "economy": self.satisfaction_weight_economy,
            "image": self.satisfaction_weight_image,
        }

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_view_satisfaction_scores(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_satisfaction.customer_satisfaction_score_action")
        action["domain"] = [("survey_id", "=", self.id)]
        action["context"] = {}
        return action
