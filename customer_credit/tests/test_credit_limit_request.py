from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import CustomerCreditCommon

ACTIVITY_TYPE = "customer_credit.mail_activity_type_credit_limit_request"


@tagged("post_install", "-at_install")
@freeze_time("2026-05-10")
class TestCreditLimitRequest(CustomerCreditCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Request = cls.env["customer.credit.limit.request"]
        cls.History = cls.env["customer.credit.history"]
        cls.other_company = cls.env["res.company"].create({"name": "Credit Other Company"})
        cls.cron_user = cls.env.ref("base.user_root")

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _request(self, amount, kind="temporary", date_end=date(2026, 5, 20), user=None,
                 partner=None, **values):
        if kind == "temporary":
            values.setdefault("date_end", date_end)
        return self.Request.with_user(user or self.salesperson_a).create({
            "partner_id": (partner or self.customer_a).id,
            "kind": kind,
            "requested_limit": amount,
            "reason": "Large order for the season",
            **values,
        })

    def _approved(self, amount, kind="temporary", **values):
        request = self._request(amount, kind, **values)
        request.action_submit()
        request.with_user(self.credit_manager).action_approve()
        return request

    def _limits(self, partner=None, company=None):
        partner = (partner or self.customer_a).with_company(company or self.archive_company)
        return partner.credit_limit, partner.credit_permanent_limit

    def _history(self, partner=None):
        return self.History.search([("partner_id", "=", (partner or self.customer_a).id)],
                                   order="id")

    def _open_activities(self, request):
        return request.activity_search([ACTIVITY_TYPE])

    def _run_cron(self):
        self.Request.with_user(self.cron_user)._cron_end_temporary_limits()

    # ------------------------------------------------------------------
    # Approval
    # ------------------------------------------------------------------
    def test_approval_within_amount_sets_limit_in_company(self):
        self.customer_a._credit_set_limit(7000.0, "Other company's grant",
                                          company=self.other_company)
        request = self._request(80000.0, kind="permanent")
        self.assertEqual(request.name[:7], "LR2026/")
        self.assertEqual((request.requested_by, request.company_id, request.current_limit,
                          request.date_end), (self.salesperson_a, self.archive_company, 0.0,
                                              False))
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        activity = self._open_activities(request)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.credit_manager)

        request.with_user(self.credit_manager).action_approve()
        self.assertEqual((request.state, request.approver_id), ("approved", self.credit_manager))
        self.assertTrue(request.approval_date)
        self.assertFalse(self._open_activities(request))
        note = request.message_ids.filtered(lambda message: "Approved:" in message.body)
        self.assertEqual(note.partner_ids, self.salesperson_a.partner_id)
        self.assertIn("80,000.00", note.body)
        self.assertEqual(self._limits(), (80000.0, 80000.0))
        self.assertEqual(self._limits(company=self.other_company), (7000.0, 7000.0))
        line = self._history().filtered(lambda line: line.company_id == self.archive_company)
        self.assertEqual(len(line), 1)
        self.assertEqual(
            (line.change_type, line.old_limit, line.new_limit, line.user_id, line.source_ref),
            ("limit", 0.0, 80000.0, self.credit_manager, request))
        self.assertIn(request.name, line.reason)
        # The salesperson sees the granted limit too.
        self.assertEqual(self.customer_a.with_user(self.salesperson_a).credit_limit_amount,
                         80000.0)

    def test_approval_beyond_amount_refused(self):
        request = self._request(150000.0)
        request.action_submit()
        # Nobody may approve that much: the manager with the largest amount gets it.
        self.assertEqual(self._open_activities(request).user_id, self.credit_manager)
        with self.assertRaises(UserError) as error:
            request.with_user(self.credit_manager).action_approve()
        self.assertIn("150,000.00", str(error.exception))
        self.assertIn("100,000.00", str(error.exception))
        self.assertEqual(request.state, "submitted")
        self.assertEqual(self._limits(), (0.0, 0.0))
        self.assertFalse(self._history())
        # A manager with a larger amount approves it and gets the next such request.
        senior = new_test_user(
            self.env, "credit_senior", name="Senior Credit Manager",
            groups="base.group_user,customer_credit.group_credit_manager",
            company_id=self.archive_company.id,
            company_ids=[Command.set(self.archive_company.ids)])
        senior.credit_approval_amount = 200000.0
        request.with_user(senior).action_approve()
        self.assertEqual(self._limits(), (150000.0, 0.0))
        big = self._request(180000.0, partner=self.customer_a, date_end=date(2026, 6, 30))
        small = self._request(90000.0, partner=self.customer_a, date_end=date(2026, 6, 30))
        (big | small).action_submit()
        self.assertEqual(self._open_activities(big).user_id, senior)
        self.assertEqual(self._open_activities(small).user_id, self.credit_manager)

    def test_non_manager_cannot_approve(self):
        request = self._request(50000.0)
        request.action_submit()
        for user in (self.salesperson_a, self.credit_analyst):
            with self.subTest(user=user.name):
                with self.assertRaises(AccessError):
                    request.with_user(user).action_approve()
                with self.assertRaises(AccessError):
                    request.with_user(user).action_refuse()
        self.assertEqual(request.state, "submitted")
        self.assertEqual(self._limits(), (0.0, 0.0))
        with self.assertRaises(UserError):
            self._request(50000.0).with_user(self.credit_manager).action_approve()  # a draft

    def test_end_date_required_and_in_the_future(self):
        with self.assertRaises(ValidationError):
            self._request(50000.0, date_end=False)
        with self.assertRaises(ValidationError):
            self._request(50000.0, date_end=date(2026, 5, 10))  # today
        with self.assertRaises(ValidationError):
            self._request(50000.0, date_end=date(2026, 5, 1))
        with self.assertRaises(ValidationError):
            self._request(-1.0)
        request = self._request(50000.0, date_end=date(2026, 5, 11))
        self.assertEqual(request.date_end, date(2026, 5, 11))
        with Form(request.with_user(self.salesperson_a)) as form:
            form.kind = "permanent"
        self.assertFalse(request.date_end)
        with self.assertRaises(ValidationError):  # back to temporary without end date
            request.kind = "temporary"
        # Approved on its end date it holds for that day; after it, it is too late.
        late = self._request(50000.0, date_end=date(2026, 5, 11))
        on_time = self._request(40000.0, date_end=date(2026, 5, 11))
        (late | on_time).action_submit()
        with freeze_time("2026-05-12"):
            with self.assertRaises(UserError):
                late.with_user(self.credit_manager).action_approve()
        with freeze_time("2026-05-11"):
            on_time.with_user(self.credit_manager).action_approve()
        self.assertEqual((late.state, on_time.state), ("submitted", "approved"))

    # ------------------------------------------------------------------
    # Temporary limits
    # ------------------------------------------------------------------
    def test_temporary_limit_ends_by_cron_and_falls_back(self):
        permanent = self._approved(50000.0, kind="permanent")
        temporary = self._approved(90000.0, date_end=date(2026, 5, 20))
        self.assertEqual(temporary.current_limit, 50000.0)
        self.assertEqual(self._limits(), (90000.0, 50000.0))
        self.assertTrue(temporary.is_running)
        self.assertEqual(self.customer_a.credit_temporary_limit_until, date(2026, 5, 20))
        self.assertEqual(self.Request.search([("is_running", "=", True)]), temporary)
        history = self._history()
        self.assertEqual(
            [(line.change_type, line.old_limit, line.new_limit) for line in history],
            [("limit", 0.0, 50000.0), ("temporary", 50000.0, 90000.0)])
        self.assertEqual([line.source_ref for line in history], [permanent, temporary])

        with freeze_time("2026-05-20"):  # the last day of the temporary limit
            self._run_cron()
        self.assertEqual(temporary.state, "approved")
        self.assertEqual(self._limits(), (90000.0, 50000.0))

        with freeze_time("2026-05-21"):
            self._run_cron()
        self.assertEqual((temporary.state, temporary.end_note), ("ended", "End date passed"))
        self.assertTrue(temporary.date_ended)
        self.assertEqual(self._limits(), (50000.0, 50000.0))
        self.env.invalidate_all()
        self.assertFalse(self.customer_a.credit_temporary_limit_until)
        self.assertEqual(permanent.state, "approved")
        line = self._history() - history
        self.assertEqual(len(line), 1)
        self.assertEqual(
            (line.change_type, line.old_limit, line.new_limit, line.user_id, line.company_id,
             line.source_ref),
            ("temporary", 90000.0, 50000.0, self.cron_user, self.archive_company, temporary))
        self.assertIn(temporary.name, line.reason)
        self.assertIn("back to the permanent limit", line.reason)
        self.assertIn("went back", temporary.message_ids[0].body)

        # A second run has nothing left to do.
        messages = temporary.message_ids
        with freeze_time("2026-05-22"):
            self._run_cron()
        self.assertEqual(len(self._history()), 3)
        self.assertEqual(temporary.message_ids, messages)
        self.assertEqual(self._limits(), (50000.0, 50000.0))

    def test_cron_in_batches_over_companies(self):
        """Several customers and companies in small batches: each falls back in its own
        company; the other company's limit is untouched."""
        self.customer_a._credit_set_limit(20000.0, "Grant", company=self.archive_company)
        self.customer_b._credit_set_limit(30000.0, "Grant", company=self.archive_company)
        self.customer_a._credit_set_limit(5000.0, "Grant", company=self.other_company)
        first = self._approved(60000.0, date_end=date(2026, 5, 15))
        second = self._approved(70000.0, date_end=date(2026, 5, 15), partner=self.customer_b,
                                user=self.salesperson_b)
        third = self._approved(80000.0, date_end=date(2026, 5, 31), partner=self.customer_b,
                               user=self.salesperson_b)
        self.assertEqual(second.state, "ended")  # replaced by the third
        with freeze_time("2026-05-16"):
            self.Request.with_user(self.cron_user)._cron_end_temporary_limits(batch_size=1)
        self.assertEqual((first.state, third.state), ("ended", "approved"))
        self.assertEqual(self._limits(), (20000.0, 20000.0))
        self.assertEqual(self._limits(self.customer_b), (80000.0, 30000.0))
        self.assertEqual(self._limits(company=self.other_company), (5000.0, 5000.0))
        with freeze_time("2026-06-01"):
            self.Request.with_user(self.cron_user)._cron_end_temporary_limits(batch_size=1)
        self.assertEqual(third.state, "ended")
        self.assertEqual(self._limits(self.customer_b), (30000.0, 30000.0))

    def test_permanent_limit_ends_running_temporary(self):
        self._approved(40000.0, kind="permanent")
        temporary = self._approved(90000.0)
        permanent = self._approved(60000.0, kind="permanent")
        self.assertEqual(temporary.state, "ended")
        self.assertIn(permanent.name, temporary.end_note)
        self.assertEqual(self._limits(), (60000.0, 60000.0))
        self.assertEqual(
            [(line.change_type, line.old_limit, line.new_limit) for line in self._history()],
            [("limit", 0.0, 40000.0), ("temporary", 40000.0, 90000.0),
             ("limit", 90000.0, 60000.0)])
        # A grade approval sets a permanent limit the same way and ends a running one.
        temporary = self._approved(75000.0)
        self.customer_a._credit_set_limit(65000.0, "Grade BBB approved")
        self.assertEqual((temporary.state, temporary.end_note),
                         ("ended", "Replaced by a new permanent limit"))
        self.assertEqual(self._limits(), (65000.0, 65000.0))
        with freeze_time("2026-05-21"):
            self._run_cron()
        self.assertEqual(self._limits(), (65000.0, 65000.0))
        self.assertEqual(len(self._history()), 5)

    def test_second_temporary_replaces_first(self):
        self._approved(50000.0, kind="permanent")
        first = self._approved(70000.0, date_end=date(2026, 5, 20))
        second = self._approved(85000.0, date_end=date(2026, 5, 31))
        self.assertEqual((first.state, second.state), ("ended", "approved"))
        self.assertEqual(first.end_note, f"Replaced by the temporary limit {second.name}")
        self.assertEqual(self.Request.search([("is_running", "=", True)]), second)
        self.assertEqual(second.current_limit, 70000.0)
        self.assertEqual(self._limits(), (85000.0, 50000.0))
        with freeze_time("2026-05-21"):
            self._run_cron()
        self.assertEqual(self._limits(), (85000.0, 50000.0))
        with freeze_time("2026-06-01"):
            self._run_cron()
        self.assertEqual(second.state, "ended")
        self.assertEqual(self._limits(), (50000.0, 50000.0))
        self.assertEqual(
            [(line.change_type, line.old_limit, line.new_limit) for line in self._history()],
            [("limit", 0.0, 50000.0), ("temporary", 50000.0, 70000.0),
             ("temporary", 70000.0, 85000.0), ("temporary", 85000.0, 50000.0)])

    def test_first_temporary_limit_falls_back_to_limit_set_before(self):
        """A limit set before the module (not logged) is the permanent one."""
        self.customer_a.sudo().credit_limit = 45000.0
        self.assertEqual(self._limits(), (45000.0, 0.0))
        temporary = self._approved(60000.0)
        self.assertEqual(self._limits(), (60000.0, 45000.0))
        with freeze_time("2026-05-21"):
            self._run_cron()
        self.assertEqual(temporary.state, "ended")
        self.assertEqual(self._limits(), (45000.0, 45000.0))

    # ------------------------------------------------------------------
    # Manual changes on the customer form
    # ------------------------------------------------------------------
    def test_manual_credit_limit_change_logged_and_permanent(self):
        self.env.user.credit_approval_amount = 100000.0  # a credit manager types them
        contact = self.env["res.partner"].create(
            {"name": "Buyer of A", "parent_id": self.customer_a.id})
        self.customer_a.credit_limit = 33000.0
        self.assertEqual(self._limits(), (33000.0, 33000.0))
        self.assertEqual(contact.with_company(self.archive_company).credit_limit, 33000.0)
        line = self._history()
        self.assertEqual(len(line), 1)
        self.assertEqual(
            (line.change_type, line.old_limit, line.new_limit, line.reason, line.user_id,
             line.company_id),
            ("limit", 0.0, 33000.0, "Changed on the customer form", self.env.user,
             self.archive_company))
        self.assertFalse(self.History.search([("partner_id", "=", contact.id)]))

        # In another company, for two customers at once; unchanged values are not logged.
        self.customer_b.with_company(self.other_company).credit_limit = 12000.0
        (self.customer_a | self.customer_b).with_company(self.other_company).write(
            {"credit_limit": 12000.0})
        lines = self.History.search([("company_id", "=", self.other_company.id)])
        self.assertEqual(
            sorted((line.partner_id.name, line.old_limit, line.new_limit) for line in lines),
            [("Customer A", 0.0, 12000.0), ("Customer B", 0.0, 12000.0)])
        self.assertEqual(self._limits(company=self.other_company), (12000.0, 12000.0))
        self.assertEqual(self._limits(), (33000.0, 33000.0))

        # A manual change also ends a running temporary limit: it is the new permanent one.
        temporary = self._approved(90000.0)
        self.customer_a.credit_limit = 40000.0
        self.assertEqual((temporary.state, temporary.end_note),
                         ("ended", "Replaced by a new permanent limit"))
        self.assertEqual(self._limits(), (40000.0, 40000.0))
        # Changes through _credit_set_limit are logged once, by it.
        count = len(self._history())
        self.customer_a._credit_set_limit(41000.0, "Evaluation")
        self.assertEqual(len(self._history()), count + 1)
        self.assertEqual(self._history()[-1].reason, "Evaluation")

    # ------------------------------------------------------------------
    # Refusal
    # ------------------------------------------------------------------
    def test_refusal_with_reason(self):
        request = self._request(60000.0)
        request.action_submit()
        action = request.with_user(self.credit_manager).action_refuse()
        self.assertEqual(action["res_model"], "customer.credit.limit.request.refuse")
        wizard = self.env[action["res_model"]].with_user(self.credit_manager).with_context(
            **action["context"]).create({"reason": "Overdue receivables for 60 days"})
        self.assertEqual(wizard.request_ids, request)
        with self.assertRaises(UserError):
            request.with_user(self.credit_manager)._refuse("  ")
        wizard.action_refuse()
        self.assertEqual(
            (request.state, request.refusal_reason, request.approver_id),
            ("refused", "Overdue receivables for 60 days", self.credit_manager))
        self.assertFalse(self._open_activities(request))
        self.assertEqual(self._limits(), (0.0, 0.0))
        self.assertFalse(self._history())
        # The salesperson is told why.
        note = request.message_ids.filtered(lambda message: "Refused:" in message.body)
        self.assertEqual(note.partner_ids, self.salesperson_a.partner_id)
        self.assertIn("Overdue receivables for 60 days", note.body)
        with self.assertRaises(UserError):
            request.with_user(self.credit_manager).action_approve()
        with self.assertRaises(UserError):
            request.with_user(self.credit_manager).action_refuse()

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_access_salesperson_own_requests(self):
        own = self._request(50000.0)
        other = self._request(50000.0, user=self.salesperson_b, partner=self.customer_b)
        by_analyst = self._request(55000.0, user=self.credit_analyst)
        self.assertEqual(by_analyst.requested_by, self.credit_analyst)
        as_a = self.Request.with_user(self.salesperson_a)
        self.assertEqual(as_a.search([]), own | by_analyst)
        with self.assertRaises(AccessError):
            other.with_user(self.salesperson_a).read(["requested_limit"])
        self.assertEqual(self.Request.with_user(self.credit_analyst).search([]),
                         own | other | by_analyst)
        # Only for their own customers.
        with self.assertRaises(ValidationError):
            self._request(50000.0, partner=self.customer_b)
        with self.assertRaises(UserError):
            self.customer_b.with_user(self.salesperson_a).action_credit_limit_request()
        action = self.customer_a.with_user(self.salesperson_a).action_credit_limit_request()
        self.assertEqual(action["context"]["default_partner_id"], self.customer_a.id)
        self.assertEqual(action["context"]["default_company_id"], self.archive_company.id)
        self.assertTrue(self.customer_b.with_user(self.credit_analyst)
                        .action_credit_limit_request())
        # Not for a contact: the limit belongs to the company.
        contact = self.env["res.partner"].create(
            {"name": "Buyer of A", "parent_id": self.customer_a.id, "user_id":
             self.salesperson_a.id})
        with self.assertRaises(ValidationError):
            self._request(50000.0, partner=contact)
        # Submitted: fixed, not deleted, not approved by the salesperson.
        own.action_submit()
        own = own.with_user(self.salesperson_a)
        with self.assertRaises(UserError):
            own.requested_limit = 99000.0
        with self.assertRaises(UserError):
            own.unlink()
        with self.assertRaises(AccessError):
            own.action_approve()
        draft = self._request(20000.0)
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_salesperson_form_and_menu(self):
        self.customer_a._credit_set_limit(25000.0, "Grant")
        action = self.customer_a.with_user(self.salesperson_a).action_credit_limit_request()
        with Form(self.Request.with_user(self.salesperson_a).with_context(
                **action["context"])) as form:
            self.assertEqual((form.partner_id, form.current_limit, form.kind),
                             (self.customer_a, 25000.0, "temporary"))
            form.requested_limit = 30000.0
            form.date_end = date(2026, 5, 30)
            form.reason = "Trade fair order"
            # The form says who will decide before it is submitted.
            self.assertEqual(form.decider_id, self.credit_manager)
        request = form.record
        self.assertEqual((request.requested_by, request.limit_change),
                         (self.salesperson_a, 5000.0))
        request.action_submit()
        self.assertEqual(self._open_activities(request).user_id, request.decider_id)
        request.with_user(self.credit_manager).action_approve()
        self.assertFalse(request.decider_id, "decided: nobody left to decide it")
        for user, default_filter in ((self.salesperson_a, "search_default_my_requests"),
                                     (self.credit_analyst, "search_default_my_requests"),
                                     (self.credit_manager, "search_default_to_approve")):
            with self.subTest(user=user.name):
                action = self.Request.with_user(user).action_open_limit_requests()
                self.assertEqual(action["context"], {default_filter: 1})
                self.assertEqual(action["res_model"], "customer.credit.limit.request")

    def test_access_multi_company(self):
        self.salesperson_a.company_ids |= self.other_company
        request = self._request(50000.0, company_id=self.other_company.id)
        request.action_submit()
        # The company's only credit manager is the test user, who created it: without a
        # sufficient approval amount, the manager with the largest one gets the activity.
        self.assertEqual(self._open_activities(request).user_id, self.env.user)
        self.assertFalse(
            self.Request.with_user(self.credit_manager).search([("id", "=", request.id)]))
        with self.assertRaises(AccessError):
            request.with_user(self.credit_manager).read(["state"])
        self.credit_manager.company_ids |= self.other_company
        request.with_user(self.credit_manager).with_company(self.other_company).action_approve()
        self.assertEqual(self._limits(company=self.other_company), (50000.0, 0.0))
        self.assertEqual(self._limits(), (0.0, 0.0))
