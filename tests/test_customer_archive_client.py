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


@tagged("standard", "post_install", "-at_install")
class TestCustomerArchiveDayOne(HttpCase):
    """Day one in zh_CN, in the browser: a salesperson creates a customer, its archive and an
    investigation, and submits it, the custodian gets the review; an employee borrows an
    archive, a custodian approves, he reads it."""

    def _load_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["base", "web", "mail", "contacts", "account", "sales_team", "customer_archive"],
            ["zh_CN"])

    def test_salespersons_first_customer(self):
        self._load_chinese()
        salesperson = new_test_user(
            self.env, "day_one_sales", password="day_one_sales_pw", name="张伟", lang="zh_CN",
            groups="base.group_user,customer_archive.group_archive_user")
        custodian = new_test_user(
            self.env, "day_one_custodian", name="周华", lang="zh_CN",
            groups="base.group_user,customer_archive.group_archive_custodian")
        self.start_tour("/odoo/contacts/new", "customer_archive_day_one_tour",
                        login="day_one_sales")
        customer = self.env["res.partner"].search([("name", "=", "日出贸易有限公司")])
        self.assertEqual((customer.user_id, bool(customer.archive_number)), (salesperson, True))
        investigation = self.env["customer.investigation"].search(
            [("partner_id", "=", customer.id)])
        self.assertEqual((investigation.state, investigation.investigator_id),
                         ("submitted", salesperson))
        activity = investigation.activity_ids.filtered(lambda act: act.user_id == custodian)
        self.assertEqual(activity.summary, f"审核调查表 {investigation.name}")


    def test_borrower_asks_is_approved_and_reads(self):
        self._load_chinese()
        borrower = new_test_user(
            self.env, "day_one_borrower", password="day_one_borrower_pw", name="王芳",
            lang="zh_CN", groups="base.group_user")
        custodian = new_test_user(
            self.env, "day_one_custodian", name="周华", lang="zh_CN",
            groups="base.group_user,customer_archive.group_archive_custodian")
        customer = self.env["res.partner"].create({"name": "借阅客户有限公司", "is_company": True})
        customer.action_create_archive()
        self.env["customer.archive.person"].create(
            {"partner_id": customer.id, "name": "钱老板", "role": "owner"})
        self.start_tour("/odoo/action-customer_archive.customer_archive_loan_action/new",
                        "customer_archive_loan_request_tour", login="day_one_borrower")
        loan = self.env["customer.archive.loan"].search([("borrower_id", "=", borrower.id)])
        self.assertEqual(loan.state, "requested")
        self.assertTrue(loan.activity_ids.filtered(lambda act: act.user_id == custodian))
        loan.with_user(custodian).action_approve()
        self.start_tour(f"/odoo/action-customer_archive.customer_archive_loan_action/{loan.id}",
                        "customer_archive_loan_read_tour", login="day_one_borrower")
        self.assertTrue(self.env["customer.archive.access.log"].search_count(
            [("user_id", "=", borrower.id), ("partner_id", "=", customer.id)]))


