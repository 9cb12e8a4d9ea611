from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

CONTROL_LEVELS = [("none", "None"), ("warn", "Warn"), ("block", "Block")]


class CustomerCreditGrade(models.Model):
    """A credit grade (信用等级) and the credit policy that goes with it."""

    _name = "customer.credit.grade"
    _description = "Credit Grade and Policy"
    _inherit = ["mail.thread"]
    _order = "scale_id, min_level desc, id"

    name = fields.Char("Grade", required=True, translate=True, tracking=True)
    scale_id = fields.Many2one(
        "customer.credit.grade.scale", required=True, ondelete="cascade", index=True)
    min_level = fields.Float(
        "From Credit Level (%)", required=True, tracking=True,
        help="A customer whose credit level (Σ score / Σ maximum) reaches this percentage, "
        "and not the threshold of a better grade, gets this grade.")
    description = fields.Text("Meaning", translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)

    # The policy (信用政策) of the grade.
    limit_type = fields.Selection(
        [("fixed", "Fixed Amount"), ("sales", "Share of Yearly Sales"),
         ("equity", "Share of Equity")],
        "Credit Limit", required=True, default="fixed", tracking=True,
        help="Fixed amount in the company's currency; or a share of the customer's yearly "
        "sales or of its equity, both from its latest financial statement.")
    limit_amount = fields.Float(tracking=True)
    limit_share = fields.Float(
        "Limit Share (%)", tracking=True,
        help="Percentage of the customer's yearly sales or equity granted as credit limit.")
    payment_term_id = fields.Many2one(
        "account.payment.term", "Payment Terms", tracking=True,
        help="Set on the customer when the grade is approved.")
    pricelist_id = fields.Many2one(
        "product.pricelist", tracking=True,
        help="Set on the customer when the grade is approved, e.g. a bigger discount for "
        "volume.")
    discount_policy = fields.Text(
        "Discounts and Rebates", translate=True,
        help="Discounts and rebates the grade earns, e.g. a rebate for early payment.")
    validity_months = fields.Integer(
        "Valid for (Months)", default=12, required=True, tracking=True,
        help="How long a grant of this grade lasts before the customer must be reviewed.")
    control_level = fields.Selection(
        CONTROL_LEVELS, required=True, default="warn", tracking=True,
        help="None: no check. Warn: the numbers are shown and the user may continue. Block: "
        "a document breaking a credit rule is put on credit hold until a credit manager "
        "releases it.")
    expiry_action = fields.Selection(
        [("none", "None"), ("warn", "Warn"), ("block", "Block New Orders Until Reviewed")],
        "At Expiry", compute="_compute_expiry_action", store=True, readonly=False,
        required=True, precompute=True, tracking=True,
        help="What the 'grade expired' rule does once a grant of this grade has expired "
        "(proposed from the control level). None: nothing. Warn: the user is warned and may "
        "continue, even for a customer whose control level is None or Block. Block: new "
        "documents are put on credit hold until the customer is reviewed, even if the "
        "control level is only Warn.")

    _sql_constraints = [
        ("name_scale_unique", "UNIQUE(scale_id, name)", "Grade names are unique in a scale."),
    ]

    @api.depends("control_level")
    def _compute_expiry_action(self):
        for grade in self:
            grade.expiry_action = grade.control_level or "warn"

    @api.constrains("min_level", "limit_share", "limit_amount", "validity_months")
    def _check_policy(self):
        for grade in self:
            if not 0 <= grade.min_level <= 100:
                raise ValidationError(_("The threshold of grade %s must be between 0 and "
                                        "100 %%.", grade.name))
            if grade.limit_amount < 0 or grade.limit_share < 0:
                raise ValidationError(_("The credit limit of grade %s cannot be negative.",
                                        grade.name))
            if grade.validity_months <= 0:
                raise ValidationError(_("Grade %s must be valid for at least one month.",
                                        grade.name))

    @api.constrains("scale_id", "min_level", "active")
    def _check_unique_threshold(self):
        """Two grades of a scale at the same threshold would make the grade of a credit
        level a matter of chance."""
        for grade in self.filtered("active"):
            twin = self.search([("scale_id", "=", grade.scale_id.id), ("id", "!=", grade.id),
                                ("min_level", "=", grade.min_level)], limit=1)
            if twin:
                raise ValidationError(_(
                    "Grades %(grade)s and %(twin)s of scale %(scale)s both start at a credit "
                    "level of %(level)s %%: give each grade its own threshold.",
                    grade=grade.name, twin=twin.name, scale=grade.scale_id.name,
                    level=format(grade.min_level, "g")))

