from datetime import date

from odoo import Command
from odoo.addons.customer_satisfaction import uninstall_hook
from odoo.addons.customer_satisfaction.models.account_move import SALES_INDEX
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import CustomerSatisfactionCommon


@tagged("post_install", "-at_install")
class TestChurn(CustomerSatisfactionCommon):
    """Churn detection with the default settings: at risk beyond 2 ×, lost beyond 4 × the
    usual interval, at least 3 purchase days.

    ``regular`` buys on 2023-01-02, 2023-02-01 and 2023-03-03: two gaps of 30 days, usual
    interval 30 days, last purchase 2023-03-03. At risk when idle > 60 days, i.e. from
    2023-05-03 (2023-05-02 is exactly 60 days); lost when idle > 120 days, i.e. from
    2023-07-02 (2023-07-01 is exactly 120 days)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.archive_company
        company.write({"churn_risk_factor": 2.0, "churn_lost_factor": 4.0,
                       "churn_min_purchases": 3, "churn_manager_id": False})
        cls.Churn = cls.env["customer.churn"]
        cls.regular = cls._create_customer("Regular Buyer", cls.salesperson_a)
        cls.regular_contact = cls.env["res.partner"].create(
            {"name": "Buyer of Regular", "parent_id": cls.regular.id})
        for day in ("2023-01-02", "2023-02-01", "2023-03-03"):
            cls._invoice(cls.regular, day, 1000.0)
        # Two purchase days only: three invoices, two on the same day.
        cls.twice = cls._create_customer("Twice Buyer", cls.salesperson_b)
        for day in ("2023-01-02", "2023-01-02", "2023-02-01"):
            cls._invoice(cls.twice, day, 500.0)
        cls.category_price = cls.env.ref("customer_satisfaction.churn_category_price")
        cls.category_service = cls.env.ref("customer_satisfaction.churn_category_service")
        cls._end_request()

    def _detect(self, today, partners=None):
        return self.Churn._detect_churn(partners or self.regular | self.twice,
                                        date.fromisoformat(today))

    def _open(self, partner):
        return self.Churn.search([("partner_id", "=", partner.id),
                                  ("state", "in", ("at_risk", "to_confirm", "lost"))])

    # ------------------------------------------------------------------
    # Detection around the thresholds
    # ------------------------------------------------------------------
    def test_below_and_at_risk_threshold(self):
        # 59 and 60 days without a purchase: not more than 2 × 30 days.
        self.assertFalse(self._detect("2023-05-01"))
        self.assertFalse(self._detect("2023-05-02"))
        self.assertFalse(self._open(self.regular))
        self.assertEqual(self.regular.churn_state, "active")

    def test_above_risk_threshold(self):
        flagged = self._detect("2023-05-03")  # 61 days > 60
        self.assertEqual(flagged.partner_id, self.regular)
        self.assertRecordValues(flagged, [{
            "state": "at_risk", "source": "detected", "date": date(2023, 5, 3),
            "last_purchase_date": date(2023, 3, 3), "usual_interval": 30.0,
            "company_id": self.archive_company.id, "salesperson_id": self.salesperson_a.id,
        }])
        self.assertIn("no purchase for 61 days, more than 2.0 × 30.0 = 60.0 days",
                      flagged.reason)
        self.assertIn("Last purchase on 2023-03-03", flagged.reason)
        self.assertFalse(flagged.activity_ids, "At risk: no confirmation activity yet.")
        self.assertEqual(self.regular.churn_state, "at_risk")
        self.assertEqual(self.regular.churn_id, flagged)
        self.assertIn(self.regular, self.env["res.partner"].search(
            [("churn_state", "=", "at_risk")]))

    def test_at_and_above_lost_threshold(self):
        at_risk = self._detect("2023-05-03")
        # Exactly 120 days: still at risk, nothing new.
        self.assertFalse(self._detect("2023-07-01"))
        self.assertEqual(at_risk.state, "at_risk")
        # 121 days > 4 × 30: lost, to be confirmed; the same record is escalated.
        self.archive_company.churn_manager_id = self.satisfaction_manager
        escalated = self._detect("2023-07-02")
        self.assertEqual(escalated, at_risk)
        self.assertEqual(at_risk.state, "to_confirm")
        self.assertIn("no purchase for 121 days, more than 4.0 × 30.0 = 120.0 days",
                      at_risk.reason)
        self.assertIn("no purchase for 121 days", at_risk.message_ids[:1].body)
        activity = at_risk.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.satisfaction_manager)
        self.assertEqual(activity.activity_type_id, self.env.ref(
            "customer_satisfaction.mail_activity_type_churn_confirm"))
        self.assertIn("Confirm lost customer", activity.summary)
        # Flagged, not confirmed: the customer still counts as at risk.
        self.assertEqual(self.regular.churn_state, "at_risk")
        # A second run creates nothing: no new record, no second activity.
        self.assertFalse(self._detect("2023-07-03"))
        self.assertEqual(len(self.Churn.search([("partner_id", "=", self.regular.id)])), 1)
        self.assertEqual(len(at_risk.activity_ids), 1)

    def test_directly_to_confirm_for_salesperson(self):
        # First seen beyond the lost multiple: created to confirm, activity for the
        # salesperson when the company names no one.
        flagged = self._detect("2023-08-01")
        self.assertEqual(flagged.state, "to_confirm")
        self.assertEqual(flagged.activity_ids.user_id, self.salesperson_a)

    def test_second_run_no_duplicate(self):
        first = self._detect("2023-05-03")
        self.assertFalse(self._detect("2023-05-04"))
        self.assertEqual(self._open(self.regular), first)

    def test_minimum_purchase_days(self):
        # ``twice``: 2 purchase days (two invoices on 2023-01-02 count once), 30 days apart,
        # idle 300 days on 2023-11-28: far beyond, but below the minimum of 3 days.
        self.assertFalse(self._detect("2023-11-28", self.twice))
        self.archive_company.churn_min_purchases = 2
        flagged = self._detect("2023-11-28", self.twice)
        self.assertEqual(flagged.state, "to_confirm")
        self.assertAlmostEqual(flagged.usual_interval, 30.0)
        self.assertIn("2 purchase days", flagged.reason)

    def test_customers_without_archive_ignored(self):
        stranger = self._create_customer("No Archive", archive=False)
        for day in ("2023-01-02", "2023-02-01", "2023-03-03"):
            self._invoice(stranger, day, 100.0)
        self.assertFalse(self._detect("2023-08-01", stranger))

    def test_settings(self):
        with self.assertRaises(ValidationError):
            self.archive_company.churn_lost_factor = 2.0  # not more than the risk multiple
        with self.assertRaises(ValidationError):
            self.archive_company.churn_min_purchases = 1
        self.archive_company.write({"churn_risk_factor": 3.0, "churn_lost_factor": 5.0})
        # 61 days is no longer more than 3 × 30; 91 days is.
        self.assertFalse(self._detect("2023-05-03"))
        self.assertFalse(self._detect("2023-06-01"))  # 90 days
        self.assertEqual(self._detect("2023-06-02").state, "at_risk")

    # ------------------------------------------------------------------
    # Confirmation
    # ------------------------------------------------------------------
    def test_confirm_loss_managers_only(self):
        flagged = self._detect("2023-08-01")
        self.assertEqual(flagged.state, "to_confirm")
        as_user = flagged.with_user(self.satisfaction_user)
        as_user.category_id = self.category_price  # users may qualify the record
        with self.assertRaises(AccessError):
            as_user.action_confirm_loss()
        with self.assertRaises(UserError):
            as_user.write({"state": "lost"})
        as_manager = flagged.with_user(self.satisfaction_manager)
        as_manager.category_id = False
        with self.assertRaises(UserError):
            as_manager.action_confirm_loss()  # no category
        as_manager.category_id = self.category_price
        as_manager.action_confirm_loss()
        # Loss date: the last purchase; yearly sales lost: 2023-03-03 − 12 months <
        # invoice date <= 2023-03-03: the three invoices of 1,000.
        self.assertRecordValues(flagged, [{
            "state": "lost", "loss_date": date(2023, 3, 3), "yearly_sales_lost": 3000.0}])
        self.assertFalse(flagged.activity_ids)
        self.assertEqual(self.regular.churn_state, "lost")
        self.assertEqual(self.category_price.with_user(self.satisfaction_user).lost_count, 1)
        with self.assertRaises(AccessError):
            as_user.category_id = self.category_service  # a confirmed loss: managers only
        with self.assertRaises(UserError):
            as_manager.action_confirm_loss()  # already lost

    def test_mark_lost_from_at_risk(self):
        flagged = self._detect("2023-05-03")
        with self.assertRaises(AccessError):
            flagged.with_user(self.satisfaction_user).action_mark_lost()
        with self.assertRaises(UserError):
            flagged.with_user(self.satisfaction_manager).action_confirm_loss()  # not to confirm
        flagged.with_user(self.satisfaction_manager).write(
            {"category_id": self.category_service, "loss_date": date(2023, 4, 1)})
        flagged.with_user(self.satisfaction_manager).action_mark_lost()
        self.assertEqual(flagged.state, "lost")
        self.assertEqual(flagged.loss_date, date(2023, 4, 1))
        self.assertEqual(flagged.yearly_sales_lost, 3000.0)

    def test_manual_records(self):
        Churn = self.Churn.with_user(self.satisfaction_user)
        # Users record customers at risk (partner normalised to the commercial partner).
        manual = Churn.create({"partner_id": self.regular_contact.id, "reason": "Visited"})
        self.assertEqual(manual.partner_id, self.regular)
        self.assertEqual(manual.source, "manual")
        self.assertEqual(manual.last_purchase_date, date(2023, 3, 3))
        self.assertEqual(manual.usual_interval, 30.0)
        with self.assertRaises(UserError):
            Churn.create({"partner_id": self.regular.id})  # one open record per customer
        # The detection does not open a second one either.
        self.assertFalse(self._detect("2023-05-03"))
        with self.assertRaises(AccessError):
            Churn.create({"partner_id": self.twice.id, "state": "lost",
                          "category_id": self.category_price.id})
        with self.assertRaises(UserError):
            Churn.create({"partner_id": self.twice.id, "state": "to_confirm"})
        Manager = self.Churn.with_user(self.satisfaction_manager)
        with self.assertRaises(UserError):
            Manager.create({"partner_id": self.twice.id, "state": "lost"})  # no category
        lost = Manager.create({"partner_id": self.twice.id, "state": "lost",
                               "category_id": self.category_price.id,
                               "date": "2023-06-01"})
        # Loss date: the last purchase up to the day it was recorded; both purchase days.
        self.assertRecordValues(lost, [{
            "loss_date": date(2023, 2, 1), "last_purchase_date": date(2023, 2, 1),
            "usual_interval": 30.0, "yearly_sales_lost": 1500.0}])
        self.assertEqual(self.twice.churn_state, "lost")

    def test_dismiss(self):
        flagged = self._detect("2023-05-03")
        wizard = Form(self.env["customer.churn.dismiss"].with_user(self.satisfaction_user)
                      .with_context(active_model="customer.churn", active_ids=flagged.ids))
        wizard.note = "Seasonal buyer: orders again in autumn."
        wizard.save().action_dismiss()
        self.assertEqual(flagged.state, "dismissed")
        self.assertIn("Seasonal buyer", flagged.message_ids[:1].body)
        self.assertEqual(self.regular.churn_state, "active")
        # Not flagged again before the next purchase, even beyond the lost multiple.
        self.assertFalse(self._detect("2023-08-01"))
        # Bought again, then idle again: flagged again.
        self._invoice(self.regular, "2023-08-15", 1000.0)
        # Four purchase days: usual interval (2023-08-15 − 2023-01-02) / 3 = 75 days; on
        # 2024-01-20 idle 158 days > 2 × 75.
        flagged_again = self._detect("2024-01-20")
        self.assertEqual(flagged_again.partner_id, self.regular)
        self.assertEqual(flagged_again.last_purchase_date, date(2023, 8, 15))

    def test_dismiss_to_confirm_managers_only(self):
        flagged = self._detect("2023-08-01")
        with self.assertRaises(AccessError):
            flagged.with_user(self.satisfaction_user).action_dismiss()
        flagged.with_user(self.satisfaction_manager)._dismiss("Large order announced.")
        self.assertEqual(flagged.state, "dismissed")
        self.assertFalse(flagged.activity_ids)

    # ------------------------------------------------------------------
    # Reactivation
    # ------------------------------------------------------------------
    def test_recovered_when_invoice_posted(self):
        flagged = self._detect("2023-08-01")
        self.assertEqual(flagged.state, "to_confirm")
        self.assertEqual(self.regular.churn_state, "at_risk")
        # Posting an invoice of the customer (a contact of it) recovers it at once.
        invoice = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": self.regular_contact.id,
            "invoice_date": "2023-08-10",
            "invoice_line_ids": [Command.create({"name": "Goods", "quantity": 1,
                                                 "price_unit": 200.0,
                                                 "tax_ids": [Command.clear()]})]})
        invoice.action_post()
        self.assertRecordValues(flagged, [{"state": "recovered",
                                           "recovered_date": date(2023, 8, 10)}])
        self.assertIn("bought again on 2023-08-10", flagged.message_ids[:1].body)
        self.assertFalse(flagged.activity_ids)
        self.assertEqual(self.regular.churn_state, "active")
        self.assertFalse(self.regular.churn_id)

    def test_won_back_by_detection(self):
        # Recorded lost on 2023-02-15: its last purchase up to then is 2023-02-01 (the
        # invoice of 2023-03-03 came later and was posted already).
        lost = self.Churn.with_user(self.satisfaction_manager).create({
            "partner_id": self.regular.id, "state": "lost", "date": "2023-02-15",
            "loss_date": "2023-02-15", "category_id": self.category_price.id})
        self.assertEqual(lost.last_purchase_date, date(2023, 2, 1))
        # Yearly sales lost: 2022-02-15 < date <= 2023-02-15: two invoices of 1,000.
        self.assertEqual(lost.yearly_sales_lost, 2000.0)
        # Seen on 2023-03-01 the purchase of 2023-03-03 is not there yet.
        self._detect("2023-03-01")
        self.assertEqual(lost.state, "lost")
        self._detect("2023-03-10")
        self.assertRecordValues(lost, [{"state": "won_back", "win_back_status": "won_back",
                                        "recovered_date": date(2023, 3, 3)}])
        self.assertIn("Won back", lost.message_ids[:1].body)
        self.assertEqual(self.regular.churn_state, "active")

    def test_won_back_by_hand(self):
        lost = self.Churn.with_user(self.satisfaction_manager).create({
            "partner_id": self.twice.id, "state": "lost",
            "category_id": self.category_service.id})
        as_user = lost.with_user(self.satisfaction_user)
        as_user.win_back_status = "in_progress"
        self.assertEqual(lost.state, "lost")
        as_user.win_back_status = "won_back"
        self.assertEqual(lost.state, "won_back")
        self.assertTrue(lost.recovered_date)
        self.assertEqual(self.twice.churn_state, "active")
        at_risk = self.Churn.create({"partner_id": self.regular.id})
        with self.assertRaises(ValidationError):
            at_risk.win_back_status = "in_progress"  # only lost customers

    # ------------------------------------------------------------------
    # Views and access
    # ------------------------------------------------------------------
    def test_forms(self):
        flagged = self._detect("2023-08-01")
        with Form(flagged.with_user(self.satisfaction_manager)) as form:
            form.category_id = self.category_price
            form.remedial_action = "Visit the purchasing manager."
        self.assertEqual(flagged.category_id, self.category_price)
        # A manager records a lost customer by hand from the "Lost Customers" menu.
        Churn = self.Churn.with_user(self.satisfaction_manager).with_context(
            default_source="manual", default_state="lost")
        with Form(Churn) as form:
            form.partner_id = self.twice
            form.category_id = self.category_service
            form.reason = "Moved to a competitor after late deliveries."
        self.assertEqual(self.twice.churn_state, "lost")
        # The partner form with the churn and loyalty fields, for a satisfaction user and
        # for an employee without satisfaction rights (the fields are not shown).
        for user in (self.satisfaction_user, self.employee):
            form = Form(self.regular.with_user(user))
            self.assertEqual(form.name, "Regular Buyer")
        self.assertEqual(self.regular.with_user(self.satisfaction_user).churn_count, 1)

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_access(self):
        flagged = self._detect("2023-05-03")
        self.assertEqual(flagged.with_user(self.satisfaction_user).partner_id, self.regular)
        with self.assertRaises(AccessError):
            flagged.with_user(self.employee).read(["state"])
        with self.assertRaises(AccessError):
            flagged.with_user(self.satisfaction_user).unlink()
        with self.assertRaises(AccessError):
            self.category_price.with_user(self.satisfaction_user).remedy = "Cheaper"
        self.category_price.with_user(self.satisfaction_manager).remedy = "Cheaper"
        other = self.env["res.company"].create({"name": "Other Churn Co"})
        flagged.sudo().company_id = other
        self.assertNotIn(flagged, self.Churn.with_user(self.satisfaction_user).search([]))


@tagged("post_install", "-at_install")
class TestChurnYearlySales(CustomerSatisfactionCommon):

    def test_yearly_sales_lost(self):
        customer = self._create_customer("Yearly Sales Customer", self.salesperson_a)
        other_company = self.setup_other_company(name="Other Sales Co")["company"]
        self._invoice(customer, "2022-03-02", 1000.0)   # exactly 12 months before: out
        self._invoice(customer, "2022-03-03", 2000.0)   # the day after: in
        self._invoice(customer, "2022-12-01", 3000.0)
        self._invoice(customer, "2023-01-15", 500.0, move_type="out_refund")
        self._invoice(customer, "2023-03-02", 4000.0)   # the loss date itself: in
        self._invoice(customer, "2023-02-01", 7000.0, post=False)  # draft: out
        self._invoice(customer, "2023-02-01", 9000.0, company=other_company)  # other company
        lost = self.env["customer.churn"].create({
            "partner_id": customer.id, "state": "lost", "loss_date": "2023-03-02",
            "date": "2023-03-10",
            "category_id": self.env.ref("customer_satisfaction.churn_category_market").id})
        # 2,000 + 3,000 − 500 + 4,000
        self.assertEqual(lost.yearly_sales_lost, 8500.0)
        # Moving the loss date recomputes: 2022-03-01 < date <= 2023-03-01 takes the invoice
        # of 2022-03-02 in and the one of 2023-03-02 out.
        lost.loss_date = "2023-03-01"
        self.assertEqual(lost.yearly_sales_lost, 1000.0 + 2000.0 + 3000.0 - 500.0)
        # Set-based: one query for several records.
        second = self.env["customer.churn"].create({
            "partner_id": self.customer_b.id, "state": "lost",
            "category_id": self.env.ref("customer_satisfaction.churn_category_market").id})
        self.assertEqual(second.yearly_sales_lost, 0.0)
        counts = []
        for records in (lost, lost | second):
            self.env.invalidate_all()
            records._compute_yearly_sales_lost()  # warm the caches (access rules, currency)
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            records._compute_yearly_sales_lost()
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - start)
        self.assertEqual(counts[0], counts[1])
        self.assertEqual((lost | second).mapped("yearly_sales_lost"), [5500.0, 0.0])


@tagged("post_install", "-at_install")
class TestChurnQueryCount(CustomerSatisfactionCommon):

    def _customers(self, count, prefix):
        """``count`` customers, half to be flagged at risk and half lost on 2023-05-10:
        even ones buy on 2023-01-02, 02-01 and 03-03 (idle 68 days > 2 × 30), odd ones on
        2022-11-01, 12-01 and 12-31 (idle 130 days > 4 × 30)."""
        customers = self.env["res.partner"]
        for index in range(count):
            customer = self._create_customer(f"{prefix} {index}", self.salesperson_a)
            days = (("2023-01-02", "2023-02-01", "2023-03-03") if index % 2 == 0
                    else ("2022-11-01", "2022-12-01", "2022-12-31"))
            for day in days:
                self._invoice(customer, day, 100.0)
            customers |= customer
        return customers

    def _count_detection(self, customers):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        flagged = self.env["customer.churn"]._detect_churn(customers, date(2023, 5, 10))
        self.env.flush_all()
        return self.env.cr.sql_log_count - start, flagged

    def _warm_up(self):
        """One full cycle on other customers first: the caches of the registry (models,
        activity type, access rights) are then as warm for both measured runs."""
        customers = self._customers(2, "Warm")
        self.env["customer.churn"]._detect_churn(customers, date(2023, 5, 10))
        self.env["customer.churn"].search([("partner_id", "in", customers.ids)]).with_context(
            customer_churn_transition=True).write({"last_purchase_date": "2022-11-15"})
        self.env["customer.churn"]._detect_churn(customers, date(2023, 5, 10))

    def test_detection_queries_do_not_grow(self):
        self._warm_up()
        few, flagged_few = self._count_detection(self._customers(2, "Few"))
        many, flagged_many = self._count_detection(self._customers(10, "Many"))
        self.assertEqual(sorted(flagged_few.mapped("state")), ["at_risk", "to_confirm"])
        self.assertEqual(sorted(flagged_many.mapped("state")),
                         ["at_risk"] * 5 + ["to_confirm"] * 5)
        self.assertEqual(few, many)

    def test_reactivation_queries_do_not_grow(self):
        self._warm_up()
        few_customers = self._customers(2, "Few")
        many_customers = self._customers(10, "Many")
        for customers in (few_customers, many_customers):
            self.env["customer.churn"]._detect_churn(customers, date(2023, 5, 10))
        counts = []
        for customers in (few_customers, many_customers):
            # Bought again: posted before the next run, then seen by it.
            records = self.env["customer.churn"].search([("partner_id", "in", customers.ids)])
            records.with_context(customer_churn_transition=True).write(
                {"last_purchase_date": "2022-11-15"})
            count, _flagged = self._count_detection(customers)
            counts.append(count)
            self.assertEqual(set(records.mapped("state")), {"recovered"})
        self.assertEqual(counts[0], counts[1])

    def test_batches_and_cron(self):
        customers = self._customers(2, "Cron")
        flagged = self.env["customer.churn"]._detect_churn_all(today=date(2023, 5, 10),
                                                               batch_size=1)
        self.assertEqual(flagged.partner_id & customers, customers)
        self.assertEqual(sorted(flagged.filtered(lambda c: c.partner_id in customers)
                                .mapped("state")), ["at_risk", "to_confirm"])
        # The cron itself (today: long after 2023): the one at risk is now to confirm.
        self.env.ref("customer_satisfaction.ir_cron_detect_churn").method_direct_trigger()
        records = self.env["customer.churn"].search([("partner_id", "in", customers.ids)])
        self.assertEqual(records.mapped("state"), ["to_confirm", "to_confirm"])


@tagged("post_install", "-at_install")
class TestSatisfactionUninstall(TransactionCase):
    def test_uninstall_hook_drops_the_index_on_account_move(self):
        """The index the addon adds to account_move (a table it does not own) goes with the
        addon; its own tables and views go with its models. DDL is transactional: the
        test's rollback puts the index back."""
        def indexes():
            self.env.cr.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s",
                                ["account_move"])
            return {row[0] for row in self.env.cr.fetchall()}

        self.assertIn(SALES_INDEX, indexes())
        uninstall_hook(self.env)
        self.assertNotIn(SALES_INDEX, indexes())
