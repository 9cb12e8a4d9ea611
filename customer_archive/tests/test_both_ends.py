from ast import literal_eval
from datetime import date

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CustomerArchiveCommon


@tagged("post_install", "-at_install")
class TestBothEnds(CustomerArchiveCommon):
    """Both ends (抓两头): key and risky customers, their filters and reminders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.care_type = cls.env.ref("customer_archive.mail_activity_type_archive_care")
        cls.purchase_type = cls.env.ref(
            "customer_archive.mail_activity_type_archive_purchase_overdue")

    def _activities(self, activity_type, records, active_test=True):
        return self.env["mail.activity"].with_context(active_test=active_test).search([
            ("res_model", "=", records._name), ("res_id", "in", records.ids),
            ("activity_type_id", "=", activity_type.id)])

    def _filter_domain(self, name):
        view = self.env.ref("customer_archive.view_partner_archive_search")
        node = etree.fromstring(view.arch).xpath(f"//filter[@name='{name}']")[0]
        return [("archive_number", "!=", False)] + literal_eval(node.get("domain"))

    # ------------------------------------------------------------------
    # Overdue for the next purchase
    # ------------------------------------------------------------------
    def _three_purchases(self):
        for day in ("2026-01-01", "2026-01-11", "2026-01-21"):
            self._invoice(self.customer_a, day, 100.0)

    def test_purchase_interval_and_overdue(self):
        with freeze_time("2026-02-05"):
            self._three_purchases()
            self.customer_a._archive_refresh_both_ends()
            # Gaps 10 and 10 days: usual interval 10; 1.5 × 10 = 15 days after 21 January.
            self.assertEqual(self.customer_a.archive_purchase_interval, 10.0)
            self.assertEqual(self.customer_a.archive_purchase_due_date, date(2026, 2, 5))
            self.assertFalse(self.customer_a.archive_purchase_overdue)
            self.assertFalse(self.customer_a._archive_remind_purchases())
        with freeze_time("2026-02-06"):
            self.customer_a._archive_refresh_both_ends()
            self.assertTrue(self.customer_a.archive_purchase_overdue)
            activity = self.customer_a._archive_remind_purchases()
            self.assertEqual((activity.user_id, activity.date_deadline),
                             (self.salesperson_a, date(2026, 2, 6)))
            self.assertFalse(self.customer_a._archive_remind_purchases(), "no duplicate")
            activity.action_done()
            self.assertFalse(self.customer_a._archive_remind_purchases(), "not after done")
            filtered = self.env["res.partner"].search(self._filter_domain("purchase_overdue"))
            self.assertIn(self.customer_a, filtered)
        with freeze_time("2026-02-08"):
            # A new purchase ends the episode.
            self._invoice(self.customer_a, "2026-02-07", 100.0)
            self.customer_a._archive_refresh_both_ends()
            # Gaps 10, 10, 17: (10 + 10 + 17) / 3 = 12.33; due 7 Feb + 18 days (18.5).
            self.assertAlmostEqual(self.customer_a.archive_purchase_interval, 12.3, places=1)
            self.assertEqual(self.customer_a.archive_purchase_due_date, date(2026, 2, 25))
            self.assertFalse(self.customer_a.archive_purchase_overdue)

    def test_purchase_multiple_setting_and_same_day(self):
        self.archive_company.archive_purchase_overdue_factor = 2.0
        with freeze_time("2026-02-10"):
            self._three_purchases()
            # A second invoice on a purchase day is the same purchase.
            self._invoice(self.customer_a, "2026-01-21", 50.0)
            self.customer_a._archive_refresh_both_ends()
            self.assertEqual(self.customer_a.archive_purchase_interval, 10.0)
            self.assertEqual(self.customer_a.archive_purchase_due_date, date(2026, 2, 10))
            self.assertFalse(self.customer_a.archive_purchase_overdue)
        with self.assertRaises(ValidationError):
            self.archive_company.archive_purchase_overdue_factor = 0.5

    def test_fewer_than_three_purchases_never_overdue(self):
        with freeze_time("2027-12-31"):
            self._invoice(self.customer_a, "2026-01-01", 100.0)
            self._invoice(self.customer_a, "2026-01-11", 100.0)
            self._invoice(self.customer_a, "2026-01-21", 100.0, post=False)
            self.customer_a._archive_refresh_both_ends()
            self.assertFalse(self.customer_a.archive_purchase_interval)
            self.assertFalse(self.customer_a.archive_purchase_due_date)
            self.assertFalse(self.customer_a.archive_purchase_overdue)
            self.assertFalse(self.customer_a._archive_remind_purchases())

    # ------------------------------------------------------------------
    # Falling sales and arrears
    # ------------------------------------------------------------------
    @freeze_time("2026-06-30")
    def test_falling_sales(self):
        customer_c = self._create_customer("Customer C", self.salesperson_a)
        customer_d = self._create_customer("Customer D", self.salesperson_a)
        # 12 months before (30 June 2024 to 29 June 2025) and last 12 months.
        self._invoice(self.customer_a, "2025-03-01", 1000.0)
        self._invoice(self.customer_a, "2026-03-01", 800.0)
        self._invoice(self.customer_a, "2026-04-01", 100.0, move_type="out_refund")
        self._invoice(self.customer_b, "2025-03-01", 1000.0)
        self._invoice(self.customer_b, "2026-03-01", 710.0)
        self._invoice(customer_c, "2026-03-01", 500.0)
        self._invoice(customer_d, "2024-06-29", 900.0)  # older than the two periods
        partners = self.customer_a | self.customer_b | customer_c | customer_d
        partners._archive_refresh_both_ends()
        # A: 800 - 100 = 700 is exactly 30% below 1000: falling. B: 29% below: not falling.
        self.assertEqual((self.customer_a.archive_sales_last_12,
                          self.customer_a.archive_sales_previous_12), (700.0, 1000.0))
        self.assertTrue(self.customer_a.archive_falling_sales)
        self.assertFalse(self.customer_b.archive_falling_sales)
        self.assertFalse(customer_c.archive_falling_sales, "no sales before")
        self.assertEqual(customer_d.archive_sales_previous_12, 0.0)
        self.assertFalse(customer_d.archive_falling_sales)
        # With a 25% threshold, B falls too; the change is tracked.
        self.archive_company.archive_falling_sales_percent = 25.0
        partners._archive_refresh_both_ends()
        self.assertTrue(self.customer_b.archive_falling_sales)
        self._end_request()
        self.assertIn("archive_falling_sales",
                      self.customer_b.message_ids.tracking_value_ids.field_id.mapped("name"))
        with self.assertRaises(ValidationError):
            self.archive_company.archive_falling_sales_percent = 0.0

    def test_arrears(self):
        with freeze_time("2026-01-10"):
            move = self._invoice(self.customer_a, "2026-01-10", 500.0)
            self._invoice(self.customer_b, "2026-01-10", 300.0, post=False)
            self.assertFalse(self.customer_a.archive_arrears, "due today is not overdue")
        with freeze_time("2026-01-11"):
            self.customer_a.invalidate_recordset(["archive_arrears", "archive_overdue_amount"])
            self.assertTrue(self.customer_a.archive_arrears)
            self.assertEqual(self.customer_a.archive_overdue_amount, 500.0)
            self.assertFalse(self.customer_b.archive_arrears, "draft invoices owe nothing")
            both = self.customer_a | self.customer_b
            Partner = self.env["res.partner"]
            self.assertEqual(Partner.search([("id", "in", both.ids),
                                             ("archive_arrears", "=", True)]), self.customer_a)
            self.assertEqual(Partner.search([("id", "in", both.ids),
                                             ("archive_arrears", "!=", True)]), self.customer_b)
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids,
            ).create({"amount": 200.0, "payment_date": "2026-01-11"})._create_payments()
            self.customer_a.invalidate_recordset(["archive_arrears", "archive_overdue_amount"])
            self.assertEqual(self.customer_a.archive_overdue_amount, 300.0)
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids,
            ).create({"payment_date": "2026-01-11"})._create_payments()
            self.customer_a.invalidate_recordset(["archive_arrears", "archive_overdue_amount"])
            self.assertFalse(self.customer_a.archive_arrears)

    # ------------------------------------------------------------------
    # Filters and menus
    # ------------------------------------------------------------------
    @freeze_time("2026-06-30")
    def test_key_and_risky_filters(self):
        Partner = self.env["res.partner"]
        major = self._create_customer("Major")
        core = self._create_customer("Core")
        ordinary = self._create_customer("Ordinary")
        marked = self._create_customer("Marked Risky")
        falling = self._create_customer("Falling")
        # Classes as the nightly classification would set them (server code).
        major.sudo().archive_volume_class = "major"
        core.sudo().archive_is_core = True
        ordinary.sudo().write({"archive_volume_class": "ordinary", "archive_tier": "ordinary"})
        self.customer_a.archive_tier = "important"
        self.env["customer.archive.review"].create({
            "partner_id": marked.id, "tier": "special", "risky": True})
        # Created today: due today, not overdue.
        self._invoice(falling, "2025-03-01", 1000.0)
        self._invoice(falling, "2026-03-01", 100.0)
        with freeze_time("2026-05-01"):  # due on its date, overdue since 2 May
            self._invoice(self.customer_b, "2026-05-01", 300.0)
        (falling | self.customer_b)._archive_refresh_both_ends()
        everyone = major | core | ordinary | marked | falling | self.customer_a | self.customer_b
        scope = [("id", "in", everyone.ids)]
        self.assertEqual(Partner.search(scope + self._filter_domain("key_customers")),
                         major | core | self.customer_a)
        self.assertEqual(Partner.search(scope + self._filter_domain("risky_customers")),
                         marked | falling | self.customer_b)
        self.assertEqual(Partner.search(scope + self._filter_domain("arrears")), self.customer_b)
        for xml_id, filter_name in (("customer_archive.customer_archive_key_action",
                                     "key_customers"),
                                    ("customer_archive.customer_archive_risky_action",
                                     "risky_customers")):
            action = self.env.ref(xml_id)
            self.assertIn(f"'search_default_{filter_name}': 1", action.context)
        menus = self.env.ref("customer_archive.menu_customer_archive_archives").child_id
        self.assertTrue({"Key Customers", "Risky Customers"} <= set(menus.mapped("name")))

    # ------------------------------------------------------------------
    # Care reminders
    # ------------------------------------------------------------------
    def _person(self, customer, name, birth_date):
        return self.env["customer.archive.person"].create({
            "partner_id": customer.id, "name": name, "birth_date": birth_date})

    @freeze_time("2026-02-05")
    def test_care_reminders(self):
        self.customer_a.write({"archive_tier": "important", "founding_date": "2010-02-07"})
        self.customer_b.write({"archive_tier": "ordinary", "founding_date": "2010-02-07"})
        in_window = self._person(self.customer_a, "Wang Li", "1980-02-12")  # 7 days ahead
        too_late = self._person(self.customer_a, "Zhao Min", "1981-02-13")  # 8 days ahead
        ordinary = self._person(self.customer_b, "Sun Yu", "1980-02-06")
        self.env["customer.archive.care.day"].create({"name": "Lantern Day", "month": "2",
                                                      "day": 9})
        customers = self.customer_a | self.customer_b
        activities = customers._archive_remind_care_dates()
        birthday = self._activities(self.care_type, in_window)
        self.assertEqual(len(birthday), 1)
        self.assertEqual((birthday.user_id, birthday.date_deadline, birthday.summary),
                         (self.salesperson_a, date(2026, 2, 12), "Birthday of Wang Li"))
        self.assertFalse(self._activities(self.care_type, too_late | ordinary))
        on_customer = self._activities(self.care_type, customers)
        self.assertEqual(set(on_customer.mapped("res_id")),
                         {self.customer_a.id}, "none for an ordinary customer")
        self.assertEqual(sorted((str(a.date_deadline), a.summary) for a in on_customer), [
            ("2026-02-07", "Founding anniversary (16 years)"), ("2026-02-09", "Lantern Day")])
        self.assertEqual(activities, birthday | on_customer)
        # None twice, not even once done.
        self.assertFalse(customers._archive_remind_care_dates())
        birthday.action_done()
        self.assertFalse(customers._archive_remind_care_dates())
        self.assertEqual(len(self._activities(self.care_type, in_window, active_test=False)), 1)

    def test_care_days_ahead_setting_and_new_year(self):
        self.archive_company.archive_care_days_ahead = 3
        self.customer_b.sudo().archive_volume_class = "major"
        with freeze_time("2026-12-28"):
            self.assertFalse(self.customer_b._archive_remind_care_dates())
        with freeze_time("2026-12-29"):  # 3 days ahead
            activity = self.customer_b._archive_remind_care_dates()
            self.assertEqual((activity.summary, activity.date_deadline, activity.user_id),
                             ("New Year", date(2027, 1, 1), self.salesperson_b))
        with self.assertRaises(ValidationError):
            self.env["customer.archive.care.day"].create({"name": "Nope", "month": "2",
                                                          "day": 30})

    # ------------------------------------------------------------------
    # The daily run
    # ------------------------------------------------------------------
    def test_cron_twice_no_duplicates(self):
        self.customer_a.archive_tier = "important"
        with freeze_time("2026-02-05"):
            self._three_purchases()
            self._person(self.customer_a, "Wang Li", "1980-02-10")
        with freeze_time("2026-02-06"):
            self.env["res.partner"]._cron_archive_both_ends(batch_size=1)
            self.env["res.partner"]._cron_archive_both_ends(batch_size=1)
            self.assertEqual(len(self._activities(self.purchase_type, self.customer_a)), 1)
            persons = self.customer_a.archive_person_ids
            self.assertEqual(len(self._activities(self.care_type, persons)), 1)
            self.assertTrue(self.env.ref("customer_archive.ir_cron_archive_both_ends").active)
