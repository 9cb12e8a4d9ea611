from datetime import date

from odoo.tests import tagged

from .common import CustomerSatisfactionCommon

TODAY = date(2023, 12, 31)  # the last 12 months: 2022-12-31 < invoice date <= 2023-12-31


@tagged("post_install", "-at_install")
class TestLoyalty(CustomerSatisfactionCommon):
    """A crafted population in the archive company (customer_a and customer_b of the
    fixture never bought):

    ====  ===========================================  =========  ======  ========  ======
    who   posted invoices (credit notes)                last       inv.12  sales 12  days
    ====  ===========================================  =========  ======  ========  ======
    p1    2021-01-01 100; 2023-08/09/10/11-01 2,000;    12-01      6       10,500    5
          2023-12-01 2,000 and 500 (same day)
    p2    2023-03/06/09/12-15 1,500; credit note        12-15      4       5,000     4
          2023-10-01 1,000
    p3    2023-02-01, 05-01, 08-01 3,000                08-01      3       9,000     3
    p4    2022-01-10 500; 2023-01-10, 04-10 500         04-10      2       1,000     2
    p5    2023-11-20 800                                11-20      1       800       1
    p6    2021-06-30 5,000; 2022-06-30 5,000            2022-06-30 0       0         0
    p7    none
    ====  ===========================================  =========  ======  ========  ======

    Recency ranks the 6 customers who ever bought by last purchase, oldest first:
    p6, p4, p3, p5, p1, p2 are ranks 1..6, score 1 + ⌊5 × (rank − 1) / 6⌋ = 1, 1, 2, 3,
    4, 5. Frequency and monetary rank the 5 who bought in the last 12 months, score
    1 + ⌊5 × (rank − 1) / 5⌋ = rank: invoices p5 1 < p4 2 < p3 3 < p2 4 < p1 6 give
    F = 1, 2, 3, 4, 5; sales p5 800 < p4 1,000 < p2 5,000 < p3 9,000 < p1 10,500 give
    M = 1, 2, 3, 4, 5; p6 gets F = M = 1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.p1 = cls._create_customer("P1 Champion", cls.salesperson_a)
        cls._invoice(cls.p1, "2021-01-01", 100.0)
        for day in ("2023-08-01", "2023-09-01", "2023-10-01", "2023-11-01", "2023-12-01"):
            cls._invoice(cls.p1, day, 2000.0)
        cls._invoice(cls.p1, "2023-12-01", 500.0)
        cls.p2 = cls._create_customer("P2 Loyal", cls.salesperson_a)
        for day in ("2023-03-15", "2023-06-15", "2023-09-15", "2023-12-15"):
            cls._invoice(cls.p2, day, 1500.0)
        cls._invoice(cls.p2, "2023-10-01", 1000.0, move_type="out_refund")
        cls.p3 = cls._create_customer("P3 Slipping", cls.salesperson_b)
        for day in ("2023-02-01", "2023-05-01", "2023-08-01"):
            cls._invoice(cls.p3, day, 3000.0)
        cls.p4 = cls._create_customer("P4 Small", cls.salesperson_b)
        for day in ("2022-01-10", "2023-01-10", "2023-04-10"):
            cls._invoice(cls.p4, day, 500.0)
        cls.p5 = cls._create_customer("P5 New", cls.salesperson_b)
        cls._invoice(cls.p5, "2023-11-20", 800.0)
        cls.p6 = cls._create_customer("P6 Gone", cls.salesperson_b)
        cls._invoice(cls.p6, "2021-06-30", 5000.0)
        cls._invoice(cls.p6, "2022-06-30", 5000.0)
        cls.p7 = cls._create_customer("P7 Prospect", cls.salesperson_b)
        cls._end_request()

    def test_scores_by_hand(self):
        count = self.env["res.partner"]._refresh_loyalty(self.archive_company, TODAY)
        self.assertEqual(count, 9)  # p1..p7, customer_a, customer_b
        # Years: days since the first purchase / 365.25, one decimal: p1 1094 days -> 3.0,
        # p2 291 -> 0.8, p3 333 -> 0.9, p4 720 -> 2.0, p5 41 -> 0.1, p6 914 -> 2.5.
        self.assertRecordValues(self.p1 | self.p2 | self.p3 | self.p4 | self.p5 | self.p6
                                | self.p7, [
            {"loyalty_years": 3.0, "loyalty_frequency": 5, "rfm_recency": 4,
             "rfm_frequency": 5, "rfm_monetary": 5, "rfm_score": 14,
             "loyalty_segment": "champion"},
            # M 3 < 4: not a champion; R and F 3 or more: loyal.
            {"loyalty_years": 0.8, "loyalty_frequency": 4, "rfm_recency": 5,
             "rfm_frequency": 4, "rfm_monetary": 3, "rfm_score": 12,
             "loyalty_segment": "loyal"},
            # R 2 but F 3, M 4: used to buy much, not lately.
            {"loyalty_years": 0.9, "loyalty_frequency": 3, "rfm_recency": 2,
             "rfm_frequency": 3, "rfm_monetary": 4, "rfm_score": 9,
             "loyalty_segment": "at_risk"},
            {"loyalty_years": 2.0, "loyalty_frequency": 2, "rfm_recency": 1,
             "rfm_frequency": 2, "rfm_monetary": 2, "rfm_score": 5,
             "loyalty_segment": "hibernating"},
            # First purchase 2023-11-20, after 2023-06-30 (6 months ago): new.
            {"loyalty_years": 0.1, "loyalty_frequency": 1, "rfm_recency": 3,
             "rfm_frequency": 1, "rfm_monetary": 1, "rfm_score": 5,
             "loyalty_segment": "new"},
            # No purchase in 12 months: frequency and monetary 1.
            {"loyalty_years": 2.5, "loyalty_frequency": 0, "rfm_recency": 1,
             "rfm_frequency": 1, "rfm_monetary": 1, "rfm_score": 3,
             "loyalty_segment": "hibernating"},
            {"loyalty_years": 0.0, "loyalty_frequency": 0, "rfm_recency": 0,
             "rfm_frequency": 0, "rfm_monetary": 0, "rfm_score": 0,
             "loyalty_segment": False},
        ])
        self.assertFalse(self.customer_a.loyalty_segment)
        segments = dict(self.env["res.partner"]._read_group(
            [("archive_company_id", "=", self.archive_company.id)], ["loyalty_segment"],
            ["__count"]))
        self.assertEqual(segments["hibernating"], 2)

    def test_promising_and_ties(self):
        # p8 buys on p1's last day, once, since 2022-12-01 (a year ago): it ties p1 for
        # recency. Recency of the 7 buyers: p6 1, p4 2, p3 3, p5 4, p1 and p8 5, p2 7:
        # 1 + ⌊5 × (rank − 1) / 7⌋ = 1, 1, 2, 3, 3, 3, 5 (p1 and p8 share rank 5).
        p8 = self._create_customer("P8 Promising", self.salesperson_a)
        self._invoice(p8, "2022-12-01", 300.0)
        self._invoice(p8, "2023-12-01", 900.0)
        self.env["res.partner"]._refresh_loyalty(self.archive_company, TODAY)
        self.assertEqual((self.p1.rfm_recency, p8.rfm_recency), (3, 3))
        self.assertEqual(self.p2.rfm_recency, 5)
        self.assertEqual(self.p5.rfm_recency, 3)
        # Frequency among 6: p5 and p8 tie with 1 invoice (rank 1), p4 3, p3 4, p2 5,
        # p1 6: 1 + ⌊5 × (rank − 1) / 6⌋ = 1, 1, 2, 3, 4, 5.
        self.assertEqual((p8.rfm_frequency, self.p5.rfm_frequency), (1, 1))
        self.assertEqual(self.p1.rfm_frequency, 5)
        # p8: R 3, F 1, bought 13 months ago first: promising.
        self.assertEqual(p8.loyalty_segment, "promising")

    def test_per_company(self):
        other = self.setup_other_company(name="Other Loyalty Co")["company"]
        outsider = self._create_customer("Other Company Customer")
        outsider.archive_company_id = other
        self._invoice(outsider, "2023-12-30", 100000.0, company=other)
        # Invoices of p1 in the other company do not count for its archive's company.
        self._invoice(self.p1, "2023-12-30", 100000.0, company=other)
        self.env["res.partner"]._refresh_loyalty_all(TODAY)
        self.assertEqual(self.p1.rfm_recency, 4)
        self.assertEqual(self.p1.loyalty_frequency, 5)
        # Alone in its company: rank 1 of 1 in every ranking, score 1 + ⌊5 × 0 / 1⌋ = 1.
        # The figures are its company's: read from there, none from the first company.
        in_other = outsider.with_company(other)
        self.assertEqual((in_other.rfm_recency, in_other.rfm_frequency,
                          in_other.rfm_monetary), (1, 1, 1))
        self.assertEqual(in_other.loyalty_segment, "new")
        self.assertEqual((outsider.rfm_score, outsider.loyalty_segment), (0, False))
        self.assertEqual(self.p1.with_company(other).rfm_score, 0)

    def test_query_count_does_not_grow(self):
        Partner = self.env["res.partner"]
        counts = []
        for extra in (0, 8):
            for index in range(extra):
                customer = self._create_customer(f"Extra {index}")
                self._invoice(customer, "2023-06-01", 100.0 * (index + 1))
            Partner._refresh_loyalty(self.archive_company, TODAY)  # warm the caches
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            Partner._refresh_loyalty(self.archive_company, TODAY)
            self.env.flush_all()
            counts.append(self.env.cr.sql_log_count - start)
        self.assertEqual(counts[0], counts[1])
        # In batches: one UPDATE per batch.
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        Partner._refresh_loyalty(self.archive_company, TODAY, batch_size=10)
        self.assertEqual(self.env.cr.sql_log_count - start, counts[0] + 1)  # 17 = 10 + 7

    def test_cron(self):
        self.env.ref("customer_satisfaction.ir_cron_refresh_loyalty").method_direct_trigger()
        # Today is long after 2023: nobody bought in the last 12 months; p2 bought last.
        self.assertEqual(self.p2.rfm_recency, 5)
        self.assertEqual((self.p2.rfm_frequency, self.p2.rfm_monetary), (1, 1))
        self.assertEqual(self.p7.rfm_score, 0)
