from odoo import _, fields, models
from odoo.exceptions import UserError


class CustomerCreditAgingWizard(models.TransientModel):
    _name = "customer.credit.aging.wizard"
    _description = "Receivables Aging: Date and Companies"

    as_of = fields.Date(
        required=True, default=fields.Date.context_today,
        help="Items posted on or before this date count with what was still open on it: an "
             "invoice paid later counts as open.")
    company_ids = fields.Many2many(
        "res.company", string="Companies", required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)])

    def _compute_rows(self):
        self.ensure_one()
        if not self.company_ids:
            raise UserError(_("Choose at least one company."))
        return self.env["customer.credit.aging"]._compute_aging(self.as_of, self.company_ids)

    def action_open(self):
        """Compute the aging and show it (list, pivot, graph)."""
        self._compute_rows()
        return self.env["customer.credit.aging"]._action_open(self.as_of, self.company_ids)

    def action_export_xlsx(self):
        """Compute the aging and download it as an .xlsx file."""
        self._compute_rows()
        return self.env["customer.credit.aging"].action_export_xlsx()
