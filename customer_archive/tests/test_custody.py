from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CustomerArchiveCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-05-10")
class TestCustody(CustomerArchiveCommon):
    """The archive stays the company's: every custody rule holds in the model, as each real
    user (the borrower, the customer's salesperson, another salesperson, the custodian)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Odoo's internal users may edit contacts by default: the archive rules stop them.
        partner_manager = cls.env.ref("base.group_partner_manager")
        for user in (cls.salesperson_a, cls.salesperson_b, cls.employee):
            user.groups_id |= partner_manager
        cls.person = cls.env["customer.archive.person"].create({
            "partner_id": cls.customer_a.id, "name": "Owner A", "role": "owner"})
        cls.persons_part = cls.env.ref("customer_archive.section_persons")
        cls.contract = cls.env.ref("customer_archive.document_type_contract")

    def _loan(self, borrower, partner=None, **values):
        return self.env["customer.archive.loan"].with_user(borrower).create({
            "partner_id": (partner or self.customer_a).id, "purpose": "Joint visit",
            "scope": "parts", "section_ids": [Command.set(self.persons_part.ids)],
            "date_start": date(2026, 5, 10), "date_end": date(2026, 5, 20), **values})

    # ------------------------------------------------------------------
    # 1. Borrowing is a real approval
    # ------------------------------------------------------------------
    def test_loan_state_only_through_its_actions(self):
        loan = self._loan(self.employee).with_user(self.employee)
        for values in ({"state": "approved"}, {"approver_id": self.custodian.id},
                       {"decided_on": "2026-05-10 08:00:00"}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                loan.write(values)
        with self.assertRaises(AccessError):
            self._loan(self.employee, state="approved")
        loan.action_request()
        with self.assertRaises(UserError):
            loan.write({"date_end": date(2026, 12, 31)})
        with self.assertRaises(UserError):
            loan.write({"section_ids": [Command.link(
                self.env.ref("customer_archive.section_documents").id)]})
        with self.assertRaises(AccessError):
            loan.action_approve()
        loan.with_user(self.custodian).action_approve()
        copy = loan.copy()
        self.assertEqual((copy.state, copy.approver_id.id), ("draft", False))

    def test_only_the_borrower_requests(self):
        loan = self._loan(self.salesperson_a, borrower_id=self.employee.id)
        with self.assertRaises(UserError):
            loan.with_user(self.salesperson_a).action_request()
        loan.with_user(self.employee).action_request()
        self.assertEqual(loan.state, "requested")

    def test_custodian_never_decides_on_his_own_customer(self):
        custodian_sales = new_test_user(
            self.env, "custodian_sales", name="Custodian and Salesperson",
            groups="base.group_user,customer_archive.group_archive_custodian",
            company_id=self.archive_company.id,
            company_ids=[Command.set(self.archive_company.ids)])
        customer = self._create_customer("Customer C", custodian_sales)
        loan = self._loan(self.employee, partner=customer)
        loan.with_user(self.employee).action_request()
        with self.assertRaises(AccessError):
            loan.with_user(custodian_sales).action_approve()
        loan.with_user(self.custodian).action_approve()
        self.assertEqual(loan.state, "approved")

    def test_only_draft_loans_are_deleted(self):
        draft = self._loan(self.employee)
        draft.with_user(self.employee).unlink()
        self.assertFalse(draft.exists())
        loan = self._loan(self.employee)
        loan.with_user(self.employee).action_request()
        loan.with_user(self.custodian).action_approve()
        for user in (self.employee, self.custodian):
            with self.subTest(user=user.name), self.assertRaises(UserError):
                loan.with_user(user).unlink()

    # ------------------------------------------------------------------
    # 2. Every read by a borrower is logged
    # ------------------------------------------------------------------
    def test_every_read_path_of_a_borrower_is_logged(self):
        self.employee.groups_id |= self.env.ref("base.group_allow_export")
        loan = self._loan(self.employee)
        loan.with_user(self.employee).action_request()
        loan.with_user(self.custodian).action_approve()
        persons = self.env["customer.archive.person"].with_user(self.employee)
        domain = [("partner_id", "=", self.customer_a.id)]
        persons.read_group(domain, ["role"], ["role"])
        persons.search(domain).export_data(["name", "role"])
        persons.name_search("Owner")
        persons.search_read(domain, ["name"])
        logs = self.env["customer.archive.access.log"].search(
            [("user_id", "=", self.employee.id)])
        self.assertEqual(sorted(logs.mapped("access_method")),
                         ["export", "group", "read", "search"])
        self.assertEqual(logs.loan_id, loan)
        self.assertEqual(logs.company_id, self.archive_company)

    def test_access_log_and_catalogue_stay_in_their_company(self):
        company_2 = self.env["res.company"].create({"name": "Second Archive Company"})
        custodian_2 = new_test_user(
            self.env, "custodian_2", name="Custodian 2",
            groups="base.group_user,customer_archive.group_archive_custodian",
            company_id=company_2.id, company_ids=[Command.set(company_2.ids)])
        loan = self._loan(self.employee)
        loan.with_user(self.employee).action_request()
        loan.with_user(self.custodian).action_approve()
        self.person.with_user(self.employee).read(["name"])
        self.env["customer.archive.document"].create({
            "partner_id": self.customer_a.id, "document_type_id": self.contract.id,
            "date": date(2026, 5, 1), "name": "Contract"})
        for model in ("customer.archive.access.log", "customer.archive.catalogue"):
            with self.subTest(model=model):
                self.assertTrue(self.env[model].with_user(self.custodian).search(
                    [("partner_id", "=", self.customer_a.id)]))
                self.assertFalse(self.env[model].with_user(custodian_2).search(
                    [("partner_id", "=", self.customer_a.id)]))

    # ------------------------------------------------------------------
    # 3. Customer ownership
    # ------------------------------------------------------------------
    def test_salesperson_cannot_take_or_give_customers(self):
        for partner, user in ((self.customer_b, self.salesperson_a),
                              (self.customer_a, self.salesperson_a),
                              (self.customer_a, self.custodian)):
            with self.subTest(partner=partner.name, user=user.name), \
                    self.assertRaises(AccessError):
                partner.with_user(user).write({"user_id": self.salesperson_a.id
                                               if partner == self.customer_b
                                               else self.salesperson_b.id})
        self.assertEqual(self.customer_b.user_id, self.salesperson_b)
        # A partner without archive is Odoo's as before.
        prospect = self._create_customer("Prospect", self.salesperson_a, archive=False)
        prospect.with_user(self.salesperson_a).write({"user_id": self.salesperson_b.id})
        self.assertEqual(prospect.user_id, self.salesperson_b)

    def test_sales_manager_changes_the_salesperson_on_the_chatter(self):
        manager = new_test_user(
            self.env, "archive_sales_manager", name="Sales Manager",
            groups="base.group_user,base.group_partner_manager,"
                   "sales_team.group_sale_manager",
            company_id=self.archive_company.id,
            company_ids=[Command.set(self.archive_company.ids)])
        self.customer_a.with_user(manager).write({"user_id": self.salesperson_b.id})
        self.assertEqual(self.customer_a.user_id, self.salesperson_b)
        self.assertIn("Salesperson changed from Salesperson A to Salesperson B",
                      self.customer_a.message_ids[0].body)

    def test_transfer_moves_the_customer_as_the_custodian(self):
        self._transfer(self.customer_a, self.salesperson_b)
        self.assertEqual(self.customer_a.user_id, self.salesperson_b)

    def test_transfer_hands_over_open_invoices_and_keeps_paid_history(self):
        def invoice(post=True):
            move = self._invoice(self.customer_a, "2026-05-01", 100.0, post=False)
            move.invoice_user_id = self.salesperson_a
            if post:
                move.action_post()
            return move

        draft, unpaid, paid = invoice(post=False), invoice(), invoice()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=paid.ids).create({})._create_payments()
        plan = self.env["customer.archive.key.plan"].create({
            "partner_id": self.customer_a.id, "user_id": self.salesperson_a.id,
            "date_from": date(2026, 1, 1), "date_to": date(2026, 12, 31)})
        activity = unpaid.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.salesperson_a.id, summary="Collect")
        self._transfer(self.customer_a, self.salesperson_b)
        self.assertEqual((draft | unpaid).invoice_user_id, self.salesperson_b)
        self.assertEqual(paid.invoice_user_id, self.salesperson_a)
        self.assertEqual((plan.user_id, activity.user_id),
                         (self.salesperson_b, self.salesperson_b))
        self.assertIn("3 open documents", self.customer_a.message_ids[0].body)

    # ------------------------------------------------------------------
    # 5. Signed records stay signed
    # ------------------------------------------------------------------
    def _submitted_investigation(self, investigator):
        investigation = self.env["customer.investigation"].with_user(investigator).create({
            "partner_id": self.customer_a.id, "investigator_id": investigator.id,
            "person_ids": [Command.create({"kind": "in_charge", "name": "Mr. Li"})]})
        investigation.action_submit()
        return investigation

    def test_investigation_signed_only_through_its_actions(self):
        investigation = self._submitted_investigation(self.salesperson_a)
        as_salesperson = investigation.with_user(self.salesperson_a)
        for values in ({"state": "reviewed"}, {"reviewer_id": self.custodian.id},
                       {"investigator_id": self.salesperson_b.id}):
            with self.subTest(values=values), self.assertRaises(UserError):
                as_salesperson.write(values)
        investigation.with_user(self.custodian).action_review()
        for user in (self.salesperson_a, self.custodian):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                investigation.with_user(user).write({"state": "draft"})
        with self.assertRaises(UserError):
            investigation.with_user(self.custodian).action_reset_to_draft()
        self.assertEqual(investigation.state, "reviewed")

    def test_custodian_does_not_review_his_own_investigation(self):
        investigation = self._submitted_investigation(self.custodian)
        with self.assertRaises(UserError):
            investigation.with_user(self.custodian).action_review()

    def test_volumes_only_from_close_a_year_and_numbers_fixed(self):
        with self.assertRaises(AccessError):
            self.env["customer.archive.volume"].with_user(self.custodian).create({
                "partner_id": self.customer_a.id, "part": "3", "year": 2026,
                "closed_by_id": self.custodian.id, "closed_on": "2026-05-10 08:00:00"})
        document = self.env["customer.archive.document"].with_user(self.salesperson_a).create({
            "partner_id": self.customer_a.id, "document_type_id": self.contract.id,
            "date": date(2026, 5, 1), "name": "Contract"})
        for values in ({"catalogue_number": "KH-FAKE"}, {"number": 99}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                document.with_user(self.custodian).write(values)
        with self.assertRaises(ValidationError):
            document.with_user(self.salesperson_a).write({"date": date(2026, 5, 11)})
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.custodian).write({"archive_number": "KH999999"})
        with self.assertRaises(UserError):
            self.customer_a.sudo().write({"archive_number": "KH999999"})

    # ------------------------------------------------------------------
    # 6. Nothing is lost with a customer
    # ------------------------------------------------------------------
    def test_customer_with_archive_is_archived_not_deleted(self):
        with self.assertRaises(UserError):
            self.customer_a.unlink()
        self.assertTrue(self.person.exists())
        for model in ("customer.archive.person", "customer.archive.trade.status",
                      "customer.archive.competitor", "customer.archive.review",
                      "customer.archive.year"):
            with self.subTest(model=model):
                self.assertEqual(self.env[model]._fields["partner_id"].ondelete, "restrict")
        self.customer_a.action_archive()
        self.assertFalse(self.customer_a.active)
        self.assertTrue(self.person.exists())

    # ------------------------------------------------------------------
    # 7. Who sees the archive
    # ------------------------------------------------------------------
    def test_plain_employee_sees_no_archive_data(self):
        as_employee = self.customer_a.with_user(self.employee)
        self.assertEqual(as_employee.read(["name", "archive_number"])[0]["archive_number"],
                         self.customer_a.archive_number)
        for field in ("legal_representative", "business_philosophy", "archive_volume_class",
                      "archive_total_sales", "archive_arrears"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                as_employee.read([field])
        arch = self.env["res.partner"].with_user(self.employee).get_views(
            [(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn('name="customer_archive"', arch)
        self.assertNotIn('name="customer_credit"', arch)
        sales_arch = self.env["res.partner"].with_user(self.salesperson_a).get_views(
            [(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="customer_archive"', sales_arch)
        self.assertEqual(self.customer_a.with_user(self.salesperson_b).read(
            ["archive_volume_class"])[0]["archive_volume_class"],
            self.customer_a.archive_volume_class)

    # ------------------------------------------------------------------
    # 8. Companies stay apart
    # ------------------------------------------------------------------
    def test_reports_refuse_a_company_the_user_is_not_in(self):
        company_2 = self.env["res.company"].create({"name": "Not Yours Ltd"})
        ranking = self.env["customer.archive.ranking"].with_user(self.salesperson_a).create(
            {"company_id": company_2.id})
        with self.assertRaises(AccessError):
            ranking.action_compute()
