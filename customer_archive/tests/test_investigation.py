from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CustomerArchiveCommon


@tagged("post_install", "-at_install")
class TestInvestigation(CustomerArchiveCommon):
    def _new_investigation(self, user):
        form = Form(self.env["customer.investigation"].with_user(user))
        form.partner_id = self.customer_a
        form.method = "direct"
        form.business_style = "steady"
        form.business_trend = "growing"
        form.price_level = "reasonable"
        form.trade_standing = "influential"
        form.yearly_amount = 1200000
        form.peak_month_sales = 150000
        form.low_month_sales = 60000
        form.manager_count = 4
        form.clerk_count = 26
        form.contract_payment_days = 30
        form.actual_payment_days = 45
        with form.person_ids.new() as person:
            person.kind = "in_charge"
            person.name = "Chen Gang"
            person.age = 48
            person.education = "bachelor"
            person.personality = "Cautious"
        with form.person_ids.new() as person:
            person.kind = "contact"
            person.name = "Liu Fang"
            person.job_title = "Buyer"
            person.responsibilities = "Orders and delivery"
        with form.product_ids.new() as line:
            line.name = "Copper cable"
            line.amount = 300000
        with form.product_ids.new() as line:
            line.name = "Connectors"
            line.amount = 80000
        return form.save()

    def test_workflow(self):
        investigation = self._new_investigation(self.salesperson_a)
        self.assertEqual(investigation.state, "draft")
        self.assertTrue(investigation.name.startswith("DC"))
        self.assertEqual(investigation.investigator_id, self.salesperson_a)
        self.assertEqual(investigation.staff_count, 30)
        self.assertEqual(investigation.products_amount, 380000)
        investigation.write({"product_ids": [
            Command.create({"product_id": self.product_a.id, "amount": 20000})]})
        self.assertEqual(investigation.product_ids[-1].name, self.product_a.display_name)
        self.assertEqual(investigation.products_amount, 400000)
        self._end_request()
        investigation.with_user(self.salesperson_a).action_submit()
        self._end_request()
        self.assertEqual(investigation.state, "submitted")
        activities = investigation.sudo().activity_ids
        self.assertIn(self.custodian, activities.user_id, "a custodian is asked to review it")
        self.assertNotIn(self.salesperson_a, activities.user_id)
        self.assertEqual(set(activities.mapped("summary")),
                         {f"Review the investigation {investigation.name}"})
        with self.assertRaises(AccessError):
            investigation.with_user(self.salesperson_a).action_review()
        investigation.with_user(self.custodian).action_review()
        self.assertFalse(investigation.sudo().activity_ids, "reviewed: nothing left to do")
        self.assertEqual(investigation.state, "reviewed")
        self.assertEqual(investigation.reviewer_id, self.custodian)
        self.assertTrue(investigation.reviewed_on)
        self._end_request()
        investigation.invalidate_recordset(["message_ids"])
        tracked = investigation.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "state")
        self.assertEqual(len(tracked), 2, "submitted and reviewed are in the chatter")

    def test_reviewed_investigation_is_read_only(self):
        investigation = self._new_investigation(self.salesperson_a)
        investigation.action_submit()
        investigation.with_user(self.custodian).action_review()
        for user in (self.salesperson_a, self.custodian):
            as_user = investigation.with_user(user)
            with self.assertRaises(UserError):
                as_user.conclusion = "Changed afterwards"
            with self.assertRaises(UserError):
                as_user.person_ids[0].name = "Someone else"
            with self.assertRaises(UserError):
                as_user.write({"product_ids": [Command.create({"name": "More", "amount": 1})]})
            with self.assertRaises(UserError):
                as_user.product_ids.unlink()
            with self.assertRaises(UserError):
                as_user.unlink()
            with self.assertRaises(UserError):
                as_user.action_reset_to_draft()
        self.assertEqual(investigation.person_ids.mapped("name"), ["Chen Gang", "Liu Fang"])
        form = Form(investigation.with_user(self.custodian))
        self.assertTrue(form._get_modifier("conclusion", "readonly"))
        self.assertTrue(form._get_modifier("person_ids", "readonly"))

    def test_bad_input(self):
        investigation = self._new_investigation(self.salesperson_a)
        with self.assertRaises(ValidationError):
            investigation.low_month_sales = 200000
        with self.assertRaises(ValidationError):
            investigation.actual_payment_days = -3
        investigation.person_ids.filtered(lambda person: person.kind == "in_charge").unlink()
        with self.assertRaises(UserError):
            investigation.action_submit()

    def test_investigator_cannot_review_own_work(self):
        investigation = self._new_investigation(self.custodian)
        investigation.action_submit()
        with self.assertRaises(UserError):
            investigation.with_user(self.custodian).action_review()
        with self.assertRaises(UserError):
            self._new_investigation(self.salesperson_a).with_user(self.custodian).action_review()

    def test_back_to_draft_and_print(self):
        investigation = self._new_investigation(self.salesperson_a)
        investigation.action_submit()
        investigation.action_reset_to_draft()
        self.assertEqual(investigation.state, "draft")
        investigation.conclusion = "Reliable, growing distributor"
        html = self.env["ir.actions.report"]._render_qweb_html(
            "customer_archive.action_report_customer_investigation", investigation.ids)[0]
        html = html.decode()
        for text in ("Customer Investigation Form", "Customer A", "Chen Gang", "Liu Fang",
                     "Copper cable", "Reliable, growing distributor", investigation.name):
            self.assertIn(text, html)

    def test_salespersons_new_customer_is_his_at_once(self):
        """Day one: the salesperson creates a customer (it is his without asking), opens its
        archive, investigates it and submits; a custodian is asked to review."""
        form = Form(self.env["res.partner"].with_user(self.salesperson_b))
        form.name = "Day One Trading Co."
        form.company_type = "company"
        self.assertEqual(form.user_id, self.salesperson_b)
        customer = form.save()
        customer.with_user(self.salesperson_b).action_create_archive()
        self.customer_a = customer
        investigation = self._new_investigation(self.salesperson_b)
        investigation.with_user(self.salesperson_b).action_submit()
        self.assertIn(self.custodian, investigation.sudo().activity_ids.user_id)

    def test_custodians_and_contacts_get_no_salesperson_of_their_own(self):
        self.assertFalse(Form(self.env["res.partner"].with_user(self.custodian)).user_id)
        contact = Form(self.env["res.partner"].with_user(self.salesperson_a).with_context(
            default_parent_id=self.customer_b.id))
        self.assertEqual(contact.user_id, self.salesperson_b, "the company's salesperson")
