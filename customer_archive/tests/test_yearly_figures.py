from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CustomerArchiveCommon


@tagged("post_install", "-at_install")
class TestYearlyFigures(CustomerArchiveCommon):
    def _years(self, partner):
        return {line.year: (line.sales_amount, line.invoice_count)
                for line in partner.archive_year_ids
                if line.company_id == self.archive_company}

    def test_sales_per_year_follow_posting(self):
        customer = self.customer_a
        taxed = self._invoice(customer, "2024-03-01", 1000, post=False)
        taxed.invoice_line_ids.tax_ids = self.tax_sale_a  # taxes are not sales
        taxed.action_post()
        self._invoice(customer, "2024-11-30", 2000)
        second = self._invoice(customer, "2025-01-01", 3000)
        self._invoice(customer, "2025-06-01", 500, move_type="out_refund")
        self.assertEqual(self._years(customer), {2024: (3000, 2), 2025: (2500, 1)})
        second.button_draft()
        self.assertEqual(self._years(customer), {2024: (3000, 2), 2025: (-500, 0)})
        second.button_cancel()
        self.assertEqual(self._years(customer)[2025], (-500, 0))
        self.assertEqual(self._years(self.customer_b), {})

    def test_cancelled_year_goes_back_to_zero(self):
        invoice = self._invoice(self.customer_a, "2023-05-05", 700)
        self.assertEqual(self._years(self.customer_a), {2023: (700, 1)})
        invoice.button_draft()
        self.assertEqual(self._years(self.customer_a), {2023: (0, 0)})

    def test_estimated_turnover_and_share(self):
        self._invoice(self.customer_a, "2025-02-02", 2500)
        line = self.customer_a.archive_year_ids.filtered(lambda line: line.year == 2025)
        line.estimated_turnover = 10000
        self.assertAlmostEqual(line.share_of_turnover, 25.0)
        # A year typed by hand before any sale gets its sales when they come.
        planned = self.env["customer.archive.year"].create({
            "partner_id": self.customer_a.id, "company_id": self.archive_company.id,
            "year": 2026, "estimated_turnover": 50000})
        self._invoice(self.customer_a, "2026-01-10", 4000)
        self.assertEqual(planned.sales_amount, 4000)
        self.assertEqual(planned.estimated_turnover, 50000)
        with self.assertRaises(ValidationError):
            planned.estimated_turnover = -1
        with self.assertRaises(ValidationError):
            planned.year = 20

    def test_other_company_has_its_own_rows(self):
        other = self.setup_other_company()["company"]
        self.env.user.company_ids |= other
        self._invoice(self.customer_a, "2025-03-03", 800, company=other)
        self._invoice(self.customer_a, "2025-03-03", 100)
        both = self.customer_a.with_context(allowed_company_ids=[self.archive_company.id, other.id])
        rows = both.archive_year_ids.filtered(lambda line: line.year == 2025)
        self.assertEqual(sorted(rows.mapped("sales_amount")), [100, 800])
        self.assertEqual(both._archive_card_years().mapped("sales_amount"), [100])
        self.env.invalidate_all()
        only_main = self.customer_a.with_context(allowed_company_ids=self.archive_company.ids)
        self.assertEqual(only_main.archive_year_ids.mapped("sales_amount"), [100],
                         "figures of companies the user is not working in are not shown")

    def test_partner_form_queries_do_not_grow_with_history(self):
        few, many = self._create_customer("Few"), self._create_customer("Many")
        self._invoice(few, "2025-01-01", 10)
        for year in range(2015, 2026):
            for month in (1, 6):
                self._invoice(many, f"{year}-{month:02d}-01", 10)
        (few | many).action_refresh_archive()
        specification = {name: {} for name in self.env["res.partner"]._fields
                         if name.startswith("archive_") and not name.endswith("_ids")}
        specification["archive_year_ids"] = {"fields": {"year": {}, "sales_amount": {}}}

        def count_queries(partner):
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            partner.web_read(specification)
            return self.cr.sql_log_count - before

        count_queries(self.customer_b)  # warm the caches that outlive a transaction
        self.assertEqual(count_queries(few), count_queries(many))
