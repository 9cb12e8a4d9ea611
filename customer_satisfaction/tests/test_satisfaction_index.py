from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CustomerSatisfactionCommon


class SatisfactionIndexCommon(CustomerSatisfactionCommon):
    """The segment-weighted company index on a worked example.

    Population (the company's archived customers, 10):

    ==========  =========  ==============  =====================================
    tier        customers  respondents     latest score in 2025
    ==========  =========  ==============  =====================================
    important   2 (A, c1)  A, c1           A 100 (Mar), c1 80 (Mar)
    special     3 (B, c2,  B               B 70 (Mar)
                c3)
    ordinary    5 (c4-c8)  c4, c5          c4 90 (Aug) then 50 (Sep): 50; c5 70
                                           (Sep); c6 only in 2024, c7 only in 2026
    ==========  =========  ==============  =====================================

    Not in the population: an archived (inactive) customer, a customer without archive and
    one whose archive belongs to another company (all three with scores).

    2025: index = 0.2 × 90 + 0.3 × 70 + 0.5 × 60 = 18 + 21 + 30 = 69.
    January to June 2025 (the ordinary tier has no answer): the shares are renormalised over
    important and special, (2 × 90 + 3 × 70) / 5 = 78."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Index Other Co"})
        cls.customer_a.archive_tier = "important"
        cls.customer_b.archive_tier = "special"
        cls.c1 = cls._create_customer("Index C1")
        cls.c2 = cls._create_customer("Index C2")
        cls.c3 = cls._create_customer("Index C3")
        (cls.c4, cls.c5, cls.c6, cls.c7, cls.c8) = [
            cls._create_customer(f"Index C{number}") for number in range(4, 9)]
        cls.c1.archive_tier = "important"
        (cls.c2 | cls.c3).archive_tier = "special"
        (cls.c4 | cls.c5 | cls.c6 | cls.c7 | cls.c8).archive_tier = "ordinary"
        cls.inactive = cls._create_customer("Index Inactive", archive_tier="important")
        cls.no_archive = cls._create_customer("Index No Archive", archive=False,
                                              archive_tier="important")
        cls.foreign = cls._create_customer("Index Foreign", archive_tier="important")
        cls.foreign.archive_company_id = cls.other_company

        cls.score_a = cls._score(cls.customer_a, 10, "2025-03-01")
        cls._score(cls.c1, 8, "2025-03-02")
        cls._score(cls.customer_b, 7, "2025-03-03")
        cls._score(cls.c4, 9, "2025-08-01")
        cls._score(cls.c4, 5, "2025-09-01")
        cls._score(cls.c5, 7, "2025-09-02")
        cls._score(cls.c6, 10, "2024-12-31")
        cls._score(cls.c7, 10, "2026-01-01")
        cls._score(cls.inactive, 0, "2025-05-01")
        cls._score(cls.no_archive, 0, "2025-05-01")
        cls._score(cls.foreign, 0, "2025-05-01")
        cls.inactive.active = False
        cls._end_request()

    @classmethod
    def _score(cls, partner, quality, day, answers=None):
        """A score of ``partner`` dated ``day``: by default the quality question only, so
        that the overall index is quality × 10."""
        user_input = cls._answer(partner, answers or {cls.q_quality: quality})
        score = user_input.satisfaction_score_id
        score.sudo().date = day
        return score

    def _index(self, date_from="2025-01-01", date_to="2025-12-31", user=None, **values):
        Index = self.env["customer.satisfaction.index"]
        if user:
            Index = Index.with_user(user)
        wizard = Index.create({"date_from": date_from, "date_to": date_to, **values})
        wizard.action_compute()
        return wizard

    def _lines(self, wizard):
        """{segment: (customers, share, respondents, satisfaction or None, weight,
        contribution)}, stored with two decimals."""
        return {line.name: (line.customer_count, line.share, line.respondent_count,
                            line.satisfaction if line.has_answers else None, line.weight,
                            line.contribution) for line in wizard.line_ids}


@tagged("post_install", "-at_install")
class TestSatisfactionIndex(SatisfactionIndexCommon):
    def test_worked_example(self):
        wizard = self._index()
        self.assertTrue(wizard.has_index)
        self.assertAlmostEqual(wizard.satisfaction_index, 69.0)
        self.assertEqual(wizard.customer_count, 10)
        self.assertEqual(wizard.respondent_count, 5)
        self.assertAlmostEqual(wizard.coverage, 50.0)
        self.assertEqual(wizard.line_ids.mapped("name"),
                         ["Important Tier", "Special Tier", "Ordinary Tier"])
        lines = self._lines(wizard)
        # segment: customers, share, respondents, satisfaction, weight, contribution
        self.assertEqual(lines["Important Tier"], (2, 20.0, 2, 90.0, 20.0, 18.0))
        self.assertEqual(lines["Special Tier"], (3, 30.0, 1, 70.0, 30.0, 21.0))
        self.assertEqual(lines["Ordinary Tier"], (5, 50.0, 2, 60.0, 50.0, 30.0))
        self.assertAlmostEqual(sum(wizard.line_ids.mapped("contribution")), 69.0)
        self.assertFalse(any(wizard.line_ids.mapped("note")))

    def test_segment_without_answers_renormalised(self):
        wizard = self._index(date_to="2025-06-30")
        # (2 × 90 + 3 × 70) / 5 = 78: the ordinary tier's half is left out.
        self.assertAlmostEqual(wizard.satisfaction_index, 78.0)
        self.assertEqual(wizard.customer_count, 10)
        self.assertEqual(wizard.respondent_count, 3)
        self.assertAlmostEqual(wizard.coverage, 30.0)
        lines = self._lines(wizard)
        self.assertEqual(lines["Important Tier"], (2, 20.0, 2, 90.0, 40.0, 36.0))
        self.assertEqual(lines["Special Tier"], (3, 30.0, 1, 70.0, 60.0, 42.0))
        self.assertEqual(lines["Ordinary Tier"], (5, 50.0, 0, None, 0.0, 0.0))
        ordinary = wizard.line_ids.filtered(lambda line: line.name == "Ordinary Tier")
        self.assertEqual(ordinary.note, "No answers")

    def test_dimension(self):
        """2026 answers: the satisfaction of a dimension comes from each customer's latest
        answer that rated it.

        Service: A delivery 6 → 60; c1 delivery 8 (March) then quality only (April) → 80;
        B quality only → none; c4 delivery 5 and staff 8 → (50 × 2 + 80 × 1) / 3 = 60;
        c5 staff 9 → 90. Important 70 (2 customers), special none, ordinary 75 (5):
        (2 × 70 + 5 × 75) / 7 = 515 / 7 = 73.571.
        Product: A 100, c1 50 (April), B 70, no ordinary answer: (2 × 75 + 3 × 70) / 5 = 72."""
        self._score(self.customer_a, None, "2026-03-01",
                    {self.q_quality: 10, self.q_delivery: 6})
        self._score(self.c1, None, "2026-03-01", {self.q_delivery: 8})
        self._score(self.c1, None, "2026-04-01", {self.q_quality: 5})
        self._score(self.customer_b, None, "2026-03-01", {self.q_quality: 7})
        self._score(self.c4, None, "2026-03-01", {self.q_delivery: 5, self.q_staff: 8})
        self._score(self.c5, None, "2026-03-01", {self.q_staff: 9})
        period = {"date_from": "2026-02-01", "date_to": "2026-12-31"}

        service = self._index(dimension="service", **period)
        self.assertAlmostEqual(service.satisfaction_index, 515 / 7, places=2)
        self.assertEqual(service.respondent_count, 4)
        lines = self._lines(service)
        self.assertEqual(lines["Important Tier"][2:4], (2, 70.0))
        self.assertEqual(lines["Special Tier"][2:4], (0, None))
        self.assertEqual(lines["Ordinary Tier"][2:4], (2, 75.0))
        self.assertAlmostEqual(lines["Ordinary Tier"][4], 500 / 7, places=2)

        product = self._index(dimension="product", **period)
        self.assertAlmostEqual(product.satisfaction_index, 72.0)
        self.assertEqual(product.respondent_count, 3)

        # Overall: A (100 × 40 + 60 × 30) / 70 = 82.857, c1 50 (latest), B 70, c4
        # (60 × 30) / 30 = 60, c5 90: important 66.429 × 0.2 + 70 × 0.3 + 75 × 0.5.
        overall = self._index(**period)
        expected = ((5800 / 70 + 50) / 2) * 0.2 + 70 * 0.3 + 75 * 0.5
        self.assertAlmostEqual(overall.satisfaction_index, expected, places=2)
        self.assertEqual(overall.respondent_count, 5)

    def test_segment_by_salesperson(self):
        """Salesperson: A (Salesperson A) 100, B (Salesperson B) 70, the 8 others undefined
        with c1 80, c4 50, c5 70: 0.1 × 100 + 0.1 × 70 + 0.8 × 200 / 3 = 70.333."""
        wizard = self._index(segment_field="user_id")
        self.assertEqual(wizard.line_ids.mapped("name"),
                         ["Salesperson A", "Salesperson B", "Undefined"])
        self.assertAlmostEqual(wizard.satisfaction_index, 10 + 7 + 0.8 * 200 / 3, places=2)
        undefined = wizard.line_ids[-1]
        self.assertEqual((undefined.customer_count, undefined.respondent_count), (8, 3))
        self.assertFalse(undefined.segment_value)

    def test_open_scores_of_segment(self):
        wizard = self._index()
        ordinary = wizard.line_ids.filtered(lambda line: line.name == "Ordinary Tier")
        action = ordinary.action_open_scores()
        self.assertEqual(action["res_model"], "customer.satisfaction.score")
        scores = self.env["customer.satisfaction.score"].search(action["domain"])
        # All the 2025 scores of the segment's customers: c4's two and c5's.
        self.assertEqual(scores.partner_id, self.c4 | self.c5)
        self.assertEqual(len(scores), 3)
        self.assertTrue(wizard.action_open_chart()["domain"])

    def test_no_answers(self):
        wizard = self._index(date_from="2020-01-01", date_to="2020-12-31")
        self.assertFalse(wizard.has_index)
        self.assertEqual(wizard.satisfaction_index, 0.0)
        self.assertEqual((wizard.customer_count, wizard.respondent_count), (10, 0))
        self.assertEqual(set(wizard.line_ids.mapped("note")), {"No answers"})

    def test_bad_period(self):
        with self.assertRaises(ValidationError):
            self.env["customer.satisfaction.index"].create(
                {"date_from": "2025-12-31", "date_to": "2025-01-01"})

    def test_access(self):
        wizard = self._index(user=self.satisfaction_user)
        self.assertAlmostEqual(wizard.satisfaction_index, 69.0)
        self.assertEqual(self._index(user=self.satisfaction_manager).customer_count, 10)
        with self.assertRaises(AccessError):
            self.env["customer.satisfaction.index"].with_user(self.employee).create(
                {"date_from": date(2025, 1, 1), "date_to": date(2025, 12, 31)})
        # A company the user does not belong to.
        with self.assertRaises(AccessError):
            self._index(user=self.satisfaction_user, company_id=self.other_company.id)
