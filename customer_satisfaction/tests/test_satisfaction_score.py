from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CustomerSatisfactionCommon


@tagged("post_install", "-at_install")
class TestSatisfactionScore(CustomerSatisfactionCommon):

    def _good_answer(self, partner=None):
        # quality 8/10 -> 80 and 4 on 1..5 -> 75: attribute 77.5; price 5 -> 50;
        # delivery 9 -> 90; staff skipped; terms "Good" 3/4 -> 75; brand not answered.
        return self._answer(partner or self.customer_a, {
            self.q_quality: 8, self.q_quality_delivered: 4, self.q_price: 5,
            self.q_delivery: 9, self.q_staff: None, self.q_terms: self._terms("Good"),
            self.q_comment: "Faster quotes, please."})

    def test_scores_by_hand(self):
        user_input = self._good_answer()
        score = user_input.satisfaction_score_id
        self.assertTrue(score)
        self.assertEqual(score.partner_id, self.customer_a)
        self.assertEqual(score.survey_id, self.survey)
        self.assertEqual(score.company_id, self.archive_company)
        # Lines: one per answered, mapped question (not the skipped, unanswered or text one).
        lines = {line.question_id: line.score for line in score.line_ids}
        self.assertEqual(set(lines), {self.q_quality, self.q_quality_delivered, self.q_price,
                                      self.q_delivery, self.q_terms})
        self.assertAlmostEqual(lines[self.q_quality], 80.0)
        self.assertAlmostEqual(lines[self.q_quality_delivered], 75.0)
        self.assertAlmostEqual(lines[self.q_price], 50.0)
        self.assertAlmostEqual(lines[self.q_delivery], 90.0)
        self.assertAlmostEqual(lines[self.q_terms], 75.0)
        # Product: (77.5 * 3 + 50 * 1) / 4; service: staff unanswered, delivery alone.
        self.assertAlmostEqual(score.score_product, 70.625)
        self.assertAlmostEqual(score.score_service, 90.0)
        self.assertAlmostEqual(score.score_economy, 75.0)
        self.assertAlmostEqual(score.score_image, 0.0)
        self.assertEqual(score.answered_dimensions, "product,service,economy")
        # Not answered is no score (NULL, left out of every average), not 0.
        score.flush_recordset()
        self.env.cr.execute("SELECT score_image FROM customer_satisfaction_score WHERE id = %s",
                            score.ids)
        self.assertIsNone(self.env.cr.fetchone()[0])
        # Overall: image excluded, weights 40/30/20 renormalised over 90.
        self.assertAlmostEqual(score.overall, (70.625 * 40 + 90 * 30 + 75 * 20) / 90)
        self.assertAlmostEqual(score.overall, 78.0556, places=3)
        self.assertFalse(score.is_low)
        self.assertAlmostEqual(self.customer_a.satisfaction_score, score.overall)
        self.assertEqual(self.customer_a.satisfaction_trend, 0.0)
        self.assertEqual(self.customer_a.satisfaction_score_count, 1)

    def test_touchpoint_satisfaction(self):
        self._good_answer()
        groups = dict(self.env["customer.satisfaction.score.line"]._read_group(
            [("partner_id", "=", self.customer_a.id)], ["touchpoint_id"], ["score:avg"]))
        self.assertAlmostEqual(groups[self.tp_ordering], 80.0)
        self.assertAlmostEqual(groups[self.tp_delivery], (75.0 + 90.0) / 2)
        self.assertAlmostEqual(groups[self.tp_invoicing], 75.0)

    def test_low_score_activity_and_trend(self):
        first = self._good_answer().satisfaction_score_id
        activities = self.customer_a.activity_ids
        # Quality (20 + 0) / 2 = 10, price 20: product (10 * 3 + 20) / 4 = 12.5;
        # service 30; economy 0; overall (12.5 * 40 + 30 * 30 + 0 * 20) / 90.
        second = self._answer(self.customer_a, {
            self.q_quality: 2, self.q_quality_delivered: 1, self.q_price: 2,
            self.q_delivery: 3, self.q_terms: self._terms("Very poor")}).satisfaction_score_id
        self.assertAlmostEqual(second.score_product, 12.5)
        self.assertAlmostEqual(second.score_service, 30.0)
        self.assertAlmostEqual(second.score_economy, 0.0)
        self.assertAlmostEqual(second.overall, 1400 / 90)
        self.assertTrue(second.is_low)
        new_activity = self.customer_a.activity_ids - activities
        self.assertEqual(len(new_activity), 1)
        self.assertEqual(new_activity.user_id, self.salesperson_a)
        self.assertIn("Low customer satisfaction", new_activity.summary)
        # The latest score and its trend against the previous one.
        self.assertAlmostEqual(self.customer_a.satisfaction_score, second.overall)
        self.assertAlmostEqual(self.customer_a.satisfaction_trend,
                               second.overall - first.overall)
        self.assertEqual(self.customer_a.satisfaction_score_count, 2)

    def test_threshold_per_company(self):
        self.archive_company.satisfaction_low_threshold = 80.0
        score = self._good_answer().satisfaction_score_id
        self.assertTrue(score.is_low)
        self.assertEqual(self.customer_a.activity_ids.user_id, self.salesperson_a)

    def test_contact_scores_for_company(self):
        contact = self.env["res.partner"].create({
            "name": "Buyer of A", "parent_id": self.customer_a.id})
        score = self._good_answer(contact).satisfaction_score_id
        self.assertEqual(score.partner_id, self.customer_a)

    def test_no_score(self):
        # Not completed, other survey types, no partner: no score.
        self.assertFalse(self._answer(self.customer_a, {self.q_quality: 8},
                                      done=False).satisfaction_score_id)
        other = self.survey.copy({"survey_type": "survey"})
        self.assertFalse(self._answer(self.customer_a, {}, survey=other).satisfaction_score_id)
        user_input = self.env["survey.user_input"].sudo().create({"survey_id": self.survey.id})
        user_input._mark_done()
        self.assertFalse(user_input.satisfaction_score_id)
        # Nothing answered: a score without dimensions, no alert.
        score = self._answer(self.customer_b, {self.q_comment: "No comment"}).satisfaction_score_id
        self.assertEqual(score.overall, 0.0)
        self.assertFalse(score.answered_dimensions)
        self.assertFalse(score.is_low)
        self.assertFalse(self.customer_b.activity_ids)
        # ... which is not the customer's satisfaction: its latest answered score is.
        self.assertEqual(self.customer_b.satisfaction_score_count, 0)
        self.assertFalse(self.customer_b.satisfaction_date)
        answered = self._good_answer(self.customer_b).satisfaction_score_id
        self._answer(self.customer_b, {self.q_comment: "Nothing to add"})
        self.assertEqual(self.customer_b.satisfaction_score_count, 1)
        self.assertAlmostEqual(self.customer_b.satisfaction_score, answered.overall)

    def test_recompute_after_new_weights(self):
        score = self._good_answer().satisfaction_score_id
        self.survey.satisfaction_weight_economy = 0.0
        score.action_recompute()
        self.assertAlmostEqual(score.overall, (70.625 * 40 + 90 * 30) / 70)
        self.assertEqual(len(score.line_ids), 5)

    def test_batch(self):
        inputs = self._answer(self.customer_a, {self.q_quality: 10}, done=False) | self._answer(
            self.customer_b, {self.q_quality: 5, self.q_delivery: 10}, done=False)
        inputs._mark_done()
        score_a, score_b = inputs.satisfaction_score_id
        self.assertAlmostEqual(score_a.overall, 100.0)
        self.assertAlmostEqual(score_b.overall, (50 * 40 + 100 * 30) / 70)
        self.assertFalse(score_a.is_low)
        self.assertTrue(self.customer_b.activity_ids.filtered(
            lambda a: a.user_id == self.salesperson_b) or not score_b.is_low)

    def test_template_survey(self):
        survey = self.env.ref("customer_satisfaction.survey_customer_satisfaction")
        self.assertEqual(survey.survey_type, "customer_satisfaction")
        mapped = survey.question_ids.filtered("satisfaction_attribute_id")
        self.assertEqual(set(mapped.mapped("satisfaction_dimension")),
                         {"product", "service", "economy", "image"})

    def test_data_that_cannot_go_wrong(self):
        """All dimension weights 0, an attribute of weight 0, a score outside 0..100: each
        refused; an answer with no answered dimension has no overall score."""
        with self.assertRaises(ValidationError):
            self.survey.write({"satisfaction_weight_product": 0, "satisfaction_weight_service": 0,
                               "satisfaction_weight_economy": 0, "satisfaction_weight_image": 0})
        with self.assertRaises(ValidationError):
            self.attr_quality.weight = 0
        score = self._good_answer().satisfaction_score_id
        for field in ("overall", "score_product"):
            with self.subTest(field=field), self.assertRaises(ValidationError):
                score.write({field: 100.5})
        with self.assertRaises(ValidationError):
            score.line_ids[:1].score = -1
        empty = self._answer(self.customer_b, {self.q_comment: "No time."})
        self.assertFalse(empty.satisfaction_score_id.answered_dimensions)
        empty.satisfaction_score_id.flush_recordset()
        self.env.cr.execute("SELECT overall FROM customer_satisfaction_score WHERE id = %s",
                            empty.satisfaction_score_id.ids)
        self.assertIsNone(self.env.cr.fetchone()[0])

