import base64

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CustomerArchiveCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-03-15")
class TestDocuments(CustomerArchiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls.env.ref("customer_archive.document_type_contract")
        cls.licence = cls.env.ref("customer_archive.document_type_business_licence")
        cls.return_record = cls.env.ref("customer_archive.document_type_return_record")

    def _file(self, partner, document_type, date, name="Document", user=None, **values):
        model = self.env["customer.archive.document"]
        if user:
            model = model.with_user(user)
        return model.create({"partner_id": partner.id, "document_type_id": document_type.id,
                             "date": date, "name": name, **values})

    def test_catalogue_numbers_are_never_reused(self):
        number = self.customer_a.archive_number
        first = self._file(self.customer_a, self.contract, "2026-01-05", "Supply contract")
        second = self._file(self.customer_a, self.contract, "2026-01-06", "Framework contract")
        licence = self._file(self.customer_a, self.licence, "2026-01-07", "Licence")
        self.assertEqual(first.part, "3", "a contract is filed in part 3, trade")
        self.assertEqual(licence.part, "1")
        self.assertEqual(
            (first.catalogue_number, second.catalogue_number, licence.catalogue_number),
            (f"{number}-3-0001", f"{number}-3-0002", f"{number}-1-0001"))
        second.unlink()
        third = self._file(self.customer_a, self.contract, "2026-02-01", "Amendment")
        self.assertEqual(third.catalogue_number, f"{number}-3-0003", "0002 is not reused")
        other = self._file(self.customer_b, self.contract, "2026-02-01", "Contract of B")
        self.assertTrue(other.catalogue_number.endswith("-3-0001"), "one count per customer")
        as_part_two = self._file(self.customer_a, self.contract, "2026-02-02", "Credit copy",
                                 part="2")
        self.assertEqual(as_part_two.catalogue_number, f"{number}-2-0001")

    def test_numbered_document_stays_in_its_part(self):
        document = self._file(self.customer_a, self.contract, "2026-01-05")
        with self.assertRaises(UserError):
            document.part = "4"
        with self.assertRaises(UserError):
            document.partner_id = self.customer_b
        document.name = "Renamed"  # other fields stay editable until the year is closed
        with self.assertRaises(UserError):
            self._file(self._create_customer("No archive", archive=False), self.contract,
                       "2026-01-05")

    def test_closing_a_year_binds_volumes_that_can_only_be_read(self):
        a_2024 = self._file(self.customer_a, self.contract, "2024-06-01", "Old contract")
        a_2025_trade = self._file(self.customer_a, self.contract, "2025-02-01", "Contract")
        a_2025_trade_2 = self._file(self.customer_a, self.contract, "2025-12-31", "Amendment")
        a_2025_basic = self._file(self.customer_a, self.licence, "2025-03-01", "Licence")
        a_2024.flush_recordset()
        b_2025_returns = self._file(self.customer_b, self.return_record, "2025-07-01", "Return")
        a_2026 = self._file(self.customer_a, self.contract, "2026-01-01", "This year")
        attachment = self.env["ir.attachment"].create({
            "name": "contract.pdf", "datas": base64.b64encode(b"%PDF-1.4 contract")})
        a_2025_trade.attachment_ids = attachment

        wizard = Form(self.env["customer.archive.close.year"].with_user(self.custodian))
        self.assertEqual(wizard.year, 2025)
        self.assertEqual(wizard.document_count, 5)
        wizard.save().action_close()

        volumes = self.env["customer.archive.volume"].search(
            [("partner_id", "in", (self.customer_a | self.customer_b).ids)])
        self.assertEqual(sorted(volumes.mapped(lambda v: (v.partner_id.name, v.part, v.year))), [
            ("Customer A", "1", 2025), ("Customer A", "3", 2024), ("Customer A", "3", 2025),
            ("Customer B", "4", 2025)])
        trade_2025 = volumes.filtered(lambda v: v.part == "3" and v.year == 2025)
        self.assertEqual(trade_2025.document_ids, a_2025_trade | a_2025_trade_2)
        self.assertEqual(trade_2025.name, f"{self.customer_a.archive_number}-3-2025")
        self.assertEqual(trade_2025.closed_by_id, self.custodian)
        self.assertEqual(a_2024.volume_id.year, 2024)
        self.assertEqual(a_2025_basic.volume_id.part, "1")
        self.assertEqual(b_2025_returns.volume_id.part, "4")
        self.assertFalse(a_2026.volume_id)
        self.assertEqual(self.archive_company.archive_closed_year, 2025)

        for user in (self.custodian, self.salesperson_a, self.env.user):
            document = a_2025_trade.with_user(user)
            with self.assertRaises(UserError):
                document.name = "Changed"
            with self.assertRaises(UserError):
                document.unlink()
            with self.assertRaises(UserError):
                trade_2025.with_user(user).unlink()
        with self.assertRaises(UserError):
            attachment.unlink()
        with self.assertRaises(UserError):
            attachment.write({"datas": base64.b64encode(b"forged")})
        with self.assertRaises(UserError):
            self._file(self.customer_b, self.contract, "2025-11-30", "Filed too late")
        with self.assertRaises(UserError):
            a_2026.date = "2025-12-01"
        a_2026.name = "Still open"
        self.assertEqual(a_2025_trade.name, "Contract")
        self.assertEqual(attachment.raw, b"%PDF-1.4 contract")

        html = self.env["ir.actions.report"]._render_qweb_html(
            "customer_archive.action_report_customer_archive_volume", trade_2025.ids)[0].decode()
        for text in ("Volume Catalogue", trade_2025.name, a_2025_trade.catalogue_number,
                     a_2025_trade_2.catalogue_number, "Amendment"):
            self.assertIn(text, html)

    def test_only_custodians_close_past_years(self):
        self._file(self.customer_a, self.contract, "2025-02-01")
        with self.assertRaises(AccessError):
            self.env["customer.archive.close.year"].with_user(self.salesperson_a).create(
                {"year": 2025}).action_close()
        with self.assertRaises(UserError):
            self.env["customer.archive.close.year"].with_user(self.custodian).create(
                {"year": 2026}).action_close()

    def test_documents_are_confidential(self):
        document = self._file(self.customer_a, self.contract, "2026-01-05", user=self.salesperson_a)
        self.assertEqual(document.user_id, self.salesperson_a)
        with self.assertRaises(AccessError):
            document.with_user(self.salesperson_b).read(["name"])
        with self.assertRaises(AccessError):
            self._file(self.customer_a, self.contract, "2026-01-05", user=self.salesperson_b)
        with self.assertRaises(AccessError):
            document.with_user(self.employee).read(["name"])
        document.with_user(self.custodian).read(["name"])
        self.assertEqual(self.customer_a.with_user(self.salesperson_a).archive_document_count, 1)

    def test_printed_catalogue(self):
        self._file(self.customer_a, self.licence, "2026-01-07", "Licence copy")
        self._file(self.customer_a, self.contract, "2026-01-05", "Supply contract",
                   attachment_ids=[Command.create({"name": "c.pdf", "raw": b"x"})])
        html = self.env["ir.actions.report"]._render_qweb_html(
            "customer_archive.action_report_customer_archive_catalogue",
            self.customer_a.ids)[0].decode()
        number = self.customer_a.archive_number
        for text in ("Archive Catalogue", number, "1 Basic Data", "2 Credit and Payment",
                     "3 Trade", "4 Returns and Discounts", f"{number}-1-0001", "Licence copy",
                     f"{number}-3-0001", "Supply contract", "No document filed."):
            self.assertIn(text, html)
        self.assertLess(html.index("Licence copy"), html.index("Supply contract"))
