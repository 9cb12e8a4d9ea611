from freezegun import freeze_time

from odoo.tests import tagged

from .credit_hold_common import TODAY, CreditHoldCommon


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCreditTransfer(CreditHoldCommon):
    """A salesperson leaves: the customers' open sales business goes with them (the seed's
    worry: 业务人员带走了销售合同和发货单据)."""

    def test_transfer_hands_over_orders_requests_and_holds(self):
        self._grant(self.customer_a, self.grade_block, 1000.0)
        quotation = self._order(self.customer_a, [(1, 100.0)], user=self.salesperson_a)
        confirmed = self._order(self.customer_a, [(1, 200.0)], user=self.salesperson_a,
                                confirm=True)
        invoiced = self._order(self.customer_a, [(1, 50.0)], user=self.salesperson_a,
                               confirm=True)
        invoiced._create_invoices().action_post()
        held = self._order(self.customer_a, [(1, 5000.0)], user=self.salesperson_a)
        held.with_user(self.salesperson_a).action_confirm()
        hold = self._holds(held)
        request = self.env["customer.credit.limit.request"].with_user(
            self.salesperson_a).create({"partner_id": self.customer_a.id,
                                        "kind": "permanent", "requested_limit": 9000.0,
                                        "reason": "Growing"})
        activity = confirmed.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.salesperson_a.id, summary="Deliver")
        self._transfer(self.customer_a, self.salesperson_b)
        new = self.salesperson_b
        self.assertEqual((quotation | confirmed | held).user_id, new)
        self.assertEqual(invoiced.user_id, self.salesperson_a, "history keeps its salesperson")
        self.assertEqual((request.requested_by, hold.user_id, activity.user_id),
                         (new, new, new))
