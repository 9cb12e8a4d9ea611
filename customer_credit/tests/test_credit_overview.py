from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import CustomerCreditCommon


@tagged("post_install", "-at_install")
class TestCreditOverview(CustomerCreditCommon):

    def test_overview_figures_and_lists(self):
        """Customer A: limit 1,000, an invoice of 1,500 due 40 days ago (31-60 bucket), over
        its limit, grant expired yesterday. Customer B: limit 5,000, an invoice of 500 due
        today (not due), on hold, grant expiring in 10 days."""
        today = fields.Date.context_today(self.env.user)
        company = self.archive_company
        self.customer_a._credit_set_limit(1000.0, "Test", company=company)
        self.customer_b._credit_set_limit(5000.0, "Test", company=company)
        for customer, day, amount in ((self.customer_a, today - relativedelta(days=40), 1500.0),
                                      (self.customer_b, today, 500.0)):
            invoice = self._invoice(customer, day, amount, post=False)
            invoice.write({"invoice_payment_term_id": False, "invoice_date_due": day})
            invoice.action_post()
        self.customer_b._credit_set_on_hold(True, "Cheques bounced", company)
        self.customer_a.with_company(company).sudo().credit_expiry_date = \
            today - relativedelta(days=1)
        self.customer_b.with_company(company).sudo().credit_expiry_date = \
            today + relativedelta(days=10)

        overview = self.env["customer.credit.overview"].browse(
            self.env["customer.credit.overview"].action_open()["res_id"])
        self.assertEqual(overview.limited_count, 2)
        self.assertAlmostEqual(overview.total_limit, 6000.0)
        self.assertAlmostEqual(overview.total_exposure, 2000.0)
        self.assertAlmostEqual(overview.limit_usage, 2000.0 / 6000.0 * 100)
        self.assertEqual(overview.over_limit_count, 1)
        self.assertEqual(overview.on_hold_count, 1)
        self.assertEqual(overview.grant_expired_count, 1)
        self.assertEqual(overview.grant_expiring_count, 1)
        self.assertAlmostEqual(overview.not_due, 500.0)
        self.assertAlmostEqual(overview.b2, 1500.0)
        self.assertAlmostEqual(overview.overdue, 1500.0)
        self.assertEqual(overview.open_hold_count, 0)

        Partner = self.env["res.partner"]
        for action, expected in (
                (overview.action_view_over_limit(), self.customer_a),
                (overview.action_view_on_hold(), self.customer_b),
                (overview.action_view_grants_expired(), self.customer_a),
                (overview.action_view_grants_expiring(), self.customer_b)):
            with self.subTest(action=action["name"]):
                self.assertEqual(Partner.search(action["domain"]), expected)
        aging = overview.action_view_aging()
        self.assertEqual(aging["res_model"], "customer.credit.aging")
