from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CustomerArchiveCommon

REPORT = "customer_archive.action_report_customer_data_card"


@tagged("post_install", "-at_install")
class TestDataCard(CustomerArchiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls.env["res.partner"].create({
            "name": "Liu Fang", "parent_id": cls.customer_a.id, "phone": "+86 21 5555 0101"})
        cls.customer_a.write({
            "street": "88 Century Avenue", "city": "Shanghai",
            "person_in_charge": "Chen Gang", "main_contact_id": contact.id,
            "main_business": "Industrial cables", "estimated_capital": 5000000,
        })
        for year, amount in ((2022, 10000), (2023, 20000), (2024, 30000), (2025, 45000)):
            cls._invoice(cls.customer_a, f"{year}-06-15", amount)
        years = cls.customer_a.archive_year_ids
        years.filtered(lambda line: line.year == 2024).estimated_turnover = 800000
        years.filtered(lambda line: line.year == 2025).estimated_turnover = 900000

    def test_card_content(self):
        html = self.env["ir.actions.report"]._render_qweb_html(REPORT, self.customer_a.ids)[0]
        html = html.decode()
        for text in ("Customer Data Card", self.customer_a.archive_number, "Customer A",
                     "88 Century Avenue", "Chen Gang", "Liu Fang", "+86 21 5555 0101",
                     "Industrial cables", "5,000,000.00", "2022", "2025", "10,000.00",
                     "45,000.00", "800,000.00", "900,000.00", "Card Created On",
                     "Salesperson A"):
            self.assertIn(text, html)
        # Years side by side, oldest first.
        self.assertLess(html.index("10,000.00"), html.index("45,000.00"))

    def test_card_keeps_the_last_six_years(self):
        for year in range(2016, 2022):
            self._invoice(self.customer_a, f"{year}-01-10", 1000 + year)
        years = self.customer_a._archive_card_years()
        self.assertEqual(years.mapped("year"), [2020, 2021, 2022, 2023, 2024, 2025])

    def test_card_pdf(self):
        pdf, kind = self.env["ir.actions.report"].with_context(
            force_report_rendering=True)._render_qweb_pdf(REPORT, self.customer_a.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_no_card_without_archive(self):
        prospect = self._create_customer("No archive", archive=False)
        with self.assertRaises(UserError):
            self.env["ir.actions.report"]._render_qweb_html(REPORT, prospect.ids)
