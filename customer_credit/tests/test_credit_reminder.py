from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .credit_hold_common import CreditHoldCommon

# A Wednesday: tomorrow is Thursday 5 March, the week ends on Sunday 8 March.
WEDNESDAY = "2026-03-04"


@tagged("post_install", "-at_install")
@freeze_time(WEDNESDAY)
class TestCreditReminder(CreditHoldCommon):
    """Receivable reminders grouped per customer, escalations per overdue step, the weekly
    digest and review activities before expiry."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Reminder = cls.env["customer.credit.reminder"]
        cls.reminder_type = cls.env.ref("customer_credit.mail_activity_type_receivable_reminder")
        cls.escalation_type = cls.env.ref("customer_credit.mail_activity_type_credit_escalation")
        cls.review_type = cls.env.ref("customer_credit.mail_activity_type_credit_review")
        cls.credit_manager.email = "credit.manager@example.com"
        cls.company.write({"credit_manager_id": cls.credit_manager.id,
                           "credit_escalation_steps": "30,60,90,180",
                           "credit_review_days": 30})

    def _activities(self, partner, activity_type):
        return self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", partner.id),
            ("activity_type_id", "=", activity_type.id)])

    def _follow_up(self, partner):
        return self.Reminder.search([("partner_id", "=", partner.id),
                                     ("company_id", "=", self.company.id)])

    # ------------------------------------------------------------------
    # Reminders
    # ------------------------------------------------------------------
    def test_items_grouped_into_one_activity_per_customer(self):
        """Five invoices of customer A: 100 overdue since 20 February, 200 due today, 300
        tomorrow, 400 on Saturday (this week), 500 next Tuesday (not yet reminded)."""
        overdue = self._move(self.customer_a, 100.0, invoice_date="2026-02-01",
                             due="2026-02-20")
        self._move(self.customer_a, 200.0, invoice_date="2026-02-01", due="2026-03-04")
        self._move(self.customer_a, 300.0, invoice_date="2026-02-01", due="2026-03-05")
        self._move(self.customer_a, 400.0, invoice_date="2026-02-01", due="2026-03-07")
        later = self._move(self.customer_a, 500.0, invoice_date="2026-02-01", due="2026-03-10")
        self._move(self.customer_b, 50.0, invoice_date="2026-02-01", due="2026-03-08")
        self.Reminder._cron_receivable_reminders()

        activity = self._activities(self.customer_a, self.reminder_type)
        self.assertEqual(len(activity), 1, "one activity per customer, not per invoice")
        self.assertEqual(activity.user_id, self.salesperson_a)
        self.assertEqual(str(activity.date_deadline), WEDNESDAY)
        follow_up = self._follow_up(self.customer_a)
        self.assertEqual(
            (follow_up.overdue_amount, follow_up.due_today, follow_up.due_tomorrow,
             follow_up.due_week, follow_up.overdue_days), (100.0, 200.0, 300.0, 400.0, 12))
        self.assertEqual(follow_up.activity_id, activity)
        note = str(activity.note)
        for label in ("Overdue", "Due Today", "Due Tomorrow", "Due This Week"):
            self.assertIn(label, note)
        self.assertIn(overdue.name, note)
        self.assertIn("12 days overdue", note)
        self.assertNotIn(later.name, note, "due next week: not reminded yet")

        activity_b = self._activities(self.customer_b, self.reminder_type)
        self.assertEqual(len(activity_b), 1)
        self.assertEqual(activity_b.user_id, self.salesperson_b)
        self.assertEqual(self._follow_up(self.customer_b).due_week, 50.0, "Sunday is this week")
        self.assertFalse(self._activities(self.customer_a, self.escalation_type),
                         "12 days overdue is below the first step")

    def test_note_lists_ten_items_per_group_and_totals_the_others(self):
        """Twelve overdue invoices of 100 × n due on 1 to 12 February: the ten oldest are
        listed, the last two counted with their total, 1,100 + 1,200 = 2,300."""
        invoices = [self._move(self.customer_a, 100.0 * n, invoice_date="2026-01-01",
                               due=f"2026-02-{n:02d}") for n in range(1, 13)]
        self.Reminder._cron_receivable_reminders()
        note = str(self._activities(self.customer_a, self.reminder_type).note)
        for invoice in invoices[:10]:
            self.assertIn(invoice.name, note)
        for invoice in invoices[10:]:
            self.assertNotIn(invoice.name, note)
        self.assertIn("… and 2 more items: $&nbsp;2,300.00", note)
        self.assertIn("Overdue: $&nbsp;7,800.00", note, "the group total: all 12")

    def test_note_in_the_language_of_the_cron_user(self):
        """The cron server runs jobs without a language in the context: in a Chinese
        company (cron user and salesperson in Chinese) the summary and every line of the
        note are in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        (self.env.user | self.salesperson_a).write({"lang": "zh_CN"})
        self._move(self.customer_a, 100.0, invoice_date="2026-02-01", due="2026-02-20")
        self.Reminder.with_context(lang=None)._cron_receivable_reminders()
        activity = self._activities(self.customer_a, self.reminder_type)
        self.assertIn("的应收账款", activity.summary)
        note = str(activity.note)
        self.assertIn("逾期", note)
        self.assertIn("已逾期 12 天", note)

    def test_second_run_updates_instead_of_duplicating(self):
        invoice = self._move(self.customer_a, 100.0, invoice_date="2026-02-01",
                             due="2026-02-20")
        self._move(self.customer_a, 200.0, invoice_date="2026-02-01", due="2026-03-04")
        self.Reminder._cron_receivable_reminders()
        activity = self._activities(self.customer_a, self.reminder_type)
        self._pay(invoice, 100.0, payment_date=WEDNESDAY)
        self.Reminder._cron_receivable_reminders()
        self.assertEqual(self._activities(self.customer_a, self.reminder_type), activity)
        self.assertEqual(self._follow_up(self.customer_a).overdue_amount, 0.0)
        self.assertNotIn(invoice.name, str(activity.note), "paid: no longer listed")
        self.assertEqual(len(self.Reminder.search([("partner_id", "=", self.customer_a.id)])),
                         1)

    def test_done_reminder_is_recreated_and_paid_customer_loses_its_reminder(self):
        invoice = self._move(self.customer_a, 100.0, invoice_date="2026-02-01",
                             due="2026-03-04")
        self.Reminder._cron_receivable_reminders()
        self._activities(self.customer_a, self.reminder_type).action_feedback("Called")
        self.Reminder._cron_receivable_reminders()
        self.assertEqual(len(self._activities(self.customer_a, self.reminder_type)), 1,
                         "a new reminder after the previous one was done")
        self._pay(invoice, 100.0, payment_date=WEDNESDAY)
        self.Reminder._cron_receivable_reminders()
        self.assertFalse(self._activities(self.customer_a, self.reminder_type),
                         "nothing left to remind")

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------
    def test_escalation_at_each_step_once(self):
        """1,000.00 due on 1 January 2026: 62 days overdue on 4 March, escalated once at 60
        (not at 30 too), then at 90 and 180 days, each once."""
        self._move(self.customer_a, 1000.0, invoice_date="2025-12-01", due="2026-01-01")
        expected = [("2026-03-04", 60), ("2026-03-05", 60), ("2026-04-01", 90),
                    ("2026-06-29", 90), ("2026-06-30", 180), ("2026-09-01", 180)]
        for today, step in expected:
            with self.subTest(today=today), freeze_time(today):
                self.Reminder._cron_receivable_reminders()
                follow_up = self._follow_up(self.customer_a)
                self.assertEqual(follow_up.escalated_step, step)
        escalations = self._activities(self.customer_a, self.escalation_type)
        self.assertEqual(len(escalations), 3)
        self.assertEqual(escalations.user_id, self.credit_manager)
        self.assertEqual(sorted(str(a.date_deadline) for a in escalations),
                         ["2026-03-04", "2026-04-01", "2026-06-30"])
        self.assertEqual(len(self._activities(self.customer_a, self.reminder_type)), 1)

    def test_each_step_escalated_from_thirty_days(self):
        self._move(self.customer_a, 500.0, invoice_date="2026-01-01", due="2026-02-01")
        # Due 1 February: 30 days on 3 March, 60 on 2 April, 90 on 2 May, 180 on 31 July.
        for today, count in (("2026-03-02", 0), ("2026-03-03", 1), ("2026-04-01", 1),
                             ("2026-04-02", 2), ("2026-05-01", 2), ("2026-05-02", 3),
                             ("2026-07-30", 3), ("2026-07-31", 4)):
            with self.subTest(today=today), freeze_time(today):
                self.Reminder._cron_receivable_reminders()
                self.assertEqual(
                    len(self._activities(self.customer_a, self.escalation_type)), count)

    def test_escalation_restarts_after_the_customer_caught_up(self):
        invoice = self._move(self.customer_a, 500.0, invoice_date="2026-01-01",
                             due="2026-02-01")
        self.Reminder._cron_receivable_reminders()
        self.assertEqual(self._follow_up(self.customer_a).escalated_step, 30)
        self._pay(invoice, 500.0, payment_date=WEDNESDAY)
        self.Reminder._cron_receivable_reminders()
        self.assertEqual(self._follow_up(self.customer_a).escalated_step, 0)
        self._move(self.customer_a, 200.0, invoice_date="2026-01-01", due="2026-02-02")
        self.Reminder._cron_receivable_reminders()
        self.assertEqual(len(self._activities(self.customer_a, self.escalation_type)), 2)

    def test_escalation_steps_configurable(self):
        self.company.credit_escalation_steps = "10, 20"
        self.assertEqual(self.company._credit_escalation_steps(), [10, 20])
        self._move(self.customer_a, 500.0, invoice_date="2026-01-01", due="2026-02-20")
        self.Reminder._cron_receivable_reminders()
        self.assertEqual(self._follow_up(self.customer_a).escalated_step, 10)
        for bad in ("30,abc", "0,30", ""):
            with self.subTest(steps=bad), self.assertRaises(ValidationError):
                self.company.credit_escalation_steps = bad

    # ------------------------------------------------------------------
    # Weekly digest
    # ------------------------------------------------------------------
    def test_weekly_digest_queued_for_credit_managers(self):
        """Overdue: A 1,000.00 (62 days, escalated) and B 250.00 (due 1 March, in the
        week); 300.00 of A due tomorrow is not overdue."""
        self._move(self.customer_a, 1000.0, invoice_date="2025-12-01", due="2026-01-01")
        self._move(self.customer_a, 300.0, invoice_date="2026-02-01", due="2026-03-05")
        self._move(self.customer_b, 250.0, invoice_date="2026-02-01", due="2026-03-01")
        self.Reminder._cron_receivable_reminders()
        values = self.Reminder._digest_values(self.company)
        self.assertEqual((values["overdue_total"], values["overdue_count"],
                          values["new_overdue"]), (1250.0, 2, 250.0))
        self.assertEqual([line["partner"] for line in values["biggest"]],
                         [self.customer_a, self.customer_b])
        self.assertEqual([(line["partner"], line["step"]) for line in values["escalated"]],
                         [(self.customer_a, 60)])
        mails = self.env["mail.mail"].search([])
        self.Reminder._cron_weekly_digest()
        mail = self.env["mail.mail"].search([("id", "not in", mails.ids),
                                             ("model", "=", "res.company"),
                                             ("res_id", "=", self.company.id)])
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing", "queued, not sent")
        self.assertEqual(mail.recipient_ids, self.credit_manager.partner_id)
        body = str(mail.body_html)
        for text in ("1,250.00", "250.00", "Customer A", "Customer B", "1,000.00"):
            self.assertIn(text, body)
        self.assertIn(self.company.name, mail.subject)
        # Run twice (or resumed after a crash) in the same week: nothing more is sent; the
        # next week it is sent again.
        self.Reminder._cron_weekly_digest()
        self.assertEqual(self.env["mail.mail"].search_count([
            ("id", "not in", mails.ids), ("model", "=", "res.company"),
            ("res_id", "=", self.company.id)]), 1)
        with freeze_time("2026-03-09"):
            self.Reminder._cron_weekly_digest()
        self.assertEqual(self.env["mail.mail"].search_count([
            ("id", "not in", mails.ids), ("model", "=", "res.company"),
            ("res_id", "=", self.company.id)]), 2)

    # ------------------------------------------------------------------
    # Review cycle
    # ------------------------------------------------------------------
    def test_review_activity_before_grant_expiry_once(self):
        """30 review days: a grant expiring on 3 April gets its activity on 4 March, one
        expiring on 4 April only on 5 March; never twice; a new grant gets a new one."""
        self._grant(self.customer_a, self.grade_block, 1000.0, expiry=date(2026, 4, 3))
        self._grant(self.customer_b, self.grade_warn, 1000.0, expiry=date(2026, 4, 4))
        self.Reminder._cron_credit_reviews()
        review = self._activities(self.customer_a, self.review_type)
        self.assertEqual(len(review), 1)
        self.assertEqual(str(review.date_deadline), "2026-04-03")
        self.assertEqual(review.user_id, self.credit_manager, "no evaluation: the manager")
        self.assertFalse(self._activities(self.customer_b, self.review_type))
        with freeze_time("2026-03-05"):
            self.Reminder._cron_credit_reviews()
        self.assertEqual(self._activities(self.customer_a, self.review_type), review)
        self.assertEqual(len(self._activities(self.customer_b, self.review_type)), 1)
        self._grant(self.customer_a, self.grade_block, 1000.0, expiry=date(2026, 3, 31))
        self.Reminder._cron_credit_reviews()
        self.assertEqual(len(self._activities(self.customer_a, self.review_type)), 2,
                         "a new grant is reviewed again")

    def test_review_activity_before_report_expiry_once(self):
        Report = self.env["customer.credit.report"]
        due = Report.create({"partner_id": self.customer_a.id, "customer_size": "medium",
                             "date": "2025-09-20", "validity_months": 6,
                             "user_id": self.credit_analyst.id})       # expires 2026-03-20
        later = Report.create({"partner_id": self.customer_b.id, "customer_size": "medium",
                               "date": "2025-10-10", "validity_months": 6})
        draft = Report.create({"partner_id": self.customer_b.id, "customer_size": "medium",
                               "date": "2025-09-20", "validity_months": 6})
        (due | later).write({"state": "confirmed"})
        self.Reminder._cron_credit_reviews()
        self.Reminder._cron_credit_reviews()
        activities = self.env["mail.activity"].search([
            ("res_model", "=", "customer.credit.report"),
            ("activity_type_id", "=", self.review_type.id)])
        self.assertEqual(activities.mapped("res_id"), due.ids)
        self.assertEqual(activities.user_id, self.credit_analyst)
        self.assertTrue(due.review_requested)
        self.assertFalse(later.review_requested or draft.review_requested)

    # ------------------------------------------------------------------
    # Expiry action at order confirmation
    # ------------------------------------------------------------------
    def _expired_order(self, grade, expiry_action):
        grade.expiry_action = expiry_action
        customer = self._create_customer(f"{grade.name} {expiry_action}", self.salesperson_a)
        self._grant(customer, grade, 1000.0, expiry=date(2026, 2, 1))
        order = self._order(customer, [(1, 300.0)])
        return order, order.action_confirm()

    def test_expiry_action_follows_the_grade_policy(self):
        self.assertEqual(self.grade_block.expiry_action, "block", "proposed from control")
        self.assertEqual(self.grade_warn.expiry_action, "warn")
        self.assertEqual(self.grade_none.expiry_action, "none")
        # Block even though the control level only warns.
        order, _result = self._expired_order(self.grade_warn, "block")
        self.assertEqual(order.state, "draft")
        self.assertEqual(self._holds(order).reason_codes, "expired")
        # Block for a customer otherwise not checked at all.
        order, _result = self._expired_order(self.grade_none, "block")
        self.assertEqual(order.state, "draft")
        self.assertEqual(self._holds(order).reason_codes, "expired")
        # Only a warning although the control level blocks.
        order, _result = self._expired_order(self.grade_block, "warn")
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._holds(order))
        self.assertIn("Grade expired", "".join(order.message_ids.mapped("body")))
        # Ignored.
        order, result = self._expired_order(self.grade_block, "none")
        self.assertIs(result, True)
        self.assertEqual(order.state, "sale")
        self.assertFalse(self._holds(order))

    def test_warn_on_expiry_still_blocks_other_rules(self):
        self.grade_block.expiry_action = "warn"
        self._grant(self.customer_a, self.grade_block, 1000.0, expiry=date(2026, 2, 1))
        order = self._order(self.customer_a, [(1, 1200.0)])
        order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertEqual(set(self._holds(order).reason_codes.split(",")),
                         {"limit", "expired"})

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_access(self):
        self._move(self.customer_a, 100.0, invoice_date="2026-02-01", due="2026-02-20")
        self.Reminder._cron_receivable_reminders()
        follow_up = self._follow_up(self.customer_a)
        with self.assertRaises(AccessError):
            follow_up.with_user(self.salesperson_a).read(["overdue_amount"])
        self.assertEqual(follow_up.with_user(self.credit_analyst).overdue_amount, 100.0)
        with self.assertRaises(AccessError):
            follow_up.with_user(self.credit_analyst).write({"escalated_step": 0})
        follow_up.with_user(self.credit_manager).write({"escalated_step": 0})
        # The salesperson works on the reminder assigned to him.
        activity = follow_up.activity_id.with_user(self.salesperson_a)
        self.assertIn("Overdue", str(activity.note))

    def test_reminder_activities_read_by_their_assignee_and_credit_only(self):
        """They sit on the partner, which every employee reads."""
        self._move(self.customer_a, 1000.0, invoice_date="2026-01-01", due="2026-02-01")
        self.Reminder._cron_receivable_reminders()
        activity = self.customer_a.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.env.ref(
                "customer_credit.mail_activity_type_receivable_reminder"))
        self.assertEqual(activity.user_id, self.salesperson_a)
        Activity = self.env["mail.activity"]
        self.assertEqual(Activity.with_user(self.salesperson_a).search(
            [("id", "=", activity.id)]), activity)
        self.assertEqual(Activity.with_user(self.credit_analyst).search(
            [("id", "=", activity.id)]), activity)
        for user in (self.salesperson_b, self.employee):
            with self.subTest(user=user.name):
                self.assertFalse(Activity.with_user(user).search([("id", "=", activity.id)]))
                self.env.invalidate_all()  # as in a new request: the chatter's activities
                self.assertFalse(self.customer_a.with_user(user).activity_ids & activity)
