from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..models.customer_credit_evaluation import (
    CURRENT_RATIO_POINTS,
    QUICK_RATIO_POINTS,
    payment_record_points,
    ratio_points,
)
from .credit_evaluation_common import CreditEvaluationCommon


@tagged("post_install", "-at_install")
class TestCreditScorecard(CreditEvaluationCommon):

    # ------------------------------------------------------------------
    # The scorecards shipped as data
    # ------------------------------------------------------------------
    def test_5c_scorecard_data(self):
        indicators = self.scorecard_5c.indicator_ids
        self.assertEqual(self.scorecard_5c.method, "5c")
        self.assertEqual(
            [(i.name, i.weight, i.measure) for i in indicators],
            [("Character", 30, "payment_record"), ("Capacity", 25, "current_ratio"),
             ("Capital", 20, "none"), ("Collateral", 10, "none"), ("Conditions", 15, "none")])
        self.assertEqual(self.scorecard_5c.total_weight, 100)
        self.assertEqual(self.scorecard_5c.total_maximum, 1000)

    def test_characteristic_scorecard_data(self):
        """Three groups, seventeen indicators, weights 30 + 20 + 50, each with guidance for
        1, 5 and 10 points."""
        indicators = self.scorecard_char.indicator_ids
        self.assertEqual(self.scorecard_char.method, "characteristic")
        groups = {}
        for indicator in indicators:
            groups.setdefault(indicator.group, []).append(indicator.name)
        self.assertEqual(groups, {
            "Customer's Own Characteristics": [
                "Products and Market", "Impression", "Operation", "Organisation",
                "Competitiveness", "Prospects"],
            "Priority Characteristics": [
                "Trade Margin", "Guarantees", "Replaceability", "Demands on Our Products",
                "Effect on Market Attractiveness and Competition"],
            "Credit and Financial Characteristics": [
                "Payment Record", "Profitability", "Capital", "Bank Credit",
                "Balance-Sheet Assessment", "Solvency"],
        })
        weights = {group: sum(indicators.filtered(lambda i, g=group: i.group == g)
                              .mapped("weight")) for group in groups}
        self.assertEqual(weights, {"Customer's Own Characteristics": 30,
                                   "Priority Characteristics": 20,
                                   "Credit and Financial Characteristics": 50})
        measures = {i.name: i.measure for i in indicators if i.measure != "none"}
        self.assertEqual(measures, {"Payment Record": "payment_record",
                                    "Solvency": "quick_ratio"})
        for indicator in indicators | self.scorecard_5c.indicator_ids:
            with self.subTest(indicator=indicator.name):
                for points in ("10:", "5:", "1:"):
                    self.assertIn(points, indicator.guidance)

    def test_indicator_weight_must_be_positive(self):
        for weight in (0, -5):
            with self.subTest(weight=weight), self.assertRaises(ValidationError):
                self.env["customer.credit.scorecard.indicator"].create({
                    "scorecard_id": self.scorecard_5c.id, "name": "Luck", "weight": weight})

    def test_scorecard_code_unique_and_copy(self):
        copy = self.scorecard_5c.copy()
        self.assertEqual(copy.code, "5C (copy)")
        self.assertEqual(len(copy.indicator_ids), 5)
        self.assertEqual(copy.total_weight, 100)

    # ------------------------------------------------------------------
    # Worked examples
    # ------------------------------------------------------------------
    def test_5c_worked_example(self):
        """5C for customer A, nine-grade scale.

        Statement: current assets 1,500,000 / current liabilities 1,000,000 = current ratio
        1.5 → Capacity suggested 8 points (taken). No invoices: Character has no suggestion
        and is scored by hand.

            Character   30 ×  8 = 240   (max 300)
            Capacity    25 ×  8 = 200   (max 250)
            Capital     20 ×  7 = 140   (max 200)
            Collateral  10 ×  4 =  40   (max 100)
            Conditions  15 ×  9 = 135   (max 150)
                              Σ = 755   Σ max = 1000

        Credit level = 755 / 1000 × 100 = 75.5 % → grade A (70 ≤ level < 80), whose policy
        is 20 % of the yearly sales 2,000,000 = 400,000, 30 days, valid 12 months, warn.
        """
        self._statement(self.customer_a, current_assets=1500000, inventory=600000,
                        current_liabilities=1000000, sales=2000000, equity=800000)
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c)
        capacity = self._line(evaluation, "Capacity")
        self.assertEqual(capacity.suggested_points, 8)
        self.assertEqual(capacity.points, 8, "points default to the suggestion")
        self.assertIn("1.5", capacity.evidence)
        character = self._line(evaluation, "Character")
        self.assertFalse(character.suggested_points)
        self.assertFalse(character.points)
        self.assertFalse(evaluation.grade_id, "no grade before every indicator is scored")
        self._score(evaluation, {"Character": 8, "Capital": 7, "Collateral": 4,
                                 "Conditions": 9})
        self.assertEqual(evaluation.line_ids.mapped("score"), [240, 200, 140, 40, 135])
        self.assertEqual(evaluation.line_ids.mapped("maximum"), [300, 250, 200, 100, 150])
        self.assertEqual(evaluation.total_score, 755)
        self.assertEqual(evaluation.total_maximum, 1000)
        self.assertAlmostEqual(evaluation.credit_level, 75.5)
        self.assertEqual(evaluation.grade_id, self.env.ref("customer_credit.grade_a"))
        self.assertEqual(evaluation.proposed_limit, 400000)
        self.assertEqual(evaluation.approved_limit, 400000)
        self.assertEqual(evaluation.payment_term_id,
                         self.env.ref("account.account_payment_term_30days"))
        self.assertEqual(evaluation.validity_months, 12)
        self.assertEqual(evaluation.control_level, "warn")
        evaluation.action_submit()
        evaluation.with_user(self.credit_manager).action_approve()
        self.assertEqual(evaluation.state, "approved")
        self.assertEqual(self.customer_a.credit_grade_id.name, "A")
        self.assertAlmostEqual(self.customer_a.credit_level, 75.5)
        self.assertEqual(self.customer_a.credit_limit, 400000)

    def test_characteristic_worked_example(self):
        """Characteristic analysis for customer B on the three-grade scale.

        Statement: (current assets 1,800,000 − inventory 900,000) / current liabilities
        1,000,000 = quick ratio 0.9 → Solvency suggested 8 points (taken).

        Customer's own characteristics          weight × points = score (max)
            Products and Market                      6 × 8 = 48  (60)
            Impression                               4 × 7 = 28  (40)
            Operation                                6 × 6 = 36  (60)
            Organisation                             4 × 7 = 28  (40)
            Competitiveness                          5 × 6 = 30  (50)
            Prospects                                5 × 7 = 35  (50)   → 205 / 300
        Priority characteristics
            Trade Margin                             5 × 5 = 25  (50)
            Guarantees                               5 × 3 = 15  (50)
            Replaceability                           3 × 6 = 18  (30)
            Demands on Our Products                  3 × 8 = 24  (30)
            Effect on Market Attractiveness ...      4 × 5 = 20  (40)   → 102 / 200
        Credit and financial characteristics
            Payment Record (no invoices)            15 × 6 = 90 (150)
            Profitability                            8 × 6 = 48  (80)
            Capital                                  8 × 5 = 40  (80)
            Bank Credit                              6 × 7 = 42  (60)
            Balance-Sheet Assessment                 5 × 6 = 30  (50)
            Solvency (suggested)                     8 × 8 = 64  (80)   → 314 / 500

        Σ score = 205 + 102 + 314 = 621, Σ maximum = 1000, credit level 62.1 % → grade B
        of A/B/C (60 ≤ level < 80): 10 % of the yearly sales 3,000,000 = 300,000, 30 days,
        valid 6 months, block.
        """
        self._statement(self.customer_b, current_assets=1800000, inventory=900000,
                        current_liabilities=1000000, sales=3000000, equity=1200000)
        evaluation = self._evaluate(self.customer_b, self.scorecard_char,
                                    scale_id=self.scale_three.id)
        self.assertEqual(len(evaluation.line_ids), 17)
        solvency = self._line(evaluation, "Solvency")
        self.assertEqual((solvency.suggested_points, solvency.points), (8, 8))
        self.assertIn("0.9", solvency.evidence)
        self._score(evaluation, {
            "Products and Market": 8, "Impression": 7, "Operation": 6, "Organisation": 7,
            "Competitiveness": 6, "Prospects": 7,
            "Trade Margin": 5, "Guarantees": 3, "Replaceability": 6,
            "Demands on Our Products": 8,
            "Effect on Market Attractiveness and Competition": 5,
            "Payment Record": 6, "Profitability": 6, "Capital": 5, "Bank Credit": 7,
            "Balance-Sheet Assessment": 6,
        })
        sums = {}
        for line in evaluation.line_ids:
            score, maximum = sums.get(line.group, (0, 0))
            sums[line.group] = (score + line.score, maximum + line.maximum)
        self.assertEqual(sums, {"Customer's Own Characteristics": (205, 300),
                                "Priority Characteristics": (102, 200),
                                "Credit and Financial Characteristics": (314, 500)})
        self.assertEqual((evaluation.total_score, evaluation.total_maximum), (621, 1000))
        self.assertAlmostEqual(evaluation.credit_level, 62.1)
        self.assertEqual(evaluation.grade_id, self.env.ref("customer_credit.grade_three_b"))
        self.assertEqual(evaluation.proposed_limit, 300000)
        self.assertEqual(evaluation.validity_months, 6)
        self.assertEqual(evaluation.control_level, "block")
        groups = evaluation._line_groups()
        self.assertEqual([(name, score, maximum) for name, _lines, score, maximum in groups],
                         [("Customer's Own Characteristics", 205, 300),
                          ("Priority Characteristics", 102, 200),
                          ("Credit and Financial Characteristics", 314, 500)])
        evaluation.action_submit()
        evaluation.with_user(self.credit_manager).action_approve()
        self.assertEqual(self.customer_b.credit_grade_id,
                         self.env.ref("customer_credit.grade_three_b"))
        self.assertEqual(self.customer_b.credit_limit, 300000)

    # ------------------------------------------------------------------
    # Points
    # ------------------------------------------------------------------
    def test_points_one_to_ten(self):
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c)
        line = self._line(evaluation, "Capital")
        for points in (11, -1):
            with self.subTest(points=points), self.assertRaises(ValidationError):
                line.points = points
        for points in (1, 10):
            line.points = points
            self.assertEqual(line.score, 20 * points)
        # 0 is "not scored": an evaluation with an unscored line cannot be submitted.
        self._score(evaluation, {"Character": 3, "Capacity": 3, "Capital": 3,
                                 "Collateral": 3, "Conditions": 0})
        with self.assertRaisesRegex(UserError, "Conditions"):
            evaluation.action_submit()
        self._score(evaluation, {"Conditions": 3})
        self.assertEqual(evaluation.credit_level, 30)
        self.assertEqual(evaluation.grade_id.name, "CCC")  # fixed limit: no statement needed
        evaluation.action_submit()
        self.assertEqual(evaluation.state, "submitted")

    def test_changed_points_need_a_reason(self):
        """Capacity suggested 10 (current ratio 2.0); scoring it 7 needs a reason."""
        self._statement(self.customer_a, current_assets=2000000, inventory=500000,
                        current_liabilities=1000000, sales=1000000)
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c, points={
            "Character": 9, "Capital": 8, "Collateral": 5, "Conditions": 7})
        capacity = self._line(evaluation, "Capacity")
        self.assertEqual(capacity.points, 10)
        capacity.points = 7
        self.assertTrue(capacity.needs_reason)
        with self.assertRaisesRegex(UserError, "Capacity"):
            evaluation.action_submit()
        capacity.change_reason = "Half of the current assets are receivables from one buyer"
        evaluation.action_submit()
        self.assertEqual(evaluation.state, "submitted")
        self.assertEqual(capacity.points, 7)

    def test_refresh_keeps_chosen_points(self):
        """Refreshing moves points that followed the suggestion and keeps chosen ones."""
        statement = self._statement(
            self.customer_a, current_assets=2000000, inventory=1500000,
            current_liabilities=1000000)
        evaluation = self._evaluate(self.customer_a, self.scorecard_char)
        solvency = self._line(evaluation, "Solvency")
        self.assertEqual((solvency.suggested_points, solvency.points), (4, 4))  # quick 0.5
        statement.inventory = 1000000  # quick ratio 1.0
        evaluation.action_refresh_suggestions()
        self.assertEqual((solvency.suggested_points, solvency.points), (10, 10))
        solvency.write({"points": 9, "change_reason": "Cash tied up in a deposit"})
        statement.inventory = 1300000  # quick ratio 0.7
        evaluation.action_refresh_suggestions()
        self.assertEqual((solvency.suggested_points, solvency.points), (6, 9))

    # ------------------------------------------------------------------
    # Suggestions
    # ------------------------------------------------------------------
    def test_ratio_point_bands(self):
        for ratio, points in [(3, 10), (2, 10), (1.99, 8), (1.5, 8), (1.49, 6), (1.2, 6),
                              (1.19, 4), (1, 4), (0.99, 2), (0, 2)]:
            with self.subTest(current=ratio):
                self.assertEqual(ratio_points(ratio, CURRENT_RATIO_POINTS), points)
        for ratio, points in [(1.5, 10), (1, 10), (0.99, 8), (0.8, 8), (0.6, 6), (0.59, 4),
                              (0.4, 4), (0.39, 2)]:
            with self.subTest(quick=ratio):
                self.assertEqual(ratio_points(ratio, QUICK_RATIO_POINTS), points)

    def test_ratio_suggestions_from_latest_statement(self):
        """The latest year counts: current 1.2 → 6, quick (1,200,000 − 700,000) / 1,000,000
        = 0.5 → 4; the older year (current ratio 3) is ignored."""
        self._statement(self.customer_a, year=self.last_year - 1, current_assets=3000000,
                        current_liabilities=1000000)
        self._statement(self.customer_a, current_assets=1200000, inventory=700000,
                        current_liabilities=1000000)
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c)
        self.assertEqual(self._line(evaluation, "Capacity").suggested_points, 6)
        evaluation = self._evaluate(self.customer_a, self.scorecard_char)
        self.assertEqual(self._line(evaluation, "Solvency").suggested_points, 4)

    def test_undefined_ratio_gives_no_suggestion(self):
        self._statement(self.customer_a, current_assets=500000, current_liabilities=0)
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c)
        capacity = self._line(evaluation, "Capacity")
        self.assertFalse(capacity.suggested_points)
        self.assertFalse(capacity.points)
        self.assertIn("undefined", capacity.evidence)
        evaluation = self._evaluate(self.customer_b, self.scorecard_5c)
        self.assertIn("no financial statement", self._line(evaluation, "Capacity").evidence)

    def test_payment_record_points(self):
        """1 + 9 × on-time share, rounded half up."""
        for share, points in [(1, 10), (0, 1), (0.5, 6), (0.45, 5), (3 / 11, 3)]:
            with self.subTest(share=share):
                self.assertEqual(payment_record_points(share), points)

    def test_payment_record_suggestion(self):
        """Invoices of customer A, evaluated today (days before today, due after days):

            I1  1,000  100 days ago, due in 30  paid 75 days ago         on time  1,000
            I2  3,000   90 days ago, due in 30  paid 40 days ago (late)  late
            I3  2,000   20 days ago, due in 30  open, not yet due        on time  2,000
            I4  4,000   60 days ago, due in 30  open, overdue            late
            I5  1,000   50 days ago, due in 30  half paid, rest overdue  late
            not counted: 500 of 400 days ago (older than 12 months), a draft of 9,999,
            a credit note of 700, customer B's invoice of 8,000.

        Total 11,000 in five invoices, on time 3,000: share 3/11 = 0.2727,
        1 + 9 × 0.2727 = 3.45 → 3 points.
        """
        inv1 = self._due_invoice(self.customer_a, 100, 30, 1000)
        self._pay(inv1, 75)
        inv2 = self._due_invoice(self.customer_a, 90, 30, 3000)
        self._pay(inv2, 40)
        self._due_invoice(self.customer_a, 20, 30, 2000)
        self._due_invoice(self.customer_a, 60, 30, 4000)
        inv5 = self._due_invoice(self.customer_a, 50, 30, 1000)
        self._pay(inv5, 30, amount=500)
        old = self._due_invoice(self.customer_a, 400, 30, 500)
        self._pay(old, 300)
        self._due_invoice(self.customer_a, 10, 30, 9999, post=False)
        self._invoice(self.customer_a, self.today, 700, move_type="out_refund")
        self._due_invoice(self.customer_b, 10, 30, 8000)
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c)
        character = self._line(evaluation, "Character")
        self.assertEqual(character.suggested_points, 3)
        self.assertEqual(character.points, 3)
        self.assertIn("5 invoices", character.evidence)
        self.assertIn("27.3", character.evidence)
        # Customer B: everything not yet due → 100 % on time → 10 points; both customers
        # are suggested in one go.
        evaluation_b = self._evaluate(self.customer_b, self.scorecard_char)
        both = evaluation | evaluation_b
        both.line_ids.filtered(lambda line: line.measure == "payment_record").points = 5
        evaluation_class = type(self.Evaluation)
        with patch.object(evaluation_class, "_payment_behaviours", autospec=True,
                          side_effect=evaluation_class._payment_behaviours) as behaviours:
            both.action_refresh_suggestions()
        self.assertEqual(behaviours.call_count, 1)
        self.assertEqual(self._line(evaluation_b, "Payment Record").suggested_points, 10)
        self.assertEqual(character.points, 5, "chosen points stay")

    def test_payment_record_without_invoices(self):
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c)
        character = self._line(evaluation, "Character")
        self.assertFalse(character.suggested_points)
        self.assertIn("No posted invoices", character.evidence)

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_scorecard_access(self):
        self.scorecard_5c.with_user(self.credit_analyst).check_access("read")
        with self.assertRaises(AccessError):
            self.scorecard_5c.with_user(self.credit_analyst).write({"name": "Mine"})
        with self.assertRaises(AccessError):
            self.scorecard_5c.with_user(self.salesperson_a).check_access("read")
        with self.assertRaises(AccessError):
            self.scorecard_5c.indicator_ids.with_user(self.salesperson_a).check_access("read")
        self.scorecard_5c.with_user(self.credit_manager).write({"description": "Ours"})
