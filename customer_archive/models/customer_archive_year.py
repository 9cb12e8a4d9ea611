from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class CustomerArchiveYear(models.Model):
    _name = "customer.archive.year"
    _description = "Customer Yearly Figures"
    _order = "partner_id, year desc"
    _rec_name = "year"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, ondelete="restrict", index=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    year = fields.Integer(required=True, default=lambda self: fields.Date.today().year)
    estimated_turnover = fields.Monetary(
        help="The customer's own yearly turnover, as estimated by us.")
    sales_amount = fields.Monetary(
        "Our Sales", readonly=True,
        help="Untaxed amount of our posted invoices less credit notes to this customer in the "
        "year, in the company's currency.")
    invoice_count = fields.Integer("Invoices", readonly=True)
    share_of_turnover = fields.Float(
        "Our Share (%)", compute="_compute_share_of_turnover", digits=(16, 1),
        help="Our sales as a share of the customer's estimated turnover.")

    _sql_constraints = [
        ("partner_company_year_unique", "UNIQUE(partner_id, company_id, year)",
         "A customer has one line of figures per company and year."),
    ]

    @api.depends("estimated_turnover", "sales_amount")
    def _compute_share_of_turnover(self):
        for line in self:
            line.share_of_turnover = (
                100.0 * line.sales_amount / line.estimated_turnover
                if line.estimated_turnover else 0.0)

    @api.constrains("year", "estimated_turnover")
    def _check_year(self):
        for line in self:
            if not 1900 <= line.year <= 2999:
                raise ValidationError(_("%s is not a valid year.", line.year))
            if line.estimated_turnover < 0:
                raise ValidationError(_("The estimated turnover cannot be negative."))

    @api.model
    def _refresh_sales(self, partners):
        """Recompute our sales per customer, company and year from posted invoices.

        One statement for the whole batch: it inserts the missing years, updates the others
        and zeroes years whose invoices were all cancelled.
        """
        if not partners:
            return
        self.flush_model()
        self.env.cr.execute(SQL(
            """
            WITH sales AS (
                SELECT m.commercial_partner_id AS partner_id, m.company_id,
                       EXTRACT(YEAR FROM m.invoice_date)::int AS year,
                       SUM(m.amount_untaxed_signed) AS amount,
                       COUNT(*) FILTER (WHERE m.move_type = 'out_invoice') AS invoices
                  FROM account_move m
                 WHERE m.commercial_partner_id = ANY(%(partner_ids)s)
                   AND %(sales)s
                   AND m.invoice_date IS NOT NULL
                 GROUP BY 1, 2, 3
            ), saved AS (
                INSERT INTO customer_archive_year AS y
                       (partner_id, company_id, year, sales_amount, invoice_count,
                        create_uid, write_uid, create_date, write_date)
                SELECT partner_id, company_id, year, amount, invoices,
                       %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM sales
                    ON CONFLICT (partner_id, company_id, year) DO UPDATE
                   SET sales_amount = EXCLUDED.sales_amount,
                       invoice_count = EXCLUDED.invoice_count,
                       write_uid = EXCLUDED.write_uid,
                       write_date = EXCLUDED.write_date
                 WHERE y.sales_amount IS DISTINCT FROM EXCLUDED.sales_amount
                    OR y.invoice_count IS DISTINCT FROM EXCLUDED.invoice_count
             RETURNING y.id
            )
            UPDATE customer_archive_year y
               SET sales_amount = 0, invoice_count = 0, write_uid = %(uid)s, write_date = %(now)s
             WHERE y.partner_id = ANY(%(partner_ids)s)
               AND (y.sales_amount <> 0 OR y.invoice_count <> 0)
               AND NOT EXISTS (SELECT 1 FROM sales s
                                WHERE s.partner_id = y.partner_id
                                  AND s.company_id = y.company_id AND s.year = y.year)
            """,
            partner_ids=partners.ids, sales=self.env["account.move"]._sales_condition("m"),
            uid=self.env.uid,
            now=fields.Datetime.now(),
        ))
        self.invalidate_model(["sales_amount", "invoice_count"])
        partners.invalidate_recordset(["archive_year_ids"])
