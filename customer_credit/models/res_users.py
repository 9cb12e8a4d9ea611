from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResUsers(models.Model):
    _inherit = "res.users"

    credit_approval_amount = fields.Float(
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

    @api.model
    def _credit_approver(self, company, amount, exclude=None):
        """The credit manager of ``company`` who should decide on ``amount`` (a limit, or an
        exposure after a release): the one with the smallest approval amount that covers it,
        who decides without troubling those with larger amounts; when nobody may approve
        that much, the one with the largest amount, who can escalate it. ``exclude``: users
        who may not decide it (the requester: four eyes). Empty when the company has no
        credit manager."""
        managers = (company._credit_manager_users() - (exclude or self.browse())).sorted(
            lambda user: (user.credit_approval_amount, user.name or "", user.id))
        able = managers.filtered(lambda user: company.currency_id.compare_amounts(
            user.credit_approval_amount, amount) >= 0)
        return able[:1] or managers[-1:]

    def _credit_covers(self, amount, currency):
        """Whether this user's approval amount covers ``amount``."""
        self.ensure_one()
        return currency.compare_amounts(amount, self.credit_approval_amount) <= 0
