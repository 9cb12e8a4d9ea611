from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CustomerArchiveCommon

# Noon, so that the day is the same in every time zone of the test user.
CREATED = "2026-01-15 12:00:00"


def day(value):
    return fields.Date.to_date(value)


@tagged("post_install", "-at_install")
@freeze_time(CREATED)
class TestReview(CustomerArchiveCommon):
    """Periodic review (动态管理): cycles of two months by default, per tier when set. Customers
    A and B are archived on 2026-01-15 by the test's own user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.custodian_2 = new_test_user(
            cls.env, "archive_custodian_2", name="Second Custodian",
            groups="base.group_user,customer_archive.group_archive_custodian",
            company_id=cls.archive_company.id)
        cls.activity_type = cls.env.ref("customer_archive.mail_activity_type_archive_review")
        cls.Review = cls.env["customer.archive.review"]

    def _review(self, customer, user=None, **values):
        return self.Review.with_user(user or self.env.user).create({
            "partner_id": customer.id, "tier": "ordinary", **values})

    def _activities(self, partners):
        return self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "in", partners.ids),
            ("activity_type_id", "=", self.activity_type.id)])

    # ------------------------------------------------------------------
    # Next review date
    # ------------------------------------------------------------------
    def test_next_review_by_default_cycle_and_tier_override(self):
        self.archive_company.write({"archive_review_months_important": 1,
                                    "archive_review_months_special": 3})
        self.assertEqual(self.archive_company.archive_review_months, 2)
        self.customer_a.archive_tier = "important"
        self.customer_b.archive_tier = "ordinary"
        special = self._create_customer("Special", archive_tier="special")
        untiered = self._create_customer("No tier yet")
        self.assertEqual(self.customer_a.archive_date, day("2026-01-15"))
        self.assertEqual(self.customer_a.archive_next_review_date, day("2026-02-15"))
        self.assertEqual(self.customer_b.archive_next_review_date, day("2026-03-15"))
        self.assertEqual(special.archive_next_review_date, day("2026-04-15"))
        self.assertEqual(untiered.archive_next_review_date, day("2026-03-15"))
        self.assertFalse(self.customer_a.archive_last_review_date)
        # A change of tier moves the date at once.
        self.customer_a.archive_tier = "ordinary"
        self.assertEqual(self.customer_a.archive_next_review_date, day("2026-03-15"))
        # Without archive, no review.
        prospect = self._create_customer("Prospect", archive=False)
        self.assertFalse(prospect.archive_next_review_date)

    def test_cycle_from_end_of_month(self):
        self.archive_company.archive_review_months_important = 1
        with freeze_time("2026-01-31 12:00:00"):
            customer = self._create_customer("Month end", archive_tier="important")
        # 2026-01-31 plus one month is the last day of February.
        self.assertEqual(customer.archive_next_review_date, day("2026-02-28"))

    def test_settings_change_applies_at_the_daily_run(self):
        self.customer_b.archive_tier = "ordinary"
        self.assertEqual(self.customer_b.archive_next_review_date, day("2026-03-15"))
        settings = self.env["res.config.settings"].create({
            "archive_review_months": 3, "archive_review_user_id": self.custodian.id})
        settings.execute()
        self.assertEqual(self.archive_company.archive_review_months, 3)
        self.assertEqual(self.archive_company.archive_review_user_id, self.custodian)
        self.assertEqual(self.customer_b.archive_next_review_date, day("2026-03-15"))
        self.env["res.partner"]._cron_archive_reviews()
        self.assertEqual(self.customer_b.archive_next_review_date, day("2026-04-15"))

    def test_negative_cycles_are_refused(self):
        for values in ({"archive_review_months_important": -1},
                       {"archive_review_months_special": -2},
                       {"archive_review_months_ordinary": -1},
                       {"archive_review_months": 0},
                       {"archive_review_months": -2}):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.archive_company.write(values)
        self.archive_company.write({"archive_review_months_ordinary": 0,
                                    "archive_review_months": 6})
        self.assertEqual(self.archive_company._archive_review_months("ordinary"), 6)

    # ------------------------------------------------------------------
    # Reviews
    # ------------------------------------------------------------------
    def test_review_sets_tier_and_moves_the_next_review(self):
        self.archive_company.archive_review_months_special = 1
        self.customer_a.archive_tier = "ordinary"
        self._end_request()
        with freeze_time("2026-02-10 12:00:00"):
            review = self._review(self.customer_a, self.salesperson_a, tier="special",
                                  checked="Persons in charge, ownership, credit",
                                  changes="New general manager")
        self._end_request()
        self.assertEqual(review.reviewer_id, self.salesperson_a)
        self.assertEqual(review.date, day("2026-02-10"))
        self.assertEqual(review.company_id, self.archive_company)
        self.assertEqual(self.customer_a.archive_tier, "special")
        self.assertEqual(self.customer_a.archive_last_review_date, day("2026-02-10"))
        # Special tier: one month after the review.
        self.assertEqual(self.customer_a.archive_next_review_date, day("2026-03-10"))
        self.assertEqual(self.customer_a.archive_review_count, 1)
        # A review dated before the latest one is recorded but decides nothing.
        self._review(self.customer_a, date="2026-01-20", tier="important")
        self.assertEqual(self.customer_a.archive_tier, "special")
        self.assertEqual(self.customer_a.archive_last_review_date, day("2026-02-10"))
        self.assertEqual(self.customer_a.archive_review_count, 2)
        self._end_request()
        # The next one back to ordinary: two months after it.
        self._review(self.customer_a, date="2026-03-05", tier="ordinary")
        self.assertEqual(self.customer_a.archive_tier, "ordinary")
        self.assertEqual(self.customer_a.archive_next_review_date, day("2026-05-05"))
        self._end_request()
        tier_changes = self.customer_a.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "archive_tier")
        self.assertEqual(tier_changes.sorted("id").mapped("new_value_char"),
                         ["Ordinary Tier", "Special Tier", "Ordinary Tier"])

    def test_risky_follows_the_latest_review(self):
        self._review(self.customer_b, date="2026-01-20", risky=True,
                     changes="Payments 45 days late; bank loan extended")
        self.assertTrue(self.customer_b.archive_risky)
        self.assertIn(self.customer_b, self.env["res.partner"].search(
            [("archive_risky", "=", True)]))
        self._review(self.customer_b, date="2026-01-25", changes="Arrears paid")
        self.assertFalse(self.customer_b.archive_risky)
        latest = self.customer_b.archive_review_ids.sorted("date")[-1]
        latest.risky = True
        self.assertTrue(self.customer_b.archive_risky)
        # Without the latest review, the one before it speaks again.
        latest.risky = False
        latest.unlink()
        self.assertTrue(self.customer_b.archive_risky)
        self.assertEqual(self.customer_b.archive_last_review_date, day("2026-01-20"))

    def test_review_action_opens_a_prefilled_form(self):
        self.customer_a.archive_tier = "important"
        action = self.customer_a.action_archive_review()
        self.assertEqual(action["res_model"], "customer.archive.review")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["context"], {"default_partner_id": self.customer_a.id,
                                             "default_tier": "important"})
        review = self.Review.with_context(**action["context"]).create({})
        self.assertEqual((review.partner_id, review.tier), (self.customer_a, "important"))
        listed = self.customer_a.action_view_archive_reviews()
        self.assertEqual(self.Review.search(listed["domain"]), review)
        prospect = self._create_customer("Prospect", archive=False)
        with self.assertRaises(UserError):
            prospect.action_archive_review()

    # ------------------------------------------------------------------
    # Daily planning
    # ------------------------------------------------------------------
    def test_cron_plans_one_activity_per_due_archive(self):
        self.archive_company.write({"archive_review_months_important": 1,
                                    "archive_review_user_id": self.custodian_2.id})
        self.customer_a.write({"archive_tier": "important",
                               "archive_reviewer_id": self.custodian.id})
        self.customer_b.archive_tier = "ordinary"
        with freeze_time("2026-03-01 12:00:00"):
            not_due = self._create_customer("Not due", archive_tier="ordinary")
        customers = self.customer_a | self.customer_b | not_due
        with freeze_time("2026-03-15 12:00:00"):
            self.env["res.partner"]._cron_archive_reviews(batch_size=2)
            activities = self._activities(customers)
            # A: important, due 2026-02-15, to its assigned reviewer. B: ordinary, due today,
            # to the company's default reviewer. The third: due 2026-05-01.
            self.assertEqual(
                sorted((act.res_id, act.user_id, act.date_deadline) for act in activities),
                [(self.customer_a.id, self.custodian, day("2026-02-15")),
                 (self.customer_b.id, self.custodian_2, day("2026-03-15"))])
            self.assertEqual(activities.mapped("summary"),
                             ["Periodic review of the customer archive"] * 2)
            self.assertEqual(customers.mapped("archive_review_overdue"), [True, False, False])
            overdue = self.env["res.partner"].search([("archive_review_overdue", "=", True)])
            self.assertEqual(overdue & customers, self.customer_a)
            # A second run plans nothing more.
            self.env["res.partner"]._cron_archive_reviews()
            self.assertEqual(self._activities(customers), activities)
        with freeze_time("2026-03-16 12:00:00"):
            self.env["res.partner"]._cron_archive_reviews()
            self.assertEqual(self._activities(customers), activities)
            self.assertEqual(customers.mapped("archive_review_overdue"), [True, True, False])

    def test_reviewer_falls_back_to_the_archive_creator(self):
        self.assertFalse(self.archive_company.archive_review_user_id)
        self.assertEqual(self.customer_b.archive_user_id, self.env.user)
        self.assertEqual(self.customer_b._archive_reviewer(), self.env.user)
        self.archive_company.archive_review_user_id = self.custodian_2
        self.assertEqual(self.customer_b._archive_reviewer(), self.custodian_2)
        self.customer_b.archive_reviewer_id = self.custodian
        self.assertEqual(self.customer_b._archive_reviewer(), self.custodian)
        self.custodian.active = False
        self.assertEqual(self.customer_b._archive_reviewer(), self.custodian_2)
        with freeze_time("2026-03-20 12:00:00"):
            self.env["res.partner"]._cron_archive_reviews()
        self.assertEqual(self._activities(self.customer_b).user_id, self.custodian_2)

    def test_review_marks_the_activity_done(self):
        with freeze_time("2026-03-16 12:00:00"):
            self.env["res.partner"]._cron_archive_reviews()
            activity = self._activities(self.customer_b)
            self.assertEqual(activity.user_id, self.env.user)
            self.assertTrue(self.customer_b.archive_review_overdue)
            self._review(self.customer_b, self.salesperson_b, tier="special",
                         changes="Ownership unchanged")
            self.assertFalse(activity.exists())
            self.assertFalse(self._activities(self.customer_b))
            done = self.customer_b.message_ids.filtered(
                lambda message: message.mail_activity_type_id == self.activity_type)
            self.assertEqual(len(done), 1)
            self.assertIn("Reviewed by Salesperson B on 2026-03-16: Special Tier.", done.body)
            self.assertEqual(self.customer_b.archive_next_review_date, day("2026-05-16"))
            self.assertFalse(self.customer_b.archive_review_overdue)
            self.env["res.partner"]._cron_archive_reviews()
            self.assertFalse(self._activities(self.customer_b))
            # Customer A's review was not recorded: its activity stays.
            self.assertEqual(len(self._activities(self.customer_a)), 1)

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_reviews_are_confidential(self):
        review_a = self._review(self.customer_a, self.salesperson_a, changes="Secret a")
        review_b = self._review(self.customer_b, self.custodian, changes="Secret b")
        as_a = self.Review.with_user(self.salesperson_a)
        self.assertEqual(as_a.search([("id", "in", (review_a | review_b).ids)]), review_a)
        as_a.browse(review_a.id).write({"notes": "Checked twice"})
        with self.assertRaises(AccessError):
            as_a.browse(review_b.id).read(["changes"])
        with self.assertRaises(AccessError):
            as_a.create({"partner_id": self.customer_b.id, "tier": "ordinary"})
        with self.assertRaises(AccessError):
            as_a.browse(review_a.id).unlink()
        with self.assertRaises(AccessError):
            self.Review.with_user(self.employee).browse(review_a.id).read(["changes"])
        self.env.invalidate_all()
        self.assertFalse(self.customer_b.with_user(self.salesperson_a).archive_review_ids)
        as_custodian = self.Review.with_user(self.custodian)
        both = review_a | review_b
        self.assertEqual(as_custodian.search([("id", "in", both.ids)]), both)
        as_custodian.browse(both.ids).read(["changes"])
        as_custodian.browse(review_a.id).unlink()
        self.assertFalse(review_a.exists())
