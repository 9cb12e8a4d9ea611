from freezegun import freeze_time

from odoo.tests import tagged

from .credit_hold_common import TODAY, CreditHoldCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCreditExposure(CreditHoldCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tax_10 = cls.env["account.tax"].create({
            "name": "Sales 10%", "amount": 10.0, "amount_type": "percent",
            "type_tax_use": "sale", "company_id": cls.company.id})
        cls.eur = cls.setup_other_currency("EUR", rates=[
            ("2026-01-01", 0.8), ("2026-02-01", 0.5), ("2026-03-01", 0.4)])
        cls.buyer_a = cls.env["res.partner"].create({
            "name": "Buyer of Customer A", "parent_id": cls.customer_a.id, "type": "contact"})

    def _figures(self, partner):
        partner.invalidate_recordset()
        return (partner.credit_receivable, partner.credit_overdue, partner.credit_draft_invoices,
                partner.credit_uninvoiced_orders, partner.credit_exposure,
                partner.credit_limit_amount, partner.credit_available)

    def test_exposure_sources(self):
        """Receivables (partly paid, credit note), draft invoices (of a contact too, minus a
        draft credit note), a partly invoiced order with tax; quotations and cancelled
        documents do not count."""
        customer = self.customer_a
        self._grant(customer, None, 5000.0)
        invoice_1 = self._move(customer, 1000.0, invoice_date="2026-01-10")
        self._pay(invoice_1, 300.0, payment_date="2026-01-20")
        self._move(customer, 2000.0, invoice_date="2026-02-20", due="2026-03-22")
        self._move(customer, 150.0, move_type="out_refund", invoice_date="2026-02-25")
        self._move(customer, 500.0, post=False)
        self._move(customer, 80.0, move_type="out_refund", post=False)
        self._move(self.buyer_a, 100.0, post=False)
        cancelled = self._move(customer, 300.0)
        cancelled.button_draft()
        cancelled.button_cancel()
        # 10 x 100.00 + 10 % tax = 1,100.00; 4 of them on a draft invoice (440.00).
        order = self._order(customer, [(10, 100.0, self.tax_10)], confirm=True)
        invoice = order._create_invoices()
        invoice.invoice_line_ids.quantity = 4
        self.assertEqual(order.order_line.qty_invoiced, 4)
        self.assertAlmostEqual(invoice.amount_total, 440.0)
        self._order(customer, [(9, 111.0)])  # a quotation
        self._order(customer, [(5, 100.0)], confirm=True)._action_cancel()

        # receivable 700 + 2000 - 150; overdue 700 - 150; draft 500 - 80 + 100 + 440;
        # uninvoiced 1100 x 6/10; exposure 2550 + 960 + 660; available 5000 - 4170.
        expected = (2550.0, 550.0, 960.0, 660.0, 4170.0, 5000.0, 830.0)
        self.assertEqual(self._figures(customer), expected)
        self.assertEqual(self._figures(self.buyer_a), expected,
                         "a contact shows its commercial partner's figures")
        figures = customer._credit_exposure(self.company)[customer.id]
        self.assertEqual(figures["overdue_late"], 700.0, "only the January invoice is >30 days")
        self.assertEqual(figures["overdue_days"], 50)
        self.assertEqual(self._figures(self.customer_b), (0.0,) * 7)
        self.assertFalse(customer.credit_over_limit)

    def test_several_partners_in_one_call(self):
        self._move(self.customer_a, 100.0)
        self._move(self.buyer_a, 40.0, post=False)
        self._move(self.customer_b, 250.0)
        figures = (self.customer_a | self.buyer_a | self.customer_b)._credit_exposure(
            self.company)
        self.assertEqual(figures[self.customer_a.id]["exposure"], 140.0)
        self.assertEqual(figures[self.buyer_a.id]["exposure"], 140.0)
        self.assertEqual(figures[self.customer_b.id]["exposure"], 250.0)

    def test_foreign_currency(self):
        """EUR documents in the USD company: a partly paid EUR invoice counts its exact
        residual in USD (at the invoice's rate, not today's), orders and drafts at today's
        rate."""
        customer = self.customer_a
        invoice = self._move(customer, 1000.0, invoice_date="2026-01-10", currency=self.eur)
        self.assertEqual(invoice.amount_total_signed, 1250.0)  # 1000 / 0.8
        self._pay(invoice, 400.0, payment_date="2026-02-10", currency=self.eur)
        self.assertEqual(invoice.amount_residual, 600.0)
        self.assertEqual(invoice.amount_residual_signed, 750.0)
        draft = self._move(customer, 100.0, currency=self.eur, post=False)
        self.assertEqual(draft.amount_total_signed, 250.0)  # 100 / 0.4
        order = self._order(customer, [(1, 300.0), (2, 100.0)], currency=self.eur,
                            confirm=True)
        self.assertEqual((order.currency_id, order.amount_total), (self.eur, 500.0))
        # 600 EUR still due at the invoice's rate 0.8 = 750.00 (today's rate would say
        # 1,500.00); draft 250.00; order 500 / 0.4 = 1,250.00.
        self.assertEqual(self._figures(customer)[:5], (750.0, 750.0, 250.0, 1250.0, 2250.0))

    def test_order_currency_converted_once_per_group(self):
        """Three lines of 0.01 GBP at 0.3: 0.03 / 0.3 = 0.10, where converting each line
        (0.0333 rounded to 0.03) would give 0.09."""
        gbp = self.setup_other_currency("GBP", rates=[("2026-01-01", 0.3)])
        self._order(self.customer_b, [(1, 0.01), (1, 0.01), (1, 0.01)], currency=gbp,
                    confirm=True)
        self.assertEqual(self.customer_b.credit_uninvoiced_orders, 0.10)

    def test_over_limit_search(self):
        """The search runs in SQL over the three sources (orders converted) and agrees with
        the computed field; a zero limit is no limit; contacts follow their company."""
        partners = {name: self._create_customer(f"Customer {name}", archive=False)
                    for name in "CDEF"}
        customer_c, customer_d, customer_e, customer_f = partners.values()
        self._grant(self.customer_a, None, 1000.0)
        self._grant(self.customer_b, None, 1000.0)
        for partner in (customer_d, customer_e, customer_f):
            self._grant(partner, None, 1000.0)
        self._move(self.customer_a, 1500.0)           # 1,500 > 1,000
        self._move(self.customer_b, 500.0)            # 500
        self._move(customer_c, 2000.0)                # no limit
        self._order(customer_d, [(1, 450.0)], currency=self.eur, confirm=True)  # 1,125
        self._order(customer_e, [(1, 350.0)], currency=self.eur, confirm=True)  # 875
        self._move(customer_f, 1200.0, post=False)    # 1,200 - 300 = 900
        self._move(customer_f, 300.0, move_type="out_refund", post=False)
        everyone = self.customer_a | self.buyer_a | self.customer_b | customer_c | \
            customer_d | customer_e | customer_f
        Partner = self.env["res.partner"]
        over = Partner.search([("credit_over_limit", "=", True), ("id", "in", everyone.ids)])
        self.assertEqual(over, self.customer_a | self.buyer_a | customer_d)
        not_over = Partner.search([("credit_over_limit", "=", False),
                                   ("id", "in", everyone.ids)])
        self.assertEqual(not_over, self.customer_b | customer_c | customer_e | customer_f)
        self.assertEqual(
            Partner.search([("credit_over_limit", "!=", True), ("id", "in", everyone.ids)]),
            not_over)
        everyone.invalidate_recordset()
        self.assertEqual(everyone.filtered("credit_over_limit"), over)
        # In another company nobody has documents nor limits.
        other = self.env["res.company"].create({"name": "Credit Other Company"})
        self.env.user.company_ids |= other
        self.assertFalse(Partner.with_company(other).search(
            [("credit_over_limit", "=", True), ("id", "in", everyone.ids)]))

    def test_breakdown_for_salesperson(self):
        """A salesperson reads his customer's exposure, opens the breakdown and its links."""
        self._move(self.customer_a, 1000.0, invoice_date="2026-01-10")
        self._move(self.customer_a, 200.0, post=False)
        order = self._order(self.customer_a, [(3, 100.0)], confirm=True)
        customer = self.customer_a.with_user(self.salesperson_a)
        self.assertEqual(customer.credit_exposure, 1500.0)
        action = customer.action_view_credit_exposure()
        self.assertEqual((action["res_model"], action["res_id"], action["target"]),
                         ("res.partner", self.customer_a.id, "new"))
        items = self.env["account.move.line"].search(
            customer.action_view_credit_open_items()["domain"])
        self.assertEqual(sum(items.mapped("amount_residual")), 1000.0)
        overdue = self.env["account.move.line"].search(
            customer.action_view_credit_overdue_items()["domain"])
        self.assertEqual(overdue, items)
        # The drill-down lists what the figure counts (due date, else the item's date).
        self.assertEqual(sum(overdue.mapped("amount_residual")), customer.credit_overdue)
        drafts = self.env["account.move"].search(
            customer.action_view_credit_draft_invoices()["domain"])
        self.assertEqual(drafts.mapped("amount_total"), [200.0])
        orders = self.env["sale.order"].search(
            customer.action_view_credit_uninvoiced_orders()["domain"])
        self.assertEqual(orders, order)

    def test_posting_a_draft_keeps_the_exposure(self):
        """A draft invoice moves from draft invoices to receivables; an order's invoice from
        uninvoiced orders to draft invoices: the exposure does not change."""
        order = self._order(self.customer_a, [(2, 250.0)], confirm=True)
        self.assertEqual(self._figures(self.customer_a)[2:5], (0.0, 500.0, 500.0))
        invoice = order._create_invoices()
        self.assertEqual(self._figures(self.customer_a)[2:5], (500.0, 0.0, 500.0))
        invoice.action_post()
        self.assertEqual(self._figures(self.customer_a)[:5], (500.0, 0.0, 0.0, 0.0, 500.0))
        self._pay(invoice, 500.0)
        self.assertEqual(self._figures(self.customer_a)[4], 0.0)

    def test_stat_button_figures_per_company(self):
        """The figures and the limit are those of the current company."""
        other = self.env["res.company"].create({"name": "Credit Other Company"})
        self.env.user.company_ids |= other
        self._grant(self.customer_a, None, 800.0)
        self._grant(self.customer_a, None, 300.0, company=other)
        self._move(self.customer_a, 100.0)
        self.assertEqual(self._figures(self.customer_a)[4:], (100.0, 800.0, 700.0))
        self.assertEqual(self._figures(self.customer_a.with_company(other))[4:],
                         (0.0, 300.0, 300.0))
        self.assertEqual(self.customer_a.with_company(other).credit_company_currency_id,
                         other.currency_id)
