"""Client-level tests: what a salesperson gets through the web client and JSON-RPC."""

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


@tagged("standard", "post_install", "-at_install")
class TestCustomerArchiveClient(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,customer_archive.group_archive_user"
        cls.salesperson = new_test_user(
            cls.env, "tour_sales", password="tour_sales_pw", groups=groups, name="Tour Sales")
        cls.other_salesperson = new_test_user(
            cls.env, "tour_other", password="tour_other_pw", groups=groups, name="Other Sales")
        cls.customer = cls.env["res.partner"].create({
            "name": "Tour Customer Ltd", "is_company": True, "user_id": cls.salesperson.id,
            "legal_representative": "Tour Legal Rep"})
        cls.customer.action_create_archive()
        cls.person = cls.env["customer.archive.person"].create({
            "partner_id": cls.customer.id, "name": "Tour Owner", "role": "owner",
            "family": "Private family details"})
        company = cls.customer.archive_company_id
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
        cls.customer.action_refresh_archive()

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs})

    def test_confidential_parts_through_json_rpc(self):
        self.authenticate("tour_other", "tour_other_pw")
        basic = self._call("res.partner", "read", [self.customer.id],
                           ["legal_representative", "archive_number", "archive_person_ids"])
        self.assertEqual(basic[0]["legal_representative"], "Tour Legal Rep")
        self.assertEqual(basic[0]["archive_person_ids"], [])
        self.assertEqual(self._call("customer.archive.person", "search_read",
                                    [("partner_id", "=", self.customer.id)], ["family"]), [])
        with self.assertRaises(JsonRpcException) as error:
            self._call("customer.archive.person", "read", [self.person.id], ["family"])
        self.assertIn("AccessError", str(error.exception))

        self.authenticate("tour_sales", "tour_sales_pw")
        persons = self._call("customer.archive.person", "search_read",
                             [("partner_id", "=", self.customer.id)], ["family"])
        self.assertEqual(persons, [{"id": self.person.id, "family": "Private family details"}])

    def test_archive_page_in_the_browser(self):
        self.start_tour("/odoo/action-customer_archive.customer_archive_action",
                        "customer_archive_page_tour", login="tour_sales")
