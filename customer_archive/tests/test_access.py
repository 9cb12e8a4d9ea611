from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CustomerArchiveCommon


@tagged("post_install", "-at_install")
class TestConfidentialAccess(CustomerArchiveCommon):
    """Confidential parts reach the customer's salesperson and the custodians only, through
    record rules and access rights: reads through the ORM as each user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.records = {}
        for key, customer in (("a", cls.customer_a), ("b", cls.customer_b)):
            investigation = cls.env["customer.investigation"].create({
                "partner_id": customer.id,
                "investigator_id": cls.custodian.id,
                "person_ids": [Command.create({"name": f"Boss {key}", "kind": "in_charge"})],
                "product_ids": [Command.create({"name": "Cables", "amount": 1000})],
            })
            cls.records[key] = {
                "customer.archive.person": cls.env["customer.archive.person"].create({
                    "partner_id": customer.id, "name": f"Owner {key}", "role": "owner",
                    "family": "Married, two children"}),
                "customer.archive.competitor": cls.env["customer.archive.competitor"].create({
                    "partner_id": customer.id, "name": f"Rival {key}"}),
                "customer.archive.trade.status": cls.env["customer.archive.trade.status"].create({
                    "partner_id": customer.id, "credit_status": "Pays late"}),
                "customer.investigation": investigation,
                "customer.investigation.person": investigation.person_ids,
                "customer.investigation.product": investigation.product_ids,
            }

    def test_salesperson_reads_and_edits_own_customers_only(self):
        for model in self.records["a"]:
            with self.subTest(model=model):
                own, other = self.records["a"][model], self.records["b"][model]
                as_a = self.env[model].with_user(self.salesperson_a)
                self.assertEqual(as_a.search([("id", "in", (own | other).ids)]), own)
                as_a.browse(own.id).read()
                as_a.browse(own.id).check_access("write")
                with self.assertRaises(AccessError):
                    as_a.browse(other.id).read()
                with self.assertRaises(AccessError):
                    as_a.browse(other.id).write({"write_date": own.write_date})
                with self.assertRaises(AccessError):
                    as_a.browse(other.id).unlink()

    def test_salesperson_cannot_add_to_others_archive(self):
        as_a = self.env["customer.archive.person"].with_user(self.salesperson_a)
        as_a.create({"partner_id": self.customer_a.id, "name": "Manager a", "role": "manager"})
        with self.assertRaises(AccessError):
            as_a.create({"partner_id": self.customer_b.id, "name": "Spy", "role": "manager"})
        with self.assertRaises(AccessError):
            self.env["customer.investigation"].with_user(self.salesperson_a).create({
                "partner_id": self.customer_b.id})

    def test_custodian_sees_everything(self):
        for model in self.records["a"]:
            with self.subTest(model=model):
                both = self.records["a"][model] | self.records["b"][model]
                as_custodian = self.env[model].with_user(self.custodian)
                self.assertEqual(as_custodian.search([("id", "in", both.ids)]), both)
                as_custodian.browse(both.ids).read()

    def test_employee_without_archive_group_sees_nothing(self):
        for model in self.records["a"]:
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.employee).browse(self.records["a"][model].id).read()

    def test_partner_page_shows_others_basic_data_only(self):
        self.customer_a.write({"legal_representative": "Wang Wei", "main_business": "Cables"})
        as_b = self.customer_a.with_user(self.salesperson_b)
        self.assertEqual(as_b.legal_representative, "Wang Wei")
        self.assertEqual(as_b.main_business, "Cables")
        self.assertEqual(as_b.archive_number, self.customer_a.archive_number)
        for field in ("archive_person_ids", "archive_competitor_ids",
                      "archive_trade_status_ids", "investigation_ids"):
            self.assertFalse(as_b[field], f"{field} of another salesperson's customer")
        self.assertEqual(as_b.investigation_count, 0)
        self.env.invalidate_all()  # each user reads in a request of their own
        as_a = self.customer_a.with_user(self.salesperson_a)
        self.assertEqual(as_a.archive_person_ids.name, "Owner a")
        self.assertEqual(as_a.investigation_count, 1)
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.customer_a.with_user(self.employee).archive_person_ids  # noqa: B018
        self.assertNotIn("archive_person_ids",
                         self.env["res.partner"].with_user(self.employee).fields_get())

    def test_reassigned_customer_changes_hands(self):
        self.customer_a.user_id = self.salesperson_b
        person = self.records["a"]["customer.archive.person"]
        with self.assertRaises(AccessError):
            person.with_user(self.salesperson_a).read(["family"])
        self.assertEqual(person.with_user(self.salesperson_b).family, "Married, two children")

    def test_configuration_is_custodian_only(self):
        menu = self.env.ref("customer_archive.menu_customer_archive_config")
        menus = self.env["ir.ui.menu"]
        self.assertFalse(menus.with_user(self.salesperson_a).search([("id", "=", menu.id)]))
        self.assertTrue(menus.with_user(self.custodian).search([("id", "=", menu.id)]))
        source = self.env.ref("customer_archive.source_bank")
        with self.assertRaises(AccessError):
            source.with_user(self.salesperson_a).write({"name": "Friend at the bank"})
        source.with_user(self.custodian).write({"name": "Bank letter"})
