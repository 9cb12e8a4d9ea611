from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CustomerSatisfactionCommon


@tagged("post_install", "-at_install")
class TestSatisfactionAccess(CustomerSatisfactionCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.score = cls._answer(cls.customer_a, {cls.q_quality: 9}).satisfaction_score_id

    def test_groups(self):
        self.assertTrue(self.satisfaction_user.has_group("customer_archive.group_archive_user"))
        self.assertTrue(self.satisfaction_manager.has_group(
            "customer_satisfaction.group_satisfaction_user"))
        self.assertTrue(self.satisfaction_manager.has_group("survey.group_survey_user"))

    def test_user_reads_scores(self):
        score = self.score.with_user(self.satisfaction_user)
        self.assertAlmostEqual(score.overall, 90.0)
        self.assertTrue(score.line_ids.score)
        with self.assertRaises(AccessError):
            score.write({"overall": 100.0})
        with self.assertRaises(AccessError):
            score.unlink()
        with self.assertRaises(AccessError):
            self.env["customer.satisfaction.attribute"].with_user(self.satisfaction_user).create(
                {"name": "Colour", "dimension": "product"})

    def test_manager_configures(self):
        Attribute = self.env["customer.satisfaction.attribute"].with_user(
            self.satisfaction_manager)
        attribute = Attribute.create({"name": "Colour", "dimension": "product", "weight": 0.5})
        attribute.weight = 1.0
        touchpoint = self.env["customer.satisfaction.touchpoint"].with_user(
            self.satisfaction_manager).create({"name": "Installation"})
        self.assertTrue(touchpoint)
        self.score.with_user(self.satisfaction_manager).action_recompute()
        self.assertAlmostEqual(self.score.overall, 90.0)

    def test_employee_no_scores(self):
        with self.assertRaises(AccessError):
            self.score.with_user(self.employee).read(["overall"])
        with self.assertRaises(AccessError):
            self.env["customer.satisfaction.score.line"].with_user(self.employee).search([])
        # Attributes and touchpoints are readable by every employee.
        self.assertTrue(self.env["customer.satisfaction.attribute"].with_user(
            self.employee).search([]))

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other Satisfaction Co"})
        self.score.company_id = other
        scores = self.env["customer.satisfaction.score"].with_user(
            self.satisfaction_user).search([])
        self.assertNotIn(self.score, scores)
        lines = self.env["customer.satisfaction.score.line"].with_user(
            self.satisfaction_user).search([])
        self.assertFalse(lines & self.score.line_ids)
