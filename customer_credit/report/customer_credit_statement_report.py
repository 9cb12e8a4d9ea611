from odoo import _, api, models
from odoo.exceptions import UserError


class ReportPartnerCreditStatements(models.AbstractModel):
    """Printed from the customer: its latest statements in the current company, with the
    two years before."""

    _name = "report.customer_credit.report_partner_credit_statements"
    _description = "Customer Financial Statements (Three Years)"

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        latest = self.env["customer.credit.statement"]._latest_by_partner(
            partners, self.env.company)
        missing = partners.filtered(lambda partner: partner.id not in latest)
        if missing:
            raise UserError(_(
                "No financial statements in %(company)s for: %(customers)s.",
                company=self.env.company.name,
                customers=", ".join(missing.mapped("display_name"))))
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "statements": [latest[partner.id] for partner in partners],
        }
