from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CustomerArchiveCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-05-10")
class TestLoans(CustomerArchiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.env["customer.archive.person"].create({
            "partner_id": cls.customer_a.id, "name": "Owner A", "role": "owner",
            "family": "Two children"})
        cls.competitor = cls.env["customer.archive.competitor"].create({
            "partner_id": cls.customer_a.id, "name": "Rival A"})
        cls.person_b = cls.env["customer.archive.person"].create({
            "partner_id": cls.customer_b.id, "name": "Owner B", "role": "owner"})
        cls.persons_part = cls.env.ref("customer_archive.section_persons")

    def _loan(self, borrower, partner=None, sections=None, **values):
        if values.get("scope") != "whole":
            sections = self.persons_part if sections is None else sections
            values["section_ids"] = [Command.set(sections.ids)]
        return self.env["customer.archive.loan"].with_user(borrower).create({
            "partner_id": (partner or self.customer_a).id,
            "purpose": "Prepare the joint visit", "scope": "parts",
            "date_start": date(2026, 5, 10), "date_end": date(2026, 5, 20), **values})

    def _logs(self):
        return self.env["customer.archive.access.log"].sudo().search(
            [("partner_id", "=", self.customer_a.id)])

    def test_loan_lifecycle_and_access_log(self):
        person = self.person.with_user(self.employee)
        with self.assertRaises(AccessError):
            person.read(["family"])
        loan = self._loan(self.employee)
        self._end_request()
        loan.action_request()
        self._end_request()
        self.assertEqual(loan.state, "requested")
        with self.assertRaises(AccessError):
            person.read(["family"])
        with self.assertRaises(AccessError):
            loan.with_user(self.employee).action_approve()
        loan.with_user(self.custodian).action_approve()
        self._end_request()
        self.assertEqual((loan.state, loan.approver_id, loan.is_current),
                         ("approved", self.custodian, True))
        self.env.invalidate_all()
        self.assertEqual(person.read(["family"])[0]["family"], "Two children")
        self.assertEqual(self.env["customer.archive.person"].with_user(self.employee).search(
            [("partner_id", "in", (self.customer_a | self.customer_b).ids)]), self.person)
        with self.assertRaises(AccessError):
            self.competitor.with_user(self.employee).read(["name"])  # not a lent part
        with self.assertRaises(AccessError):
            self.person_b.with_user(self.employee).read(["name"])  # another customer
        with self.assertRaises(AccessError):
            person.write({"family": "Changed"})  # a loan is for reading
        log = self._logs()
        self.assertEqual(len(log), 1)
        self.assertEqual((log.user_id, log.res_model, log.res_id, log.loan_id, log.record_name),
                         (self.employee, "customer.archive.person", self.person.id, loan,
                          "Owner A"))
        with self.assertRaises(AccessError):
            log.with_user(self.employee).read(["record_name"])
        with self.assertRaises(AccessError):
            log.with_user(self.salesperson_a).read(["record_name"])
        log.with_user(self.custodian).read(["record_name"])
        # The customer's salesperson and custodians are not logged.
        self.person.with_user(self.salesperson_a).read(["family"])
        self.person.with_user(self.custodian).read(["family"])
        self.assertEqual(len(self._logs()), 1)
        rows = self.env["customer.archive.person"].with_user(self.employee).search_read(
            [("partner_id", "=", self.customer_a.id)], ["name"])
        self.assertEqual(rows, [{"id": self.person.id, "name": "Owner A"}])
        self.assertEqual(len(self._logs()), 2, "search_read, as the web client lists, is logged")

        loan.with_user(self.employee).action_return()
        self.assertEqual(loan.state, "returned")
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            person.read(["family"])
        self._end_request()
        loan.invalidate_recordset(["message_ids"])
        states = loan.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "state")
        self.assertEqual(states.sorted("id").mapped("new_value_char"),
                         ["Requested", "Approved", "Returned"],
                         "every state change is in the chatter")

    def test_access_ends_by_itself_when_the_loan_expires(self):
        loan = self._loan(self.salesperson_b, scope="whole")
        loan.action_request()
        loan.with_user(self.custodian).action_approve()
        self.assertEqual(loan.section_ids, self.env["customer.archive.section"].search([]))
        self.competitor.with_user(self.salesperson_b).read(["name"])
        with freeze_time("2026-05-20"):
            self.env.invalidate_all()
            self.person.with_user(self.salesperson_b).read(["name"])
        with freeze_time("2026-05-21"):
            self.env.invalidate_all()
            self.assertTrue(loan.is_expired)
            self.assertFalse(loan.is_current)
            with self.assertRaises(AccessError):
                self.person.with_user(self.salesperson_b).read(["name"])
            self.assertFalse(self.env["customer.archive.loan"].search(
                [("id", "=", loan.id), ("is_current", "=", True)]))

    def test_refusal_and_bad_requests(self):
        loan = self._loan(self.employee)
        loan.action_request()
        with self.assertRaises(UserError):
            loan.with_user(self.custodian).action_refuse()  # no reason given
        loan.refuse_reason = "No business need"
        loan.with_user(self.custodian).action_refuse()
        self.assertEqual(loan.state, "refused")
        with self.assertRaises(AccessError):
            self.person.with_user(self.employee).read(["name"])
        with self.assertRaises(UserError):
            self._loan(self.salesperson_a).action_request()  # their own customer
        with self.assertRaises(UserError):
            self._loan(self.custodian).action_request()
        without_parts = self._loan(self.employee, sections=self.env["customer.archive.section"])
        with self.assertRaises(UserError):
            without_parts.action_request()
        with self.assertRaises(ValidationError):
            self._loan(self.employee, date_end=date(2026, 5, 1))
        # Loans are seen by their borrower, the customer's salesperson and custodians.
        loan.with_user(self.salesperson_a).read(["state"])
        with self.assertRaises(AccessError):
            loan.with_user(self.salesperson_b).read(["state"])

    def test_salesperson_leaving_ends_their_loans(self):
        approved = self._loan(self.salesperson_b)
        approved.action_request()
        approved.with_user(self.custodian).action_approve()
        requested = self._loan(self.salesperson_b, sections=self.env.ref(
            "customer_archive.section_competitors"))
        requested.action_request()
        self.customer_b._archive_transfer_hook(self.salesperson_b, self.salesperson_a)
        self.assertEqual((approved.state, requested.state), ("returned", "refused"))
        self.assertFalse(requested.activity_ids)
        with self.assertRaises(AccessError):
            self.person.with_user(self.salesperson_b).read(["name"])

    def test_a_new_loan_runs_a_week(self):
        with freeze_time("2026-03-02"):
            form = Form(self.env["customer.archive.loan"].with_user(self.employee))
            self.assertEqual((form.date_start, form.date_end),
                             (date(2026, 3, 2), date(2026, 3, 9)))
