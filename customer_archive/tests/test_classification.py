from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CustomerArchiveCommon

TODAY = "2026-06-30"


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestClassification(CustomerArchiveCommon):
    """Each rule with the company defaults: 12 months for new and trading now, Pareto on 12
    months with 80% / 95%, core from 3 years."""

    def _classes(self, partner):
        return (partner.archive_time_class, partner.archive_trade_stage)

    def test_time_class_and_trade_stage_boundaries(self):
        # 12 months before 2026-06-30 is 2025-06-30: that day still counts as new / now.
        on_limit = self._create_customer("On the limit")
        self._invoice(on_limit, "2025-06-30", 100)
        day_before = self._create_customer("A day before")
        self._invoice(day_before, "2025-06-29", 100)
        old_but_active = self._create_customer("Old and active")
        self._invoice(old_but_active, "2023-01-10", 100)
        self._invoice(old_but_active, "2026-06-30", 100)
        draft_only = self._create_customer("Draft only")
        self._invoice(draft_only, "2026-06-01", 100, post=False)
        partners = on_limit | day_before | old_but_active | draft_only
        partners.action_refresh_archive()
        self.assertEqual(self._classes(on_limit), ("new", "trading_now"))
        self.assertEqual(self._classes(day_before), ("old", "traded_before"))
        self.assertEqual(self._classes(old_but_active), ("old", "trading_now"))
        self.assertEqual(self._classes(draft_only), ("future", "about_to_trade"))
        self.assertEqual(old_but_active.archive_first_invoice_date.isoformat(), "2023-01-10")
        self.assertEqual(old_but_active.archive_last_invoice_date.isoformat(), "2026-06-30")

    def test_settings_move_the_boundaries(self):
        customer = self._create_customer("Six months")
        self._invoice(customer, "2025-12-29", 100)
        customer.action_refresh_archive()
        self.assertEqual(self._classes(customer), ("new", "trading_now"))
        self.archive_company.write({"archive_new_customer_months": 6, "archive_active_months": 6})
        customer.action_refresh_archive()
        self.assertEqual(self._classes(customer), ("old", "traded_before"))

    def _pareto_customers(self):
        customers = {name: self._create_customer(name) for name in ("P1", "P2", "P3", "P4", "P5")}
        for name, amount in {"P1": 6000, "P2": 3000, "P3": 1000, "P4": 400, "P5": 100}.items():
            self._invoice(customers[name], "2026-03-01", amount)
        # P2: 3,000 less a 500 credit note; sales older than 12 months do not count.
        self._invoice(customers["P2"], "2026-05-01", 500, move_type="out_refund")
        self._invoice(customers["P5"], "2025-06-29", 50000)
        return customers

    def test_volume_class_pareto(self):
        customers = self._pareto_customers()
        partners = self.env["res.partner"].union(*customers.values())
        partners.action_refresh_archive()
        # Total of the period 10,000: 80% = 8,000, 95% = 9,500. Sales ranked before each:
        # P1 0 -> major, P2 6,000 -> major, P3 8,500 -> ordinary, P4 9,500 -> scattered
        # (not below 9,500), P5 9,900 -> scattered.
        self.assertEqual(
            {name: partner.archive_volume_class for name, partner in customers.items()},
            {"P1": "major", "P2": "major", "P3": "ordinary", "P4": "scattered",
             "P5": "scattered"})
        self.assertEqual(customers["P2"].archive_period_sales, 2500)
        self.assertEqual(customers["P5"].archive_period_sales, 100)
        self.assertEqual(customers["P5"].archive_total_sales, 50100)
        # The ranking is company-wide even when one customer is refreshed.
        customers["P3"].sudo().archive_volume_class = False
        customers["P3"].action_refresh_archive()
        self.assertEqual(customers["P3"].archive_volume_class, "ordinary")
        without_sales = self._create_customer("No sales")
        self.assertFalse(without_sales.archive_volume_class)

    def test_volume_class_thresholds(self):
        customers = self._pareto_customers()
        self.archive_company.write({
            "archive_volume_method": "threshold",
            "archive_major_amount": 2500,
            "archive_ordinary_amount": 1000,
        })
        self.env["res.partner"].union(*customers.values()).action_refresh_archive()
        self.assertEqual(
            {name: partner.archive_volume_class for name, partner in customers.items()},
            {"P1": "major", "P2": "major", "P3": "ordinary", "P4": "scattered",
             "P5": "scattered"})

    def test_core_customer(self):
        self.archive_company.write({
            "archive_core_min_years": 3.0, "archive_core_min_yearly_sales": 1000})
        # 2022-06-30 to 2026-06-30: 1461 days = 4.0 years; 5,000 / 4 = 1,250 a year.
        core = self._create_customer("Core")
        self._invoice(core, "2022-06-30", 2000)
        self._invoice(core, "2026-01-15", 3000)
        # Relationship counted from 2020-06-30: 2191 days = 5.9986 years, 333.41 a year.
        long_small = self._create_customer("Long but small", trade_start_date="2020-06-30")
        self._invoice(long_small, "2026-02-01", 2000)
        # 2.0 years only, however large the sales.
        young_large = self._create_customer("Young but large")
        self._invoice(young_large, "2024-06-30", 100000)
        # Less than a year: the average is over one year at least.
        newcomer = self._create_customer("Newcomer")
        self._invoice(newcomer, "2026-01-01", 500)
        partners = core | long_small | young_large | newcomer
        partners.action_refresh_archive()
        self.assertEqual(partners.mapped("archive_is_core"), [True, False, False, False])
        self.assertAlmostEqual(core.archive_relationship_years, 4.0)
        self.assertAlmostEqual(core.archive_avg_yearly_sales, 1250.0, places=2)
        self.assertAlmostEqual(long_small.archive_relationship_years, 6.0)
        self.assertAlmostEqual(long_small.archive_avg_yearly_sales, 333.41, places=2)
        self.assertAlmostEqual(newcomer.archive_avg_yearly_sales, 500.0, places=2)
        self.archive_company.archive_core_min_yearly_sales = 1251
        core.action_refresh_archive()
        self.assertFalse(core.archive_is_core)

    def test_nature_from_tags(self):
        government_tag, special_tag, partner_tag = self.env["res.partner.category"].create([
            {"name": "Government"}, {"name": "Special"}, {"name": "Trading partner"}])
        self.archive_company.write({
            "archive_government_tag_id": government_tag.id,
            "archive_special_tag_id": special_tag.id,
            "archive_trading_partner_tag_id": partner_tag.id,
        })
        person = self._create_customer("Zhang San", is_company=False)
        bureau = self._create_customer("Bureau", category_id=government_tag.ids)
        self.assertEqual(self.customer_a.customer_nature, "ordinary")
        self.assertEqual(person.customer_nature, "individual")
        self.assertEqual(bureau.customer_nature, "government")
        self.customer_a.category_id = special_tag
        self.assertEqual(self.customer_a.customer_nature, "special")
        self.customer_a.category_id = partner_tag | special_tag
        self.assertEqual(self.customer_a.customer_nature, "special", "government, special, "
                         "trading partner: the first configured tag found wins")
        self.customer_a.category_id = partner_tag
        self.assertEqual(self.customer_a.customer_nature, "trading_partner")

    def test_cron_refreshes_in_batches_and_tracks_changes(self):
        customers = [self._create_customer(f"Cron {index}") for index in range(5)]
        for index, customer in enumerate(customers):
            self._invoice(customer, "2026-05-01", 1000 * (index + 1))
        self.env["res.partner"]._cron_refresh_archive(batch_size=2)
        self.assertEqual([c.archive_trade_stage for c in customers], ["trading_now"] * 5)
        self.assertEqual(customers[4].archive_volume_class, "major")
        # The night stamps the company: every archive shows it, none is rewritten for it.
        self.assertEqual(self.archive_company.archive_classified_on, fields.Datetime.now())
        self.assertEqual({c.archive_classified_on for c in customers}, {fields.Datetime.now()})
        self.assertFalse(any(c.archive_refreshed_on for c in customers))
        messages = customers[4].message_ids
        with freeze_time("2026-06-30 22:00:00"):
            self.env["res.partner"]._cron_refresh_archive(batch_size=2)
            self.assertEqual(customers[4].message_ids, messages, "no change, nothing tracked")
            self.assertEqual(customers[0].archive_classified_on, fields.Datetime.now())
        # A refresh of one archive stamps it alone, later than the night.
        with freeze_time("2026-06-30 23:00:00"):
            customers[0].action_refresh_archive()
            self.assertEqual(customers[0].archive_classified_on, fields.Datetime.now())
        self.assertEqual(customers[1].archive_classified_on,
                         fields.Datetime.to_datetime("2026-06-30 22:00:00"))

    def test_first_classes_are_not_announced_later_changes_are(self):
        """Classes given when the archive is created (or the addon installed) write no
        chatter message; a change afterwards is tracked as every archive field."""
        customer = self._create_customer("First Classes Ltd")
        self.assertEqual(self._classes(customer), ("future", "about_to_trade"))
        self._end_request()

        def tracked(field_name):
            return customer.sudo().message_ids.tracking_value_ids.filtered(
                lambda value: value.field_id.name == field_name)

        self.assertFalse(tracked("archive_time_class"))
        self._invoice(customer, "2026-05-01", 500.0)
        customer.action_refresh_archive()
        self._end_request()
        self.assertEqual(self._classes(customer), ("new", "trading_now"))
        self.assertEqual(tracked("archive_time_class").new_value_char, "New Customer")

    def test_invalid_rules_are_refused(self):
        with self.assertRaises(ValidationError):
            self.archive_company.archive_major_share = 99.0  # above the ordinary share (95%)
        with self.assertRaises(ValidationError):
            self.archive_company.archive_new_customer_months = 0
        with self.assertRaises(ValidationError):
            self.archive_company.write({"archive_major_amount": 10, "archive_ordinary_amount": 20})
