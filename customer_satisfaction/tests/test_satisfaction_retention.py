import io
from datetime import timedelta

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CustomerSatisfactionCommon


@tagged("post_install", "-at_install")
class TestSatisfactionRetention(CustomerSatisfactionCommon):
    """Retention in 2025 on a crafted population (the day before the period: 2024-12-31).

    ==========  ===========  =========  ==========  ===================================  =====  ===
    customer    salesperson  tier       first inv.  loss record                          start  end
    ==========  ===========  =========  ==========  ===================================  =====  ===
    A           A            important  2024-03-01                                       yes    yes
    B           B            special    2024-03-01                                       yes    yes
    r1          A            ordinary   2024-02-01  lost 2025-05-10 price, 12 000        yes    no
    r2          B            ordinary   2023-06-01  lost 2025-12-31 service, 8 000       yes    no
    r3          A            ordinary   2024-05-01  to confirm 2025-06-01 (not a loss)   yes    yes
    r4          B            special    2024-07-01  won back: lost 2025-03-01,           yes    yes
                                                    bought again 2025-06-01
    r5          -            ordinary   2022-01-01                                       yes    yes
    r6          -            important  2024-11-01                                       yes    yes
    r7          A            ordinary   2024-12-01  lost 2026-01-01 (after the period)   yes    yes
    r8          B            ordinary   2024-12-31                                       yes    yes
    n1          A            ordinary   2025-01-01                                       no     new
    n2          Sat. User    special    2025-07-01                                       no     new
    w1          B            ordinary   2023-01-01  won back: lost 2024-06-30,           no     new
                                                    bought again 2025-03-01
    x1          A            ordinary   2026-01-01                                       no     no
    x2          B            ordinary   2024-01-01  lost 2024-09-01 market, 7 000        no     no
    x3          (no archive)            2024-01-01                                       -      -
    x4          A            ordinary   (draft invoice, credit note only)                no     no
    ==========  ===========  =========  ==========  ===================================  =====  ===

    Start 10, new 3, lost 2, end 11, retention (11 − 3) / 10 = 80 %, sales lost 20 000."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Retention Other Co"})
        sp_a, sp_b, sp_c = cls.salesperson_a, cls.salesperson_b, cls.satisfaction_user
        cls.customer_a.archive_tier = "important"
        cls.customer_b.archive_tier = "special"

        def customer(name, salesperson, tier, *invoice_days, archive=True):
            partner = cls._create_customer(f"Retention {name}", salesperson, archive=archive)
            partner.archive_tier = tier
            for day in invoice_days:
                cls._invoice(partner, day, 1000.0)
            return partner

        cls._invoice(cls.customer_a, "2024-03-01", 1000.0)
        cls._invoice(cls.customer_a, "2025-04-01", 1000.0)
        cls._invoice(cls.customer_b, "2024-03-01", 1000.0)
        cls.r1 = customer("r1", sp_a, "ordinary", "2024-02-01", "2025-01-15")
        cls.r2 = customer("r2", sp_b, "ordinary", "2023-06-01", "2025-02-01")
        cls.r3 = customer("r3", sp_a, "ordinary", "2024-05-01")
        cls.r4 = customer("r4", sp_b, "special", "2024-07-01", "2025-06-01")
        cls.r5 = customer("r5", None, "ordinary", "2022-01-01")
        cls.r6 = customer("r6", None, "important", "2024-11-01")
        cls.r7 = customer("r7", sp_a, "ordinary", "2024-12-01")
        cls.r8 = customer("r8", sp_b, "ordinary", "2024-12-31")
        cls.n1 = customer("n1", sp_a, "ordinary", "2025-01-01")
        cls.n2 = customer("n2", sp_c, "special", "2025-07-01")
        cls.w1 = customer("w1", sp_b, "ordinary", "2023-01-01", "2025-03-01")
        cls.x1 = customer("x1", sp_a, "ordinary", "2026-01-01")
        cls.x2 = customer("x2", sp_b, "ordinary", "2024-01-01")
        cls.x3 = customer("x3", None, "ordinary", "2024-01-01", archive=False)
        cls.x4 = customer("x4", sp_a, "ordinary")
        cls._invoice(cls.x4, "2024-01-01", 1000.0, post=False)
        cls._invoice(cls.x4, "2024-02-01", 100.0, move_type="out_refund")

        # The loss records, after the invoices (a later purchase would win them back).
        category = {name: cls.env.ref(f"customer_satisfaction.churn_category_{name}")
                    for name in ("price", "product", "service", "market")}
        cls.price, cls.service = category["price"], category["service"]
        cls.churn_r1 = cls._churn(cls.r1, "lost", "2025-05-10", category["price"], 12000.0)
        cls.churn_r2 = cls._churn(cls.r2, "lost", "2025-12-31", category["service"], 8000.0)
        cls._churn(cls.r3, "to_confirm", "2025-06-01", None, 5000.0)
        cls._churn(cls.r4, "won_back", "2025-03-01", category["price"], 3000.0, "2025-06-01")
        cls._churn(cls.r7, "lost", "2026-01-01", category["price"], 4000.0)
        cls._churn(cls.w1, "won_back", "2024-06-30", category["product"], 6000.0, "2025-03-01")
        cls._churn(cls.x2, "lost", "2024-09-01", category["market"], 7000.0)
        cls._end_request()

    @classmethod
    def _churn(cls, partner, state, loss_date, category, sales, recovered=None):
        churn = cls.env["customer.churn"].sudo().create({
            "partner_id": partner.id, "company_id": cls.archive_company.id, "state": state,
            "date": loss_date, "loss_date": loss_date,
            "category_id": category.id if category else False,
            "win_back_status": "won_back" if state == "won_back" else "none",
        })
        # The yearly sales lost are written as given (their computation is tested elsewhere).
        churn.write({"yearly_sales_lost": sales, "recovered_date": recovered})
        return churn

    def _retention(self, date_from="2025-01-01", date_to="2025-12-31", user=None, **values):
        Retention = self.env["customer.satisfaction.retention"]
        if user:
            Retention = Retention.with_user(user)
        wizard = Retention.create({"date_from": date_from, "date_to": date_to, **values})
        wizard.action_compute()
        return wizard

    def _totals(self, record):
        return (record.customers_start, record.customers_new, record.customers_lost,
                record.customers_end,
                record.retention_rate if record.has_retention_rate else None,
                record.sales_lost)

    def _lines(self, wizard):
        return {line.name: self._totals(line) for line in wizard.line_ids}

    def test_retention_formula(self):
        wizard = self._retention()
        # start, new, lost, end, rate (11 - 3) / 10, sales lost 12 000 + 8 000
        self.assertEqual(self._totals(wizard), (10, 3, 2, 11, 80.0, 20000.0))
        self.assertEqual(wizard.lost_churn_ids, self.churn_r1 | self.churn_r2)
        action = wizard.action_open_lost()
        self.assertEqual(action["res_model"], "customer.churn")
        self.assertEqual(self.env["customer.churn"].search(action["domain"]),
                         self.churn_r1 | self.churn_r2)

    def test_by_category(self):
        wizard = self._retention(group_by="category")
        self.assertEqual(self._totals(wizard), (10, 3, 2, 11, 80.0, 20000.0))
        self.assertEqual(wizard.line_ids.mapped("name"), ["Price Churner", "Service Churner"])
        lines = {line.name: (line.customers_lost, line.sales_lost, line.has_retention_rate)
                 for line in wizard.line_ids}
        self.assertEqual(lines["Price Churner"], (1, 12000.0, False))
        self.assertEqual(lines["Service Churner"], (1, 8000.0, False))
        service = wizard.line_ids.filtered(lambda line: line.name == "Service Churner")
        self.assertEqual(service.lost_churn_ids, self.churn_r2)

    def test_by_salesperson(self):
        wizard = self._retention(group_by="salesperson")
        self.assertEqual(wizard.line_ids.mapped("name"),
                         ["Salesperson A", "Salesperson B", "Satisfaction User", "Undefined"])
        lines = self._lines(wizard)
        # A: A, r1, r3, r7 at the start, n1 new, r1 lost: (4 - 1) / 4.
        self.assertEqual(lines["Salesperson A"], (4, 1, 1, 4, 75.0, 12000.0))
        # B: B, r2, r4, r8 at the start, w1 won back, r2 lost on the last day.
        self.assertEqual(lines["Salesperson B"], (4, 1, 1, 4, 75.0, 8000.0))
        # n2 only: no customer at the start, no rate.
        self.assertEqual(lines["Satisfaction User"], (0, 1, 0, 1, None, 0.0))
        self.assertEqual(lines["Undefined"], (2, 0, 0, 2, 100.0, 0.0))
        self.assertEqual(self._totals(wizard), (10, 3, 2, 11, 80.0, 20000.0))

    def test_by_segment(self):
        wizard = self._retention(group_by="segment", segment_field="archive_tier")
        lines = self._lines(wizard)
        self.assertEqual(wizard.line_ids.mapped("name"),
                         ["Important Tier", "Special Tier", "Ordinary Tier"])
        self.assertEqual(lines["Important Tier"], (2, 0, 0, 2, 100.0, 0.0))
        # B, r4 at the start, n2 new: (3 - 1) / 2.
        self.assertEqual(lines["Special Tier"], (2, 1, 0, 3, 100.0, 0.0))
        # r1, r2, r3, r5, r7, r8 at the start; n1, w1 new; r1, r2 lost: (6 - 2) / 6.
        start, new, lost, end, rate, sales = lines["Ordinary Tier"]
        self.assertEqual((start, new, lost, end, sales), (6, 2, 2, 6, 20000.0))
        self.assertAlmostEqual(rate, 66.67)

    def test_first_invoice_at_the_edges(self):
        """r8's first invoice is on the day before the period: a customer at the start; n1's
        is on its first day: a new customer."""
        wizard = self._retention("2025-01-01", "2025-01-01", group_by="salesperson")
        self.assertEqual(self._totals(wizard), (10, 1, 0, 11, 100.0, 0.0))
        self.assertEqual(self._lines(wizard)["Salesperson A"], (4, 1, 0, 5, 100.0, 0.0))
        wizard = self._retention("2024-12-31", "2024-12-31", group_by="salesperson")
        self.assertEqual(self._totals(wizard), (9, 1, 0, 10, 100.0, 0.0))
        self.assertEqual(self._lines(wizard)["Salesperson B"], (3, 1, 0, 4, 100.0, 0.0))

    def test_loss_on_the_last_day(self):
        """r2 is lost on 2025-12-31: lost when the period ends on that day, still a customer
        when it ends the day before."""
        wizard = self._retention(date_to="2025-12-30")
        # (12 - 3) / 10
        self.assertEqual(self._totals(wizard), (10, 3, 1, 12, 90.0, 12000.0))
        self.assertEqual(wizard.lost_churn_ids, self.churn_r1)
        # The loss day alone: on the day before, A, B, r2-r8, n1, n2 and w1 are customers;
        # r2 is lost on it: (11 - 0) / 12.
        wizard = self._retention("2025-12-31", "2025-12-31")
        self.assertEqual(self._totals(wizard)[:4], (12, 0, 1, 11))
        self.assertAlmostEqual(wizard.retention_rate, 91.67)
        self.assertEqual(wizard.sales_lost, 8000.0)

    def test_period_without_customers(self):
        wizard = self._retention("2000-01-01", "2000-12-31", group_by="salesperson")
        self.assertEqual(self._totals(wizard), (0, 0, 0, 0, None, 0.0))
        self.assertFalse(wizard.has_retention_rate)
        self.assertFalse(wizard.line_ids)

    def test_period_presets_and_bad_period(self):
        wizard = self.env["customer.satisfaction.retention"].create({})
        today = wizard.date_to
        self.assertEqual((wizard.date_from.month, wizard.date_from.day), (1, 1))
        wizard.action_period_last_year()
        self.assertEqual((wizard.date_from.year, wizard.date_to.year),
                         (today.year - 1, today.year - 1))
        self.assertEqual((wizard.date_to.month, wizard.date_to.day), (12, 31))
        self.assertTrue(wizard.computed)
        wizard.action_period_last_12_months()
        self.assertEqual(wizard.date_to, today)
        self.assertEqual(wizard.date_from, today - relativedelta(years=1) + timedelta(days=1))
        wizard.action_period_this_year()
        self.assertEqual(wizard.date_from.year, today.year)
        with self.assertRaises(ValidationError):
            wizard.write({"date_from": "2025-12-31", "date_to": "2025-01-01"})

    def test_xlsx_export(self):
        wizard = self._retention(group_by="segment", segment_field="archive_tier")
        action = wizard.action_export_xlsx()
        self.assertEqual(action["url"], f"/customer_satisfaction/retention/xlsx/{wizard.id}")
        book = openpyxl.load_workbook(io.BytesIO(wizard._retention_xlsx()), read_only=True)
        self.assertEqual(book.sheetnames,
                         ["Retention", "By Churn Category", "By Salesperson", "By Tier"])
        totals = {row[0]: row[1] for row in book["Retention"].iter_rows(
            min_row=6, max_row=11, max_col=2, values_only=True)}
        self.assertEqual(totals, {
            "Customers at the Start": 10, "New Customers": 3, "Lost Customers": 2,
            "Customers at the End": 11, "Retention Rate (%)": 80, "Sales Lost to Churn": 20000})
        categories = list(book["By Churn Category"].iter_rows(values_only=True))
        self.assertEqual(categories, [
            ("Churn Category", "Lost Customers", "Sales Lost to Churn"),
            ("Price Churner", 1, 12000), ("Service Churner", 1, 8000), ("Total", 2, 20000)])
        salespeople = list(book["By Salesperson"].iter_rows(values_only=True))
        self.assertEqual(salespeople[0], (
            "Salesperson", "Customers at the Start", "New Customers", "Lost Customers",
            "Customers at the End", "Retention Rate (%)", "Sales Lost to Churn"))
        self.assertEqual(salespeople[1:], [
            ("Salesperson A", 4, 1, 1, 4, 75, 12000),
            ("Salesperson B", 4, 1, 1, 4, 75, 8000),
            ("Satisfaction User", 0, 1, 0, 1, None, 0),
            ("Undefined", 2, 0, 0, 2, 100, 0),
            ("Total", 10, 3, 2, 11, 80, 20000)])
        tiers = list(book["By Tier"].iter_rows(values_only=True))
        self.assertEqual([row[0] for row in tiers[1:]],
                         ["Important Tier", "Special Tier", "Ordinary Tier", "Total"])
        self.assertEqual(tiers[3][1:5], (6, 2, 2, 6))
        self.assertAlmostEqual(tiers[3][5], 400 / 6)

    def test_access(self):
        wizard = self._retention(user=self.satisfaction_manager)
        self.assertEqual(self._totals(wizard), (10, 3, 2, 11, 80.0, 20000.0))
        self.assertTrue(wizard.with_user(self.satisfaction_manager)._retention_xlsx())
        for user in (self.satisfaction_user, self.employee):
            with self.assertRaises(AccessError):
                self.env["customer.satisfaction.retention"].with_user(user).create(
                    {"date_from": "2025-01-01", "date_to": "2025-12-31"})
        # Another manager cannot read the first manager's analysis.
        other_manager = new_test_user(
            self.env, "retention_other_manager", company_id=self.archive_company.id,
            groups="base.group_user,customer_satisfaction.group_satisfaction_manager")
        with self.assertRaises(AccessError):
            wizard.with_user(other_manager).check_access("read")
        with self.assertRaises(AccessError):
            wizard.line_ids.with_user(other_manager).check_access("read")
        # A company the manager does not belong to.
        with self.assertRaises(AccessError):
            self._retention(user=self.satisfaction_manager, company_id=self.other_company.id)
