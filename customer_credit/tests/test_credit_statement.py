from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CustomerCreditCommon

PARTNER_REPORT = "customer_credit.action_report_partner_credit_statements"
STATEMENT_REPORT = "customer_credit.action_report_credit_statement_comparison"
# A balanced statement, easy to compute by hand (total liabilities 4,000,000).
FIGURES = {
    "current_assets": 5000000.0, "cash": 1000000.0, "receivables": 1500000.0,
    "inventory": 2000000.0, "long_term_investment": 500000.0, "fixed_assets": 3000000.0,
    "intangible_assets": 500000.0, "total_assets": 9000000.0,
    "current_liabilities": 2500000.0, "payables": 1200000.0, "short_term_loans": 800000.0,
    "long_term_liabilities": 1500000.0, "equity": 5000000.0,
    "sales": 12000000.0, "profit_before_tax": 1000000.0, "profit_after_tax": 750000.0,
}


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15")
class TestCreditStatement(CustomerCreditCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Credit Company B"})
        cls.analyst_b = new_test_user(
            cls.env, "credit_analyst_b", name="Credit Analyst B",
            groups="base.group_user,customer_credit.group_credit_analyst",
            company_id=cls.company_b.id, company_ids=[Command.set(cls.company_b.ids)])

    def _statement(self, partner=None, year=2025, user=None, **values):
        model = self.env["customer.credit.statement"]
        if user:
            model = model.with_user(user)
        return model.create({
            "partner_id": (partner or self.customer_a).id, "year": year,
            **FIGURES, **values})

    # ------------------------------------------------------------------
    # Ratios
    # ------------------------------------------------------------------
    def test_ratios_of_a_hand_computed_statement(self):
        statement = self._statement()
        self.assertEqual(statement.total_liabilities, 4000000.0, "2,500,000 + 1,500,000")
        expected = {
            "current_ratio": 2.0,              # 5,000,000 / 2,500,000
            "quick_ratio": 1.2,                # (5,000,000 − 2,000,000) / 2,500,000
            "working_capital_to_debt": 0.625,  # (5,000,000 − 2,500,000) / 4,000,000
            "debt_ratio": 0.4444,              # 4,000,000 / 9,000,000
            "equity_ratio": 0.5556,            # 5,000,000 / 9,000,000
            "debt_to_equity": 0.8,             # 4,000,000 / 5,000,000
            "inventory_turnover": 6.0,         # 12,000,000 / 2,000,000
            "receivables_turnover": 8.0,       # 12,000,000 / 1,500,000
            "fixed_asset_turnover": 4.0,       # 12,000,000 / 3,000,000
            "total_asset_turnover": 1.3333,    # 12,000,000 / 9,000,000
            "return_on_capital": 0.15,         # 750,000 / 5,000,000
        }
        for fname, value in expected.items():
            with self.subTest(ratio=fname):
                self.assertAlmostEqual(statement[fname], value, places=4)
        self.assertFalse(statement.undefined_ratios)
        self.assertTrue(statement.is_balanced)
        self.assertFalse(statement.check_warnings)
        self.assertEqual(statement._ratio_display("current_ratio"), "2.00")
        # The ratios follow the figures.
        statement.write({"current_liabilities": 4000000.0, "equity": 3500000.0})
        self.assertAlmostEqual(statement.current_ratio, 1.25, places=4)
        self.assertAlmostEqual(statement.debt_to_equity, 5500000 / 3500000, places=4)

    def test_each_undefined_ratio(self):
        """A zero denominator leaves the ratio undefined: no value, no division error."""
        cases = [
            ({"current_liabilities": 0.0, "payables": 0.0, "short_term_loans": 0.0,
              "equity": 6500000.0},
             {"current_ratio", "quick_ratio"}),
            ({"current_liabilities": 0.0, "payables": 0.0, "short_term_loans": 0.0,
              "long_term_liabilities": 0.0, "equity": 9000000.0},
             {"current_ratio", "quick_ratio", "working_capital_to_debt"}),
            ({key: 0.0 for key in ("current_assets", "cash", "receivables", "inventory",
                                   "long_term_investment", "fixed_assets",
                                   "intangible_assets", "total_assets")},
             {"debt_ratio", "equity_ratio", "total_asset_turnover", "inventory_turnover",
              "receivables_turnover", "fixed_asset_turnover"}),
            ({"equity": 0.0}, {"debt_to_equity", "return_on_capital"}),
            ({"inventory": 0.0}, {"inventory_turnover"}),
            ({"receivables": 0.0}, {"receivables_turnover"}),
            ({"fixed_assets": 0.0}, {"fixed_asset_turnover"}),
        ]
        for year, (values, undefined) in enumerate(cases, start=2010):
            with self.subTest(undefined=sorted(undefined)):
                statement = self._statement(year=year, **values)
                self.assertEqual(set(statement._undefined_ratio_list()), undefined)
                for fname in undefined:
                    self.assertEqual(statement[fname], 0.0)
                    self.assertEqual(statement._ratio_display(fname), "undefined")
                    self.assertIn(
                        statement._fields[fname]._description_string(self.env),
                        statement.undefined_ratio_names)
                for fname in {"current_ratio", "return_on_capital"} - undefined:
                    self.assertNotEqual(statement._ratio_display(fname), "undefined")
        # Only zero makes a ratio undefined: a tiny inventory gives a large turnover.
        tiny = self._statement(year=2020, inventory=1.0)
        self.assertAlmostEqual(tiny.inventory_turnover, 12000000.0)

    def test_unbalanced_statement_warns_without_blocking(self):
        statement = self._statement(equity=4900000.0, cash=3000000.0, receivables=2500000.0)
        self.assertFalse(statement.is_balanced)
        self.assertEqual(statement.balance_difference, 100000.0)
        self.assertIn("Total assets differ from total liabilities plus equity",
                      statement.check_warnings)
        self.assertIn("100,000.00", statement.check_warnings)
        self.assertIn("Cash, receivables and inventory exceed", statement.check_warnings)
        self.assertIn(statement, self.env["customer.credit.statement"].search(
            [("is_balanced", "=", False)]))
        statement.write({"equity": 5000000.0, "cash": 1000000.0, "receivables": 1500000.0})
        self.assertTrue(statement.is_balanced)
        self.assertFalse(statement.check_warnings)

    def test_bad_input(self):
        with self.assertRaises(ValidationError):
            self._statement(inventory=-1.0)
        with self.assertRaises(ValidationError):
            self._statement(year=2027)
        contact = self.env["res.partner"].create(
            {"name": "Contact of A", "parent_id": self.customer_a.id})
        with self.assertRaises(ValidationError):
            self._statement(partner=contact)
        # Equity and profits may be negative: a loss-making, insolvent customer.
        loss = self._statement(year=2024, equity=-500000.0, profit_after_tax=-900000.0,
                               long_term_liabilities=7000000.0)
        self.assertAlmostEqual(loss.return_on_capital, 1.8, places=4)

    def test_one_statement_per_customer_company_and_year(self):
        self._statement()
        self._statement(year=2024)
        self._statement(company_id=self.company_b.id)  # the same year in another company
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._statement()
            self.env.flush_all()

    # ------------------------------------------------------------------
    # Three years side by side
    # ------------------------------------------------------------------
    def test_three_years_side_by_side(self):
        self._statement(year=2023, sales=8000000.0, inventory=0.0, current_assets=3000000.0,
                        cash=1500000.0)
        self._statement(year=2024, sales=10000000.0)
        latest = self._statement(year=2025)
        self._statement(year=2022, sales=7777777.0)  # too old for the table
        html = str(latest.comparison_html)
        for text in ("2023", "2024", "2025", "8,000,000.00", "10,000,000.00",
                     "12,000,000.00", "Current Ratio", "Return on Capital", "undefined",
                     "Total Liabilities"):
            self.assertIn(text, html)
        self.assertNotIn("7,777,777.00", html)
        self.assertLess(html.index("8,000,000.00"), html.index("10,000,000.00"))
        self.assertLess(html.index("10,000,000.00"), html.index("12,000,000.00"))
        # The 2023 inventory turnover is the only undefined cell.
        self.assertEqual(html.count("undefined"), 1)
        rows = latest._comparison_rows(latest._comparison_statements()[latest])
        turnover = next(row for row in rows if row.get("label") == "Inventory Turnover")
        self.assertEqual(turnover["values"], ["undefined", "5.00", "6.00"])

    def test_missing_years_are_shown_empty(self):
        statement = self._statement(year=2025)
        html = str(statement.comparison_html)
        self.assertIn("no statements", html)
        self.assertIn("2023", html)
        self.assertIn("—", html)

    def test_comparison_while_editing(self):
        """The form shows the table of the figures being typed, beside the saved years."""
        self._statement(year=2024, sales=10000000.0)
        with Form(self.env["customer.credit.statement"]) as form:
            form.partner_id = self.customer_a
            form.year = 2025
            form.sales = 4321000.0
            html = str(form.comparison_html)
        self.assertIn("4,321,000.00", html)
        self.assertIn("10,000,000.00", html)

    def test_print_from_statement_and_partner(self):
        self._statement(year=2024, sales=10000000.0)
        self._statement(year=2025)
        html = self.env["ir.actions.report"]._render_qweb_html(
            PARTNER_REPORT, self.customer_a.ids)[0].decode()
        for text in ("Financial Statements", "Customer A", "2024", "2025", "10,000,000.00",
                     "12,000,000.00", "Current ratio = current assets / current liabilities."):
            self.assertIn(text, html)
        with self.assertRaises(UserError):
            self.env["ir.actions.report"]._render_qweb_html(PARTNER_REPORT, self.customer_b.ids)
        statement = self.env["customer.credit.statement"].search(
            [("partner_id", "=", self.customer_a.id), ("year", "=", 2025)])
        pdf, kind = self.env["ir.actions.report"].with_context(
            force_report_rendering=True)._render_qweb_pdf(STATEMENT_REPORT, statement.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    # ------------------------------------------------------------------
    # Latest statements, for the evaluations
    # ------------------------------------------------------------------
    def test_latest_by_partner_in_one_query(self):
        a_2024 = self._statement(year=2024)
        a_2025 = self._statement(year=2025)
        b_2023 = self._statement(partner=self.customer_b, year=2023)
        self._statement(partner=self.customer_b, year=2024, company_id=self.company_b.id)
        customer_c = self._create_customer("Customer C")
        Statement = self.env["customer.credit.statement"].with_user(self.credit_analyst)
        partners = self.customer_a | self.customer_b | customer_c
        self.env.flush_all()
        Statement._latest_by_partner(partners, self.archive_company)  # warm the rule cache
        with self.assertQueryCount(1):
            latest = Statement._latest_by_partner(partners, self.archive_company)
        self.assertEqual(latest, {self.customer_a.id: a_2025, self.customer_b.id: b_2023})
        in_b = self.env["customer.credit.statement"]._latest_by_partner(
            partners, self.company_b)
        self.assertEqual(list(in_b), [self.customer_b.id])
        self.assertEqual(in_b[self.customer_b.id].year, 2024)
        self.assertEqual(Statement._latest_by_partner(self.env["res.partner"]), {})
        self.assertNotEqual(a_2024, a_2025)

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_access_per_group(self):
        statement = self._statement(user=self.credit_analyst)
        statement.with_user(self.credit_analyst).sales = 13000000.0
        self.assertEqual(statement.sales, 13000000.0)
        with self.assertRaises(AccessError):
            statement.with_user(self.credit_analyst).unlink()
        for user in (self.salesperson_a, self.employee):
            with self.subTest(user=user.name):
                with self.assertRaises(AccessError):
                    statement.with_user(user).read(["sales"])
                with self.assertRaises(AccessError):
                    self.env["customer.credit.statement"].with_user(user).search([])
                with self.assertRaises(AccessError):
                    self._statement(year=2024, user=user)
        statement.with_user(self.credit_manager).unlink()
        self.assertFalse(statement.exists())

    def test_partner_stat_button(self):
        self._statement(year=2024)
        self._statement(year=2025)
        partner = self.customer_a.with_user(self.credit_analyst)
        self.assertEqual(partner.credit_statement_count, 2)
        action = partner.action_view_credit_statements()
        self.assertEqual(action["res_model"], "customer.credit.statement")
        self.assertEqual(action["domain"], [("partner_id", "=", self.customer_a.id)])
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.salesperson_a).read(["credit_statement_count"])

    def test_multi_company(self):
        mine = self._statement()
        theirs = self._statement(company_id=self.company_b.id)
        self.assertEqual(theirs.currency_id, self.company_b.currency_id)
        Statement = self.env["customer.credit.statement"]
        self.assertEqual(Statement.with_user(self.credit_analyst).search([]), mine)
        self.assertEqual(Statement.with_user(self.analyst_b).search([]), theirs)
        with self.assertRaises(AccessError):
            theirs.with_user(self.credit_analyst).read(["sales"])
        # The three years stay within one company.
        self._statement(year=2024, company_id=self.company_b.id, sales=3333333.0)
        self.assertNotIn("3,333,333.00", str(mine.comparison_html))
        self.assertIn("3,333,333.00", str(theirs.comparison_html))
