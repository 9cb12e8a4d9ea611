from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .credit_evaluation_common import CreditEvaluationCommon


@tagged("post_install", "-at_install")
class TestCreditBehaviour(CreditEvaluationCommon):
    """Payment behaviour of customer A over the 12 months up to today (T), invoices due
    30 days after their date:

        I1  1,000  T-100, due T-70, paid T-75            on time, 25 days to pay
        I2  3,000  T-90,  due T-60, paid T-40            20 days late, 50 days to pay
        I3  2,000  T-20,  due T+10, open                 not due: not paid nor late
        I4  4,000  T-60,  due T-30, open                 30 days overdue
        I5  1,000  T-50,  due T-20, 500 paid T-30        20 days overdue
        not counted: an invoice of T-500 paid T-480, a draft, a credit note, customer B's
        invoice, customer A's invoice in another company.

    Invoices 5, total 11,000, average 2,200. Paid in full: I1, I2 → (25 + 50) / 2 = 37.5
    days to pay. Paid or due: I1, I2, I4, I5 (9,000): days late (1,000×0 + 3,000×20 +
    4,000×30 + 1,000×20) / 9,000 = 22.2; paid late 3 of 4 = 75 %. Payment days T-75, T-40,
    T-30: cycle (75 - 30) / 2 = 22.5 days. Median of the paid or due amounts (1,000, 1,000,
    3,000, 4,000) = 2,000: large (I2, I4) 100 % late, small (I1, I5) 50 % → gap 50 points.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        T = cls.today
        cls.inv1 = cls._due_invoice(cls.customer_a, 100, 30, 1000)
        cls._pay(cls.inv1, 75)
        cls.inv2 = cls._due_invoice(cls.customer_a, 90, 30, 3000)
        cls._pay(cls.inv2, 40)
        cls.inv3 = cls._due_invoice(cls.customer_a, 20, 30, 2000)
        cls.inv4 = cls._due_invoice(cls.customer_a, 60, 30, 4000)
        cls.inv5 = cls._due_invoice(cls.customer_a, 50, 30, 1000)
        cls._pay(cls.inv5, 30, amount=500)
        old = cls._due_invoice(cls.customer_a, 500, 30, 700)
        cls._pay(old, 480)
        cls._due_invoice(cls.customer_a, 10, 30, 9999, post=False)
        cls._invoice(cls.customer_a, T, 700, move_type="out_refund")
        cls._due_invoice(cls.customer_b, 10, 30, 8000)
        cls.company_2 = cls.setup_other_company()["company"]
        cls._due_invoice(cls.customer_a, 70, 0, 50000, company=cls.company_2)
        cls.archive_company.credit_pattern_gap = 30.0

    def _behaviour(self, partner, date=None, user=None):
        partner = partner.with_user(user or self.env.user).with_company(self.archive_company)
        if date:
            partner = partner.with_context(credit_behaviour_date=date)
        return partner

    def test_behaviour_figures(self):
        partner = self._behaviour(self.customer_a)
        self.assertEqual(partner.credit_behaviour_invoice_count, 5)
        self.assertAlmostEqual(partner.credit_avg_invoice_amount, 2200.0)
        self.assertAlmostEqual(partner.credit_avg_days_to_pay, 37.5)
        self.assertAlmostEqual(partner.credit_avg_days_late, 22.2)
        self.assertAlmostEqual(partner.credit_late_share, 75.0)
        self.assertAlmostEqual(partner.credit_payment_cycle, 22.5)
        self.assertAlmostEqual(partner.credit_large_late_share, 100.0)
        self.assertAlmostEqual(partner.credit_small_late_share, 50.0)
        self.assertTrue(partner.credit_large_bills_late)

    def test_behaviour_raw_figures(self):
        figures = self.customer_a._credit_payment_behaviour(self.archive_company, self.today)
        values = figures[self.customer_a.id]
        self.assertEqual(values["paid_count"], 2)
        self.assertEqual(values["known_count"], 4)
        self.assertEqual(values["late_count"], 3)
        self.assertAlmostEqual(values["total"], 11000.0)
        self.assertAlmostEqual(values["median"], 2000.0)
        self.assertEqual((values["large_count"], values["small_count"]), (2, 2))

    def test_pattern_threshold(self):
        """Gap of 50 points: the pattern holds at a threshold of 50, not at 50.1."""
        self.archive_company.credit_pattern_gap = 50.0
        self.assertTrue(self._behaviour(self.customer_a).credit_large_bills_late)
        self.archive_company.credit_pattern_gap = 50.1
        self.env.invalidate_all()
        self.assertFalse(self._behaviour(self.customer_a).credit_large_bills_late)

    def test_behaviour_as_of_past_date(self):
        """As of T-35: I3 is not invoiced yet, I4 and I5 not due yet and the partial
        payment of I5 not made. Invoices I1, I2, I4, I5: 9,000 / 4 = 2,250; paid I1, I2:
        37.5 days to pay; paid or due I1, I2: 3,000 × 20 / 4,000 = 15 days late, 1 of 2 late;
        payments T-75 and T-40: cycle 35 days; median 2,000: large I2 late, small I1 not."""
        partner = self._behaviour(self.customer_a, date=self.today - relativedelta(days=35))
        self.assertEqual(partner.credit_behaviour_invoice_count, 4)
        self.assertAlmostEqual(partner.credit_avg_invoice_amount, 2250.0)
        self.assertAlmostEqual(partner.credit_avg_days_to_pay, 37.5)
        self.assertAlmostEqual(partner.credit_avg_days_late, 15.0)
        self.assertAlmostEqual(partner.credit_late_share, 50.0)
        self.assertAlmostEqual(partner.credit_payment_cycle, 35.0)
        self.assertTrue(partner.credit_large_bills_late)

    def test_other_company_and_no_invoices(self):
        """In the second company customer A has one invoice of 50,000 due on its date,
        70 days overdue: all late; customer B has no paid or due invoice."""
        partner = self.customer_a.with_company(self.company_2)
        self.assertEqual(partner.credit_behaviour_invoice_count, 1)
        self.assertAlmostEqual(partner.credit_avg_invoice_amount, 50000.0)
        self.assertAlmostEqual(partner.credit_avg_days_late, 70.0)
        self.assertAlmostEqual(partner.credit_late_share, 100.0)
        self.assertFalse(partner.credit_avg_days_to_pay)
        self.assertFalse(partner.credit_large_bills_late, "one invoice: no small ones")
        partner_b = self._behaviour(self.customer_b)
        self.assertEqual(partner_b.credit_behaviour_invoice_count, 1)
        self.assertFalse(partner_b.credit_late_share)
        self.assertFalse(partner_b.credit_payment_cycle)
        nobody = self._create_customer("Customer C", archive=False)
        self.assertEqual(self._behaviour(nobody).credit_behaviour_invoice_count, 0)

    def test_days_late_split_at_a_date(self):
        """Split at T-55: I1, I2, I4 up to it (0 × 1,000 + 20 × 3,000 + 30 × 4,000) / 8,000 =
        22.5 days late; after it I5 20 days overdue (I3 not due): 20 days; the same figures
        as the two periods queried as targets of their own."""
        T, company = self.today, self.archive_company
        split, year_from = T - relativedelta(days=55), T - relativedelta(months=12)
        partner_id = self.customer_a.id
        year = (partner_id, company.id, year_from, T, T)
        before = (partner_id, company.id, year_from, split, T)
        after = (partner_id, company.id, split, T, T)
        figures = self.env["res.partner"]._credit_behaviour_query([year], split_date=split)
        self.assertAlmostEqual(figures[year]["days_late_to_split"], 22.5)
        self.assertAlmostEqual(figures[year]["days_late_after_split"], 20.0)
        self.assertAlmostEqual(figures[year]["days_late"], 22.2)
        periods = self.env["res.partner"]._credit_behaviour_query([before, after])
        self.assertAlmostEqual(periods[before]["days_late"], 22.5)
        self.assertAlmostEqual(periods[after]["days_late"], 20.0)
        self.assertIsNone(periods[before]["days_late_to_split"], "no split date given")

    def test_recordset_in_one_query(self):
        partners = (self.customer_a | self.customer_b).with_company(self.archive_company)
        partner_class = type(self.env["res.partner"])
        with patch.object(partner_class, "_credit_behaviour_query", autospec=True,
                          side_effect=partner_class._credit_behaviour_query) as query:
            partners.mapped("credit_avg_days_late")
        self.assertEqual(query.call_count, 1)
        self.assertEqual(partners.mapped("credit_behaviour_invoice_count"), [5, 1])

    def test_contact_reads_its_company(self):
        contact = self.env["res.partner"].create({
            "name": "Buyer", "parent_id": self.customer_a.id})
        self.assertAlmostEqual(self._behaviour(contact).credit_avg_days_late, 22.2)

    def test_character_evidence(self):
        """The 5C Character keeps its points from the on-time share and adds the
        behaviour to the evidence."""
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c)
        character = self._line(evaluation, "Character")
        self.assertEqual(character.suggested_points, 3)
        self.assertIn("27.3", character.evidence)
        self.assertIn("37.5 days to pay", character.evidence)
        self.assertIn("22.2 days late", character.evidence)
        self.assertIn("75.0 % of the invoices", character.evidence)
        self.assertIn("payment cycle 22.5 days", character.evidence)
        self.assertIn("Small bills paid promptly, large bills late", character.evidence)

    def test_access(self):
        """Salespeople and analysts read the behaviour; plain employees do not."""
        self.assertAlmostEqual(
            self._behaviour(self.customer_a, user=self.salesperson_a).credit_avg_days_late,
            22.2)
        self.assertAlmostEqual(
            self._behaviour(self.customer_a, user=self.credit_analyst).credit_late_share, 75.0)
        with self.assertRaises(AccessError):
            self._behaviour(self.customer_a, user=self.employee).read(["credit_late_share"])

    def test_negative_threshold(self):
        with self.assertRaises(ValidationError):
            self.archive_company.credit_pattern_gap = -1
