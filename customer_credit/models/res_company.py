from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .customer_credit_grade import CONTROL_LEVELS


class ResCompany(models.Model):
    _inherit = "res.company"

    credit_scale_id = fields.Many2one(
        "customer.credit.grade.scale", "Grade Scale",
        help="The scale that turns a credit level into a grade in new evaluations.")
    credit_default_control_level = fields.Selection(
        CONTROL_LEVELS, "Control Without Grade", default="none", required=True,
        help="Control level of customers that have no grade yet.")
    credit_check_sale = fields.Boolean(
        "Check at Sales Order Confirmation", default=True)
    credit_check_invoice = fields.Boolean("Check at Invoice Posting", default=True)
    credit_check_delivery = fields.Boolean(
        "Check at Delivery Validation", default=False,
        help="Used when Inventory is installed.")
    credit_rule_limit = fields.Boolean(
        "Rule: Over Credit Limit", default=True,
        help="Exposure plus the document above the customer's credit limit.")
    credit_rule_overdue = fields.Boolean(
        "Rule: Overdue", default=True,
        help="Receivables overdue beyond the tolerance in days and amount.")
    credit_overdue_days = fields.Integer(
        "Overdue Tolerance (Days)", default=30,
        help="Items overdue by more than this many days break the rule ...")
    credit_overdue_amount = fields.Monetary(
        "Overdue Tolerance (Amount)", currency_field="currency_id",
        help="... when together they amount to more than this.")
    credit_rule_expired = fields.Boolean(
        "Rule: Grade Expired", default=True,
        help="The customer's grant has reached its expiry date.")
    credit_rule_on_hold = fields.Boolean(
        "Rule: Customer on Hold", default=True,
        help="A credit manager put the customer on credit hold.")

    @api.constrains("credit_overdue_days", "credit_overdue_amount")
    def _check_credit_tolerance(self):
        for company in self:
            if company.credit_overdue_days < 0 or company.credit_overdue_amount < 0:
                raise ValidationError(_("Overdue tolerances cannot be negative."))
