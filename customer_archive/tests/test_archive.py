from psycopg2.errors import UniqueViolation

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CustomerArchiveCommon


@tagged("post_install", "-at_install")
class TestArchive(CustomerArchiveCommon):
    def test_archive_number_from_sequence_and_unique(self):
        first, second = self.customer_a, self.customer_b
        self.assertTrue(first.archive_number.startswith("KH"))
        self.assertNotEqual(first.archive_number, second.archive_number)
        self.assertEqual(first.archive_company_id, self.archive_company)
        self.assertEqual(first.archive_user_id, self.env.user)
        number = first.archive_number
        first.action_create_archive()
        self.assertEqual(first.archive_number, number, "an archive keeps its number")
        copy = first.copy()
        self.assertFalse(copy.archive_number, "a copied partner has no archive yet")
        with self.assertRaises(AccessError):
            copy.write({"archive_number": "KH999999"})
        with self.assertRaises(UniqueViolation), mute_logger("odoo.sql_db"), self.cr.savepoint():
            copy.sudo().write({"archive_number": number,
                               "archive_company_id": self.archive_company.id})
            copy.flush_recordset()

    def test_archive_belongs_to_company_not_salesperson(self):
        number = self.customer_a.archive_number
        self.customer_a.user_id = self.salesperson_b
        self.assertEqual(self.customer_a.archive_number, number)
        self.assertEqual(self.customer_a.archive_company_id, self.archive_company)
        with self.assertRaises(ValidationError):
            self.customer_a.archive_company_id = False

    def test_archive_only_on_commercial_partner(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.customer_a.id})
        with self.assertRaises(UserError):
            contact.action_create_archive()

    def test_only_archive_users_create_archives(self):
        prospect = self._create_customer("Prospect", archive=False)
        with self.assertRaises(AccessError):
            prospect.with_user(self.employee).action_create_archive()
        prospect.with_user(self.salesperson_a).action_create_archive()
        self.assertTrue(prospect.archive_number)
        self.assertEqual(prospect.archive_time_class, "future")

    def test_staff_figures_are_checked(self):
        with self.assertRaises(ValidationError):
            self.customer_a.write({"staff_count": 5, "manager_count": 6})
        self.customer_a.write({"staff_count": 50, "manager_count": 6})
        self.assertEqual(self.customer_a.manager_count, 6)
