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
