from odoo.addons.customer_archive.tests.common import CustomerArchiveCommon
from odoo.tests import new_test_user


class CustomerCreditCommon(CustomerArchiveCommon):
    """The archive fixture plus a credit analyst, a credit manager who may approve up to
    100,000 and a salesperson with Sales rights (own documents) whose customer is
    ``customer_a``."""

    @classmethod
    def get_default_groups(cls):
        # The test's own user (accountman) is also a credit manager.
        return super().get_default_groups() | cls.env.ref(
            "customer_credit.group_credit_manager")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        common = {"company_id": cls.archive_company.id,
                  "company_ids": [(6, 0, cls.archive_company.ids)]}
        cls.credit_analyst = new_test_user(
            cls.env, "credit_analyst", name="Credit Analyst",
            groups="base.group_user,customer_credit.group_credit_analyst", **common)
        cls.credit_manager = new_test_user(
            cls.env, "credit_manager", name="Credit Manager",
            groups="base.group_user,customer_credit.group_credit_manager,"
                   "sales_team.group_sale_salesman_all_leads,account.group_account_invoice",
            **common)
        cls.credit_manager.credit_approval_amount = 100000.0
        cls.salesperson_a.groups_id |= cls.env.ref("sales_team.group_sale_salesman")
        cls.salesperson_b.groups_id |= cls.env.ref("sales_team.group_sale_salesman")
        cls.scale_nine = cls.env.ref("customer_credit.grade_scale_nine")
        cls.scale_three = cls.env.ref("customer_credit.grade_scale_three")
        cls.archive_company.credit_scale_id = cls.scale_nine
        cls._end_request()
