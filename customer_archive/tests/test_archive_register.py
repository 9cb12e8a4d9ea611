import base64
import io

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CustomerArchiveCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-06-30")
class TestArchiveRegister(CustomerArchiveCommon):
    def test_register_workbook(self):
        self.customer_a.legal_representative = "Wang Wei"
        self._invoice(self.customer_a, "2025-03-01", 1500)
        self._invoice(self.customer_a, "2026-02-01", 2500)
        self.customer_a.archive_year_ids.filtered(
            lambda line: line.year == 2026).estimated_turnover = 90000
        (self.customer_a | self.customer_b).action_refresh_archive()
        wizard = Form(self.env["customer.archive.register"].with_user(self.salesperson_a)
                      .with_context(active_model="res.partner",
                                    active_ids=(self.customer_b | self.customer_a).ids)).save()
        self.assertEqual(wizard.partner_ids, self.customer_a | self.customer_b)
        wizard.year_count = 2
        wizard.action_export()
        self.assertTrue(wizard.filename.endswith(".xlsx"))
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file))).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        header = rows[0]
        self.assertEqual(header[:3], ["Archive Number", "Customer", "Salesperson"])
        self.assertEqual(header[-4:], ["Estimated Turnover 2025", "Our Sales 2025",
                                       "Estimated Turnover 2026", "Our Sales 2026"])
        by_customer = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
        line_a = by_customer["Customer A"]
        self.assertEqual(line_a["Archive Number"], self.customer_a.archive_number)
        self.assertEqual(line_a["Salesperson"], "Salesperson A")
        self.assertEqual(line_a["Legal Representative"], "Wang Wei")
        self.assertEqual(line_a["Trade Stage"], "Trading Now")
        self.assertEqual(line_a["Our Sales 2025"], 1500)
        self.assertEqual(line_a["Our Sales 2026"], 2500)
        self.assertEqual(line_a["Estimated Turnover 2026"], 90000)
        self.assertEqual(by_customer["Customer B"]["Our Sales 2026"], 0)

    def test_bad_input(self):
        wizard = self.env["customer.archive.register"].create({
            "partner_ids": self.customer_a.ids, "year_count": 0})
        with self.assertRaises(UserError):
            wizard.action_export()
