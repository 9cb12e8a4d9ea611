from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import tagged

from .common import CustomerSatisfactionCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15")
class TestOneSalesFigure(CustomerSatisfactionCommon):
    """One definition of sales (account.move._sales_domain / _sales_condition): every
    screen that shows a customer's sales shows the same number.

    The customer's year, by hand: invoices 1,000 (2026-01-10, half paid) and 2,500
    (2026-03-10), a credit note of 300 (2026-04-01), a draft invoice of 9,999 (not sales),
    and an invoice of 1,000 in a currency at 2 per company unit (2026-05-10): 500.
    Sales = 1,000 + 2,500 − 300 + 500 = 3,700."""

    SALES = 3700.0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer = cls.customer_a
        first = cls._invoice(customer, "2026-01-10", 1000.0)
        cls._invoice(customer, "2026-03-10", 2500.0)
        cls._invoice(customer, "2026-04-01", 300.0, move_type="out_refund")
        cls._invoice(customer, "2026-06-01", 9999.0, post=False)
        foreign = cls.setup_other_currency("EUR", rates=[("2016-01-01", 2.0)])
        cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": customer.id,
            "currency_id": foreign.id, "invoice_date": fields.Date.to_date("2026-05-10"),
            "invoice_line_ids": [Command.create({
                "name": "Goods", "quantity": 1, "price_unit": 1000.0,
                "tax_ids": [Command.clear()]})],
        }).action_post()
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=first.ids).create(
            {"amount": 500.0, "payment_date": "2026-02-10"})._create_payments()

    def test_every_screen_shows_the_same_sales(self):
        customer = self.customer_a
        customer.action_refresh_archive()
        customer.sudo()._archive_refresh_both_ends()
        ranking = self.env["customer.archive.ranking"].create({
            "date_from": "2025-06-16", "date_to": "2026-06-15",
            "company_id": self.archive_company.id})
        ranking.action_compute()
        plan = self.env["customer.archive.key.plan"].create({
            "partner_id": customer.id, "company_id": self.archive_company.id,
            "date_from": "2026-01-01", "date_to": "2026-12-31", "target_amount": 5000.0})
        churn = self.env["customer.churn"].sudo().create({
            "partner_id": customer.id, "company_id": self.archive_company.id,
            "state": "lost", "loss_date": "2026-06-15",
            "category_id": self.env["customer.churn.category"].search([], limit=1).id})
        year = customer.archive_year_ids.filtered(
            lambda line: line.year == 2026 and line.company_id == self.archive_company)
        screens = {
            "archive: total sales": customer.archive_total_sales,
            "archive: sales of the period (12 months)": customer.archive_period_sales,
            "archive: sales of the last 12 months": customer.archive_sales_last_12,
            "archive: yearly figures 2026": year.sales_amount,
            "key customer plan: actual": plan.actual_amount,
            "ranking by sales": ranking.sales_line_ids.filtered(
                lambda line: line.partner_id == customer).sales_amount,
            "churn: yearly sales lost": churn.yearly_sales_lost,
        }
        for screen, amount in screens.items():
            with self.subTest(screen=screen):
                self.assertAlmostEqual(amount, self.SALES, places=2)
