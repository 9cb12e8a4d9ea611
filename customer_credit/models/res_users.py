from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResUsers(models.Model):
    _inherit = "res.users"

    credit_approval_amount = fields.Float(
        "Credit Approval Amount",
        help="The largest credit a credit manager may grant one customer, in the currency of "
        "the company concerned: the limit of an approved limit request, or the exposure "
        "including the document when releasing a credit hold. Zero: no approvals.")

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["credit_approval_amount"]

    @api.constrains("credit_approval_amount")
    def _check_credit_approval_amount(self):
        if any(user.credit_approval_amount < 0 for user in self):
            raise ValidationError(_("An approval amount cannot be negative."))
