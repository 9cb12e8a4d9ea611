import io
import re
import zipfile
from datetime import date, timedelta
from xml.etree import ElementTree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import format_date

from .credit_hold_common import CreditHoldCommon

AS_OF = date(2026, 3, 1)
NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def read_xlsx(content):
    """{sheet name: {cell reference: value}} of an .xlsx file, read with zipfile and XML
    (shared strings resolved, numbers as floats)."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    strings = []
    if "xl/sharedStrings.xml" in archive.namelist():
        root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
        strings = ["".join(text.text or "" for text in item.iter(f"{{{NS['x']}}}t"))
                   for item in root.findall("x:si", NS)]
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    names = [sheet.get("name") for sheet in workbook.find("x:sheets", NS)]
    sheets = {}
    for index, name in enumerate(names, start=1):
        root = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{index}.xml"))
        cells = {}
        for cell in root.iter(f"{{{NS['x']}}}c"):
            value = cell.find("x:v", NS)
            if value is None:
                continue
            if cell.get("t") == "s":
                cells[cell.get("r")] = strings[int(value.text)]
            else:
                cells[cell.get("r")] = float(value.text)
        sheets[name] = cells
    return sheets


@tagged("post_install", "-at_install")
class TestCreditAging(CreditHoldCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Aging = cls.env["customer.credit.aging"]
        cls.customer = cls._create_customer("Aging Customer", cls.salesperson_a)

    def _aging(self, as_of=AS_OF, companies=None, user=None):
        """{partner: row} of a run as of ``as_of``."""
        Aging = self.Aging.with_user(user) if user else self.Aging
        rows = Aging._compute_aging(as_of, companies or self.company)
        return {row.partner_id: row for row in rows}

    def _buckets(self, row):
        return [row.not_due, row.b1, row.b2, row.b3, row.b4, row.b5, row.total]

    def _overdue_by(self, days, amount, partner=None):
        """An invoice due ``days`` before AS_OF (dated on its due date, or on AS_OF when due
        later)."""
        due = AS_OF - timedelta(days=days)
        return self._move(partner or self.customer, amount, invoice_date=min(due, AS_OF),
                          due=due)

    # ------------------------------------------------------------------
    def test_bucket_boundaries(self):
        """0, 1, 30, 31, 60, 61, 90, 91, 180 and 181 days overdue, and due later."""
        amounts = {0: 1.0, 1: 2.0, 30: 4.0, 31: 8.0, 60: 16.0, 61: 32.0, 90: 64.0,
                   91: 128.0, 180: 256.0, 181: 512.0, -5: 1024.0}
        for days, amount in amounts.items():
            self._overdue_by(days, amount)
        row = self._aging()[self.customer]
        # not due: 0 and -5 days; 1-30: 1 and 30; 31-60; 61-90; 91-180; over 180: 181.
        self.assertEqual(self._buckets(row),
                         [1025.0, 6.0, 24.0, 96.0, 384.0, 512.0, 2047.0])
        self.assertEqual(row.overdue, 1022.0)
        self.assertEqual(row.oldest_due, AS_OF - timedelta(days=181))
        self.assertEqual(row.salesperson_id, self.salesperson_a)
        self.assertEqual(row.company_id, self.company)
        self.assertEqual(row.currency_id, self.company.currency_id)
        self.assertEqual(row.as_of, AS_OF)
        # The day before, the invoices dated on AS_OF do not exist yet and the others are
        # one day younger: 1 → not due, 30 and 31 → 1-30, 60 and 61 → 31-60 ...
        row = self._aging(AS_OF - timedelta(days=1))[self.customer]
        self.assertEqual(self._buckets(row), [2.0, 12.0, 48.0, 192.0, 768.0, 0.0, 1022.0])

    def test_partial_and_full_payment_as_of_dates(self):
        """An invoice of 1,000 due 31 January, paid 400 on 10 February and 600 on
        20 February: open in full before the first payment, 600 between, nothing after."""
        invoice = self._move(self.customer, 1000.0, invoice_date=date(2026, 1, 1),
                             due=date(2026, 1, 31))
        self._pay(invoice, 400.0, payment_date=date(2026, 2, 10))
        self._pay(invoice, 600.0, payment_date=date(2026, 2, 20))
        self.assertEqual(invoice.payment_state, "paid")
        self.assertNotIn(self.customer, self._aging(date(2025, 12, 31)),
                         "not yet invoiced")
        row = self._aging(date(2026, 1, 15))[self.customer]
        self.assertEqual(self._buckets(row), [1000.0, 0, 0, 0, 0, 0, 1000.0])
        row = self._aging(date(2026, 2, 9))[self.customer]
        self.assertEqual(self._buckets(row), [0, 1000.0, 0, 0, 0, 0, 1000.0])
        row = self._aging(date(2026, 2, 10))[self.customer]
        self.assertEqual(self._buckets(row), [0, 600.0, 0, 0, 0, 0, 600.0])
        row = self._aging(date(2026, 2, 19))[self.customer]
        self.assertEqual(self._buckets(row), [0, 600.0, 0, 0, 0, 0, 600.0])
        self.assertNotIn(self.customer, self._aging(date(2026, 2, 20)), "paid in full")
        self.assertNotIn(self.customer, self._aging(AS_OF))
        # A payment dated before the invoice is an open credit until the invoice's date.
        customer = self._create_customer("Prepaying Customer")
        invoice = self._move(customer, 300.0, invoice_date=date(2026, 2, 15))
        self._pay(invoice, 300.0, payment_date=date(2026, 2, 5))
        row = self._aging(date(2026, 2, 10))[customer]
        self.assertEqual(self._buckets(row), [0, -300.0, 0, 0, 0, 0, -300.0])
        self.assertNotIn(customer, self._aging(date(2026, 2, 15)))

    def test_credit_note(self):
        """An invoice of 500 due 31 December (60 days overdue) and a credit note of 200 of
        25 February: open apart, the credit note in its own bucket; reconciled, the invoice
        keeps 300 from the credit note's date on."""
        invoice = self._move(self.customer, 500.0, invoice_date=date(2025, 12, 1),
                             due=date(2025, 12, 31))
        refund = self._move(self.customer, 200.0, move_type="out_refund",
                            invoice_date=date(2026, 2, 25))
        row = self._aging()[self.customer]
        self.assertEqual(self._buckets(row), [0, -200.0, 500.0, 0, 0, 0, 300.0])
        self.assertEqual(row.overdue, 300.0)
        (invoice | refund).line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable").reconcile()
        self.assertEqual(invoice.amount_residual, 300.0)
        row = self._aging()[self.customer]
        self.assertEqual(self._buckets(row), [0, 0, 300.0, 0, 0, 0, 300.0])
        # Before the credit note: 500, 51 days overdue.
        row = self._aging(date(2026, 2, 20))[self.customer]
        self.assertEqual(self._buckets(row), [0, 0, 500.0, 0, 0, 0, 500.0])

    def test_commercial_partner_and_drafts(self):
        """A contact's invoice counts for its company; drafts and cancelled invoices not."""
        contact = self.env["res.partner"].create({
            "name": "Buyer", "parent_id": self.customer.id, "type": "contact"})
        self._overdue_by(10, 100.0, partner=contact)
        self._overdue_by(10, 50.0)
        self._move(self.customer, 70.0, invoice_date=AS_OF, post=False)
        cancelled = self._overdue_by(10, 30.0)
        cancelled.button_draft()
        cancelled.button_cancel()
        aging = self._aging()
        self.assertNotIn(contact, aging)
        self.assertEqual(self._buckets(aging[self.customer]), [0, 150.0, 0, 0, 0, 0, 150.0])

    def test_two_companies(self):
        """Each company ages its own items, with its own grade and bucket limits; a run for
        one company leaves the other out."""
        company_2 = self.setup_other_company()["company"]
        company_2.credit_aging_days_1 = 10
        self._grant(self.customer, self.grade_block, 5000.0)
        self._overdue_by(20, 100.0)
        invoice_2 = self._move(self.customer, 700.0, company=company_2,
                               invoice_date=AS_OF - timedelta(days=20),
                               due=AS_OF - timedelta(days=20))
        self.assertEqual(invoice_2.company_id, company_2)
        rows = self.Aging._compute_aging(AS_OF, self.company | company_2)
        by_company = {row.company_id: row for row in rows if row.partner_id == self.customer}
        self.assertEqual(self._buckets(by_company[self.company]), [0, 100.0, 0, 0, 0, 0, 100.0])
        self.assertEqual(by_company[self.company].grade_id, self.grade_block)
        # 20 days are in company 2's second bucket (11-60).
        self.assertEqual(self._buckets(by_company[company_2]), [0, 0, 700.0, 0, 0, 0, 700.0])
        self.assertFalse(by_company[company_2].grade_id)
        rows = self.Aging._compute_aging(AS_OF, self.company)
        self.assertEqual(rows.company_id, self.company)
        self.assertEqual(rows.filtered(lambda row: row.partner_id == self.customer).total, 100.0)
        # A company the user does not belong to is refused.
        with self.assertRaises(UserError):
            self.Aging.with_user(self.credit_analyst)._compute_aging(AS_OF, company_2)

    def test_configurable_buckets(self):
        """Limits 10/20/45/100: the boundaries move and the labels follow them."""
        self.company.write({"credit_aging_days_1": 10, "credit_aging_days_2": 20,
                            "credit_aging_days_3": 45, "credit_aging_days_4": 100})
        for days, amount in {10: 1.0, 11: 2.0, 20: 4.0, 21: 8.0, 45: 16.0, 46: 32.0,
                             100: 64.0, 101: 128.0}.items():
            self._overdue_by(days, amount)
        row = self._aging()[self.customer]
        self.assertEqual(self._buckets(row), [0, 1.0, 6.0, 24.0, 96.0, 128.0, 255.0])
        strings = {name: field["string"] for name, field in self.Aging.fields_get(
            ["not_due", "b1", "b2", "b3", "b4", "b5"], ["string"]).items()}
        self.assertEqual(strings, {"not_due": "Not Due", "b1": "1-10", "b2": "11-20",
                                   "b3": "21-45", "b4": "46-100", "b5": "Over 100"})
        for limits in ((0, 20, 45, 100), (30, 30, 90, 180), (30, 60, 90, 80)):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self.company.write(dict(zip(
                    ["credit_aging_days_1", "credit_aging_days_2", "credit_aging_days_3",
                     "credit_aging_days_4"], limits, strict=True)))

    def test_groupings_runs_and_access(self):
        """Group by salesperson and grade; a new run replaces the user's old rows and users
        see only their own runs; salespeople without credit or accounting rights cannot
        run it."""
        other = self._create_customer("Other Aging Customer", self.salesperson_b)
        self._grant(other, self.grade_block, 1000.0)
        self._overdue_by(5, 100.0)
        self._overdue_by(45, 40.0, partner=other)
        Aging = self.Aging.with_user(self.credit_analyst)
        wizard = self.env["customer.credit.aging.wizard"].with_user(self.credit_analyst).create(
            {"as_of": AS_OF, "company_ids": [(6, 0, self.company.ids)]})
        action = wizard.action_open()
        self.assertEqual(action["res_model"], "customer.credit.aging")
        self.assertIn("pivot", action["view_mode"])
        self.assertEqual(action["name"], f"Receivables Aging as of "
                         f"{format_date(self.env, AS_OF)}: {self.company.name}")
        rows = Aging.search(action["domain"])
        self.assertEqual(set(rows.partner_id.ids) >= {self.customer.id, other.id}, True)
        by_salesperson = dict(Aging._read_group(
            [("partner_id", "in", (self.customer | other).ids)], ["salesperson_id"],
            ["total:sum"]))
        self.assertEqual(by_salesperson, {self.salesperson_a: 100.0, self.salesperson_b: 40.0})
        by_grade = dict(Aging._read_group(
            [("partner_id", "in", (self.customer | other).ids)], ["grade_id"], ["b2:sum"]))
        self.assertEqual(by_grade[self.grade_block], 40.0)
        count = Aging.search_count([])
        wizard.action_open()
        self.assertEqual(Aging.search_count([]), count, "the old run is replaced")
        self.assertEqual(self.Aging.with_user(self.credit_manager).search_count(
            [("partner_id", "=", self.customer.id)]), 0, "another user's run is not visible")
        self.assertEqual(self.Aging.sudo().search_count(
            [("user_id", "=", self.credit_analyst.id)]), count)
        with self.assertRaises(AccessError):
            self.Aging.with_user(self.salesperson_a)._compute_aging(AS_OF, self.company)

    def test_xlsx_export(self):
        """The workbook has the date and company in its header, one row per customer with
        the buckets and total, and a total row."""
        self._overdue_by(15, 250.0)
        self._overdue_by(200, 750.0)
        self._overdue_by(-3, 100.0)
        rows = self.Aging._compute_aging(AS_OF, self.company)
        sheets = read_xlsx(rows._aging_xlsx())
        self.assertEqual(len(sheets), 1)
        cells = next(iter(sheets.values()))
        self.assertEqual(cells["A1"], "Receivables Aging as of 2026-03-01")
        self.assertEqual(cells["A2"], f"Company: {self.company.name}")
        self.assertEqual([cells[f"{column}5"] for column in "ABCDEFGHIJ"],
                         ["Customer", "Salesperson", "Credit Grade", "Not Due", "1-30",
                          "31-60", "61-90", "91-180", "Over 180", "Total"])
        line = next(int(re.sub(r"\D", "", ref)) for ref, value in cells.items()
                    if ref.startswith("A") and value == "Aging Customer")
        self.assertEqual(cells[f"B{line}"], "Salesperson A")
        self.assertEqual([cells.get(f"{column}{line}") for column in "DEFGHIJ"],
                         [100.0, 250.0, 0.0, 0.0, 0.0, 750.0, 1100.0])
        last = 5 + len(rows) + 1
        self.assertEqual(cells[f"A{last}"], "Total")
        self.assertAlmostEqual(cells[f"J{last}"], sum(rows.mapped("total")))
        # The list button and the wizard lead to the download of the user's run.
        action = rows[:1].action_export_xlsx()
        self.assertEqual(action["url"], f"/customer_credit/aging/xlsx?ids={rows[:1].id}")
        self.assertEqual(action["target"], "download")
        wizard = self.env["customer.credit.aging.wizard"].create({"as_of": AS_OF})
        self.assertEqual(wizard.action_export_xlsx()["url"], "/customer_credit/aging/xlsx")
        self.Aging.search([])._aging_xlsx()
        self.Aging.search([]).unlink()
        with self.assertRaises(UserError):
            self.Aging._aging_xlsx()
