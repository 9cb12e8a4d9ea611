from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

INDICATOR_MEASURES = [
    ("none", "None"),
    ("payment_record", "Payment Record"),
    ("current_ratio", "Current Ratio"),
    ("quick_ratio", "Quick Ratio"),
]


class CustomerCreditScorecardIndicator(models.Model):
    """One indicator of a scorecard, with its weight and what its points mean."""

    _name = "customer.credit.scorecard.indicator"
    _description = "Credit Scorecard Indicator"
    _order = "scorecard_id, sequence, id"

    scorecard_id = fields.Many2one(
        "customer.credit.scorecard", required=True, ondelete="cascade",
        index=True)
    sequence = fields.Integer(default=10)
    group = fields.Char(
        translate=True,
        help="The group of indicators it belongs to, e.g. Credit and Financial "
        "Characteristics.")
    name = fields.Char("Indicator", required=True, translate=True)
    weight = fields.Float(
        required=True, default=1.0,
        help="Indicator score = weight × points (1 to 10); maximum = weight × 10.")
    guidance = fields.Text(
        "Scoring Guidance", translate=True,
        help="What 1, 5 and 10 points mean for this indicator.")
    measure = fields.Selection(
        INDICATOR_MEASURES, required=True, default="none",
        help="Lets the evaluation suggest the points from the data: Payment Record from the "
        "customer's invoices of the last 12 months and their payments; Current and Quick "
        "Ratio from its latest financial statement.")

    @api.constrains("weight")
    def _check_weight(self):
        for indicator in self:
            if indicator.weight <= 0:
                raise ValidationError(_(
                    "The weight of indicator %(indicator)s of scorecard %(scorecard)s must be "
                    "positive.", indicator=indicator.name,
                    scorecard=indicator.scorecard_id.name))
