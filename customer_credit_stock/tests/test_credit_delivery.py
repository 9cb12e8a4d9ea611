from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.addons.customer_credit.tests.credit_hold_common import TODAY, CreditHoldCommon
from odoo.tests import Form, tagged


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCreditDelivery(CreditHoldCommon):
    """The delivery check point: the order being delivered is already in the exposure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"credit_check_delivery": True, "credit_check_invoice": False})
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1)

    def _delivered_order(self, partner, quantity=8, price=100.0):
        order = self._order(partner, [(quantity, price)], confirm=True)
        picking = order.picking_ids
        self.assertEqual((len(picking), picking.picking_type_code), (1, "outgoing"))
        return order, picking

    def _validate(self, picking):
        result = picking.button_validate()
        return result if isinstance(result, dict) else None

    def _messages(self, picking):
        return picking.message_ids.filtered(lambda message: "Credit" in (message.body or ""))

    def test_delivery_blocked_without_counting_the_order_twice(self):
        """Order 800.00 (in the exposure) and a posted invoice 500.00: exposure 1,300.00 >
        1,000.00. The delivery is worth 800.00 but the exposure after it stays 1,300.00."""
        self._grant(self.customer_a, self.grade_block, 1000.0)
        _order, picking = self._delivered_order(self.customer_a)
        self._move(self.customer_a, 500.0)
        result = self._validate(picking)
        self.assertEqual(result["tag"], "display_notification")
        self.assertNotEqual(picking.state, "done")
        hold = self._holds(picking)
        self.assertEqual(
            (hold.check_point, hold.amount, hold.exposure, hold.exposure_after,
             hold.credit_limit, hold.reason_codes, hold.user_id),
            ("delivery", 800.0, 500.0, 1300.0, 1000.0, "limit", self.salesperson_a))
        self.assertEqual(picking.credit_hold_state, "hold")
        self.assertEqual(self.env["stock.picking"].search(
            [("credit_hold_state", "=", "hold")]), picking)

    def test_release_lets_the_delivery_through_once(self):
        self._grant(self.customer_a, self.grade_block, 1000.0)
        _order, picking = self._delivered_order(self.customer_a)
        self._move(self.customer_a, 500.0)
        self._validate(picking)
        hold = self._holds(picking)
        wizard = Form(self.env["customer.credit.hold.decision"].with_user(
            self.credit_manager).with_context(**hold.with_user(
                self.credit_manager).action_release_wizard()["context"]))
        wizard.reason = "Goods urgently needed, guarantee signed"
        wizard.save().action_confirm()
        self.assertEqual((hold.state, hold.used, picking.state),
                         ("released", False, "assigned"))
        activity = picking.activity_ids
        self.assertEqual((len(activity), activity.user_id), (1, self.salesperson_a))
        self.assertEqual(picking.credit_hold_state, "released")
        self.assertIsNone(self._validate(picking))
        self.assertEqual((picking.state, hold.used), ("done", True))

    def test_released_amount_may_not_grow(self):
        self._grant(self.customer_a, self.grade_block, 1000.0)
        _order, picking = self._delivered_order(self.customer_a)
        self._move(self.customer_a, 500.0)
        self._validate(picking)
        hold = self._holds(picking)
        hold.with_user(self.credit_manager)._release("Up to 800.00")
        picking.move_ids.quantity = 9  # one more than ordered: 900.00
        self._validate(picking)
        self.assertNotEqual(picking.state, "done")
        new_hold = self._holds(picking) - hold
        self.assertEqual((new_hold.state, new_hold.amount), ("hold", 900.0))
        self.assertFalse(hold.used)

    def test_reject_keeps_the_goods(self):
        self._grant(self.customer_a, self.grade_block, 1000.0)
        _order, picking = self._delivered_order(self.customer_a)
        self._move(self.customer_a, 500.0)
        self._validate(picking)
        hold = self._holds(picking)
        hold.with_user(self.credit_manager)._reject("Wait for payment")
        self.assertEqual(hold.state, "rejected")
        self.assertNotIn(picking.state, ("done", "cancel"))
        self.assertEqual(picking.activity_ids.user_id, self.salesperson_a)

    def test_each_rule_at_delivery(self):
        for rule in ("limit", "overdue", "expired", "on_hold"):
            for grade in (self.grade_block, self.grade_warn, self.grade_none):
                with self.subTest(rule=rule, level=grade.control_level):
                    customer = self._create_customer(f"{rule} {grade.name}", archive=False)
                    self._grant(customer, grade, 1000.0)
                    _order, picking = self._delivered_order(customer, quantity=3)
                    if rule == "limit":
                        self._move(customer, 800.0)  # 300.00 + 800.00 > 1,000.00
                    elif rule == "overdue":
                        self._move(customer, 150.0, invoice_date="2026-01-10")
                    elif rule == "expired":
                        customer.with_company(self.company).sudo().credit_expiry_date = \
                            date(2026, 2, 1)
                    elif rule == "on_hold":
                        customer._credit_set_on_hold(True, "Dispute")
                    self.env.invalidate_all()  # as a new request would
                    self._validate(picking)
                    hold = self._holds(picking)
                    if grade == self.grade_block:
                        self.assertNotEqual(picking.state, "done")
                        self.assertEqual(hold.reason_codes, rule)
                    else:
                        self.assertEqual(picking.state, "done")
                        self.assertFalse(hold)
                        self.assertEqual(len(self._messages(picking)),
                                         1 if grade == self.grade_warn else 0)

    def test_delivery_without_order_valued_at_sales_price(self):
        """5 x 100.00 leaving without a sales order: 500.00 on top of 700.00."""
        self._grant(self.customer_a, self.grade_block, 1000.0)
        self._move(self.customer_a, 700.0)
        picking = self.env["stock.picking"].create({
            "partner_id": self.customer_a.id,
            "picking_type_id": self.warehouse.out_type_id.id,
            "move_ids": [Command.create({
                "name": "Goods", "product_id": self.goods.id, "product_uom_qty": 5,
                "product_uom": self.goods.uom_id.id,
                "location_id": self.warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id})],
        })
        picking.action_confirm()
        self._validate(picking)
        hold = self._holds(picking)
        self.assertEqual((hold.amount, hold.exposure_after), (500.0, 1200.0))

    def test_receipts_and_switched_off_check_point_pass(self):
        self._grant(self.customer_a, self.grade_block, 1000.0)
        self.customer_a._credit_set_on_hold(True, "Dispute")
        receipt = self.env["stock.picking"].create({
            "partner_id": self.customer_a.id,
            "picking_type_id": self.warehouse.in_type_id.id,
            "move_ids": [Command.create({
                "name": "Return", "product_id": self.goods.id, "product_uom_qty": 1,
                "product_uom": self.goods.uom_id.id,
                "location_id": self.env.ref("stock.stock_location_customers").id,
                "location_dest_id": self.warehouse.lot_stock_id.id})],
        })
        receipt.action_confirm()
        self._validate(receipt)
        self.assertEqual(receipt.state, "done")
        self.customer_a._credit_set_on_hold(False, "Settled")
        _order, picking = self._delivered_order(self.customer_a, quantity=2)
        self.customer_a._credit_set_on_hold(True, "Dispute again")
        self.company.credit_check_delivery = False
        self._validate(picking)
        self.assertEqual(picking.state, "done")
        self.assertFalse(self._holds(picking))

    def test_no_context_key_skips_the_check(self):
        """The key Odoo's backorder wizard sends is no pass: a client sending it is checked
        like any other, and so is a direct _action_done."""
        self._grant(self.customer_a, self.grade_block, 1000.0)
        _order, picking = self._delivered_order(self.customer_a)
        self._move(self.customer_a, 500.0)
        result = picking.with_user(self.salesperson_a).with_context(
            button_validate_picking_ids=picking.ids).button_validate()
        self.assertEqual(result["tag"], "display_notification")
        self.assertNotEqual(picking.state, "done")
        self._holds(picking).sudo().unlink()
        picking._action_done()
        self.assertNotEqual(picking.state, "done")
        self.assertEqual(self._holds(picking).state, "hold")

    def test_backorder_wizard_is_checked_again(self):
        """Half delivered: the backorder wizard validates after a check that passed; when
        the customer broke its limit meanwhile, the wizard's validation is held too."""
        self._grant(self.customer_a, self.grade_block, 1000.0)
        _order, picking = self._delivered_order(self.customer_a)
        picking.move_ids.quantity = 4
        action = picking.button_validate()
        self.assertEqual(action["res_model"], "stock.backorder.confirmation")
        self._move(self.customer_a, 500.0)
        wizard = Form(self.env["stock.backorder.confirmation"].with_context(
            **action["context"])).save()
        wizard.process()
        self.assertNotEqual(picking.state, "done")
        self.assertEqual(self._holds(picking).state, "hold")

    def test_transfer_hands_over_deliveries_not_done(self):
        _order, picking = self._delivered_order(self.customer_a)
        picking.user_id = self.salesperson_a
        self._transfer(self.customer_a, self.salesperson_b)
        self.assertEqual(picking.user_id, self.salesperson_b)
