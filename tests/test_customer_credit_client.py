"""Client-level tests of customer_credit: what a salesperson gets through JSON-RPC and the
web client."""

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


@tagged("standard", "post_install", "-at_install")
class TestCustomerCreditClient(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env, "credit_tour_sales", password="credit_tour_sales_pw",
            groups="base.group_user,customer_archive.group_archive_user,"
                   "sales_team.group_sale_salesman",
            name="Credit Tour Sales")
        cls.customer = cls.env["res.partner"].create({
            "name": "Credit Tour Customer Ltd", "is_company": True,
            "user_id": cls.salesperson.id})
        cls.customer.action_create_archive()
        company = cls.customer.archive_company_id
        cls.customer.with_company(company).sudo().write({
            "credit_grade_id": cls.env.ref("customer_credit.grade_bbb").id,
            "credit_level": 63.0,
        })
        cls.customer._credit_set_limit(5000.0, "Tour limit", company=company)
        journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1)
        invoice = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.customer.id,
            "journal_id": journal.id, "invoice_date": fields.Date.today(),
            "invoice_line_ids": [Command.create({
                "name": "Goods", "quantity": 1, "price_unit": 1234.0,
                "tax_ids": [Command.clear()]})],
        })
        invoice.action_post()
        cls.statement = cls.env["customer.credit.statement"].create({
            "partner_id": cls.customer.id, "company_id": company.id, "year": 2025,
            "current_assets": 100.0, "current_liabilities": 50.0})

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs})

    def test_salesperson_reads_credit_but_not_statements(self):
        self.authenticate("credit_tour_sales", "credit_tour_sales_pw")
        credit = self._call("res.partner", "read", [self.customer.id], [
            "credit_grade_id", "credit_limit_amount", "credit_exposure", "credit_available"])
        self.assertEqual(credit[0]["credit_grade_id"][1], "BBB")
        self.assertEqual(credit[0]["credit_limit_amount"], 5000.0)
        self.assertEqual(credit[0]["credit_exposure"], 1234.0)
        self.assertEqual(credit[0]["credit_available"], 3766.0)
        for model in ("customer.credit.statement", "customer.credit.report",
                      "customer.credit.evaluation"):
            with self.subTest(model=model), self.assertRaises(JsonRpcException) as error:
                self._call(model, "search_read", [], ["partner_id"])
            self.assertIn("AccessError", str(error.exception))

    def test_credit_page_in_the_browser(self):
        self.start_tour(f"/odoo/contacts/{self.customer.id}", "customer_credit_page_tour",
                        login="credit_tour_sales")


