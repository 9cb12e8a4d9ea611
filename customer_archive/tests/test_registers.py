from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CustomerArchiveCommon


@tagged("post_install", "-at_install")
class TestRegisters(CustomerArchiveCommon):
    def _pay(self, invoice, amount, date="2026-02-10"):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids).create(
            {"amount": amount, "payment_date": date})._create_payments()

    def test_trade_register_spreads_payments_over_lines(self):
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.customer_a.id,
            "invoice_date": "2026-01-20",
            "invoice_line_ids": [
                Command.create({"product_id": self.product_a.id, "quantity": 2,
                                "price_unit": 100, "tax_ids": [Command.clear()]}),
                Command.create({"product_id": self.product_b.id, "quantity": 1,
                                "price_unit": 300, "tax_ids": [Command.clear()]}),
            ],
        })
        invoice.action_post()
        self._invoice(self.customer_b, "2026-01-21", 999)
        self._pay(invoice, 250)  # half of 500
        register = self.env["customer.archive.trade.register"]
        lines = register.search([("partner_id", "=", self.customer_a.id)], order="amount")
        self.assertEqual(lines.product_id, self.product_a | self.product_b)
        self.assertEqual(lines.product_tmpl_id, (self.product_a | self.product_b).product_tmpl_id)
        self.assertEqual([(line.quantity, line.amount, line.paid, line.owing) for line in lines],
                         [(2, 200, 100, 100), (1, 300, 150, 150)])
        totals = register._read_group([("partner_id", "=", self.customer_a.id)], [],
                                      ["amount:sum", "paid:sum", "owing:sum"])[0]
        self.assertEqual(totals, (500, 250, 250))
        self._pay(invoice, 250)
        self.env.invalidate_all()
        self.assertEqual(lines.mapped("owing"), [0, 0])
        self.assertEqual(lines.mapped("paid"), [200, 300])

    def test_returns_register_totals_per_reason(self):
        quality = self.env.ref("customer_archive.return_reason_quality")
        rebate = self.env.ref("customer_archive.return_reason_volume_rebate")
        for amount, reason, fault in ((50, quality, "ours"), (30, quality, "carrier"),
                                      (120, rebate, False)):
            refund = self._invoice(self.customer_a, "2026-02-01", amount,
                                   move_type="out_refund", post=False)
            refund.write({"archive_return_reason_id": reason.id, "archive_fault": fault,
                          "ref": f"Return of {amount}"})
            refund.action_post()
        self._invoice(self.customer_a, "2026-02-02", 70, move_type="out_refund", post=False)
        register = self.env["customer.archive.returns.register"]
        per_reason = dict(register._read_group(
            [("partner_id", "=", self.customer_a.id)], ["reason_id"], ["amount:sum"]))
        self.assertEqual(per_reason, {quality: 80, rebate: 120})
        ours = register.search([("partner_id", "=", self.customer_a.id), ("fault", "=", "ours")])
        self.assertEqual((ours.amount, ours.explanation), (50, "Return of 50"))

    def test_registers_follow_the_archive_confidentiality(self):
        self._invoice(self.customer_a, "2026-01-20", 100)
        register = self.env["customer.archive.trade.register"]
        self.assertEqual(len(register.with_user(self.salesperson_a).search(
            [("partner_id", "=", self.customer_a.id)])), 1)
        self.assertFalse(register.with_user(self.salesperson_b).search(
            [("partner_id", "=", self.customer_a.id)]))
        with self.assertRaises(AccessError):
            register.with_user(self.employee).search([])
