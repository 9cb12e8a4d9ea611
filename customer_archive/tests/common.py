from odoo import Command, fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import Form, new_test_user


class CustomerArchiveCommon(AccountTestInvoicingCommon):
    """A company with a chart of accounts, two salespeople, a custodian, a plain employee
    and two archived customers, one per salesperson."""

    @classmethod
    def default_env_context(cls):
        # Tracking is part of what we test: keep it on.
        return {"no_reset_password": True, "mail_create_nolog": True,
                "mail_create_nosubscribe": True}

    @classmethod
    def get_default_groups(cls):
        # The test's own user (accountman) keeps the archive; the custodian creates archives.
        return super().get_default_groups() | cls.env.ref(
            "customer_archive.group_archive_custodian")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.archive_company = cls.env.company
        common = {"company_id": cls.archive_company.id,
                  "company_ids": [Command.set(cls.archive_company.ids)]}
        cls.salesperson_a = new_test_user(
            cls.env, "archive_sales_a", name="Salesperson A",
            groups="base.group_user,customer_archive.group_archive_user", **common)
        cls.salesperson_b = new_test_user(
            cls.env, "archive_sales_b", name="Salesperson B",
            groups="base.group_user,customer_archive.group_archive_user", **common)
        cls.custodian = new_test_user(
            cls.env, "archive_custodian", name="Custodian",
            groups="base.group_user,customer_archive.group_archive_custodian", **common)
        cls.employee = new_test_user(
            cls.env, "archive_employee", name="Employee", groups="base.group_user", **common)
        cls.customer_a = cls._create_customer("Customer A", cls.salesperson_a)
        cls.customer_b = cls._create_customer("Customer B", cls.salesperson_b)
        cls._end_request()

    @classmethod
    def _create_customer(cls, name, salesperson=None, archive=True, **values):
        partner = cls.env["res.partner"].create({
            "name": name, "is_company": True, "company_id": False,
            "user_id": salesperson.id if salesperson else False, **values})
        if archive:
            partner.action_create_archive()
        return partner

    @classmethod
    def _invoice(cls, partner, date, amount, move_type="out_invoice", post=True, company=None):
        """An invoice (or credit note) of one untaxed line of ``amount``."""
        company = company or cls.archive_company
        move = cls.env["account.move"].with_company(company).create({
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": fields.Date.to_date(date),
            "invoice_line_ids": [Command.create({
                "name": "Goods", "quantity": 1, "price_unit": amount,
                "tax_ids": [Command.clear()],
            })],
        })
        if post:
            move.action_post()
        return move

    @classmethod
    def _sale(cls, partner, day, product, quantity, price, move_type="out_invoice"):
        """A posted invoice (or credit note) of one untaxed product line."""
        move = cls.env["account.move"].create({
            "move_type": move_type, "partner_id": partner.id, "invoice_date": day,
            "invoice_line_ids": [Command.create({
                "product_id": product.id, "quantity": quantity, "price_unit": price,
                "tax_ids": [Command.clear()]})],
        })
        move.action_post()
        return move

    def _transfer(self, partners, target, reason="Salesperson A leaves"):
        """The custodian moves ``partners`` to ``target`` with Transfer Customers."""
        wizard = Form(self.env["customer.archive.transfer"].with_user(self.custodian)
                      .with_context(active_model="res.partner", active_ids=partners.ids))
        wizard.target_user_id = target
        wizard.reason = reason
        return wizard.save().action_transfer()

    @classmethod
    def _end_request(cls):
        """What the end of a web request does: flush and run the pre-commit hooks, which
        write the tracking values of the request's changes. Records created in the same
        request are not tracked until then."""
        cls.env.flush_all()
        cls.env.cr.precommit.run()
