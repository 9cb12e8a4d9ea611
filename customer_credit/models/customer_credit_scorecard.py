from odoo import _, api, fields, models

SCORECARD_METHODS = [
    ("5c", "5C"),
    ("characteristic", "Characteristic Analysis"),
    ("custom", "Custom"),
]


class CustomerCreditScorecard(models.Model):
    """A rating method (信用评估方法): weighted indicators, each scored 1 to 10 points.

    Indicator score = weight × points, maximum = weight × 10 and the credit level of an
    evaluation is Σ score / Σ maximum as a percentage."""

    _name = "customer.credit.scorecard"
    _description = "Credit Scorecard"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(
        required=True, tracking=True,
        help="Short unique code, e.g. 5C or CHAR.")
    sequence = fields.Integer(default=10)
    method = fields.Selection(
        SCORECARD_METHODS, required=True, default="custom", tracking=True,
        help="5C: Character, Capacity, Capital, Collateral and Conditions. Characteristic "
        "analysis: the customer's own, priority, and credit and financial characteristics. "
        "Custom: indicators of your own.")
    active = fields.Boolean(default=True, tracking=True)
    description = fields.Text(translate=True)
    indicator_ids = fields.One2many(
        "customer.credit.scorecard.indicator", "scorecard_id", "Indicators", copy=True)
    indicator_count = fields.Integer("Number of Indicators", compute="_compute_totals")
    total_weight = fields.Float(
        compute="_compute_totals",
        help="Sum of the weights; the credit level does not depend on it (it is a ratio), "
        "but weights adding up to 100 read as percentages.")
    total_maximum = fields.Float(
        "Maximum Score", compute="_compute_totals", help="Σ weight × 10.")

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "The code of a scorecard must be unique."),
    ]

    @api.depends("indicator_ids.weight")
    def _compute_totals(self):
        for scorecard in self:
            scorecard.indicator_count = len(scorecard.indicator_ids)
            scorecard.total_weight = sum(scorecard.indicator_ids.mapped("weight"))
            scorecard.total_maximum = scorecard.total_weight * 10

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for scorecard, vals in zip(self, vals_list, strict=True):
            if "name" not in (default or {}):
                vals["name"] = _("%s (copy)", scorecard.name)
            if "code" not in (default or {}):
                vals["code"] = f"{scorecard.code} (copy)"
        return vals_list

