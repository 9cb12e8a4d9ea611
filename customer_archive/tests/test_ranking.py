import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CustomerArchiveCommon


@tagged("post_install", "-at_install")
class TestRanking(CustomerArchiveCommon):
    """Period: the first half of 2026, against the first half of 2025."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.archive_company
        cls.product_a.with_company(company).standard_price = 60
        cls.product_b.with_company(company).standard_price = 30
        sales_a, sales_b = cls.salesperson_a, cls.salesperson_b
        cls.alpha = cls._create_customer("Alpha", sales_a)
        cls.beta = cls._create_customer("Beta", sales_b)
        cls.gamma = cls._create_customer("Gamma", sales_a)
        cls.delta = cls._create_customer("Delta", sales_b)
        cls.epsilon = cls._create_customer("Epsilon", sales_b)
        cls.zeta = cls._create_customer("Zeta", sales_b)
        # This period: sales, cost and margin
        cls._sale(cls.alpha, "2026-02-01", cls.product_a, 10, 100)  # 1000, cost 600, 40%
        cls._sale(cls.beta, "2026-03-01", cls.product_b, 10, 100)  # 1000, cost 300, 70%
        cls._sale(cls.gamma, "2026-04-01", cls.product_a, 6, 100)  # 600, cost 360, 40%
        cls._invoice(cls.delta, "2026-05-01", 400)  # no product: cost 0, 100%
        cls._sale(cls.epsilon, "2026-06-01", cls.product_b, 6, 60)
        cls._sale(cls.epsilon, "2026-06-30", cls.product_b, 1, 60, "out_refund")  # 300, 150
        # Outside the period or not posted
        cls._invoice(cls.alpha, "2026-07-01", 9000)
        cls._invoice(cls.gamma, "2026-03-01", 9000, post=False)
        # The same period a year before
        cls._invoice(cls.alpha, "2025-03-01", 500)  # growth +100%
        cls._invoice(cls.beta, "2025-06-30", 800)  # +25%
        cls._invoice(cls.delta, "2025-01-01", 200)  # +100%
        cls._invoice(cls.epsilon, "2025-02-01", 50, move_type="out_refund")  # no sales: new
        cls._invoice(cls.zeta, "2025-05-01", 100)  # -100%
        cls._invoice(cls.gamma, "2024-12-31", 700)  # before the previous period: new
        # Plans of the period (months January to June)
        Plan = cls.env["customer.archive.sales.plan.line"]
        Plan.create([
            {"partner_id": cls.alpha.id, "date": "2026-01-01", "amount": 1000},
            {"partner_id": cls.alpha.id, "date": "2026-06-01", "amount": 1000},  # 50%
            {"partner_id": cls.beta.id, "date": "2026-02-01", "amount": 500},  # 200%
            {"partner_id": cls.delta.id, "date": "2026-03-01", "amount": 800},  # 50%
            {"partner_id": cls.epsilon.id, "date": "2026-03-01", "amount": 1000},  # 30%
            {"partner_id": cls.customer_b.id, "date": "2026-04-01", "amount": 100},  # 0%
            {"partner_id": cls.gamma.id, "date": "2026-07-01", "amount": 100},  # outside
        ])

    def _ranking(self, user=None, **values):
        Ranking = self.env["customer.archive.ranking"]
        if user:
            Ranking = Ranking.with_user(user)
        ranking = Ranking.create({"date_from": "2026-01-01", "date_to": "2026-06-30",
                                  "company_id": self.archive_company.id, **values})
        ranking.action_compute()
        return ranking

    def _ranks(self, lines):
        return [(line.rank, line.partner_id.name) for line in lines]

    @freeze_time("2026-07-15")
    def test_default_period(self):
        ranking = self.env["customer.archive.ranking"].create({})
        self.assertEqual((ranking.date_from, ranking.date_to, ranking.top_n),
                         (date(2026, 1, 1), date(2026, 7, 15), 10))

    def test_rankings(self):
        ranking = self._ranking()
        self.assertEqual(self._ranks(ranking.sales_line_ids), [
            (1, "Alpha"), (1, "Beta"), (3, "Gamma"), (4, "Delta"), (5, "Epsilon")])
        self.assertEqual(ranking.sales_line_ids.mapped("sales_amount"), [1000, 1000, 600, 400, 300])

        achievement = ranking.achievement_line_ids
        self.assertEqual(self._ranks(achievement), [
            (1, "Beta"), (2, "Alpha"), (2, "Delta"), (4, "Epsilon"), (5, "Customer B")])
        self.assertEqual([(line.plan_amount, line.sales_amount, line.achievement_rate)
                          for line in achievement],
                         [(500, 1000, 200), (2000, 1000, 50), (800, 400, 50), (1000, 300, 30),
                          (100, 0, 0)])

        growth = ranking.growth_line_ids
        self.assertEqual(self._ranks(growth), [
            (1, "Alpha"), (1, "Delta"), (3, "Beta"), (4, "Zeta")])
        self.assertEqual([(line.previous_amount, line.sales_amount, line.growth_rate)
                          for line in growth],
                         [(500, 1000, 100), (200, 400, 100), (800, 1000, 25), (100, 0, -100)])
        # No sales the year before: no growth rate, ranked apart by sales.
        new = ranking.new_line_ids
        self.assertEqual(self._ranks(new), [(1, "Gamma"), (2, "Epsilon")])
        self.assertEqual([(line.previous_amount, line.sales_amount) for line in new],
                         [(0, 600), (-50, 300)])

        margin = ranking.margin_line_ids
        self.assertEqual(self._ranks(margin), [
            (1, "Delta"), (2, "Beta"), (3, "Epsilon"), (4, "Alpha"), (4, "Gamma")])
        self.assertEqual([(line.sales_amount, line.cost_amount, line.margin_amount,
                           line.margin_rate) for line in margin],
                         [(400, 0, 400, 100), (1000, 300, 700, 70), (300, 150, 150, 50),
                          (1000, 600, 400, 40), (600, 360, 240, 40)])

    def test_top_n_keeps_ties(self):
        ranking = self._ranking(top_n=1)
        self.assertEqual(self._ranks(ranking.sales_line_ids), [(1, "Alpha"), (1, "Beta")])
        self.assertEqual(self._ranks(ranking.margin_line_ids), [(1, "Delta")])
        ranking.top_n = 3
        ranking.action_compute()
        self.assertEqual(self._ranks(ranking.achievement_line_ids),
                         [(1, "Beta"), (2, "Alpha"), (2, "Delta")])
        self.assertEqual(self._ranks(ranking.margin_line_ids),
                         [(1, "Delta"), (2, "Beta"), (3, "Epsilon")])

    def test_other_company_is_not_ranked(self):
        other = self.setup_other_company()["company"]
        self._invoice(self.zeta, "2026-02-01", 99999, company=other)
        ranking = self._ranking()
        self.assertNotIn(self.zeta, ranking.sales_line_ids.partner_id)

    def test_export_one_sheet_per_ranking(self):
        ranking = self._ranking(top_n=3)
        ranking.action_export()
        self.assertTrue(ranking.filename.endswith(".xlsx"))
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(ranking.file)))
        self.assertEqual(workbook.sheetnames, [
            "Sales Amount", "Target Achievement", "Sales Growth", "No Sales a Year Before",
            "Profit Margin"])

        def rows(name):
            return [row for row in workbook[name].iter_rows(min_row=4, values_only=True)]

        self.assertEqual(workbook["Sales Amount"]["A3"].value, "Rank")
        self.assertEqual(rows("Sales Amount"), [
            (1, "Alpha", "Salesperson A", 1000), (1, "Beta", "Salesperson B", 1000),
            (3, "Gamma", "Salesperson A", 600)])
        self.assertEqual([row[:2] + row[3:] for row in rows("Target Achievement")],
                         [(1, "Beta", 500, 1000, 200), (2, "Alpha", 2000, 1000, 50),
                          (2, "Delta", 800, 400, 50)])
        self.assertEqual([row[:2] + row[3:] for row in rows("Sales Growth")],
                         [(1, "Alpha", 500, 1000, 100), (1, "Delta", 200, 400, 100),
                          (3, "Beta", 800, 1000, 25)])
        self.assertEqual([row[:2] + row[3:] for row in rows("No Sales a Year Before")],
                         [(1, "Gamma", 0, 600), (2, "Epsilon", -50, 300)])
        self.assertEqual([row[:2] + row[3:] for row in rows("Profit Margin")],
                         [(1, "Delta", 400, 0, 400, 100), (2, "Beta", 1000, 300, 700, 70),
                          (3, "Epsilon", 300, 150, 150, 50)])

    def test_key_plan_from_a_ranking_line(self):
        ranking = self._ranking()
        line = ranking.achievement_line_ids[0]
        action = line.action_create_key_plan()
        plan = self.env["customer.archive.key.plan"].browse(action["res_id"])
        self.assertEqual(line.key_plan_id, plan)
        self.assertEqual(
            (plan.partner_id, plan.user_id, plan.date_from, plan.date_to, plan.target_amount,
             plan.ranking_type, plan.rank, plan.state),
            (self.beta, self.salesperson_b, date(2026, 1, 1), date(2026, 6, 30), 500,
             "achievement", 1, "draft"))
        self.assertIn("Target Achievement", plan.reason)
        self.assertEqual((plan.actual_amount, plan.achievement_rate), (1000, 200))
        self.assertEqual(line.action_create_key_plan()["res_id"], plan.id, "created once")
        plan.action_start()
        self.assertEqual(plan.state, "active")
        # Its salesperson reads it, another salesperson does not.
        self.assertEqual(plan.with_user(self.salesperson_b).target_amount, 500)
        with self.assertRaises(AccessError):
            plan.with_user(self.salesperson_a).read(["target_amount"])
        self.assertTrue(plan.with_user(self.custodian).read(["target_amount"]))

    def test_salesperson_ranks_own_customers(self):
        ranking = self._ranking(user=self.salesperson_a)
        self.assertEqual(self._ranks(ranking.sales_line_ids), [(1, "Alpha"), (2, "Gamma")])
        self.assertEqual(self._ranks(ranking.margin_line_ids), [(1, "Alpha"), (1, "Gamma")])
        self.assertEqual(self._ranks(ranking.achievement_line_ids), [(1, "Alpha")])
        with self.assertRaises(AccessError):
            self.env["customer.archive.ranking"].with_user(self.employee).create({})
