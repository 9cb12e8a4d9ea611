from odoo.addons.customer_satisfaction.tests.common import CustomerSatisfactionCommon
from odoo.exceptions import AccessError
from odoo.tests import tagged

# One figure of each addon's engines, with a value a client might try to give it.
FIGURES = {
    "archive_volume_class": "major",
    "archive_total_sales": 1_000_000.0,
    "archive_purchase_overdue": True,
    "customer_nature": "government",
    "archive_review_overdue": True,
    "satisfaction_score": 99.0,
    "loyalty_segment": "champion",
    "rfm_score": 15,
    "churn_state": "lost",
    "health_status": "critical",
    "health_credit_exposure": 1.0,
}


@tagged("post_install", "-at_install")
class TestFiguresProtected(CustomerSatisfactionCommon):
    """The figures the engines compute (archive classes and sales, purchase rhythm, review
    planning, satisfaction, loyalty/RFM, churn status, health) are refused from every user in
    write, create, import and copy; the engines still write them."""

    def _refused(self, method, *args):
        with self.assertRaises(AccessError) as error:
            method(*args)
        self.assertIn("cannot be typed or imported", str(error.exception))

    def test_every_user_is_refused_on_every_route(self):
        self.customer_a.sudo()._health_refresh()
        customers = self.customer_a | self.customer_b
        for user in (self.salesperson_a, self.custodian, self.satisfaction_manager):
            partners = customers.with_user(user)
            for name, value in FIGURES.items():
                with self.subTest(user=user.login, field=name):
                    self._refused(partners.write, {name: value})
                    self._refused(partners.create,
                                  [{"name": "New", "is_company": True, name: value}])

    def _xmlid(self, partner):
        self.env["ir.model.data"].create({
            "module": "__test__", "name": f"partner_{partner.id}", "model": "res.partner",
            "res_id": partner.id})
        return f"__test__.partner_{partner.id}"

    def test_import_reports_the_refusal_without_writing(self):
        xmlid = self._xmlid(self.customer_a)
        result = self.customer_a.with_user(self.custodian).load(
            ["id", "satisfaction_score"], [[xmlid, "99"]])
        self.assertFalse(result["ids"])
        self.assertIn("cannot be typed or imported", result["messages"][0]["message"])
        self.assertFalse(self.customer_a.satisfaction_score)

    def test_unchanged_figures_and_other_fields_pass(self):
        self.customer_a.sudo()._refresh_archive()
        partner = self.customer_a.with_user(self.salesperson_a)
        partner.write({"archive_time_class": partner.archive_time_class,
                       "archive_total_sales": partner.archive_total_sales,
                       "churn_state": partner.churn_state,
                       "main_business": "Hardware"})
        self.assertEqual(self.customer_a.main_business, "Hardware")
        # A new partner with the empty or default figures a form or an import may send.
        new = self.env["res.partner"].with_user(self.salesperson_a).create(
            {"name": "New Customer", "is_company": True, "archive_total_sales": 0.0,
             "loyalty_segment": False})
        self.assertFalse(new.archive_total_sales)

    def test_copy_leaves_the_figures_to_the_engines(self):
        self.customer_a.sudo()._refresh_archive()
        self.customer_a.sudo()._health_refresh()
        copy = self.customer_a.with_user(self.custodian).copy()
        for name in self.env["res.partner"]._customer_figure_fields():
            field = copy._fields[name]
            if not field.compute:
                with self.subTest(field=name):
                    self.assertFalse(field.copy, f"{name} is copied")

    def test_engines_still_write_the_figures(self):
        self._invoice(self.customer_a, "2026-01-15", 5000.0)
        reviewer = self.env["customer.archive.review"].with_user(self.custodian)
        reviewer.create({"partner_id": self.customer_a.id, "date": "2026-02-01",
                         "tier": "important"})
        self.customer_a.with_user(self.salesperson_a).action_refresh_archive()
        self.assertEqual(self.customer_a.archive_total_sales, 5000.0)
        self.assertEqual(self.customer_a.archive_time_class,
                         self.customer_a.sudo().archive_time_class)
