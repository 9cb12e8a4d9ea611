import base64

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import CustomerCreditCommon

REPORT_PDF = "customer_credit.action_report_credit_report"
SECTIONS = {
    "overview": "<p>苏州某电子有限公司成立于2006年</p>",
    "shareholders_management": "<p>Two shareholders, 60 / 40</p>",
    "financial_position": "<p>Liquidity is sound</p>",
    "bank_credit": "<p>Credit line of 5 million at the Bank of Suzhou</p>",
    "payment_record": "<p>Pays within 45 days</p>",
    "operations": "<p>Two production lines</p>",
    "onsite_findings": "<p>Warehouse orderly</p>",
    "related_parties": "<p>Sister company in Wuxi</p>",
    "public_records": "<p>No litigation</p>",
    "media": "<p>Local press reports growth</p>",
    "overall_evaluation": "<p>Recommended for regular credit</p>",
}


@tagged("post_install", "-at_install")
@freeze_time("2026-06-15")
class TestCreditReport(CustomerCreditCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["customer.credit.report"]
        cls.payment_term = cls.env.ref("account.account_payment_term_30days")
        cls.company_b = cls.env["res.company"].create({"name": "Credit Company B"})
        cls.analyst_b = new_test_user(
            cls.env, "credit_analyst_b", name="Credit Analyst B",
            groups="base.group_user,customer_credit.group_credit_analyst",
            company_id=cls.company_b.id, company_ids=[Command.set(cls.company_b.ids)])
        cls.report_type = cls.env.ref(
            "customer_credit.document_type_credit_investigation_report")

    def _report(self, partner=None, user=None, **values):
        model = self.Report.with_user(user) if user else self.Report
        return model.create({
            "partner_id": (partner or self.customer_a).id,
            "customer_size": "medium",
            "recommended_limit": 500000.0,
            "recommended_payment_term_id": self.payment_term.id,
            **SECTIONS,
            **values,
        })

    def _attachment(self, name="bank_letter.txt", report=None):
        return self.env["ir.attachment"].create({
            "name": name, "datas": base64.b64encode(b"Bank letter"),
            "res_model": report and report._name, "res_id": report and report.id,
        })

    # ------------------------------------------------------------------
    # Numbering, sources, validity
    # ------------------------------------------------------------------
    def test_number_and_expiry(self):
        report = self._report(validity_months=6)
        self.assertRegex(report.name, r"^ZX2026-\d{4}$")
        self.assertEqual(report.company_id, self.archive_company)
        self.assertEqual(report.user_id, self.env.user)
        self.assertEqual(str(report.expiry_date), "2026-12-15")
        report.date = "2026-08-31"
        self.assertEqual(str(report.expiry_date), "2027-02-28", "end of a shorter month")
        self.assertEqual(report.state, "draft")
        self.assertFalse(report.is_valid)

    def test_validity_from_three_to_twelve_months(self):
        for months in (3, 12):
            self.assertEqual(self._report(validity_months=months).validity_months, months)
        for months in (0, 2, 13, 24):
            with self.subTest(months=months), self.assertRaises(ValidationError):
                self._report(validity_months=months)
        report = self._report()
        with self.assertRaises(ValidationError):
            report.validity_months = 18
        with self.assertRaises(ValidationError):
            self._report(recommended_limit=-1.0)

    def test_sources_per_size(self):
        ref = self.env.ref
        basic = (ref("customer_credit.credit_source_trade_certificate")
                 | ref("customer_credit.credit_source_sales_knowledge")
                 | ref("customer_credit.credit_source_trade_experience"))
        bank = ref("customer_credit.credit_source_bank_letter")
        expected = {
            "small": basic,
            "medium": basic | ref("customer_credit.credit_source_standard_report") | bank,
            "large": basic | ref("customer_credit.credit_source_comprehensive_report") | bank,
        }
        for size, sources in expected.items():
            with self.subTest(size=size):
                self.assertEqual(self._report(customer_size=size).source_ids, sources)
        # Selecting a size in the form proposes its sources; the analyst adjusts them.
        with Form(self.Report) as form:
            form.partner_id = self.customer_a
            form.customer_size = "small"
            self.assertEqual({source.id for source in form.source_ids}, set(basic.ids))
            form.customer_size = "large"
            self.assertEqual({source.id for source in form.source_ids},
                             set(expected["large"].ids))
            form.source_ids.remove(id=bank.id)
            form.overall_evaluation = "<p>OK</p>"
        report = form.record
        self.assertEqual(report.source_ids, expected["large"] - bank)
        # A configured source is proposed for its sizes.
        tax = self.env["customer.credit.source"].create(
            {"name": "Tax authority", "for_large": True})
        self.assertIn(tax, self._report(customer_size="large").source_ids)
        self.assertNotIn(tax, self._report(customer_size="small").source_ids)

    def test_only_companies_are_investigated(self):
        contact = self.env["res.partner"].create(
            {"name": "Buyer of A", "parent_id": self.customer_a.id})
        with self.assertRaises(ValidationError):
            self._report(partner=contact)

    # ------------------------------------------------------------------
    # Confirmation and filing into the archive
    # ------------------------------------------------------------------
    def test_confirm_files_into_part_two(self):
        report = self._report()
        letter = self._attachment(report=report)
        orphan = self._attachment("certificate.txt")  # uploaded before the report was saved
        report.attachment_ids = letter | orphan
        self.assertEqual((orphan.res_model, orphan.res_id), (report._name, report.id))
        report.action_confirm()
        self.assertEqual(report.state, "confirmed")
        self.assertTrue(report.is_valid)
        self.assertEqual(report.confirm_user_id, self.env.user)
        document = report.archive_document_id
        self.assertTrue(document)
        self.assertEqual(document.partner_id, self.customer_a)
        self.assertEqual(document.part, "2")
        self.assertEqual(document.document_type_id, self.report_type)
        self.assertEqual(self.report_type.part, "2")
        self.assertEqual(document.date, report.date)
        self.assertIn(report.name, document.name)
        self.assertTrue(document.catalogue_number.startswith(
            f"{self.customer_a.archive_number}-2-"))
        self.assertEqual(len(document.attachment_ids), 3, "two files and the report's own PDF")
        pdf_name = f"Credit Investigation Report {report.name}."
        self.assertEqual(
            sorted(name.split("pdf")[0].split("html")[0]
                   for name in document.attachment_ids.mapped("name")),
            sorted([pdf_name, "bank_letter.txt", "certificate.txt"]))
        # The copies belong to the document; the report keeps its own files.
        self.assertEqual(set(document.attachment_ids.mapped("res_model")), {document._name})
        self.assertEqual(set(document.attachment_ids.mapped("res_id")), {document.id})
        self.assertEqual(report.attachment_ids, letter | orphan)
        copy = document.attachment_ids.filtered(lambda attachment: attachment.name == letter.name)
        self.assertEqual(copy.raw, b"Bank letter")
        pdf = document.attachment_ids.filtered(lambda attachment: attachment.name.startswith(
            pdf_name))
        self.assertTrue(pdf.raw)
        self.assertIn(document.catalogue_number, report.message_ids[0].body)

    def test_confirmed_report_is_frozen(self):
        report = self._report()
        report.action_confirm()
        with self.assertRaises(UserError):
            report.overview = "<p>Rewritten</p>"
        with self.assertRaises(UserError):
            report.recommended_limit = 900000.0
        with self.assertRaises(UserError):
            report.unlink()
        with self.assertRaises(UserError):
            report.action_confirm()
        report.message_post(body="Discussed with the sales manager")  # the chatter stays open
        # A new investigation starts from the confirmed one.
        action = report.action_new_investigation()
        new_report = self.Report.browse(action["res_id"])
        self.assertEqual(new_report.state, "draft")
        self.assertNotEqual(new_report.name, report.name)
        self.assertEqual(new_report.partner_id, self.customer_a)
        self.assertEqual(new_report.overview, report.overview)
        self.assertFalse(new_report.archive_document_id)

    def test_confirm_needs_an_archive_and_an_evaluation(self):
        prospect = self._create_customer("Prospect Without Archive", archive=False)
        report = self._report(partner=prospect)
        with self.assertRaisesRegex(UserError, "Create the archive first"):
            report.action_confirm()
        self.assertEqual(report.state, "draft")
        self.assertFalse(self.env["customer.archive.document"].search(
            [("partner_id", "=", prospect.id)]))
        empty = self._report(overall_evaluation="<p><br></p>")
        with self.assertRaisesRegex(UserError, "overall evaluation"):
            empty.action_confirm()

    def test_backdated_report_expires_when_confirmed(self):
        report = self._report(date="2025-11-01", validity_months=6)
        report.action_confirm()
        self.assertEqual(report.state, "expired", "expired on 2026-05-01")
        self.assertTrue(report.archive_document_id, "still filed in the archive")
        self.assertFalse(report.is_valid)

    def test_cron_expires_reports_past_their_expiry_date(self):
        due = self._report(date="2026-03-15", validity_months=3)        # expires 2026-06-15
        later = self._report(date="2026-06-01", validity_months=12)
        draft = self._report(date="2025-01-01", validity_months=3)
        (due | later).action_confirm()
        Report = self.Report
        valid = Report.search([("is_valid", "=", True)])
        self.assertLessEqual(due | later, valid)
        self.assertNotIn(draft, valid)
        self.assertIn(draft, Report.search([("is_valid", "!=", True)]))
        self.Report._cron_expire_reports()
        self.assertEqual(due.state, "confirmed", "valid through its expiry date")
        with freeze_time("2026-06-16"):
            self.assertIn(due, Report.search([("is_valid", "=", False)]))
            self.assertNotIn(due, Report.search([("is_valid", "=", True)]))
            self.Report._cron_expire_reports(batch_size=1)
            self.assertEqual(due.state, "expired")
            self.assertEqual(later.state, "confirmed")
            self.assertEqual(draft.state, "draft", "drafts do not expire")
            self.assertIn("investigate the customer again", due.message_ids[0].body)

    def test_pdf_renders_every_section(self):
        report = self._report()
        statement = self.env["customer.credit.statement"].create({
            "partner_id": self.customer_a.id, "year": 2025, "current_assets": 100.0,
            "current_liabilities": 50.0, "total_assets": 200.0, "equity": 150.0,
            "sales": 400.0})
        report.action_link_statements()
        self.assertEqual(report.statement_ids, statement)
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT_PDF, report.ids)[0]
        html = html.decode()
        for label, content in report._sections():
            with self.subTest(section=label):
                self.assertIn(label, html)
                self.assertIn(str(content), html)
        for text in ("Credit Investigation Report", report.name, "Customer A", "Medium",
                     "Recommended Credit Limit", "500,000.00", self.payment_term.name,
                     "Bank letter", "苏州某电子有限公司", "Current Ratio"):
            self.assertIn(text, html)
        pdf, kind = self.env["ir.actions.report"].with_context(
            force_report_rendering=True)._render_qweb_pdf(REPORT_PDF, report.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_link_statements(self):
        Statement = self.env["customer.credit.statement"]
        values = {"partner_id": self.customer_a.id, "total_assets": 100.0, "equity": 100.0}
        old = Statement.create({**values, "year": 2021})
        recent = Statement.create({**values, "year": 2023}) | Statement.create(
            {**values, "year": 2025}) | Statement.create({**values, "year": 2026})
        other = Statement.create({**values, "year": 2025, "partner_id": self.customer_b.id})
        report = self._report()
        report.action_link_statements()
        self.assertEqual(report.statement_ids, recent)
        self.assertFalse(old.report_id | other.report_id)
        self.assertEqual(report.statement_count, 4)
        # Linked statements are not taken again by the next report.
        next_report = self._report()
        next_report.action_link_statements()
        self.assertEqual(next_report.statement_ids, old)
        with self.assertRaises(ValidationError):
            other.report_id = report

    # ------------------------------------------------------------------
    # Access and companies
    # ------------------------------------------------------------------
    def test_access_per_group(self):
        # An analyst writes and confirms the report of a customer of someone else.
        report = self._report(user=self.credit_analyst)
        report.with_user(self.credit_analyst).bank_credit = "<p>Bank letter received</p>"
        report.with_user(self.credit_analyst).action_confirm()
        document = report.archive_document_id
        self.assertEqual(document.user_id, self.credit_analyst)
        # The analyst reads the credit part of the archive and the files.
        document.invalidate_recordset(["attachment_ids"])
        document.with_user(self.credit_analyst).check_access("read")
        self.assertEqual(len(document.with_user(self.credit_analyst).attachment_ids), 1)
        # Neither the customer's salesperson nor a borrower sees the filed report; the
        # custodian does.
        document.invalidate_recordset()
        with self.assertRaises(AccessError):
            document.with_user(self.salesperson_a).read(["name"])
        contract = self.env["customer.archive.document"].create({
            "partner_id": self.customer_a.id, "name": "Supply contract",
            "document_type_id": self.env.ref("customer_archive.document_type_contract").id})
        self.assertEqual(self.env["customer.archive.document"].with_user(
            self.salesperson_a).search([("partner_id", "=", self.customer_a.id)]), contract)
        self.assertTrue(document.with_user(self.custodian).attachment_ids.name.startswith(
            f"Credit Investigation Report {report.name}"))
        for user in (self.salesperson_a, self.employee):
            with self.subTest(user=user.name):
                with self.assertRaises(AccessError):
                    report.with_user(user).read(["overview"])
                with self.assertRaises(AccessError):
                    self.Report.with_user(user).search([])
                with self.assertRaises(AccessError):
                    self._report(user=user)
                with self.assertRaises(AccessError):
                    self.env["customer.credit.source"].with_user(user).search([])
        draft = self._report(user=self.credit_analyst)
        with self.assertRaises(AccessError):
            draft.with_user(self.credit_analyst).unlink()
        draft.with_user(self.credit_manager).unlink()
        self.assertFalse(draft.exists())
        # Sources: read by analysts, kept by managers.
        source = self.env.ref("customer_credit.credit_source_bank_letter")
        self.assertTrue(source.with_user(self.credit_analyst).name)
        with self.assertRaises(AccessError):
            source.with_user(self.credit_analyst).name = "Bank certificate"
        source.with_user(self.credit_manager).name = "Bank certificate"

    def test_multi_company(self):
        mine = self._report()
        theirs = self._report(company_id=self.company_b.id, user=self.analyst_b)
        self.assertEqual(theirs.currency_id, self.company_b.currency_id)
        self.assertEqual(self.Report.with_user(self.credit_analyst).search([]), mine)
        self.assertEqual(self.Report.with_user(self.analyst_b).search([]), theirs)
        with self.assertRaises(AccessError):
            theirs.with_user(self.credit_analyst).read(["overview"])
        theirs.with_user(self.analyst_b).action_confirm()
        partner = self.customer_a.with_user(self.credit_analyst)
        self.assertEqual(partner.credit_report_count, 1)
        self.assertFalse(partner.credit_report_expiry_date, "only valid in company B")
        self.assertEqual(
            self.customer_a.with_user(self.analyst_b).with_company(
                self.company_b).credit_report_expiry_date, theirs.expiry_date)

    def test_partner_report_fields(self):
        old = self._report(date="2026-01-10", validity_months=12)
        new = self._report(date="2026-05-10", validity_months=6)
        (old | new).action_confirm()
        self._report()  # draft
        partner = self.customer_a.with_user(self.credit_analyst)
        self.assertEqual(partner.credit_report_count, 3)
        self.assertEqual(str(partner.credit_report_expiry_date), "2026-11-10",
                         "the latest valid report, not the one expiring last")
        action = partner.action_view_credit_reports()
        self.assertEqual(action["res_model"], "customer.credit.report")
        self.assertEqual(action["context"], {"default_partner_id": self.customer_a.id})
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.salesperson_a).read(["credit_report_count"])
        self.assertFalse(self.customer_b.with_user(self.credit_analyst).credit_report_expiry_date)
