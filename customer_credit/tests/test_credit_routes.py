from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .credit_hold_common import TODAY, CreditHoldCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCreditRoutes(CreditHoldCommon):
    """Every route to a confirmed order or a posted invoice is checked, as the real user:
    the customer (block, limit 1,000.00) is refused or held, never let through over its
    limit without a recorded decision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.billing_user = new_test_user(
            cls.env, "credit_billing", name="Billing User",
            groups="base.group_user,base.group_partner_manager,account.group_account_invoice",
            company_id=cls.company.id, company_ids=[Command.set(cls.company.ids)])
        # Both may edit contacts, as Odoo's default internal users may: what stops them is
        # the credit rule, not the access rights.
        cls.salesperson_a.groups_id |= cls.env.ref("base.group_partner_manager")
        cls._grant(cls.customer_a, cls.grade_block, 1000.0)
        cls.customer_a.invalidate_recordset()

    def _assert_refused(self, error):
        message = str(error.exception)
        self.assertIn("breaks the credit rules", message)
        self.assertIn("Over credit limit", message)

    # ------------------------------------------------------------------
    # 1. Orders
    # ------------------------------------------------------------------
    def test_order_state_written_directly_is_refused_over_the_limit(self):
        order = self._order(self.customer_a, [(1, 1200.0)])
        with self.assertRaises(UserError) as error:
            order.with_user(self.salesperson_a).write({"state": "sale"})
        self._assert_refused(error)
        self.assertEqual(order.state, "draft")

    def test_order_state_written_directly_within_the_limit_passes(self):
        order = self._order(self.customer_a, [(1, 800.0)])
        order.with_user(self.salesperson_a).write({"state": "sale"})
        self.assertEqual(order.state, "sale")
        self.assertEqual(self.customer_a.credit_exposure, 800.0)

    def test_order_created_confirmed_is_refused_over_the_limit(self):
        values = {"partner_id": self.customer_a.id, "state": "sale", "order_line": [
            Command.create({"product_id": self.goods.id, "product_uom_qty": 12,
                            "price_unit": 100.0, "tax_id": [Command.clear()]})]}
        with self.assertRaises(UserError) as error:
            self.env["sale.order"].with_user(self.salesperson_a).create(values)
        self._assert_refused(error)

    def test_order_import_with_a_state_column_is_refused(self):
        order = self._order(self.customer_a, [(1, 1200.0)])
        result = self.env["sale.order"].with_user(self.salesperson_a).load(
            ["id", "state"], [[self._xmlid(order), "sale"]])
        self.assertFalse(result["ids"])
        self.assertIn("breaks the credit rules", result["messages"][0]["message"])
        self.assertEqual(order.state, "draft")

    def _xmlid(self, record):
        return record._export_rows([["id"]])[0][0]

    def test_portal_confirmation_lands_in_the_hold_queue_and_tells_the_salesperson(self):
        """The portal confirms as sudo after the customer signs: the order is held, the
        salesperson gets an activity and no confirmation mail goes out."""
        order = self._order(self.customer_a, [(1, 1200.0)], user=self.salesperson_a)
        portal = new_test_user(self.env, "credit_portal", groups="base.group_portal")
        order_sudo = order.with_user(portal).sudo()
        order_sudo.action_confirm()
        order_sudo._send_order_confirmation_mail()
        self.assertEqual(order.state, "draft")
        hold = self._holds(order)
        self.assertEqual((hold.state, hold.triggered_by_id, hold.user_id),
                         ("hold", portal, self.salesperson_a))
        activity = hold.activity_ids
        self.assertEqual(activity.user_id, self.salesperson_a)
        self.assertIn(hold.name, activity.summary)
        self.assertFalse(order.message_ids.filtered(
            lambda message: message.message_type == "email"))

    # ------------------------------------------------------------------
    # 2. Posting
    # ------------------------------------------------------------------
    def test_post_entries_wizard_holds_the_invoice(self):
        invoice = self._move(self.customer_a, 1200.0, post=False)
        self.env["validate.account.move"].with_user(self.billing_user).with_context(
            active_model="account.move", active_ids=invoice.ids).create({}).validate_move()
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(self._holds(invoice).state, "hold")

    def test_auto_post_cron_holds_the_invoice_and_stops_auto_posting(self):
        invoice = self._move(self.customer_a, 1200.0, post=False)
        invoice.auto_post = "at_date"
        other = self._move(self.customer_b, 50.0, post=False)
        other.auto_post = "at_date"
        self.env["account.move"]._autopost_draft_entries()
        self.assertEqual((invoice.state, invoice.auto_post), ("draft", "no"))
        self.assertEqual(self._holds(invoice).state, "hold")
        self.assertEqual(other.state, "posted")

    def test_invoice_state_written_directly_is_refused(self):
        invoice = self._move(self.customer_a, 1200.0, post=False)
        with self.assertRaises(UserError) as error:
            invoice.with_user(self.billing_user).write({"state": "posted"})
        self._assert_refused(error)
        self.assertEqual(invoice.state, "draft")

    def test_sales_receipt_is_held(self):
        receipt = self._move(self.customer_a, 1200.0, move_type="out_receipt", post=False)
        self.assertEqual(self.customer_a.credit_draft_invoices, 1200.0)
        receipt.with_user(self.billing_user).action_post()
        self.assertEqual(receipt.state, "draft")
        self.assertEqual(self._holds(receipt).check_point, "invoice")

    def test_released_invoice_is_posted_by_its_release(self):
        invoice = self._move(self.customer_a, 1200.0, post=False)
        invoice.with_user(self.billing_user).action_post()
        hold = self._holds(invoice)
        hold.with_user(self.credit_manager)._release("Guarantee received")
        self.assertEqual(invoice.state, "posted")
        self.assertTrue(hold.used)

    # ------------------------------------------------------------------
    # 3. Changes after confirmation
    # ------------------------------------------------------------------
    def test_raising_a_confirmed_order_over_the_limit_is_refused(self):
        order = self._order(self.customer_a, [(1, 800.0)], confirm=True)
        line = order.order_line.with_user(self.salesperson_a)
        with self.assertRaises(UserError) as error:
            line.write({"product_uom_qty": 2, "price_unit": 800.0})
        self._assert_refused(error)
        with self.assertRaises(UserError):
            line.write({"price_unit": 1100.0})
        with self.assertRaises(UserError):
            order.with_user(self.salesperson_a).write({"order_line": [Command.create({
                "product_id": self.goods.id, "product_uom_qty": 3, "price_unit": 100.0,
                "tax_id": [Command.clear()]})]})
        with self.assertRaises(UserError):
            self.env["sale.order.line"].with_user(self.salesperson_a).create({
                "order_id": order.id, "product_id": self.goods.id, "product_uom_qty": 3,
                "price_unit": 100.0, "tax_id": [Command.clear()]})
        self.assertEqual(order.amount_total, 800.0)
        # Lowering is always allowed; raising within the limit too.
        line.write({"product_uom_qty": 1, "price_unit": 950.0})
        self.assertEqual(order.amount_total, 950.0)

    def test_moving_a_confirmed_order_to_another_customer_is_checked(self):
        self._grant(self.customer_b, self.grade_block, 500.0)
        order = self._order(self.customer_a, [(1, 800.0)], confirm=True)
        with self.assertRaises(UserError) as error:
            order.write({"partner_invoice_id": self.customer_b.id})
        self.assertIn(self.customer_b.name, str(error.exception))

    def test_moving_a_draft_invoice_to_another_customer_is_checked(self):
        self._grant(self.customer_b, self.grade_block, 500.0)
        invoice = self._move(self.customer_a, 800.0, post=False)
        with self.assertRaises(UserError):
            invoice.with_user(self.billing_user).write({"partner_id": self.customer_b.id})

    def test_invoicing_a_confirmed_order_is_not_a_change(self):
        """The order's amount moves to a draft invoice: the exposure does not grow."""
        order = self._order(self.customer_a, [(1, 900.0)], confirm=True)
        self._grant(self.customer_a, self.grade_block, 500.0)
        invoice = order._create_invoices()
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(self.customer_a.credit_exposure, 900.0)

    # ------------------------------------------------------------------
    # 6. The customer's credit fields
    # ------------------------------------------------------------------
    def test_salesperson_and_billing_user_cannot_write_credit_fields(self):
        for user in (self.salesperson_a, self.billing_user):
            for values in ({"credit_limit": 5000.0}, {"credit_on_hold": True},
                           {"credit_grade_id": self.grade_none.id},
                           {"credit_expiry_date": "2030-01-01"},
                           {"credit_permanent_limit": 9000.0}):
                with self.subTest(user=user.name, values=values), \
                        self.assertRaises(AccessError):
                    self.customer_a.with_user(user).write(values)
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.billing_user).with_context(
                credit_limit_logged=True).write({"credit_limit": 5000.0})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.billing_user).create(
                {"name": "New", "credit_limit": 5000.0})
        self.assertEqual(self.customer_a.with_company(self.company).credit_limit, 1000.0)

    def test_unchanged_values_and_odoo_sync_pass(self):
        """A save that sends the values as they are, and a new contact taking its
        company's limit (Odoo's commercial-field sync), are not changes."""
        self.customer_a.with_user(self.billing_user).write(
            {"credit_limit": 1000.0, "name": "Customer A (renamed)"})
        contact = self.env["res.partner"].with_user(self.salesperson_a).create(
            {"name": "Buyer", "parent_id": self.customer_a.id})
        self.assertEqual(contact.with_company(self.company).credit_limit, 1000.0)

    def test_import_of_credit_limits_is_refused_for_billing_users(self):
        result = self.env["res.partner"].with_user(self.billing_user).load(
            ["id", "credit_limit"], [[self._xmlid(self.customer_a), "9999"]])
        self.assertFalse(result["ids"])
        self.assertEqual(self.customer_a.with_company(self.company).credit_limit, 1000.0)

    def test_credit_manager_types_a_limit_within_his_amount_with_history(self):
        manager_view = self.customer_a.with_user(self.credit_manager)
        manager_view.with_context(credit_limit_logged=True).write({"credit_limit": 2500.0})
        history = self.customer_a.credit_history_ids.sorted("id")[-1]
        self.assertEqual((history.change_type, history.old_limit, history.new_limit),
                         ("limit", 1000.0, 2500.0))
        self.assertEqual(self.customer_a.with_company(self.company).credit_permanent_limit,
                         2500.0)
        with self.assertRaises(AccessError) as error:
            manager_view.write({"credit_limit": 150000.0})
        self.assertIn("approval amount", str(error.exception))
        with self.assertRaises(ValidationError):
            manager_view.write({"credit_limit": -1.0})

    def test_on_hold_changes_only_through_hold_and_lift(self):
        with self.assertRaises(UserError):
            self.customer_a.with_user(self.salesperson_a)._credit_set_on_hold(True, "No")
        self.customer_a.with_user(self.credit_manager)._credit_set_on_hold(True, "Cheque")
        self.assertTrue(self.customer_a.with_company(self.company).credit_on_hold)
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.credit_manager).write({"credit_on_hold": False})

    # ------------------------------------------------------------------
    # 7. Approval authority and four eyes
    # ------------------------------------------------------------------
    def test_hold_decisions_only_through_the_actions(self):
        order = self._order(self.customer_a, [(1, 1200.0)], user=self.salesperson_a)
        order.with_user(self.salesperson_a).action_confirm()
        hold = self._holds(order).with_user(self.credit_manager)
        for values in ({"state": "released"}, {"released_amount": 99999.0},
                       {"decided_by_id": self.credit_manager.id}, {"used": True}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                hold.write(values)
        self.assertEqual(hold.state, "hold")

    def test_release_is_counted_per_customer_across_one_decision(self):
        """Two quotations of 60,000.00 for a customer with exposure 0 and limit 1,000.00:
        each alone is within the manager's 100,000.00, both together 120,000.00 are not."""
        orders = self._order(self.customer_a, [(1, 60000.0)], user=self.salesperson_a) \
            | self._order(self.customer_a, [(1, 60000.0)], user=self.salesperson_a)
        orders.with_user(self.salesperson_a).action_confirm()
        holds = self.Hold.search([("sale_order_id", "in", orders.ids)])
        self.assertEqual(len(holds), 2)
        with self.assertRaises(UserError) as error:
            holds.with_user(self.credit_manager)._release("Both")
        self.assertIn("120,000.00", str(error.exception))
        holds[0].with_user(self.credit_manager)._release("The first one")
        self.assertEqual(orders.mapped("state").count("sale"), 1)

    def test_release_button_only_where_the_amount_covers_and_routed_otherwise(self):
        big = new_test_user(
            self.env, "credit_big", name="Big Approver",
            groups="base.group_user,customer_credit.group_credit_manager",
            company_id=self.company.id, company_ids=[Command.set(self.company.ids)])
        big.credit_approval_amount = 1000000.0
        order = self._order(self.customer_a, [(1, 150000.0)], user=self.salesperson_a)
        order.with_user(self.salesperson_a).action_confirm()
        hold = self._holds(order)
        self.assertFalse(hold.with_user(self.credit_manager).can_release)
        self.assertTrue(hold.with_user(big).can_release)
        approver = hold.release_approver_id
        self.assertGreaterEqual(approver.credit_approval_amount, 150000.0)
        self.assertNotEqual(approver, self.credit_manager)
        hold.with_user(self.credit_manager).action_ask_release()
        self.assertIn(approver, hold.activity_ids.user_id)

    def test_nobody_releases_his_own_hold(self):
        order = self._order(self.customer_a, [(1, 1200.0)], user=self.credit_manager)
        order.with_user(self.credit_manager).action_confirm()
        hold = self._holds(order)
        self.assertFalse(hold.with_user(self.credit_manager).can_release)
        with self.assertRaises(UserError) as error:
            hold.with_user(self.credit_manager)._release("Mine")
        self.assertIn("four eyes", str(error.exception))

    # ------------------------------------------------------------------
    # 8. Bad input
    # ------------------------------------------------------------------
    def test_two_grades_at_the_same_threshold_are_refused(self):
        grade = self.env.ref("customer_credit.grade_a")
        with self.assertRaises(ValidationError):
            grade.copy({"name": "A twin"})

    def test_negative_limit_is_refused_everywhere(self):
        with self.assertRaises(ValidationError):
            self.customer_a._credit_set_limit(-5.0, "Negative")
        with self.assertRaises(ValidationError):
            self.env.ref("customer_credit.grade_a").limit_amount = -1.0


@tagged("post_install", "-at_install")
class TestCreditReminderSunday(CreditHoldCommon):
    def test_due_tomorrow_on_a_sunday_is_monday(self):
        sunday = date(2026, 3, 1)
        self.assertEqual(sunday.weekday(), 6)
        reminder = self.env["customer.credit.reminder"]
        self.assertEqual(reminder._reminder_horizon(sunday), date(2026, 3, 2))
        self._move(self.customer_a, 300.0, invoice_date="2026-02-20", due="2026-03-02")
        items = reminder._open_items(self.company, self.customer_a.ids, sunday)
        self.assertEqual([item[0] for item in items[self.customer_a.id]], ["tomorrow"])
        # Any other day the horizon is the end of the week.
        self.assertEqual(reminder._reminder_horizon(date(2026, 3, 4)), date(2026, 3, 8))


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCreditRoutesTranslated(CreditHoldCommon):
    def test_refusals_read_in_the_users_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["customer_archive", "customer_credit"], ["zh_CN"])
        self._grant(self.customer_a, self.grade_block, 1000.0)
        order = self._order(self.customer_a, [(1, 1200.0)])
        with self.assertRaises(UserError) as error:
            order.with_user(self.salesperson_a).with_context(lang="zh_CN").write(
                {"state": "sale"})
        self.assertIn("违反", str(error.exception))
        self.assertIn("超出信用额度", str(error.exception))
        order.with_user(self.salesperson_a).with_context(lang="zh_CN").action_confirm()
        self.assertIn("确认销售订单", self._holds(order).message_ids[-1].body,
                      "the check point in the language of who was stopped")
        with self.assertRaises(AccessError) as error:
            self._holds(order).with_user(self.credit_manager).with_context(
                lang="zh_CN").write({"state": "released"})
        self.assertIn("只能通过其按钮", str(error.exception))
