from freezegun import freeze_time
from markupsafe import Markup

from odoo import Command
from odoo.addons.customer_archive.tools import write_columns
from odoo.addons.customer_satisfaction.tests.common import CustomerSatisfactionCommon
from odoo.tests import new_test_user, tagged

ARCHIVE_FIGURES = ["archive_time_class", "archive_trade_stage", "archive_volume_class",
                   "archive_total_sales", "archive_period_sales", "archive_first_invoice_date",
                   "archive_sales_last_12", "archive_purchase_interval"]
SATISFACTION_FIGURES = ["satisfaction_score", "satisfaction_date", "satisfaction_score_count"]
HEALTH_FIGURES = ["health_status", "health_company_id", "health_credit_grade_id",
                  "health_credit_exposure", "health_credit_limit", "health_reasons"]


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15")
class TestCompaniesApart(CustomerSatisfactionCommon):
    """Two companies share a customer, each with its own invoices, grades and surveys: each
    reads its own figures only (company-dependent fields), whatever the screen or client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_1 = cls.archive_company
        cls.company_2 = cls.setup_other_company(name="Second Trading Co")["company"]
        cls.shared = cls.customer_a  # its archive belongs to company 1
        cls.user_2 = new_test_user(
            cls.env, "companies_apart_user_2", name="User of Company 2",
            groups="base.group_user,customer_archive.group_archive_custodian,"
                   "customer_satisfaction.group_satisfaction_manager,"
                   "customer_credit.group_credit_manager",
            company_id=cls.company_2.id, company_ids=[Command.set(cls.company_2.ids)])
        # Company 1 sold 1,000, 2,000 and 3,000; company 2 sold 400 once, unpaid.
        for day, amount in (("2026-03-01", 1000.0), ("2026-04-01", 2000.0),
                            ("2026-05-01", 3000.0)):
            cls._invoice(cls.shared, day, amount)
        cls.invoice_2 = cls._invoice(cls.shared, "2026-05-20", 400.0, company=cls.company_2)
        cls.grade_1 = cls.env["customer.credit.grade"].search([], limit=1)
        cls.shared.sudo().with_company(cls.company_1).write({"credit_grade_id": cls.grade_1.id})

    def _answer_all(self, scale, quality_delivered, terms, invoice=None):
        """Every scored question answered the same way; ``invoice`` says which company
        asked (its company), else the archive's owner."""
        answers = {question: scale for question in (
            self.q_quality, self.q_price, self.q_delivery, self.q_staff, self.q_brand)}
        answers.update({self.q_quality_delivered: quality_delivered,
                        self.q_terms: self._terms(terms)})
        user_input = self._answer(self.shared, answers, done=False)
        if invoice:
            user_input.satisfaction_invoice_id = invoice
        user_input._mark_done()
        return user_input.satisfaction_score_id

    def test_archive_figures_are_the_owner_companys(self):
        self.shared.action_refresh_archive()
        self.shared.sudo()._archive_refresh_both_ends()
        in_1 = self.shared.with_company(self.company_1)
        # Company 1's invoices only: 6,000 since 2026-03-01, monthly purchases (interval
        # (31 + 30) / 2 = 30.5 days), old customer trading now.
        self.assertEqual(in_1.archive_total_sales, 6000.0)
        self.assertEqual(in_1.archive_sales_last_12, 6000.0)
        self.assertEqual(in_1.archive_purchase_interval, 30.5)
        self.assertEqual(in_1.archive_trade_stage, "trading_now")
        self.assertEqual(str(in_1.archive_first_invoice_date), "2026-03-01")
        # Seen from company 2 (which owns no archive of it): nothing of company 1's.
        values = self.shared.with_user(self.user_2).read(ARCHIVE_FIGURES)[0]
        self.assertEqual({name: values[name] for name in ARCHIVE_FIGURES},
                         dict.fromkeys(ARCHIVE_FIGURES, False) | {
                             "archive_total_sales": 0.0, "archive_period_sales": 0.0,
                             "archive_sales_last_12": 0.0, "archive_purchase_interval": 0.0})
        # Nor can company 2 find the customer by company 1's figures.
        Partner = self.env["res.partner"].with_user(self.user_2)
        self.assertFalse(Partner.search([("id", "=", self.shared.id),
                                         ("archive_total_sales", ">", 0)]))
        self.assertTrue(self.env["res.partner"].search([("id", "=", self.shared.id),
                                                        ("archive_total_sales", ">", 0)]))
        # A second refresh of company 1 leaves company 2's keys alone, and the reverse.
        write_columns(self.shared, [("archive_total_sales", "numeric")],
                      [(self.shared.id, 400.0)], company=self.company_2)
        self.shared.action_refresh_archive()
        self.assertEqual(self.shared.with_company(self.company_2).archive_total_sales, 400.0)
        self.assertEqual(in_1.archive_total_sales, 6000.0)

    def test_satisfaction_is_per_asking_company(self):
        # Company 1 asks (the archive's owner): everything at the top, index 100.
        score_1 = self._answer_all(10, 5, "Very good")
        # Company 2 asks after its invoice: everything in the middle, index 50
        # (5 of 0..10, 3 of 1..5 and "Acceptable" 2 of 4 are all 50%).
        score_2 = self._answer_all(5, 3, "Acceptable", invoice=self.invoice_2)
        self.assertEqual((score_1.company_id, score_2.company_id),
                         (self.company_1, self.company_2))
        self.assertEqual((score_1.overall, score_2.overall), (100.0, 50.0))
        in_1 = self.shared.with_company(self.company_1)
        in_2 = self.shared.with_company(self.company_2)
        self.assertEqual((in_1.satisfaction_score, in_1.satisfaction_score_count), (100.0, 1))
        self.assertEqual((in_2.satisfaction_score, in_2.satisfaction_score_count), (50.0, 1))
        values = self.shared.with_user(self.user_2).read(SATISFACTION_FIGURES)[0]
        self.assertEqual((values["satisfaction_score"], values["satisfaction_score_count"]),
                         (50.0, 1))
        # A second answer in company 1 makes a trend there only; deleting it undoes it.
        score_3 = self._answer_all(5, 3, "Acceptable")
        self.assertEqual(in_1.satisfaction_score, 50.0)
        self.assertEqual(in_1.satisfaction_trend, -50.0)
        self.assertEqual((in_2.satisfaction_score, in_2.satisfaction_trend), (50.0, 0.0))
        score_3.sudo().unlink()
        self.assertEqual((in_1.satisfaction_score, in_1.satisfaction_trend), (100.0, 0.0))

    def test_health_is_the_owner_companys(self):
        self.shared._health_refresh()
        in_1 = self.shared.with_company(self.company_1)
        self.assertEqual(in_1.health_company_id, self.company_1)
        self.assertEqual(in_1.health_credit_grade_id, self.grade_1)
        # Open receivables of company 1: 6,000 (company 2's 400 is not in its exposure).
        self.assertEqual(in_1.health_credit_exposure, 6000.0)
        self.assertTrue(in_1.health_status)
        values = self.shared.with_user(self.user_2).read(HEALTH_FIGURES)[0]
        self.assertEqual(values, dict.fromkeys(HEALTH_FIGURES, False) | {
            "id": self.shared.id, "health_credit_exposure": 0.0,
            "health_credit_limit": 0.0})
        self.assertFalse(self.env["res.partner"].with_user(self.user_2).search(
            [("id", "=", self.shared.id), ("health_status", "!=", False)]))

    def test_bulk_update_writes_only_escaped_html(self):
        with self.assertRaises(ValueError):
            write_columns(self.shared, [("comment", "text")],
                          [(self.shared.id, "<img src=x onerror=alert(1)>")])
        write_columns(self.shared, [("comment", "text")],
                      [(self.shared.id, Markup("<p>%s</p>") % "<b>escaped</b>")])
        self.assertEqual(str(self.shared.comment), "<p>&lt;b&gt;escaped&lt;/b&gt;</p>")
