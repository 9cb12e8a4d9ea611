from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .customer_credit_scorecard_indicator import INDICATOR_MEASURES

# What a line copies from its indicator, so that later changes of the scorecard do not
# alter evaluations already made.
INDICATOR_COPIED_FIELDS = ("sequence", "group", "name", "weight", "guidance", "measure")


class CustomerCreditEvaluationLine(models.Model):
    """One indicator of an evaluation: its points (1 to 10), score and maximum."""

    _name = "customer.credit.evaluation.line"
    _description = "Credit Evaluation Line"
    _order = "evaluation_id, sequence, id"

    evaluation_id = fields.Many2one(
        "customer.credit.evaluation", required=True, ondelete="cascade",
        index=True)
    company_id = fields.Many2one(related="evaluation_id.company_id", store=True, index=True)
    state = fields.Selection(related="evaluation_id.state")
    indicator_id = fields.Many2one(
        "customer.credit.scorecard.indicator", "Scorecard Indicator", ondelete="set null")
    sequence = fields.Integer(default=10)
    group = fields.Char(translate=True)
    name = fields.Char("Indicator", required=True, translate=True)
    weight = fields.Float(required=True, default=1.0)
    guidance = fields.Text("Scoring Guidance", translate=True)
    measure = fields.Selection(INDICATOR_MEASURES, required=True, default="none")
    suggested_points = fields.Integer(
        readonly=True,
        help="Points suggested from the data (payment record, current or quick ratio); "
        "empty when the data give no suggestion.")
    evidence = fields.Text(
        readonly=True, help="The figures the suggested points come from.")
    points = fields.Integer(
        help="1 (worst) to 10 (best), following the scoring guidance. Empty (0) while not "
        "scored; every line must be scored before the evaluation is submitted.")
    change_reason = fields.Char(
        "Reason for Other Points",
        help="Required when the points differ from the suggested ones.")
    score = fields.Float(
        compute="_compute_score", store=True, help="Weight × points.")
    maximum = fields.Float(
        compute="_compute_score", store=True, help="Weight × 10.")
    needs_reason = fields.Boolean("Needs a Reason", compute="_compute_needs_reason")

    @api.depends("weight", "points")
    def _compute_score(self):
        for line in self:
            line.score = line.weight * line.points
            line.maximum = line.weight * 10

    @api.depends("points", "suggested_points")
    def _compute_needs_reason(self):
        for line in self:
            line.needs_reason = bool(
                line.suggested_points and line.points and line.points != line.suggested_points)

    @api.constrains("points")
    def _check_points(self):
        for line in self:
            # 0 is the empty value of an integer field: "not scored yet", refused at submit.
            if line.points and not 1 <= line.points <= 10:
                raise ValidationError(_(
                    "%(indicator)s: points go from 1 to 10, not %(points)s.",
                    indicator=line.name, points=line.points))

    @api.constrains("weight")
    def _check_weight(self):
        for line in self:
            if line.weight <= 0:
                raise ValidationError(_("%s: the weight must be positive.", line.name))

    # ------------------------------------------------------------------
    # CRUD: only draft evaluations are scored
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        indicators = self.env["customer.credit.scorecard.indicator"].browse(
            [vals["indicator_id"] for vals in vals_list if vals.get("indicator_id")])
        by_id = {indicator.id: indicator for indicator in indicators}
        for vals in vals_list:
            indicator = by_id.get(vals.get("indicator_id"))
            if indicator:
                for name in INDICATOR_COPIED_FIELDS:
                    vals.setdefault(name, indicator[name])
        lines = super().create(vals_list)
        lines.evaluation_id._check_draft(_("scored"))
        lines._copy_indicator_translations()
        return lines

    def _copy_indicator_translations(self):
        """Lines copied from an indicator keep its labels in every language, not only in
        the language of the user who created the evaluation."""
        self.flush_recordset(["group", "name", "guidance"])
        self.env.cr.execute(SQL(
            """UPDATE customer_credit_evaluation_line line
                  SET "group" = indicator."group", name = indicator.name,
                      guidance = indicator.guidance
                 FROM customer_credit_scorecard_indicator indicator
                WHERE line.indicator_id = indicator.id AND line.id IN %s
                  AND line.name ->> %s
                      = COALESCE(indicator.name ->> %s, indicator.name ->> 'en_US')""",
            tuple(self.ids), self.env.lang or "en_US", self.env.lang or "en_US"))
        self.invalidate_recordset(["group", "name", "guidance"])

    def write(self, vals):
        self.evaluation_id._check_draft(_("scored"))
        return super().write(vals)

    def unlink(self):
        self.evaluation_id._check_draft(_("scored"))
        return super().unlink()

    def _set_suggestion(self, points, evidence):
        """Store the suggestion; points that followed the old suggestion (or were empty)
        follow the new one, points the analyst chose stay."""
        for line in self:
            values = {"suggested_points": points or 0, "evidence": evidence or False}
            if not line.points or line.points == line.suggested_points:
                values["points"] = points or 0
            if any(line[name] != value for name, value in values.items()):
                line.update(values)

    def _check_scored(self):
        """Every line scored, and a reason wherever the points leave the suggestion."""
        unscored = self.filtered(lambda line: not line.points)
        if unscored:
            raise UserError(_(
                "Score every indicator from 1 to 10 before submitting; not scored: %s.",
                ", ".join(unscored.mapped("name"))))
        unexplained = self.filtered(lambda line: line.needs_reason and not line.change_reason)
        if unexplained:
            raise UserError(_(
                "Give a reason where the points differ from the suggested ones: %s.",
                ", ".join(f"{line.name} ({line.points} / {line.suggested_points})"
                          for line in unexplained)))
