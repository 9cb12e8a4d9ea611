from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .credit_hold_common import TODAY, CreditHoldCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCreditHold(CreditHoldCommon):
    """The hold queue: release within and beyond the approval amount, reject, recheck,
    one release lets one document through, access per group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._grant(cls.customer_a, cls.grade_block, 1000.0)
        cls._grant(cls.customer_b, cls.grade_block, 1000.0)
        cls.small_manager = new_test_user(
            cls.env, "credit_small_manager", name="Small Credit Manager",
            groups="base.group_user,customer_credit.group_credit_manager",
            company_id=cls.company.id, company_ids=[Command.set(cls.company.ids)])
        cls.small_manager.credit_approval_amount = 1000.0

    def _held_order(self, amount=1500.0, partner=None, user=None):
        order = self._order(partner or self.customer_a, [(1, amount)], user=user)
        order.with_user(user or self.env.user).action_confirm()
        hold = self._holds(order)
        self.assertEqual((order.state, hold.state), ("draft", "hold"))
        return order, hold

    def _decide(self, hold, decision, reason, user=None):
        user = user or self.credit_manager
        action = hold.with_user(user).action_release_wizard() if decision == "release" else \
            hold.with_user(user).action_reject_wizard()
        wizard = Form(self.env[action["res_model"]].with_user(user).with_context(
            **action["context"]))
        wizard.reason = reason
        return wizard.save().action_confirm()

    # ------------------------------------------------------------------
    # Release
    # ------------------------------------------------------------------
    def test_release_within_approval_amount_confirms_the_order(self):
        order, hold = self._held_order(1500.0)
        self._decide(hold, "release", "Bank guarantee received")
        self.assertEqual(order.state, "sale")
        self.assertEqual(
            (hold.state, hold.decided_by_id, hold.decision_reason, hold.released_amount,
             hold.used),
            ("released", self.credit_manager, "Bank guarantee received", 1500.0, True))
        self.assertIn("Bank guarantee received", hold.message_ids[0].body + "".join(
            hold.message_ids.mapped("body")))
        self.assertTrue(any("Bank guarantee received" in (message.body or "")
                            for message in order.message_ids))
        self.assertEqual(order.credit_hold_state, "released")

    def test_release_beyond_approval_amount(self):
        """Exposure after the order 1,500.00 > approval 1,000.00: refused, both named."""
        order, hold = self._held_order(1500.0)
        with self.assertRaises(UserError) as error:
            self._decide(hold, "release", "Trust me", user=self.small_manager)
        message = str(error.exception)
        self.assertIn("1,500.00", message)
        self.assertIn("1,000.00", message)
        self.assertEqual((order.state, hold.state), ("draft", "hold"))
        # Within his amount he may release: exposure after 1,000.00, on hold.
        self.customer_b._credit_set_on_hold(True, "Dispute")
        order_b, hold_b = self._held_order(1000.0, partner=self.customer_b)
        self.assertEqual(hold_b.reason_codes, "on_hold")
        self._decide(hold_b, "release", "Dispute settled", user=self.small_manager)
        self.assertEqual((order_b.state, hold_b.state), ("sale", "released"))

    def test_release_needs_a_reason_and_a_manager(self):
        order, hold = self._held_order()
        with self.assertRaises(UserError):
            self._decide(hold, "release", "   ")
        with self.assertRaises(UserError):
            hold.with_user(self.salesperson_a).action_release_wizard()
        with self.assertRaises(UserError):
            hold.with_user(self.credit_analyst)._release("I am only an analyst")
        with self.assertRaises(AccessError):
            self.env["customer.credit.hold.decision"].with_user(self.salesperson_a).create({
                "hold_ids": [Command.set(hold.ids)], "reason": "Please"})
        self.assertEqual(hold.state, "hold")

    def test_release_of_an_invoice_posts_it(self):
        invoice = self._move(self.customer_a, 1500.0, post=False)
        invoice.action_post()
        hold = self._holds(invoice)
        self._decide(hold, "release", "Prepayment on its way")
        self.assertEqual((invoice.state, hold.state, hold.used), ("posted", "released", True))

    def test_released_hold_lets_the_document_through_once(self):
        invoice = self._move(self.customer_a, 1500.0, post=False)
        invoice.action_post()
        first = self._holds(invoice)
        self._decide(first, "release", "Once")
        invoice.button_draft()
        invoice.action_post()
        self.assertEqual(invoice.state, "draft", "the release was used")
        second = self._holds(invoice) - first
        self.assertEqual(second.state, "hold")

    def test_release_allows_same_or_smaller_amount_only(self):
        """A release not used yet covers the released amount, not more."""
        order, hold = self._held_order(1500.0)
        hold.sudo().write({"state": "released", "released_amount": 1500.0})
        self.assertEqual(order._credit_released_hold(1500.0), hold)
        self.assertEqual(order._credit_released_hold(1400.0), hold)
        self.assertFalse(order._credit_released_hold(1500.01))
        order.order_line.write({"price_unit": 1600.0})
        order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(len(self._holds(order)), 2)
        order.order_line.write({"price_unit": 1500.0})
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertTrue(hold.used)
        self.assertEqual(self._holds(order).mapped("state"), ["released", "released"],
                         "the open hold of 1,600.00 is closed too")

    def test_release_of_a_changed_document(self):
        order, hold = self._held_order()
        order._action_cancel()
        with self.assertRaises(UserError):
            self._decide(hold, "release", "Too late")

    # ------------------------------------------------------------------
    # Reject
    # ------------------------------------------------------------------
    def test_reject_cancels_the_order(self):
        order, hold = self._held_order()
        self._decide(hold, "reject", "Customer in liquidation")
        self.assertEqual((order.state, hold.state, hold.decision_reason),
                         ("cancel", "rejected", "Customer in liquidation"))
        self.assertTrue(any("Customer in liquidation" in (message.body or "")
                            for message in order.message_ids))
        with self.assertRaises(UserError):
            self._decide(hold, "release", "Changed my mind")

    def test_reject_cancels_the_draft_invoice(self):
        invoice = self._move(self.customer_a, 1500.0, post=False)
        invoice.action_post()
        self._decide(self._holds(invoice), "reject", "No")
        self.assertEqual(invoice.state, "cancel")

    # ------------------------------------------------------------------
    # Recheck
    # ------------------------------------------------------------------
    def test_recheck_still_blocked_updates_the_numbers(self):
        self._move(self.customer_a, 200.0)
        order, hold = self._held_order(1500.0)
        self.assertEqual(hold.exposure_after, 1700.0)
        self._move(self.customer_a, 100.0)
        result = hold.with_user(self.credit_analyst).action_recheck()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertEqual((hold.state, order.state, hold.exposure, hold.exposure_after),
                         ("hold", "draft", 300.0, 1800.0))

    def test_recheck_now_clear_releases_and_confirms(self):
        invoice = self._move(self.customer_a, 600.0)
        order, hold = self._held_order(700.0)
        self.assertEqual(hold.exposure_after, 1300.0)
        self._pay(invoice, 600.0)
        result = hold.with_user(self.credit_analyst).action_recheck()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual((hold.state, order.state, hold.exposure_after, hold.used),
                         ("released", "sale", 700.0, True))
        self.assertIn("Recheck", hold.decision_reason)

    def test_confirming_again_when_clear_closes_the_hold(self):
        order, hold = self._held_order(1500.0)
        self._grant(self.customer_a, self.grade_block, 2000.0)
        self.assertIs(order.action_confirm(), True)
        self.assertEqual((order.state, hold.state, hold.used), ("sale", "released", True))

    # ------------------------------------------------------------------
    # The customer's hold
    # ------------------------------------------------------------------
    def test_put_customer_on_hold_and_lift(self):
        wizard = Form(self.env["customer.credit.partner.hold"].with_user(
            self.credit_manager).with_context(
            **self.customer_a.action_credit_put_on_hold()["context"]))
        wizard.reason = "Cheque bounced"
        wizard.save().action_confirm()
        customer = self.customer_a.with_company(self.company)
        self.assertEqual((customer.credit_on_hold, customer.credit_hold_note),
                         (True, "Cheque bounced"))
        history = self.env["customer.credit.history"].search(
            [("partner_id", "=", customer.id), ("change_type", "=", "hold")])
        self.assertEqual((history.reason, history.user_id), ("Cheque bounced",
                                                             self.credit_manager))
        with self.assertRaises(UserError):
            customer.with_user(self.credit_manager)._credit_set_on_hold(True, "Again")
        with self.assertRaises(UserError):
            customer.with_user(self.salesperson_a)._credit_set_on_hold(False, "Please")
        customer.with_user(self.credit_manager)._credit_set_on_hold(False, "Paid in full")
        self.assertFalse(customer.credit_on_hold)
        self.assertEqual(len(self.env["customer.credit.history"].search(
            [("partner_id", "=", customer.id), ("change_type", "=", "hold")])), 2)
        with self.assertRaises(AccessError):
            self.env["customer.credit.partner.hold"].with_user(self.salesperson_a).create({
                "partner_id": customer.id, "decision": "hold", "reason": "x"})

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_access_per_group(self):
        """Salesperson A sees the holds of his customers and documents only and cannot
        change them; analysts see all; another company's holds are hidden."""
        _order_a, hold_a = self._held_order(partner=self.customer_a, user=self.salesperson_a)
        _order_b, hold_b = self._held_order(partner=self.customer_b)
        other = self.env["res.company"].create({"name": "Credit Other Company"})
        hold_other = self.Hold.sudo().create({
            "partner_id": self.customer_a.id, "company_id": other.id, "check_point": "sale",
            "document_name": "S-OTHER", "user_id": self.salesperson_a.id})
        Hold = self.Hold.with_user(self.salesperson_a)
        self.assertEqual(Hold.search([]), hold_a)
        with self.assertRaises(AccessError):
            hold_b.with_user(self.salesperson_a).read(["name"])
        with self.assertRaises(AccessError):
            hold_a.with_user(self.salesperson_a).write({"state": "released"})
        self.assertEqual(self.Hold.with_user(self.credit_analyst).search([]), hold_a | hold_b)
        with self.assertRaises(AccessError):
            hold_a.with_user(self.credit_analyst).write({"reasons": "x"})
        self.assertNotIn(hold_other, self.Hold.with_user(self.credit_manager).search([]))
        self.assertEqual(self.customer_a.with_user(self.salesperson_a).credit_open_hold_count,
                         1)

    def test_queue_action_and_filters(self):
        _order, hold = self._held_order()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_credit.customer_credit_hold_action")
        self.assertIn("search_default_open", action["context"])
        self.assertEqual(self.Hold.search([("state", "=", "hold"),
                                           ("reason_limit", "=", True)]), hold)
        self.assertEqual(self.env["sale.order"].search([("credit_hold_state", "=", "hold")]),
                         hold.sale_order_id)
        self.assertEqual(hold.action_open_document()["res_id"], hold.sale_order_id.id)
        partner_action = self.customer_a.action_view_credit_holds()
        self.assertEqual(self.Hold.search(partner_action["domain"]), hold)
