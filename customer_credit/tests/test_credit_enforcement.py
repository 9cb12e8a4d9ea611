from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .credit_hold_common import TODAY, CreditHoldCommon

RULES = ("limit", "overdue", "expired", "on_hold")


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCreditEnforcement(CreditHoldCommon):
    """Each rule at the sales order and invoice check points, under Block, Warn and None.

    The customer's limit is 1,000.00; the documents are worth 300.00 unless the limit rule
    is the one broken (1,200.00)."""

    def _break(self, rule, partner, level_grade):
        """Give ``partner`` the grade and make it break ``rule`` (None: break nothing)."""
        self._grant(partner, level_grade, 1000.0)
        if rule == "overdue":
            # 150.00 overdue by 50 days, above the tolerance of 100.00 after 30 days.
            self._move(partner, 150.0, invoice_date="2026-01-10")
        elif rule == "expired":
            partner.with_company(self.company).sudo().credit_expiry_date = date(2026, 2, 1)
        elif rule == "on_hold":
            partner._credit_set_on_hold(True, "Cheque bounced")

    def _document(self, point, partner, rule, user=None):
        amount = 1200.0 if rule == "limit" else 300.0
        if point == "sale":
            return self._order(partner, [(1, amount)], user=user)
        return self._move(partner, amount, post=False, user=user)

    @staticmethod
    def _act(document):
        if document._name == "sale.order":
            return document.action_confirm()
        return document.action_post()

    @staticmethod
    def _went_through(document):
        return document.state == ("sale" if document._name == "sale.order" else "posted")

    def _messages(self, document):
        return document.message_ids.filtered(lambda message: "Credit" in (message.body or ""))

    # ------------------------------------------------------------------
    # Block
    # ------------------------------------------------------------------
    def test_block_each_rule_at_each_check_point(self):
        for point in ("sale", "invoice"):
            for rule in RULES:
                with self.subTest(point=point, rule=rule):
                    customer = self._create_customer(f"{point} {rule}", self.salesperson_a)
                    self._break(rule, customer, self.grade_block)
                    document = self._document(point, customer, rule)
                    result = self._act(document)
                    self.assertFalse(self._went_through(document))
                    self.assertEqual(document.state, "draft")
                    self.assertEqual(result["tag"], "display_notification")
                    self.assertIn("credit hold", result["params"]["message"])
                    hold = self._holds(document)
                    self.assertEqual(len(hold), 1)
                    self.assertEqual(
                        (hold.state, hold.check_point, hold.partner_id, hold.company_id,
                         hold.reason_codes, hold.triggered_by_id, hold.user_id),
                        ("hold", point, customer, self.company, rule, self.env.user,
                         self.salesperson_a))
                    self.assertTrue(hold.name.startswith("CH2026/"))
                    self.assertEqual(document.credit_hold_state, "hold")
                    self.assertIn(hold.name, document.message_ids[0].body)

    def test_block_numbers_of_the_hold(self):
        """Exposure 500.00 (receivable 200 + order 300), a quotation of 1,200.00, limit
        1,000.00: after the document 1,700.00, 700.00 over."""
        self._grant(self.customer_a, self.grade_block, 1000.0)
        self._move(self.customer_a, 200.0)
        self._order(self.customer_a, [(3, 100.0)], confirm=True)
        order = self._order(self.customer_a, [(4, 300.0)])
        order.action_confirm()
        hold = self._holds(order)
        self.assertEqual(
            (hold.amount, hold.exposure, hold.exposure_after, hold.credit_limit,
             hold.available, hold.excess, hold.overdue, hold.control_level),
            (1200.0, 500.0, 1700.0, 1000.0, 500.0, 700.0, 0.0, "block"))
        self.assertIn("1,700.00", hold.reasons)
        self.assertEqual(self.customer_a.credit_open_hold_count, 1)

    def test_block_clean_document_goes_through(self):
        self._grant(self.customer_a, self.grade_block, 1000.0)
        order = self._order(self.customer_a, [(1, 999.0)])
        self.assertIs(order.action_confirm(), True)
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._holds(order))
        self.assertFalse(self._messages(order))

    def test_block_zero_limit_of_a_grade(self):
        """A grade's zero limit is no credit at all; without grade zero means no limit."""
        self.company.credit_default_control_level = "block"
        self._grant(self.customer_a, self.grade_block, 0.0)
        order = self._order(self.customer_a, [(1, 10.0)])
        order.action_confirm()
        self.assertEqual((order.state, self._holds(order).reason_codes), ("draft", "limit"))
        self._grant(self.customer_b, None, 0.0)
        self.assertEqual(self.customer_b.credit_control_level, "block")
        order_b = self._order(self.customer_b, [(1, 10000.0)])
        self.assertIs(order_b.action_confirm(), True)

    def test_block_several_reasons(self):
        self._break("overdue", self.customer_a, self.grade_block)
        self.customer_a._credit_set_on_hold(True, "Cheque bounced")
        order = self._order(self.customer_a, [(1, 1000.0)])
        order.action_confirm()
        hold = self._holds(order)
        self.assertEqual(hold.reason_codes, "limit,overdue,on_hold")
        self.assertEqual(len(hold.reasons.splitlines()), 3)
        self.assertEqual(hold.overdue_late, 150.0)
        self.assertEqual(hold.overdue_days, 50)
        self.assertEqual(self.Hold.search([("reason_overdue", "=", True)]), hold)
        self.assertEqual(self.Hold.search([("reason_expired", "=", True)]), self.Hold)

    def test_confirming_again_updates_the_open_hold(self):
        self._grant(self.customer_a, self.grade_block, 1000.0)
        order = self._order(self.customer_a, [(1, 1200.0)])
        order.action_confirm()
        order.order_line.write({"product_uom_qty": 2, "price_unit": 1200.0})
        order.action_confirm()
        hold = self._holds(order)
        self.assertEqual(len(hold), 1)
        self.assertEqual((hold.amount, hold.exposure_after), (2400.0, 2400.0))

    def test_batch_counts_the_orders_let_through(self):
        """Two quotations of 600.00 confirmed together, limit 1,000.00: the first goes
        through, the second would bring the exposure to 1,200.00."""
        self._grant(self.customer_a, self.grade_block, 1000.0)
        first = self._order(self.customer_a, [(1, 600.0)])
        second = self._order(self.customer_a, [(1, 600.0)])
        result = (first | second).action_confirm()
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual((first.state, second.state), ("sale", "draft"))
        self.assertEqual(self._holds(second).exposure_after, 1200.0)

    # ------------------------------------------------------------------
    # Invoices: the draft is already counted, credit notes are not checked
    # ------------------------------------------------------------------
    def test_invoice_draft_not_counted_twice(self):
        """Receivable 700.00 and this draft of 200.00: exposure 900.00 within 1,000.00."""
        self._grant(self.customer_a, self.grade_block, 1000.0)
        self._move(self.customer_a, 700.0)
        draft = self._move(self.customer_a, 200.0, post=False)
        self.assertEqual(self.customer_a.credit_exposure, 900.0)
        self.assertEqual(draft.credit_exposure_after, 900.0)
        self.assertEqual(draft.credit_available_after, 100.0)
        self.assertFalse(draft.credit_check_message)
        draft.action_post()
        self.assertEqual(draft.state, "posted")

    def test_invoice_of_a_confirmed_order_not_counted_twice(self):
        self._grant(self.customer_a, self.grade_block, 1000.0)
        order = self._order(self.customer_a, [(1, 900.0)], confirm=True)
        invoice = order._create_invoices()
        self.assertEqual(self.customer_a.credit_exposure, 900.0)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    def test_credit_note_not_checked(self):
        self._break("on_hold", self.customer_a, self.grade_block)
        refund = self._move(self.customer_a, 100.0, move_type="out_refund", post=False)
        refund.action_post()
        self.assertEqual(refund.state, "posted")
        self.assertFalse(self._holds(refund))

    # ------------------------------------------------------------------
    # Warn
    # ------------------------------------------------------------------
    def test_warn_each_rule_at_each_check_point(self):
        for point in ("sale", "invoice"):
            for rule in RULES:
                with self.subTest(point=point, rule=rule):
                    customer = self._create_customer(f"warn {point} {rule}")
                    self._break(rule, customer, self.grade_warn)
                    document = self._document(point, customer, rule)
                    self.assertTrue(document.credit_check_message.startswith(
                        "Credit warning:"))
                    self._act(document)
                    self.assertTrue(self._went_through(document))
                    self.assertFalse(self._holds(document))
                    warning = self._messages(document)
                    self.assertEqual(len(warning), 1)
                    self.assertIn("Credit warning at", warning.body)
                    self.assertIn("1,000.00", warning.body)

    def test_warn_clean_document_no_message(self):
        self._grant(self.customer_a, self.grade_warn, 1000.0)
        order = self._order(self.customer_a, [(1, 300.0)])
        self.assertFalse(order.credit_check_message)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._messages(order))

    # ------------------------------------------------------------------
    # None: exactly as before
    # ------------------------------------------------------------------
    def test_none_behaves_as_before(self):
        """A 'none' customer breaking every rule: the order confirms as in plain Odoo (True,
        no message, no hold), the invoice posts."""
        self._break("on_hold", self.customer_a, self.grade_none)
        self.customer_a.with_company(self.company).sudo().credit_expiry_date = date(2026, 2, 1)
        self._move(self.customer_a, 150.0, invoice_date="2026-01-10")
        self.assertEqual(self.customer_a.credit_control_level, "none")
        order = self._order(self.customer_a, [(1, 5000.0)])
        self.assertFalse(order.credit_check_message)
        self.assertIs(order.action_confirm(), True)
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._messages(order))
        invoice = self._move(self.customer_a, 5000.0, post=False)
        self.assertIs(invoice.action_post(), False)
        self.assertEqual(invoice.state, "posted")
        self.assertFalse(self.Hold.search([("partner_id", "=", self.customer_a.id)]))

    def test_ungraded_customer_follows_company_default(self):
        self._move(self.customer_b, 150.0, invoice_date="2026-01-10")
        order = self._order(self.customer_b, [(1, 100.0)])
        self.assertIs(order.action_confirm(), True)
        self.company.credit_default_control_level = "block"
        self.env.invalidate_all()  # as a new request would
        order_2 = self._order(self.customer_b, [(1, 100.0)])
        order_2.action_confirm()
        self.assertEqual(self._holds(order_2).reason_codes, "overdue")

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    def test_check_points_and_rules_can_be_switched_off(self):
        self._break("on_hold", self.customer_a, self.grade_block)
        self.company.credit_check_sale = False
        order = self._order(self.customer_a, [(1, 100.0)])
        self.assertIs(order.action_confirm(), True)
        self.company.credit_check_invoice = False
        invoice = self._move(self.customer_a, 100.0, post=False)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.company.write({"credit_check_sale": True, "credit_rule_on_hold": False})
        order_2 = self._order(self.customer_a, [(1, 100.0)])
        self.assertIs(order_2.action_confirm(), True)
        for rule, field in (("limit", "credit_rule_limit"), ("overdue", "credit_rule_overdue"),
                            ("expired", "credit_rule_expired")):
            with self.subTest(rule=rule):
                customer = self._create_customer(f"switched off {rule}")
                self._break(rule, customer, self.grade_block)
                self.company[field] = False
                order = self._document("sale", customer, rule)
                self.assertIs(order.action_confirm(), True)

    def test_overdue_tolerance(self):
        """150.00 overdue by 50 days: blocked above a tolerance of 100.00, not of 200.00;
        not with a tolerance of 60 days either."""
        self._break("overdue", self.customer_a, self.grade_block)
        self.company.credit_overdue_amount = 200.0
        self.assertIs(self._order(self.customer_a, [(1, 10.0)]).action_confirm(), True)
        self.company.write({"credit_overdue_amount": 100.0, "credit_overdue_days": 60})
        self.assertIs(self._order(self.customer_a, [(1, 10.0)]).action_confirm(), True)
        self.company.credit_overdue_days = 30
        order = self._order(self.customer_a, [(1, 10.0)])
        order.action_confirm()
        self.assertEqual(order.state, "draft")

    # ------------------------------------------------------------------
    # The figures on the documents
    # ------------------------------------------------------------------
    def test_figures_on_order_and_invoice(self):
        self._grant(self.customer_a, self.grade_block, 1000.0)
        self._move(self.customer_a, 400.0)
        order = self._order(self.customer_a, [(1, 700.0)])
        self.assertEqual(
            (order.credit_partner_exposure, order.credit_partner_limit,
             order.credit_partner_available, order.credit_exposure_after,
             order.credit_available_after, order.credit_control_level),
            (400.0, 1000.0, 600.0, 1100.0, -100.0, "block"))
        message = order.credit_check_message
        self.assertTrue(message.startswith("This document will be put on credit hold"))
        self.assertIn("1,100.00", message)
        order.order_line.price_unit = 500.0
        self.assertFalse(order.credit_check_message)
        order.action_confirm()
        self.assertEqual((order.credit_partner_exposure, order.credit_exposure_after),
                         (900.0, 900.0))
        invoice = order._create_invoices()
        self.assertEqual((invoice.credit_partner_exposure, invoice.credit_exposure_after,
                          invoice.credit_available_after), (900.0, 900.0, 100.0))
        self.assertEqual(self.customer_a.with_user(self.salesperson_a).credit_exposure, 900.0)
        self.assertEqual(order.with_user(self.salesperson_a).credit_exposure_after, 900.0)

    def test_alert_while_editing_a_quotation(self):
        """The alert and the figures follow the lines being entered, before saving."""
        self._grant(self.customer_a, self.grade_block, 1000.0)
        self._move(self.customer_a, 300.0)
        form = Form(self.env["sale.order"])
        form.partner_id = self.customer_a
        with form.order_line.new() as line:
            line.product_id = self.goods
            line.product_uom_qty = 5
        self.assertEqual((form.credit_partner_exposure, form.credit_exposure_after), (300.0, 800.0))
        self.assertFalse(form.credit_check_message)
        with form.order_line.edit(0) as line:
            line.product_uom_qty = 8
        self.assertEqual(form.credit_available_after, -100.0)
        self.assertIn("1,100.00", form.credit_check_message)
        order = form.save()
        order.action_confirm()
        self.assertEqual(order.credit_hold_state, "hold")

    # ------------------------------------------------------------------
    # Cost of a check
    # ------------------------------------------------------------------
    def test_check_query_count_independent_of_history(self):
        """The check of a customer with 20 invoices costs the queries of one with 2."""
        customers = {}
        for count in (2, 20):
            customer = self._create_customer(f"History {count}", self.salesperson_a)
            self._grant(customer, self.grade_block, 100000.0)
            for index in range(count):
                self._move(customer, 10.0 + index, invoice_date="2026-02-20")
            self._order(customer, [(1, 10.0)], confirm=True)
            customers[count] = self._order(customer, [(1, 200000.0)])
        warm_up = self._order(self._create_customer("Warm-up", self.salesperson_a), [(1, 10.0)])
        self._grant(warm_up.partner_id, self.grade_block, 1.0)
        warm_up._credit_enforce()

        def prepare():
            self.env.invalidate_all()
            self.env.flush_all()
            self.env.cr.flush()
            return self.cr.sql_log_count

        start = prepare()
        passed, holds, _warnings, _released = customers[2]._credit_enforce()
        self.env.flush_all()
        self.env.cr.flush()
        queries = self.cr.sql_log_count - start
        self.assertEqual((passed, len(holds)), (customers[2].browse(), 1))

        start = prepare()
        with self.assertQueryCount(queries):
            passed, holds, _warnings, _released = customers[20]._credit_enforce()
        self.assertEqual(self.cr.sql_log_count - start, queries)
        self.assertEqual((passed, len(holds)), (customers[20].browse(), 1))
        # The check, the hold and the salesperson's activity about it.
        self.assertLess(queries, 80, queries)

        # The evaluation alone (what the form's alert costs): a handful of queries.
        counts = []
        for order in (customers[2], customers[20]):
            start = prepare()
            self.assertTrue(order._credit_evaluate()["reasons"])
            counts.append(self.cr.sql_log_count - start)
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[0], 15, counts)
