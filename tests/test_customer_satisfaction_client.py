"""Client-level tests of customer_satisfaction: what a salesperson gets through JSON-RPC and
the web client."""

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException


@tagged("standard", "post_install", "-at_install")
class TestCustomerSatisfactionClient(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env, "satisfaction_tour_sales", password="satisfaction_tour_sales_pw",
            groups="base.group_user,sales_team.group_sale_salesman,"
                   "customer_satisfaction.group_satisfaction_user",
            name="Satisfaction Tour Sales")
        cls.customer = cls.env["res.partner"].create({
            "name": "Satisfaction Tour Customer Ltd", "is_company": True,
            "user_id": cls.salesperson.id})
        cls.customer.action_create_archive()
        cls.company = cls.customer.archive_company_id
        cls.company.health_complaint_count = 2
        for summary in ("Late delivery", "Wrong invoice"):
            cls.env["customer.satisfaction.feedback"].create({
                "partner_id": cls.customer.id, "company_id": cls.company.id,
                "feedback_type": "complaint", "dimension": "service", "summary": summary})

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(f"/web/dataset/call_kw/{model}/{method}", {
            "model": model, "method": method, "args": list(args), "kwargs": kwargs})

    def test_salesperson_records_feedback_but_runs_no_campaign(self):
        self.authenticate("satisfaction_tour_sales", "satisfaction_tour_sales_pw")
        health = self._call("res.partner", "read", [self.customer.id], [
            "health_status", "health_reasons", "satisfaction_open_complaint_count"])[0]
        self.assertEqual(health["health_status"], "at_risk")
        self.assertEqual(health["health_reasons"], "2 open complaints")
        self.assertEqual(health["satisfaction_open_complaint_count"], 2)
        feedback_id = self._call("customer.satisfaction.feedback", "create", {
            "partner_id": self.customer.id, "feedback_type": "praise",
            "dimension": "product", "summary": "Great quality"})
        self.assertTrue(feedback_id)
        with self.assertRaises(JsonRpcException) as error:
            self._call("customer.satisfaction.campaign", "search_read", [], ["name"])
        self.assertIn("AccessError", str(error.exception))
        with self.assertRaises(JsonRpcException) as error:
            self._call("customer.satisfaction.feedback", "unlink", [feedback_id])
        self.assertIn("AccessError", str(error.exception))

    def test_satisfaction_page_in_the_browser(self):
        self.start_tour(f"/odoo/contacts/{self.customer.id}", "customer_satisfaction_page_tour",
                        login="satisfaction_tour_sales")
