from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CustomerArchiveCommon


@tagged("post_install", "-at_install")
class TestSalesPlan(CustomerArchiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Plan = cls.env["customer.archive.sales.plan.line"]
        customer = cls.customer_a
        Plan.create([
            {"partner_id": customer.id, "date": "2026-01-01", "amount": 1000},
            {"partner_id": customer.id, "date": "2026-02-10", "amount": 1000,
             "support": "Samples of the new range"},
            {"partner_id": customer.id, "date": "2026-03-01", "amount": 1500},
            {"partner_id": customer.id, "date": "2026-03-20", "amount": 500},
            {"partner_id": customer.id, "date": "2026-02-01", "product_id": cls.product_a.id,
             "quantity": 5, "amount": 500},
        ])
        # General key: every product without a plan line of its own in 2026.
        cls._invoice(customer, "2026-01-15", 800)
        cls._sale(customer, "2026-01-20", cls.product_b, 1, 100)
        cls._invoice(customer, "2026-02-05", 1200)
        cls._invoice(customer, "2026-03-05", 100, move_type="out_refund")
        # Product A has a plan line in February only: all its 2026 sales are its own.
        cls._sale(customer, "2026-02-08", cls.product_a, 2, 150)
        cls._sale(customer, "2026-03-09", cls.product_a, 1, 200)
        # Not in the record: another year, a draft, another customer without plan.
        cls._invoice(customer, "2025-12-31", 5000)
        cls._invoice(customer, "2026-04-01", 7000, post=False)
        cls._invoice(cls.customer_b, "2026-01-10", 3000)
        cls.report = cls.env["customer.archive.sales.plan.report"]

    def _rows(self, product=None):
        rows = self.report.search([("partner_id", "=", self.customer_a.id),
                                   ("product_id", "=", product.id if product else False)],
                                  order="date")
        return {row.date.month: row for row in rows}

    def test_plan_line_month_and_amounts(self):
        line = self.env["customer.archive.sales.plan.line"].search(
            [("support", "=", "Samples of the new range")])
        self.assertEqual(line.date, date(2026, 2, 1))
        line.date = "2026-05-31"
        self.assertEqual((line.date, line.year), (date(2026, 5, 1), 2026))
        line.date = "2026-02-01"
        with self.assertRaises(ValidationError):
            line.amount = -1

    def test_monthly_achievement_and_running_totals(self):
        general = self._rows()
        self.assertEqual(len(general), 12)
        expected = {
            # month: plan, actual, rate, cumulative plan, cumulative actual, cumulative rate
            1: (1000, 900, 90.0, 1000, 900, 90.0),
            2: (1000, 1200, 120.0, 2000, 2100, 105.0),
            3: (2000, -100, -5.0, 4000, 2000, 50.0),
            4: (0, 0, None, 4000, 2000, 50.0),
            12: (0, 0, None, 4000, 2000, 50.0),
        }
        for month, (plan, actual, rate, cum_plan, cum_actual, cum_rate) in expected.items():
            row = general[month]
            self.assertEqual(
                (row.plan_amount, row.actual_amount, row.difference, row.cumulative_plan,
                 row.cumulative_actual), (plan, actual, actual - plan, cum_plan, cum_actual),
                f"month {month}")
            self.assertEqual(row.rate_defined, rate is not None)
            if rate is not None:
                self.assertAlmostEqual(row.achievement_rate, rate)
            self.assertAlmostEqual(row.cumulative_rate, cum_rate)
        self.assertEqual(general[3].actual_quantity, -1)

        product = self._rows(self.product_a)
        self.assertEqual(len(product), 12)
        self.assertEqual((product[1].plan_amount, product[1].actual_amount,
                          product[1].rate_defined, product[1].cumulative_rate), (0, 0, False, 0))
        february = product[2]
        self.assertEqual((february.plan_quantity, february.actual_quantity, february.plan_amount,
                          february.actual_amount), (5, 2, 500, 300))
        self.assertAlmostEqual(february.achievement_rate, 60.0)
        march = product[3]
        self.assertEqual((march.plan_amount, march.actual_amount, march.rate_defined,
                          march.cumulative_plan, march.cumulative_actual),
                         (0, 200, False, 500, 500))
        self.assertAlmostEqual(march.cumulative_rate, 100.0)

    def test_totals_and_rates_of_groups(self):
        domain = [("partner_id", "=", self.customer_a.id)]
        [(plan, actual, rate)] = self.report._read_group(
            domain, [], ["plan_amount:sum", "actual_amount:sum", "achievement_rate:sum"])
        self.assertEqual((plan, actual), (4500, 2500))
        self.assertAlmostEqual(rate, 100.0 * 2500 / 4500)
        by_month = {
            month.month: values for month, *values in self.report._read_group(
                domain, ["date:month"],
                ["plan_amount:sum", "actual_amount:sum", "achievement_rate:avg",
                 "cumulative_plan:sum", "cumulative_actual:sum", "cumulative_rate:sum"])}
        self.assertEqual(by_month[2][:2], [1500, 1500])
        self.assertAlmostEqual(by_month[2][2], 100.0)
        self.assertEqual(by_month[2][3:5], [2500, 2400])  # 2000 + 500, 2100 + 300
        self.assertAlmostEqual(by_month[2][5], 96.0)
        self.assertEqual(by_month[3][:2], [2000, 100])
        self.assertAlmostEqual(by_month[3][2], 5.0)
        self.assertAlmostEqual(by_month[12][5], 100.0 * 2500 / 4500)
        # No plan in April: the rate is undefined (empty), not 0.
        self.assertNotIsInstance(by_month[4][2], float)
        # Only customers with a plan in the year are in the report.
        self.assertFalse(self.report.search([("partner_id", "=", self.customer_b.id)]))
        self.assertFalse(self.report.search(domain + [("date", "<", "2026-01-01")]))

    def test_report_follows_new_invoices(self):
        with freeze_time("2026-04-20"):
            self._invoice(self.customer_a, "2026-04-20", 250)
        self.assertEqual(self._rows()[4].actual_amount, 250)
        self.assertEqual(self._rows()[12].cumulative_actual, 2250)

    def test_access_follows_the_archive_confidentiality(self):
        Plan = self.env["customer.archive.sales.plan.line"]
        domain = [("partner_id", "=", self.customer_a.id)]
        self.assertEqual(len(Plan.with_user(self.salesperson_a).search(domain)), 5)
        self.assertEqual(len(Plan.with_user(self.custodian).search(domain)), 5)
        self.assertFalse(Plan.with_user(self.salesperson_b).search(domain))
        line = Plan.search(domain, limit=1)
        with self.assertRaises(AccessError):
            line.with_user(self.salesperson_b).read(["amount"])
        with self.assertRaises(AccessError):
            Plan.with_user(self.salesperson_b).create(
                {"partner_id": self.customer_a.id, "date": "2026-05-01", "amount": 1})
        with self.assertRaises(AccessError):
            Plan.with_user(self.employee).search([])
        self.assertEqual(len(self.report.with_user(self.salesperson_a).search(domain)), 24)
        self.assertEqual(len(self.report.with_user(self.custodian).search(domain)), 24)
        self.assertFalse(self.report.with_user(self.salesperson_b).search(domain))
