from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .credit_evaluation_common import CreditEvaluationCommon


@tagged("post_install", "-at_install")
class TestCreditSignal(CreditEvaluationCommon):
    """Warning signals detected as of today (T) for a fresh customer each, every signal at
    its threshold (not firing) and just past it (firing)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Signal = cls.env["customer.credit.signal"]
        cls.company = cls.archive_company
        cls.company.credit_manager_id = cls.credit_manager

    def _customer(self, name):
        return self._create_customer(name, self.salesperson_a, archive=False)

    def _detect(self, partner, **thresholds):
        self.company.write(thresholds)
        signals = self.Signal._detect_signals(partner, self.company, self.today)
        return set(signals.filtered(lambda signal: signal.partner_id == partner).mapped(
            "signal_type"))

    # ------------------------------------------------------------------
    # Each signal at its threshold
    # ------------------------------------------------------------------
    def test_paying_later(self):
        """9 months before: 1,000 of T-200 due T-170 paid T-175, 0 days late; last 3
        months: 1,000 of T-80 due T-50 paid T-35, 15 days late → later by 15 days."""
        partner = self._customer("Later Ltd")
        self._pay(self._due_invoice(partner, 200, 30, 1000), 175)
        self._pay(self._due_invoice(partner, 80, 30, 1000), 35)
        self.assertNotIn("paying_later", self._detect(partner, credit_signal_later_days=15))
        self.assertIn("paying_later", self._detect(partner, credit_signal_later_days=14.9))
        signal = self.Signal.search([("partner_id", "=", partner.id),
                                     ("signal_type", "=", "paying_later")])
        self.assertIn("15.0 days", signal.evidence)
        self.assertEqual(signal.source, "detected")

    def test_large_bills_late(self):
        """1,000 paid on time, 5,000 paid 20 days late: median 3,000, large 100 % late,
        small 0 % → gap 100 points."""
        partner = self._customer("Pattern Ltd")
        self._pay(self._due_invoice(partner, 100, 30, 1000), 75)
        self._pay(self._due_invoice(partner, 90, 30, 5000), 40)
        self.assertNotIn("large_bills_late", self._detect(partner, credit_pattern_gap=100.1))
        self.assertIn("large_bills_late", self._detect(partner, credit_pattern_gap=100))

    def test_orders_falling(self):
        """4,000 invoiced in the 12 months before the last 3 (usual 1,000 per 3 months),
        500 in the last 3 months: 50 %."""
        partner = self._customer("Falling Ltd")
        self._due_invoice(partner, 200, 30, 4000)
        self._due_invoice(partner, 30, 30, 500)
        self.assertNotIn("orders_falling", self._detect(partner, credit_signal_drop_percent=50))
        self.assertIn("orders_falling", self._detect(partner, credit_signal_drop_percent=50.1))
        self.assertNotIn("orders_jump", self._detect(partner))

    def test_orders_jump(self):
        """Usual 1,000 per 3 months, 2,000 in the last 3 months: 200 %."""
        partner = self._customer("Jump Ltd")
        self._due_invoice(partner, 200, 30, 4000)
        self._due_invoice(partner, 30, 30, 2000)
        self.assertNotIn("orders_jump", self._detect(partner, credit_signal_jump_percent=200))
        signal_types = self._detect(partner, credit_signal_jump_percent=199.9)
        self.assertIn("orders_jump", signal_types)
        self.assertNotIn("orders_falling", signal_types)

    def test_no_orders(self):
        """Orders (invoices) at T-100, T-90, T-80: usually every 10 days, none for 80."""
        partner = self._customer("Idle Ltd")
        for days in (100, 90, 80):
            self._due_invoice(partner, days, 30, 1000)
        self.assertNotIn("no_orders", self._detect(partner, credit_signal_idle_factor=8))
        self.assertIn("no_orders", self._detect(partner, credit_signal_idle_factor=7.9))
        signal = self.Signal.search([("partner_id", "=", partner.id),
                                     ("signal_type", "=", "no_orders")])
        self.assertIn("No order for 80 days", signal.evidence)

    def test_no_orders_needs_history(self):
        """Two order days give one interval only: no usual rhythm, no signal."""
        partner = self._customer("New Ltd")
        for days in (100, 90):
            self._due_invoice(partner, days, 30, 1000)
        self.assertNotIn("no_orders", self._detect(partner, credit_signal_idle_factor=1))

    def test_returns(self):
        """1,000 invoiced, 100 credited in 12 months: 10 %."""
        partner = self._customer("Returns Ltd")
        self._due_invoice(partner, 30, 30, 1000)
        self._invoice(partner, self.today, 100, move_type="out_refund")
        self.assertNotIn("returns", self._detect(partner, credit_signal_return_percent=10))
        self.assertIn("returns", self._detect(partner, credit_signal_return_percent=9.9))

    # ------------------------------------------------------------------
    # Cron, duplicates, activity, review mark
    # ------------------------------------------------------------------
    def test_cron_no_duplicates_activity_review(self):
        partner = self._customer("Returns Ltd")
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": partner.id})
        self._due_invoice(partner, 30, 30, 1000)
        self._invoice(partner, self.today, 200, move_type="out_refund")
        self.company.credit_signal_return_percent = 10
        partner_in_company = partner.with_company(self.company)
        self.assertFalse(partner_in_company.credit_review_needed)
        self.Signal._cron_detect_signals()
        domain = [("partner_id", "=", partner.id), ("signal_type", "=", "returns")]
        signal = self.Signal.search(domain)
        self.assertEqual(len(signal), 1)
        self.assertEqual(signal.state, "open")
        self.assertEqual(signal.company_id, self.company)
        self.assertEqual(signal.activity_ids.user_id, self.credit_manager)
        self.assertEqual(len(signal.activity_ids), 1)
        self.env.invalidate_all()
        self.assertTrue(partner_in_company.credit_review_needed)
        self.assertEqual(partner_in_company.credit_open_signal_count, 1)
        flagged = self.env["res.partner"].with_company(self.company).search(
            [("credit_review_needed", "=", True), ("id", "in", (partner | contact).ids)])
        self.assertEqual(flagged, partner | contact)
        # Second run: no duplicate of the open signal, nor of an acknowledged one.
        self.Signal._cron_detect_signals()
        self.assertEqual(self.Signal.search_count(domain), 1)
        signal.with_user(self.credit_analyst).action_acknowledge()
        self.Signal._cron_detect_signals()
        self.assertEqual(self.Signal.search_count(domain), 1)
        self.assertTrue(partner_in_company.credit_review_needed)
        # Closed: the review mark goes, the activity is done; a later run detects anew.
        signal.with_user(self.credit_analyst).action_close()
        self.assertFalse(signal.activity_ids)
        self.env.invalidate_all()
        self.assertFalse(partner_in_company.credit_review_needed)
        self.assertNotIn(partner, self.env["res.partner"].with_company(self.company).search(
            [("credit_review_needed", "=", True)]))
        self.Signal._cron_detect_signals()
        self.assertEqual(self.Signal.search_count(domain + [("state", "=", "open")]), 1)
        with self.assertRaises(UserError):
            signal.with_user(self.credit_analyst).action_acknowledge()

    def test_other_company(self):
        """A signal in another company does not mark the customer in this one."""
        company_2 = self.setup_other_company()["company"]
        partner = self._customer("Abroad Ltd")
        self.Signal.with_company(company_2).create({
            "partner_id": partner.id, "company_id": company_2.id,
            "signal_type": "rumours", "evidence": "Heard at a fair."})
        self.assertFalse(partner.with_company(self.company).credit_review_needed)
        self.assertTrue(partner.with_company(company_2).credit_review_needed)
        signal = self.Signal.search([("partner_id", "=", partner.id)])
        with self.assertRaises(AccessError):
            signal.with_user(self.credit_analyst).check_access("read")

    # ------------------------------------------------------------------
    # Manual signals and access
    # ------------------------------------------------------------------
    def test_salesperson_manual_signal(self):
        own = self.Signal.with_user(self.salesperson_a).create({
            "partner_id": self.customer_a.id, "signal_type": "staff_leaving",
            "evidence": "The purchasing manager resigned."})
        self.assertEqual(own.source, "manual")
        self.assertEqual(own.user_id, self.salesperson_a)
        self.assertEqual(own.company_id, self.company)
        self.assertEqual(own.sudo().activity_ids.user_id, self.credit_manager)
        self.assertTrue(self.customer_a.with_company(self.company).credit_review_needed)
        with self.assertRaises(AccessError):
            own.with_user(self.salesperson_a).write({"state": "closed"})
        with self.assertRaises(AccessError):
            own.with_user(self.salesperson_a).action_close()
        with self.assertRaises(AccessError):
            self.Signal.with_user(self.salesperson_a).create({
                "partner_id": self.customer_a.id, "signal_type": "returns"})
        with self.assertRaises(AccessError):
            self.Signal.with_user(self.salesperson_a).create({
                "partner_id": self.customer_b.id, "signal_type": "rumours"})

    def test_read_access(self):
        signal_a = self.Signal.create({"partner_id": self.customer_a.id,
                                       "signal_type": "management_change"})
        signal_b = self.Signal.create({"partner_id": self.customer_b.id,
                                       "signal_type": "other"})
        signal_a.with_user(self.salesperson_a).check_access("read")
        with self.assertRaises(AccessError):
            signal_b.with_user(self.salesperson_a).check_access("read")
        with self.assertRaises(AccessError):
            signal_a.with_user(self.employee).check_access("read")
        analyst_signal = signal_b.with_user(self.credit_analyst)
        analyst_signal.write({"note": "Visited; new director met."})
        analyst_signal.action_close()
        self.assertEqual(signal_b.state, "closed")
        analyst_signal.action_reopen()
        self.assertEqual(signal_b.state, "open")

    def test_detected_signal_fixed(self):
        partner = self._customer("Returns Ltd")
        self._due_invoice(partner, 30, 30, 1000)
        self._invoice(partner, self.today, 500, move_type="out_refund")
        self._detect(partner)
        signal = self.Signal.search([("partner_id", "=", partner.id)])
        self.assertEqual(signal.signal_type, "returns")
        with self.assertRaises(UserError):
            signal.write({"partner_id": self.customer_a.id})
