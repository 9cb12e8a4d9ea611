from odoo import fields, models
from odoo.tools import SQL


class CustomerCreditCheckLock(models.Model):
    """One row per customer and company, written by every credit check before it reads the
    exposure.

    Odoo runs REPEATABLE READ: a row lock alone would let a second check wait, then read
    its old snapshot and pass too. Updating the same row makes the later of two concurrent
    checks fail with a serialization error when the first commits; Odoo retries the
    request with a fresh snapshot, which sees the first document."""

    _name = "customer.credit.check.lock"
    _description = "Credit Check Serialisation"
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, ondelete="cascade", index=False)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    checked_at = fields.Datetime("Last Checked", required=True)

    _sql_constraints = [
        ("partner_company_unique", "UNIQUE(partner_id, company_id)",
         "One check lock per customer and company."),
    ]

    def _lock(self, partner, company):
        self.env.cr.execute(SQL(
            """
            INSERT INTO customer_credit_check_lock (partner_id, company_id, checked_at)
                 VALUES (%(partner)s, %(company)s, NOW() AT TIME ZONE 'UTC')
            ON CONFLICT (partner_id, company_id)
              DO UPDATE SET checked_at = EXCLUDED.checked_at
            """, partner=partner.id, company=company.id))
