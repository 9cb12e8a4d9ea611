from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CustomerSatisfactionCommon


@tagged("post_install", "-at_install")
class TestSatisfactionFeedback(CustomerSatisfactionCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Feedback = cls.env["customer.satisfaction.feedback"]
        cls.contact_a = cls.env["res.partner"].create({
            "name": "Buyer of A", "parent_id": cls.customer_a.id,
            "email": "buyer@customer-a.example.com"})

    def _feedback(self, partner=None, feedback_type="complaint", **values):
        return self.Feedback.create({
            "partner_id": (partner or self.customer_a).id,
            "feedback_type": feedback_type,
            "dimension": values.pop("dimension", "service"),
            "summary": values.pop("summary", "Late delivery"),
            **values,
        })

    # ------------------------------------------------------------------
    # Creation
    # ------------------------------------------------------------------
    @freeze_time("2025-04-10 10:00:00")
    def test_create_defaults(self):
        feedback = self._feedback(self.contact_a)
        self.assertEqual(feedback.partner_id, self.customer_a, "normalised to the customer")
        self.assertRegex(feedback.name, r"^FB/2025/\d{5}$")
        self.assertEqual(feedback.state, "new")
        self.assertEqual(feedback.responsible_id, self.salesperson_a,
                         "the customer's salesperson by default")
        self.assertEqual(feedback.salesperson_id, self.salesperson_a)
        self.assertEqual(feedback.resolution_days, 0.0)
        other = self._feedback(self.contact_a)
        self.assertNotEqual(other.name, feedback.name)

        no_salesperson = self._create_customer("Customer without Salesperson")
        feedback = self._feedback(no_salesperson)
        self.assertEqual(feedback.responsible_id, self.env.user, "else the user recording it")

        feedback.partner_id = self.contact_a
        self.assertEqual(feedback.partner_id, self.customer_a)

    def test_responsible_activity(self):
        """The responsible person gets a to-do when someone else assigns the feedback."""
        feedback = self._feedback().with_user(self.satisfaction_user)
        activity = feedback.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesperson_a)
        self.assertIn("Late delivery", activity.summary)

        mine = self.Feedback.with_user(self.satisfaction_user).create({
            "partner_id": self.customer_a.id, "dimension": "product", "summary": "Scratches",
            "responsible_id": self.satisfaction_user.id})
        self.assertFalse(mine.activity_ids, "no activity for oneself")
        mine.responsible_id = self.salesperson_b
        self.assertEqual(mine.activity_ids.user_id, self.salesperson_b)

    # ------------------------------------------------------------------
    # Flow
    # ------------------------------------------------------------------
    def test_complaint_flow(self):
        feedback = self._feedback(date=datetime(2025, 3, 1, 9, 0))
        with freeze_time("2025-03-02 09:00:00"):
            feedback.action_start()
        self.assertEqual(feedback.state, "in_progress")
        with self.assertRaisesRegex(UserError, "Describe the resolution"):
            feedback.action_resolve()
        with self.assertRaisesRegex(UserError, "Resolve these complaints before closing"):
            feedback.action_close()
        feedback.resolution = "<p>Replacement delivered by express, freight on us.</p>"
        with freeze_time("2025-03-04 21:00:00"):
            feedback.action_resolve()
        self.assertEqual(feedback.state, "resolved")
        self.assertEqual(feedback.resolved_date, datetime(2025, 3, 4, 21, 0))
        # 2025-03-01 09:00 -> 2025-03-04 21:00 = 3 days 12 hours
        self.assertAlmostEqual(feedback.resolution_days, 3.5)
        with freeze_time("2025-03-10 08:00:00"):
            feedback.action_close()
        self.assertEqual(feedback.state, "closed")
        self.assertEqual(feedback.resolved_date, datetime(2025, 3, 4, 21, 0),
                         "closing keeps the resolution date")
        self.assertAlmostEqual(feedback.resolution_days, 3.5)

        feedback.action_reopen()
        self.assertEqual(feedback.state, "in_progress")
        self.assertFalse(feedback.resolved_date)
        self.assertEqual(feedback.resolution_days, 0.0)
        feedback.action_cancel()
        self.assertEqual(feedback.state, "cancelled")
        feedback.action_reopen()
        self.assertEqual(feedback.state, "in_progress")

    def test_bad_transitions(self):
        feedback = self._feedback(feedback_type="own_fault")
        with self.assertRaisesRegex(UserError, "cannot be reopened"):
            feedback.action_reopen()
        with self.assertRaisesRegex(UserError, "Resolve these complaints"):
            feedback.action_close()
        feedback.action_start()
        with self.assertRaisesRegex(UserError, "cannot be started"):
            feedback.action_start()
        feedback.resolution = "<p>Our mistake: credit note issued.</p>"
        feedback.action_resolve()
        with self.assertRaisesRegex(UserError, "cannot be resolved"):
            feedback.action_resolve()
        with self.assertRaisesRegex(UserError, "cannot be cancelled"):
            feedback.action_cancel()
        feedback.action_close()
        with self.assertRaisesRegex(UserError, "cannot be closed"):
            feedback.action_close()
        # An empty editor is no resolution.
        other = self._feedback(resolution="<p><br></p>")
        with self.assertRaisesRegex(UserError, "Describe the resolution"):
            other.action_resolve()

    @freeze_time("2025-05-06 12:00:00")
    def test_suggestion_and_praise_close_directly(self):
        suggestion = self._feedback(feedback_type="suggestion", dimension="product",
                                    summary="Offer a blue version",
                                    date=datetime(2025, 5, 4, 12, 0))
        praise = self._feedback(feedback_type="praise", dimension="image",
                                summary="Great booth at the fair",
                                date=datetime(2025, 5, 5, 0, 0))
        (suggestion | praise).action_close()
        self.assertEqual(set((suggestion | praise).mapped("state")), {"closed"})
        self.assertEqual(suggestion.resolved_date, datetime(2025, 5, 6, 12, 0))
        self.assertAlmostEqual(suggestion.resolution_days, 2.0)
        self.assertAlmostEqual(praise.resolution_days, 1.5)
        # A suggestion may also be resolved without a resolution text.
        other = self._feedback(feedback_type="suggestion", dimension="economy",
                               summary="Longer terms")
        other.action_resolve()
        self.assertEqual(other.state, "resolved")

    def test_close_marks_activity_done(self):
        feedback = self._feedback(feedback_type="suggestion").with_user(self.satisfaction_user)
        self.assertEqual(len(feedback.activity_ids), 1)
        feedback.action_close()
        self.assertFalse(feedback.activity_ids)

    # ------------------------------------------------------------------
    # Figures per customer
    # ------------------------------------------------------------------
    def _figures_fixture(self):
        """Customer A: 7 feedback, of which complaints (not cancelled): new, own fault in
        progress, resolved in 2 days, closed in 6.5 days; a cancelled complaint; a new
        suggestion; a praise closed in 1 day. Customer B: one resolved complaint, 10 days."""
        def make(feedback_type, state, received, resolved=None, partner=None):
            return self._feedback(partner, feedback_type, state=state, date=received,
                                  resolved_date=resolved)
        make("complaint", "new", datetime(2025, 1, 5))
        make("own_fault", "in_progress", datetime(2025, 1, 6))
        make("complaint", "resolved", datetime(2025, 1, 1), datetime(2025, 1, 3))
        make("complaint", "closed", datetime(2025, 2, 1), datetime(2025, 2, 7, 12, 0))
        make("complaint", "cancelled", datetime(2025, 2, 2))
        make("suggestion", "new", datetime(2025, 2, 3))
        make("praise", "closed", datetime(2025, 2, 4), datetime(2025, 2, 5))
        make("complaint", "resolved", datetime(2025, 3, 1), datetime(2025, 3, 11),
             partner=self.customer_b)

    def test_figures_per_customer(self):
        self._figures_fixture()
        customers = (self.customer_a | self.customer_b).with_user(self.satisfaction_user)
        customer_a, customer_b = customers
        self.assertEqual(customer_a.satisfaction_feedback_count, 7)
        self.assertEqual(customer_a.satisfaction_complaint_count, 4)
        self.assertEqual(customer_a.satisfaction_open_complaint_count, 2)
        # complaints resolved or closed: (2 + 6.5) / 2
        self.assertAlmostEqual(customer_a.satisfaction_resolution_days, 4.25)
        self.assertEqual(customer_b.satisfaction_feedback_count, 1)
        self.assertEqual(customer_b.satisfaction_open_complaint_count, 0)
        self.assertAlmostEqual(customer_b.satisfaction_resolution_days, 10.0)
        # On any partner form, also without access to the feedback.
        self.assertEqual(self.customer_a.with_user(self.employee).satisfaction_feedback_count, 7)
        action = customer_a.action_view_satisfaction_feedback()
        self.assertEqual(self.Feedback.search(action["domain"]),
                         self.Feedback.search([("partner_id", "=", self.customer_a.id)]))

    def test_resolution_time_per_dimension(self):
        """The analysis averages the resolution time of resolved feedback only."""
        self._figures_fixture()
        groups = dict(self.Feedback._read_group(
            [("partner_id", "=", self.customer_a.id)], ["feedback_type"],
            ["resolution_days:avg"]))
        # complaints: resolved 2, closed 6.5, the new and cancelled ones do not count
        self.assertAlmostEqual(groups["complaint"], 4.25)
        self.assertFalse(groups["suggestion"], "no suggestion resolved: no average")
        self.assertAlmostEqual(groups["praise"], 1.0)
        [(count, average)] = self.Feedback._read_group(
            [("partner_id", "=", self.customer_a.id)], [], ["__count", "resolution_days:avg"])
        self.assertEqual(count, 7)
        self.assertAlmostEqual(average, (2 + 6.5 + 1) / 3)
        by_customer = dict(self.Feedback._read_group(
            [("dimension", "=", "service")], ["partner_id"], ["__count"]))
        self.assertEqual(by_customer[self.customer_a], 7)
        self.assertEqual(by_customer[self.customer_b], 1)

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_access_user(self):
        feedback = self.Feedback.with_user(self.satisfaction_user).create({
            "partner_id": self.customer_b.id, "dimension": "economy",
            "summary": "Invoice sent twice"})
        feedback.action_start()
        feedback.resolution = "<p>Duplicate cancelled.</p>"
        feedback.action_resolve()
        self.assertEqual(feedback.state, "resolved")
        # Salespeople and satisfaction staff see the feedback of every customer.
        others = self._feedback(self.customer_a)
        self.assertIn(others, self.Feedback.with_user(self.satisfaction_user).search([]))
        with self.assertRaises(AccessError):
            feedback.unlink()

    def test_access_manager_and_employee(self):
        feedback = self._feedback()
        with self.assertRaises(AccessError):
            feedback.with_user(self.employee).read(["summary"])
        with self.assertRaises(AccessError):
            self.Feedback.with_user(self.employee).create({
                "partner_id": self.customer_a.id, "dimension": "service", "summary": "x"})
        feedback.with_user(self.satisfaction_manager).unlink()
        self.assertFalse(feedback.exists())

    def test_multi_company(self):
        other = self.env["res.company"].create({"name": "Other Feedback Co"})
        feedback = self.Feedback.sudo().create({
            "partner_id": self.customer_a.id, "company_id": other.id, "dimension": "product",
            "summary": "Elsewhere"})
        self.assertNotIn(feedback, self.Feedback.with_user(self.satisfaction_user).search([]))
        self.assertEqual(
            self.customer_a.with_user(self.satisfaction_user).satisfaction_feedback_count, 0)
