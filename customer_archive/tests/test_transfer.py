from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CustomerArchiveCommon


@tagged("post_install", "-at_install")
class TestTransfer(CustomerArchiveCommon):
    """A salesperson leaves: the custodian moves the customers to another salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_a2 = cls._create_customer("Customer A2", cls.salesperson_a)
        cls.contact_a = cls.env["res.partner"].create({
            "name": "Buyer of A", "parent_id": cls.customer_a.id,
            "user_id": cls.salesperson_a.id})
        todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.activity_a = cls.customer_a.activity_schedule(
            activity_type_id=todo.id, summary="Visit A", user_id=cls.salesperson_a.id)
        cls.activity_contact = cls.contact_a.activity_schedule(
            activity_type_id=todo.id, summary="Call the buyer", user_id=cls.salesperson_a.id)
        cls.activity_custodian = cls.customer_a.activity_schedule(
            activity_type_id=todo.id, summary="Check documents", user_id=cls.custodian.id)
        cls.activity_b = cls.customer_b.activity_schedule(
            activity_type_id=todo.id, summary="Visit B", user_id=cls.salesperson_b.id)
        cls.Transfer = cls.env["customer.archive.transfer"].with_user(cls.custodian)

    def _transfer(self, scope="all", partners=None, target=None, source=None,
                  reason="Salesperson A leaves on 31 March."):
        wizard = self.Transfer.create({
            "source_user_id": (source or self.salesperson_a).id,
            "target_user_id": (target or self.salesperson_b).id,
            "scope": scope,
            "partner_ids": [(6, 0, partners.ids if partners else [])],
            "reason": reason,
        })
        wizard.action_transfer()
        return wizard

    def _transfer_messages(self, partner):
        return partner.message_ids.filtered(lambda message: "Salesperson changed" in message.body)

    def test_all_to_one(self):
        companies = (self.customer_a | self.customer_a2).mapped("archive_company_id")
        wizard = self.Transfer.create({
            "source_user_id": self.salesperson_a.id, "target_user_id": self.salesperson_b.id,
            "scope": "all", "reason": "Salesperson A leaves on 31 March."})
        self.assertEqual(wizard.customer_count, 2)
        wizard.action_transfer()
        self.assertEqual((self.customer_a | self.customer_a2 | self.contact_a).user_id,
                         self.salesperson_b)
        # The archives stay with the company.
        self.assertEqual((self.customer_a | self.customer_a2).mapped("archive_company_id"),
                         companies)
        self.assertEqual(self.customer_a.archive_company_id, self.archive_company)
        # Open activities of the old salesperson follow, the others' do not.
        self.assertEqual((self.activity_a | self.activity_contact).user_id, self.salesperson_b)
        self.assertEqual(self.activity_custodian.user_id, self.custodian)
        self.assertEqual(self.activity_b.user_id, self.salesperson_b)
        # One message per customer: old and new salesperson, who and why.
        for customer, count in ((self.customer_a, 2), (self.customer_a2, 0)):
            message = self._transfer_messages(customer)
            self.assertEqual(len(message), 1)
            self.assertIn("from Salesperson A to Salesperson B by Custodian", message.body)
            self.assertIn(f"{count} open activities reassigned", message.body)
            self.assertIn("Reason: Salesperson A leaves on 31 March.", message.body)
            self.assertEqual(message.author_id, self.custodian.partner_id)
        self.assertFalse(self._transfer_messages(self.contact_a))
        self.assertFalse(self._transfer_messages(self.customer_b))

    def test_chosen_to_one(self):
        self._transfer("chosen", self.customer_a2 | self.customer_b)
        self.assertEqual(self.customer_a2.user_id, self.salesperson_b)
        self.assertEqual(self.customer_a.user_id, self.salesperson_a, "not chosen")
        self.assertEqual(self.activity_a.user_id, self.salesperson_a)
        self.assertEqual(len(self._transfer_messages(self.customer_a2)), 1)
        # A chosen customer of another salesperson is not the source's to give away.
        self.assertFalse(self._transfer_messages(self.customer_b))

    def test_default_from_selected_customers(self):
        wizard = self.Transfer.with_context(
            active_model="res.partner", active_ids=self.customer_a.ids).create({
                "target_user_id": self.salesperson_b.id, "reason": "Rebalancing"})
        self.assertEqual((wizard.scope, wizard.source_user_id, wizard.partner_ids),
                         ("chosen", self.salesperson_a, self.customer_a))

    def test_reviewer_follows(self):
        self.customer_a.archive_reviewer_id = self.salesperson_a
        self._transfer()
        self.assertEqual(self.customer_a.archive_reviewer_id, self.salesperson_b)

    def test_hook_called_with_moved_customers(self):
        partner_class = type(self.env["res.partner"])
        with patch.object(partner_class, "_archive_transfer_hook", autospec=True) as hook:
            self._transfer()
        hook.assert_called_once()
        customers, old_user, new_user = hook.call_args.args
        self.assertEqual(customers, self.customer_a | self.customer_a2)
        self.assertEqual((old_user, new_user), (self.salesperson_a, self.salesperson_b))

    def test_refusals(self):
        with self.assertRaisesRegex(UserError, "already belong"):
            self._transfer(target=self.salesperson_a)
        gone = new_test_user(self.env, "archive_gone", name="Gone",
                             groups="base.group_user,customer_archive.group_archive_user")
        gone.active = False
        with self.assertRaisesRegex(UserError, "archived"):
            self._transfer(target=gone)
        with self.assertRaisesRegex(UserError, "no customer"):
            self._transfer(source=self.custodian)
        with self.assertRaisesRegex(UserError, "Choose the customers"):
            self._transfer("chosen")
        self.assertEqual(self.customer_a.user_id, self.salesperson_a)

    def test_custodians_only(self):
        for user in (self.salesperson_a, self.employee):
            with self.assertRaises(AccessError):
                self.env["customer.archive.transfer"].with_user(user).create({
                    "source_user_id": self.salesperson_a.id,
                    "target_user_id": self.salesperson_b.id, "reason": "Mine now"})
        wizard = self.env["customer.archive.transfer"].create({
            "source_user_id": self.salesperson_a.id, "target_user_id": self.salesperson_b.id,
            "reason": "Mine now"})
        with self.assertRaises(AccessError):
            wizard.with_user(self.salesperson_b).action_transfer()
        self.assertEqual(self.customer_a.user_id, self.salesperson_a)
