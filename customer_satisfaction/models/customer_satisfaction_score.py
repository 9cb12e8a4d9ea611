from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .customer_satisfaction_attribute import DIMENSIONS

SCORED_QUESTION_TYPES = ("scale", "simple_choice")


class CustomerSatisfactionScore(models.Model):
    _name = "customer.satisfaction.score"
    _description = "Customer Satisfaction Score"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    user_input_id = fields.Many2one(
        "survey.user_input", string="Survey Answer", required=True, ondelete="cascade",
        index=True, readonly=True)
    survey_id = fields.Many2one(
        "survey.survey", required=True, index=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, readonly=True,
        ondelete="cascade")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, readonly=True,
        default=lambda self: self.env.company)
    date = fields.Date(required=True, index=True, readonly=True)
    overall = fields.Float("Overall Satisfaction", aggregator="avg",
                           readonly=True, tracking=True)
    score_product = fields.Float("Product", aggregator="avg", readonly=True)
    score_service = fields.Float("Service", aggregator="avg", readonly=True)
    score_economy = fields.Float("Economy", aggregator="avg", readonly=True)
    score_image = fields.Float("Corporate Image", aggregator="avg",
                               readonly=True)
    answered_dimensions = fields.Char(
        readonly=True, help="Dimensions with at least one answered question (a dimension "
        "without answers has no score and does not count in the overall index).")
    is_low = fields.Boolean(
        "Low Satisfaction", readonly=True,
        help="The overall index is below the company's low satisfaction threshold.")
    line_ids = fields.One2many("customer.satisfaction.score.line", "score_id", readonly=True)

    _sql_constraints = [
        ("user_input_unique", "UNIQUE (user_input_id)", "A survey answer has one score only."),
    ]

    @api.constrains("overall", "score_product", "score_service", "score_economy",
                    "score_image")
    def _check_range(self):
        for score in self:
            values = [score.overall, score.score_product, score.score_service,
                      score.score_economy, score.score_image]
            if any(not 0 <= value <= 100 for value in values):
                raise ValidationError(_(
                    "Satisfaction scores lie between 0 and 100: %s.", score.display_name))

    def unlink(self):
        partners, companies = self.partner_id, self.company_id
        result = super().unlink()
        partners._satisfaction_refresh(companies)
        return result

    def _refresh_partner_figures(self):
        """The satisfaction figures of the scores' customers in the scores' companies."""
        self.partner_id._satisfaction_refresh(self.company_id)

    # ------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for score in self:
            score.display_name = f"{score.partner_id.display_name or ''} ({score.date or ''})"

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_recompute(self):
        """Recompute the scores after a change of weights or question mapping."""
        # The answers belong to the survey's responsibles: read them as superuser.
        values = self.sudo()._get_values_from_user_inputs(self.sudo().user_input_id)
        for score in self:
            vals = values[score.sudo().user_input_id.id]
            vals["line_ids"] = [Command.clear()] + vals["line_ids"]
            for field in ("survey_id", "partner_id", "company_id", "date", "user_input_id"):
                vals.pop(field)
            score.write(vals)
        self._store_unanswered_as_no_score()
        self._refresh_partner_figures()
        return True

    def action_open_user_input(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "survey.user_input",
            "res_id": self.user_input_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    @api.model
    def _create_from_user_inputs(self, user_inputs):
        """One score per completed satisfaction answer of a customer."""
        user_inputs = user_inputs.filtered(
            lambda ui: ui.state == "done" and ui.partner_id and not ui.test_entry
            and ui.survey_id.survey_type == "customer_satisfaction"
            and not ui.satisfaction_score_id)
        if not user_inputs:
            return self.browse()
        values = self._get_values_from_user_inputs(user_inputs)
        scores = self.create([values[ui.id] for ui in user_inputs])
        scores._store_unanswered_as_no_score()
        scores._refresh_partner_figures()
        for score in scores:
            score.user_input_id.satisfaction_score_id = score
        scores._schedule_low_score_activities()
        return scores

    @api.model
    def _get_question_scores(self, user_inputs):
        """{user_input id: {question: score 0..100}} over the answered scale questions and
        simple choice questions with scored answers that are mapped to an attribute."""
        Line = self.env["survey.user_input.line"].sudo()
        groups = Line._read_group(
            [("user_input_id", "in", user_inputs.ids), ("skipped", "=", False),
             ("answer_type", "in", ("scale", "suggestion")),
             ("question_id.question_type", "in", SCORED_QUESTION_TYPES),
             ("question_id.satisfaction_attribute_id", "!=", False)],
            ["user_input_id", "question_id"], ["value_scale:max", "answer_score:sum"])
        questions = self.env["survey.question"].sudo().browse(
            {question.id for __, question, __, __ in groups})
        max_scores = dict(self.env["survey.question.answer"].sudo()._read_group(
            [("question_id", "in", questions.ids)], ["question_id"], ["answer_score:max"]))
        result = defaultdict(dict)
        for user_input, question, value_scale, answer_score in groups:
            if question.question_type == "scale":
                span = question.scale_max - question.scale_min
                if span <= 0:
                    continue
                score = (value_scale - question.scale_min) / span * 100
            else:
                max_score = max_scores.get(question, 0.0)
                if max_score <= 0:
                    continue
                score = answer_score / max_score * 100
            result[user_input.id][question] = min(max(score, 0.0), 100.0)
        return result

    @api.model
    def _weighted_mean(self, pairs):
        """Mean of (value, weight) pairs, weights renormalised over the pairs given; None when
        no pair has a weight."""
        total = sum(weight for __, weight in pairs)
        if total <= 0:
            return None
        return sum(value * weight for value, weight in pairs) / total

    @api.model
    def _get_values_from_user_inputs(self, user_inputs):
        """{user_input id: create values}: attribute scores are the means of their questions,
        dimensions the weighted means of their attributes, overall the weighted mean of the
        dimensions, each over what was answered only."""
        question_scores = self._get_question_scores(user_inputs)
        values = {}
        for user_input in user_inputs:
            scores = question_scores.get(user_input.id, {})
            by_attribute = defaultdict(list)
            for question, score in scores.items():
                by_attribute[question.satisfaction_attribute_id].append(score)
            by_dimension = defaultdict(list)
            for attribute, attribute_scores in by_attribute.items():
                by_dimension[attribute.dimension].append(
                    (sum(attribute_scores) / len(attribute_scores), attribute.weight))
            dimension_weights = user_input.survey_id._get_satisfaction_dimension_weights()
            customer = user_input.partner_id.commercial_partner_id
            vals = {
                "user_input_id": user_input.id,
                "survey_id": user_input.survey_id.id,
                "partner_id": customer.id,
                "company_id": user_input._satisfaction_company().id,
                "date": fields.Date.context_today(
                    self, user_input.end_datetime or fields.Datetime.now()),
                "line_ids": [Command.create({
                    "question_id": question.id,
                    "attribute_id": question.satisfaction_attribute_id.id,
                    "touchpoint_id": question.satisfaction_touchpoint_id.id,
                    "score": score,
                }) for question, score in scores.items()],
            }
            dimension_pairs, answered = [], []
            for dimension, __ in DIMENSIONS:
                dimension_score = self._weighted_mean(by_dimension.get(dimension, []))
                vals[f"score_{dimension}"] = dimension_score  # None: no score, not 0
                if dimension_score is not None:
                    answered.append(dimension)
                    dimension_pairs.append((dimension_score, dimension_weights[dimension]))
            overall = self._weighted_mean(dimension_pairs)
            vals["overall"] = overall
            vals["answered_dimensions"] = ",".join(answered)
            values[user_input.id] = vals
        return values

    def _store_unanswered_as_no_score(self):
        """A dimension nobody answered, and the overall index of an answer with no answered
        dimension, have no score: NULL in the table, so that every average (pivots, graphs,
        the index) leaves them out instead of counting a 0. (The ORM shows NULL as 0.)"""
        if not self:
            return
        self.flush_recordset()
        answered = SQL("string_to_array(COALESCE(answered_dimensions, ''), ',')")
        self.env.cr.execute(SQL(
            "UPDATE customer_satisfaction_score SET %(assignments)s WHERE id IN %(ids)s",
            assignments=SQL(", ").join([
                SQL("overall = CASE WHEN COALESCE(answered_dimensions, '') = '' THEN NULL "
                    "ELSE overall END"),
                *(SQL("%(column)s = CASE WHEN %(dimension)s = ANY(%(answered)s) "
                      "THEN %(column)s END",
                      column=SQL.identifier(f"score_{dimension}"), dimension=dimension,
                      answered=answered)
                  for dimension, _label in DIMENSIONS)]),
            ids=tuple(self.ids)))
        self.invalidate_recordset(
            ["overall", *(f"score_{dimension}" for dimension, _label in DIMENSIONS)])

    def _schedule_low_score_activities(self):
        """A to-do for the customer's salesperson (else the survey's responsible) on each
        score below the company's threshold; scores without any answer are left alone."""
        low = self.filtered(
            lambda s: s.answered_dimensions
            and s.overall < s.company_id.satisfaction_low_threshold)
        low.is_low = True
        for score in low:
            user = score.partner_id.user_id or score.survey_id.user_id
            if not user:
                continue
            env = score.with_context(lang=user.lang).env  # the recipient's language
            score.partner_id.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=env._("Low customer satisfaction: %(score).1f", score=score.overall),
                note=env._("%(customer)s rated %(score).1f / 100 in %(survey)s (threshold "
                           "%(threshold).1f). Contact the customer and agree on a remedy.",
                           customer=score.partner_id.display_name, score=score.overall,
                           survey=score.survey_id.with_env(env).title,
                           threshold=score.company_id.satisfaction_low_threshold),
            )
