from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CustomerCreditCommon


@tagged("post_install", "-at_install")
class TestCreditGrade(CustomerCreditCommon):

    def test_nine_grade_thresholds(self):
        """Each grade starts at its threshold: 90 % is AAA, 89.99 % is AA, ... 0 % is C."""
        expected = [(100, "AAA"), (90, "AAA"), (89.99, "AA"), (80, "AA"), (79.99, "A"),
                    (70, "A"), (69.99, "BBB"), (60, "BBB"), (59.99, "BB"), (50, "BB"),
                    (49.99, "B"), (40, "B"), (39.99, "CCC"), (30, "CCC"), (29.99, "CC"),
                    (20, "CC"), (19.99, "C"), (0, "C")]
        for level, grade in expected:
            with self.subTest(level=level):
                self.assertEqual(self.scale_nine._grade_for_level(level).name, grade)

    def test_three_grade_thresholds(self):
        expected = [(80, "A"), (79.99, "B"), (60, "B"), (59.99, "C"), (0, "C")]
        for level, grade in expected:
            with self.subTest(level=level):
                self.assertEqual(self.scale_three._grade_for_level(level).name, grade)

    def test_grade_policy_validation(self):
        grade = self.env.ref("customer_credit.grade_bbb")
        with self.assertRaises(ValidationError):
            grade.min_level = 101
        with self.assertRaises(ValidationError):
            grade.limit_share = -5
        with self.assertRaises(ValidationError):
            grade.validity_months = 0
