from freezegun import freeze_time

from odoo import Command, fields
from odoo.addons.customer_satisfaction.tests.common import CustomerSatisfactionCommon
from odoo.exceptions import ValidationError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15")
class TestOneDefinition(CustomerSatisfactionCommon):
    """One definition of each figure: every screen that shows a customer's sales (the
    moves of account.move._sales_domain) or its open and overdue receivables (the items
    of res.partner._open_receivables_sql, due by _receivable_due_sql) shows the same
    number.

    The customer's year, by hand (today 2026-06-15): invoices 1,000 (2026-01-10, half
    paid) and 2,500 (2026-03-10), a credit note of 300 (2026-04-01, not applied), a draft
    invoice of 9,999 (nothing), an invoice of 1,000 in a currency at 2 per company unit
    (2026-05-10): 500, and an invoice of 800 (2026-06-10) due in 30 days.
    Sales = 1,000 + 2,500 − 300 + 500 + 800 = 4,500.
    Open receivables = 500 + 2,500 − 300 + 500 + 800 = 4,000; overdue = 4,000 − 800."""

    SALES = 4500.0
    OPEN = 4000.0
    OVERDUE = 3200.0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        first = cls._move("2026-01-10", 1000.0)
        cls._move("2026-03-10", 2500.0)
        cls._move("2026-04-01", 300.0, move_type="out_refund")
        cls._move("2026-06-01", 9999.0, post=False)
        cls._move("2026-05-10", 1000.0,
                  currency_id=cls.setup_other_currency("EUR", rates=[("2016-01-01", 2.0)]).id)
        cls._move("2026-06-10", 800.0, invoice_date_due="2026-07-10")
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=first.ids).create(
            {"amount": 500.0, "payment_date": "2026-02-10"})._create_payments()
        cls.env.flush_all()

    @classmethod
    def _move(cls, day, amount, move_type="out_invoice", post=True, **values):
        """A move of one untaxed line, due on its date unless said otherwise."""
        move = cls.env["account.move"].create({
            "move_type": move_type, "partner_id": cls.customer_a.id,
            "invoice_date": day, "invoice_date_due": day, **values,
            "invoice_line_ids": [Command.create({
                "name": "Goods", "quantity": 1, "price_unit": amount,
                "tax_ids": [Command.clear()]})],
        })
        if post:
            move.action_post()
        return move

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

    def test_every_screen_shows_the_same_receivables(self):
        customer = self.customer_a
        aging = self.env["customer.credit.aging"]._compute_aging(
            fields.Date.to_date("2026-06-15"), self.archive_company).filtered(
            lambda row: row.partner_id == customer)
        exposure = customer._credit_exposure(self.archive_company)[customer.id]
        self.assertEqual(customer.archive_overdue_amount, self.OVERDUE)
        self.assertTrue(customer.archive_arrears)
        screens = {
            "credit: open receivables": (customer.credit_receivable, self.OPEN),
            "credit: overdue": (customer.credit_overdue, self.OVERDUE),
            "credit exposure (health, check, reminders)": (exposure["overdue"], self.OVERDUE),
            "archive: overdue receivables": (customer.archive_overdue_amount, self.OVERDUE),
            "aging: total": (aging.total, self.OPEN),
            "aging: overdue": (aging.overdue, self.OVERDUE),
            "aging: not due": (aging.not_due, self.OPEN - self.OVERDUE),
        }
        for screen, (amount, expected) in screens.items():
            with self.subTest(screen=screen):
                self.assertAlmostEqual(amount, expected, places=2)
        # The drill-down lists the items the figure adds up.
        items = self.env["account.move.line"].search(
            customer.with_context(credit_overdue_only=True)
            .action_view_credit_open_items()["domain"])
        self.assertAlmostEqual(sum(items.mapped("amount_residual")), self.OVERDUE, places=2)

    def test_every_screen_shows_the_same_uninvoiced_orders(self):
        customer = self.customer_a
        order = self.env["sale.order"].create({
            "partner_id": customer.id,
            "order_line": [Command.create({
                "product_id": self.product_a.id, "product_uom_qty": 2, "price_unit": 100.0,
                "tax_id": [Command.clear()]})],
        })
        order.action_confirm()
        exposure = customer._credit_exposure(self.archive_company)[customer.id]
        self.assertEqual(order._credit_uninvoiced(), 200.0)
        self.assertEqual(exposure["uninvoiced_orders"], 200.0)
        self.assertEqual(customer.credit_uninvoiced_orders, 200.0)
        self.assertEqual(self.env["sale.order"].search(
            customer.action_view_credit_uninvoiced_orders()["domain"]), order)
        # Exposure: open 4,000 + drafts 9,999 + orders 200 = 14,199, in the figure and in
        # the over-limit search alike.
        self.assertEqual(exposure["exposure"], 14199.0)
        Partner = self.env["res.partner"]
        for limit, over in ((14198.0, True), (14199.0, False)):
            customer.sudo().credit_limit = limit
            with self.subTest(limit=limit):
                self.assertEqual(bool(Partner.search([("id", "=", customer.id),
                                                      ("credit_over_limit", "=", True)])), over)
                customer.invalidate_recordset(["credit_over_limit"])
                self.assertEqual(customer.credit_over_limit, over)

    def test_every_feature_uses_the_same_purchase_interval(self):
        """Purchase days 2026-01-10, 03-10, 05-10 and 06-10 (the credit note and the draft
        are no purchases): 59 + 61 + 31 = 151 days over 3 intervals, 50.33 days."""
        customer = self.customer_a
        interval = 151 / 3
        customer.sudo()._archive_refresh_both_ends()
        self.assertAlmostEqual(customer.archive_purchase_interval, interval, places=6)
        later = fields.Date.to_date("2026-12-31")
        churn = self.env["customer.churn"]._detect_churn(customer, later)
        self.assertEqual(churn.state, "to_confirm")  # 204 idle days > 4 × 50.3
        self.assertAlmostEqual(churn.usual_interval, interval, places=1)
        signals = self.env["customer.credit.signal"]._detect_signals(
            customer, self.archive_company, later)
        idle = signals.filtered(lambda signal: signal.signal_type == "no_orders")
        self.assertIn("usually buys every 50.3 days (4 purchase days since 2026-01-10)",
                      idle.evidence)

    def test_an_individual_is_a_customer_everywhere(self):
        """Who is a customer (res.partner CUSTOMER_DOMAIN): a company or a person without a
        parent, never a contact; an individual with an archive goes wherever a company
        goes."""
        person = self._create_customer("Li Ming", self.salesperson_a, is_company=False)
        contact = self.env["res.partner"].create(
            {"name": "Clerk of Customer A", "parent_id": self.customer_a.id})
        candidates = [("id", "in", (person | contact).ids)]
        for model in ("customer.credit.limit.request", "customer.credit.signal",
                      "customer.credit.statement", "customer.credit.report",
                      "customer.satisfaction.feedback", "customer.churn",
                      "customer.satisfaction.campaign"):
            field = "partner_ids" if model == "customer.satisfaction.campaign" else "partner_id"
            domain = self.env[model]._fields[field].get_domain_list(self.env[model])
            with self.subTest(model=model):
                self.assertEqual(self.env["res.partner"].search(domain + candidates), person)
        Partner = self.env["res.partner"]
        self.assertEqual(Partner.search(Partner._customer_domain(self.archive_company)
                                        + candidates), person)
        for model in ("customer.credit.statement", "customer.credit.report"):
            with self.subTest(model=model):
                self.env[model].new({"partner_id": person.id})._check_commercial_partner()
                with self.assertRaises(ValidationError):
                    self.env[model].new({"partner_id": contact.id})._check_commercial_partner()

    def test_payment_record_and_behaviour_read_the_same_invoices(self):
        """Invoices of the 12 months: 1,000 (half paid, overdue), 2,500 and 500 (overdue),
        800 (not yet due): 4 invoices of 4,800, of which 800 on time (16.7 %); the three
        paid or due are all late."""
        customer = self.customer_a
        today = fields.Date.to_date("2026-06-15")
        behaviour = customer._credit_payment_behaviour(self.archive_company, today)[customer.id]
        self.assertEqual((behaviour["invoice_count"], behaviour["total"], behaviour["on_time"]),
                         (4, 4800.0, 800.0))
        self.assertEqual((behaviour["known_count"], behaviour["late_share"]), (3, 100.0))
        evaluation = self.env["customer.credit.evaluation"].new({
            "partner_id": customer.id, "company_id": self.archive_company.id, "date": today})
        points, evidence = evaluation._payment_record_points_evidence(behaviour)
        self.assertIn("(16.7 %)", evidence)
        self.assertIn("4 invoices", evidence)
        self.assertEqual(customer.credit_behaviour_invoice_count, 4)