@tagged("standard", "post_install", "-at_install")
class TestCustomerCreditControlClient(HttpCase):
    """The credit control over JSON-RPC, as a client that skips the screens: each demo role
    writes what its buttons would not let it, and is refused or ends in the hold queue."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        company.write({"credit_check_sale": True, "credit_check_invoice": True,
                       "credit_rule_limit": True})
        cls.salesperson = new_test_user(
            cls.env, "rpc_sales", password="rpc_sales_pw", name="RPC Sales",
            groups="base.group_user,base.group_partner_manager,"
                   "customer_archive.group_archive_user,sales_team.group_sale_salesman")
        cls.billing = new_test_user(
            cls.env, "rpc_billing", password="rpc_billing_pw", name="RPC Billing",
            groups="base.group_user,base.group_partner_manager,account.group_account_invoice")
        cls.manager = new_test_user(
            cls.env, "rpc_credit", password="rpc_credit_pw", name="RPC Credit Manager",
            groups="base.group_user,customer_credit.group_credit_manager,"
                   "sales_team.group_sale_salesman_all_leads,account.group_account_invoice")
        cls.manager.credit_approval_amount = 100000.0
        cls.customer = cls.env["res.partner"].create({
            "name": "RPC Credit Customer Ltd", "is_company": True,
            "user_id": cls.salesperson.id})
        cls.customer.with_company(company).sudo().write(
            {"credit_grade_id": cls.env.ref("customer_credit.grade_bbb").id})
        cls.customer._credit_set_limit(1000.0, "RPC test limit", company=company)
        product = cls.env["product.product"].create({"name": "RPC Goods", "lst_price": 100})
        cls.order = cls.env["sale.order"].with_user(cls.salesperson).create({
            "partner_id": cls.customer.id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 12,
                                           "price_unit": 100.0,
                                           "tax_id": [Command.clear()]})]})
        cls.invoice = cls.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": cls.customer.id,
            "invoice_date": fields.Date.today(),
            "invoice_line_ids": [Command.create({
                "name": "Goods", "quantity": 1, "price_unit": 1500.0,
                "tax_ids": [Command.clear()]})]})

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs})

    def _refused(self, error_class, model, method, *args, **kwargs):
        """The call fails with ``error_class`` (the client gets its name; the translated
        messages are checked in the addons' tests)."""
        with self.assertRaises(JsonRpcException) as error:
            self._call(model, method, *args, **kwargs)
        self.assertIn(error_class, str(error.exception))

    def test_state_writes_are_refused(self):
        self.authenticate("rpc_sales", "rpc_sales_pw")
        self._refused("UserError", "sale.order", "write", [self.order.id], {"state": "sale"})
        self._refused("UserError", "sale.order", "create", {
            "partner_id": self.customer.id, "state": "sale", "order_line": [
                [0, 0, {"name": "Goods", "product_uom_qty": 1, "price_unit": 5000.0,
                        "product_id": self.order.order_line.product_id.id}]]})
        self.authenticate("rpc_billing", "rpc_billing_pw")
        self._refused("UserError", "account.move", "write", [self.invoice.id],
                      {"state": "posted"})
        self.assertEqual((self.order.state, self.invoice.state), ("draft", "draft"))

    def test_buttons_over_rpc_end_in_the_hold_queue(self):
        self.authenticate("rpc_sales", "rpc_sales_pw")
        result = self._call("sale.order", "action_confirm", [self.order.id])
        self.assertEqual(result["tag"], "display_notification")
        self.authenticate("rpc_billing", "rpc_billing_pw")
        self._call("account.move", "action_post", [self.invoice.id])
        self.assertEqual((self.order.state, self.invoice.state), ("draft", "draft"))
        holds = self.env["customer.credit.hold"].search(
            [("partner_id", "=", self.customer.id)])
        self.assertEqual(sorted(holds.mapped("check_point")), ["invoice", "sale"])

    def test_partner_credit_fields_are_refused(self):
        for login in ("rpc_sales", "rpc_billing"):
            self.authenticate(login, f"{login}_pw")
            for values in ({"credit_limit": 99999.0}, {"credit_on_hold": True},
                           {"credit_grade_id": self.env.ref("customer_credit.grade_aaa").id}):
                with self.subTest(login=login, values=values):
                    self._refused("AccessError", "res.partner", "write",
                                  [self.customer.id], values)
            self._refused("AccessError", "res.partner", "write", [self.customer.id],
                          {"credit_limit": 99999.0}, context={"credit_limit_logged": True})
        self.authenticate("rpc_credit", "rpc_credit_pw")
        self._refused("AccessError", "res.partner", "write", [self.customer.id],
                      {"credit_limit": 500000.0})
        self._call("res.partner", "write", [self.customer.id], {"credit_limit": 2000.0})
        self.assertEqual(self.customer.credit_limit, 2000.0)
        self.assertIn(2000.0, self.customer.credit_history_ids.mapped("new_limit"))

    def test_hold_decisions_only_through_the_actions(self):
        self.order.with_user(self.salesperson).action_confirm()
        hold = self.order.credit_hold_ids
        self.authenticate("rpc_credit", "rpc_credit_pw")
        for values in ({"state": "released"}, {"released_amount": 1e9}, {"used": True}):
            with self.subTest(values=values):
                self._refused("AccessError", "customer.credit.hold", "write", hold.ids, values)
        action = self._call("customer.credit.hold", "action_release_wizard", hold.ids)
        wizard_id = self._call("customer.credit.hold.decision", "create", {
            "hold_ids": [[6, 0, hold.ids]], "decision": "release",
            "reason": "Guarantee received"}, context=action["context"])
        self._call("customer.credit.hold.decision", "action_confirm", [wizard_id])
        self.assertEqual((hold.state, hold.decided_by_id, self.order.state),
                         ("released", self.manager, "sale"))

    def test_demo_users_are_held_to_the_rules(self):
        """The demo's own logins: 李明 (sales) and 王磊 (credit)."""
        huaxin = self.env.ref("customer_archive.partner_suzhou_huaxin")
        held_order = self.env.ref("customer_credit.sale_order_credit_wuhan_1")
        hold = held_order.credit_hold_ids.filtered(lambda hold: hold.state == "hold")
        self.assertTrue(hold)
        self.authenticate("sales", "sales")
        self._refused("AccessError", "res.partner", "write", [huaxin.id],
                      {"credit_limit": 9000000.0})
        self._refused("Error", "sale.order", "write", [held_order.id], {"state": "sale"})
        self.authenticate("credit", "credit")
        self._refused("AccessError", "res.partner", "write", [huaxin.id],
                      {"credit_limit": 9000000.0})
        self._refused("AccessError", "customer.credit.hold", "write", hold.ids,
                      {"state": "released", "released_amount": 9000000.0})
        self.assertEqual((held_order.state, hold.state), ("draft", "hold"))
