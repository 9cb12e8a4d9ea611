"""Loyalty and RFM (忠诚度), set-based: years as customer, purchase days per year and the
recency, frequency and monetary quintile scores of each company's customers with their
segment, refreshed nightly. Inherited by res.partner."""
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.customer_archive.tools import run_in_batches, write_columns
from odoo.tools import SQL, split_every

LOYALTY_NEW_MONTHS = 6
LOYALTY_BATCH = 5000


class CustomerSatisfactionLoyalty(models.AbstractModel):
    _name = "customer.satisfaction.loyalty"
    _description = "Loyalty and RFM (engine of the customers)"

    @api.model
    def _cron_refresh_loyalty(self, batch_size=LOYALTY_BATCH):
        """Daily: years as customer, purchase frequency and RFM scores of every customer with
        an archive, per archive company (the quintiles rank the company's whole customer
        base: one query per company), written in batches committed outside tests."""
        return self._refresh_loyalty_all(batch_size=batch_size, commit=True)

    @api.model
    def _refresh_loyalty_all(self, today=None, batch_size=LOYALTY_BATCH, commit=False):
        """Refresh the loyalty figures of every company's customers with an archive; return
        the number of customers refreshed."""
        today = today or fields.Date.context_today(self)
        companies = self.sudo()._read_group(
            [("archive_number", "!=", False)], ["archive_company_id"])
        return sum(self._refresh_loyalty(company, today, batch_size=batch_size, commit=commit)
                   for (company,) in companies)

    @api.model
    def _refresh_loyalty(self, company, today=None, batch_size=LOYALTY_BATCH, commit=False):
        """Refresh the loyalty figures of the customers whose archive ``company`` owns, as
        of ``today``: one query computes the figures and the quintile scores of all of them,
        one UPDATE per batch writes them. Return the number of customers refreshed."""
        today = today or fields.Date.context_today(self)
        rows = self._loyalty_figures(company, today)
        new_since = today - relativedelta(months=LOYALTY_NEW_MONTHS)
        values = []
        for partner_id, first, days, recency, frequency, monetary in rows:
            segment = False
            if recency:
                segment = ("new" if first > new_since
                           else "champion" if min(recency, frequency, monetary) >= 4
                           else "loyal" if recency >= 3 and frequency >= 3
                           else "promising" if recency >= 3
                           else "at_risk" if frequency >= 3 or monetary >= 3
                           else "hibernating")
            values.append((
                partner_id,
                round((today - first).days / 365.25, 1) if first else 0.0,
                days, recency, frequency, monetary,
                recency + frequency + monetary if recency else None, segment or None))
        def write(batch):
            # On the batch's partners: the UPDATE invalidates their cached figures.
            write_columns(self.browse([row[0] for row in batch]), [
                ("loyalty_years", "numeric"), ("loyalty_frequency", "int4"),
                ("rfm_recency", "int4"), ("rfm_frequency", "int4"), ("rfm_monetary", "int4"),
                ("rfm_score", "int4"), ("loyalty_segment", "varchar"),
            ], batch, company=company)

        run_in_batches(self.env, split_every(batch_size, values, list), write, commit=commit)
        return len(values)

    @api.model
    def _loyalty_figures(self, company, today):
        """[(partner id, first purchase day, purchase days of the last 12 months, recency,
        frequency and monetary scores)] of the customers with an archive of ``company``:
        one query. Purchases are posted customer invoices, sales are untaxed invoices less
        credit notes; the last 12 months are today − 12 months < invoice date ≤ today.

        Quintile score of a value: 1 + ⌊5 × (rank − 1) / n⌋ with the rank of the value
        (equal values share the lowest rank) among the n customers ranked, 1 to 5."""
        self.flush_model(["archive_company_id", "archive_number"])
        return self.env.execute_query(SQL(
            """
            WITH customer AS (
                SELECT id FROM res_partner
                 WHERE archive_company_id = %(company_id)s AND archive_number IS NOT NULL
            ), sales AS (
                SELECT m.commercial_partner_id AS partner_id,
                       MIN(m.invoice_date) FILTER (WHERE m.move_type = 'out_invoice')
                           AS first_day,
                       MAX(m.invoice_date) FILTER (WHERE m.move_type = 'out_invoice')
                           AS last_day,
                       COUNT(DISTINCT m.invoice_date) FILTER (
                           WHERE m.move_type = 'out_invoice'
                             AND m.invoice_date > %(year_from)s) AS days_12,
                       COUNT(*) FILTER (
                           WHERE m.move_type = 'out_invoice'
                             AND m.invoice_date > %(year_from)s) AS invoices_12,
                       COALESCE(SUM(m.amount_untaxed_signed) FILTER (
                           WHERE m.invoice_date > %(year_from)s), 0) AS sales_12
                  FROM account_move m
                  JOIN customer c ON c.id = m.commercial_partner_id
                 WHERE m.company_id = %(company_id)s AND %(sales)s
                   AND m.invoice_date <= %(today)s
                 GROUP BY m.commercial_partner_id
            ), figures AS (
                SELECT c.id, s.first_day, s.last_day, COALESCE(s.days_12, 0) AS days_12,
                       COALESCE(s.invoices_12, 0) AS invoices_12,
                       COALESCE(s.sales_12, 0) AS sales_12,
                       s.last_day IS NOT NULL AS bought,
                       COALESCE(s.invoices_12, 0) > 0 AS recent
                  FROM customer c
                  LEFT JOIN sales s ON s.partner_id = c.id
            )
            SELECT id, first_day, days_12,
                   CASE WHEN bought THEN 1 + 5 * (RANK() OVER (
                       PARTITION BY bought ORDER BY last_day) - 1)
                       / COUNT(*) OVER (PARTITION BY bought) END,
                   CASE WHEN recent THEN 1 + 5 * (RANK() OVER (
                       PARTITION BY recent ORDER BY invoices_12) - 1)
                       / COUNT(*) OVER (PARTITION BY recent)
                        WHEN bought THEN 1 END,
                   CASE WHEN recent THEN 1 + 5 * (RANK() OVER (
                       PARTITION BY recent ORDER BY sales_12) - 1)
                       / COUNT(*) OVER (PARTITION BY recent)
                        WHEN bought THEN 1 END
              FROM figures
             ORDER BY id
            """,
            company_id=company.id, today=today, year_from=today - relativedelta(months=12),
            sales=self.env["account.move"]._sales_condition("m")))