@tagged("standard", "post_install", "-at_install")
class TestCustomerArchiveCustodyClient(HttpCase):
    """The custody rules over JSON-RPC, as each user: the borrower, the customer's
    salesperson, another salesperson, the custodian, a plain employee and a user of a
    second company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sales = "base.group_user,base.group_partner_manager,customer_archive.group_archive_user"
        cls.salesperson = new_test_user(cls.env, "cust_sales", password="cust_sales_pw",
                                        groups=sales, name="Custody Sales")
        cls.other = new_test_user(cls.env, "cust_other", password="cust_other_pw",
                                  groups=sales, name="Custody Other")
        cls.employee = new_test_user(
            cls.env, "cust_employee", password="cust_employee_pw",
            groups="base.group_user,base.group_partner_manager", name="Custody Employee")
        cls.custodian = new_test_user(
            cls.env, "cust_custodian", password="cust_custodian_pw",
            groups="base.group_user,customer_archive.group_archive_custodian",
            name="Custody Custodian")
        company_2 = cls.env["res.company"].create({"name": "Custody Second Company"})
        cls.outsider = new_test_user(
            cls.env, "cust_outsider", password="cust_outsider_pw",
            groups="base.group_user,customer_archive.group_archive_custodian",
            company_id=company_2.id, company_ids=[Command.set(company_2.ids)],
            name="Second Company Custodian")
        cls.customer = cls.env["res.partner"].create({
            "name": "Custody Customer Ltd", "is_company": True,
            "user_id": cls.salesperson.id, "legal_representative": "Custody Legal Rep"})
        cls.customer.action_create_archive()
        cls.env["customer.archive.person"].create({
            "partner_id": cls.customer.id, "name": "Custody Owner", "role": "owner"})
        cls.loan = cls.env["customer.archive.loan"].with_user(cls.employee).create({
            "partner_id": cls.customer.id, "purpose": "Visit", "scope": "whole",
            "date_start": fields.Date.today(), "date_end": fields.Date.today()})

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs})

    def _refused(self, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException) as error:
            self._call(model, method, *args, **kwargs)
        self.assertIn("Error", str(error.exception))

    def test_borrower_cannot_approve_and_reads_are_logged(self):
        self.authenticate("cust_employee", "cust_employee_pw")
        self._refused("customer.archive.loan", "write", self.loan.ids, {"state": "approved"})
        self._refused("customer.archive.loan", "create", {
            "partner_id": self.customer.id, "purpose": "Visit", "scope": "whole",
            "date_start": str(fields.Date.today()), "date_end": str(fields.Date.today()),
            "state": "approved"})
        self._call("customer.archive.loan", "action_request", self.loan.ids)
        self._refused("customer.archive.loan", "write", self.loan.ids,
                      {"date_end": "2099-12-31"})
        self.authenticate("cust_custodian", "cust_custodian_pw")
        self._call("customer.archive.loan", "action_approve", self.loan.ids)
        self.authenticate("cust_employee", "cust_employee_pw")
        self._call("customer.archive.person", "web_read_group",
                   [("partner_id", "=", self.customer.id)], ["role"], ["role"])
        logs = self.env["customer.archive.access.log"].search(
            [("user_id", "=", self.employee.id)])
        self.assertEqual(logs.mapped("access_method"), ["group"])
        self.assertEqual(self.loan.state, "approved")

    def test_salespeople_cannot_move_customers(self):
        for login in ("cust_other", "cust_sales"):
            self.authenticate(login, f"{login}_pw")
            self._refused("res.partner", "write", self.customer.ids,
                          {"user_id": self.other.id})
        self.assertEqual(self.customer.user_id, self.salesperson)

    def test_nobody_types_the_computed_figures(self):
        self.customer.action_refresh_archive()
        self.env["ir.model.data"].create({"module": "__export__", "model": "res.partner",
                                          "name": f"res_partner_{self.customer.id}",
                                          "res_id": self.customer.id})
        figures = {"archive_volume_class": "major", "archive_total_sales": 1e6,
                   "archive_is_core": True, "archive_purchase_overdue": True}
        for login in ("cust_sales", "cust_custodian"):
            self.authenticate(login, f"{login}_pw")
            for name, value in figures.items():
                self._refused("res.partner", "write", self.customer.ids, {name: value})
                self._refused("res.partner", "web_save", self.customer.ids, {name: value},
                              specification={"name": {}})
                self._refused("res.partner", "create", {"name": "Typed", name: value})
            result = self._call("res.partner", "load", ["id", "archive_volume_class"],
                                [[f"__export__.res_partner_{self.customer.id}", "major"]])
            self.assertFalse(result["ids"])
            self.assertIn("cannot be typed or imported", result["messages"][0]["message"])
        self.assertEqual(self.customer.archive_volume_class, False)
        self.assertEqual(self.customer.archive_total_sales, 0.0)

    def test_plain_employee_reads_no_archive_data(self):
        self.authenticate("cust_employee", "cust_employee_pw")
        self._refused("res.partner", "read", self.customer.ids, ["legal_representative"])
        self.assertEqual(self._call("res.partner", "read", self.customer.ids,
                                    ["archive_number"])[0]["archive_number"],
                         self.customer.archive_number)

    def test_second_company_reads_none_of_the_owners_figures(self):
        self.customer.action_refresh_archive()
        figures = ["archive_time_class", "archive_trade_stage", "archive_classified_on"]
        self.authenticate("cust_custodian", "cust_custodian_pw")
        own = self._call("res.partner", "read", self.customer.ids, figures)[0]
        self.assertEqual((own["archive_time_class"], own["archive_trade_stage"]),
                         ("future", "about_to_trade"))
        self.assertTrue(own["archive_classified_on"])
        self.authenticate("cust_outsider", "cust_outsider_pw")
        seen = self._call("res.partner", "read", self.customer.ids, figures)[0]
        self.assertEqual(seen, {"id": self.customer.id, **dict.fromkeys(figures, False)})
        self.assertEqual(self._call("res.partner", "search_read",
                                    [("archive_trade_stage", "=", "about_to_trade"),
                                     ("id", "=", self.customer.id)], ["name"]), [])
        groups = self._call("res.partner", "read_group", [("id", "=", self.customer.id)],
                            ["archive_time_class"], ["archive_time_class"])
        self.assertEqual([group["archive_time_class"] for group in groups], [False])

    def test_custodian_makes_no_volume_and_second_company_sees_no_log(self):
        self.authenticate("cust_custodian", "cust_custodian_pw")
        self._refused("customer.archive.volume", "create", {
            "partner_id": self.customer.id, "part": "1", "year": 2020,
            "closed_by_id": self.custodian.id, "closed_on": "2020-12-31 00:00:00"})
        self._refused("res.partner", "write", self.customer.ids, {"archive_number": "X1"})
        self.env["customer.archive.access.log"].create({
            "user_id": self.employee.id, "partner_id": self.customer.id,
            "res_model": "customer.archive.person", "res_id": 1, "read_on": fields.Datetime.now()})
        self.assertTrue(self._call("customer.archive.access.log", "search_read",
                                   [("partner_id", "=", self.customer.id)], ["user_id"]))
        self.authenticate("cust_outsider", "cust_outsider_pw")
        self.assertEqual(self._call("customer.archive.access.log", "search_read",
                                    [("partner_id", "=", self.customer.id)], ["user_id"]), [])
