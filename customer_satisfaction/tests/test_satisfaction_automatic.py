from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL

from .test_satisfaction_campaign import SatisfactionCampaignCommon


@tagged("post_install", "-at_install")
class TestSatisfactionAutomatic(SatisfactionCampaignCommon):
    """Surveys sent by themselves after a complaint is closed or an invoice is paid, at most
    one per customer in the company's minimum number of days (90 by default)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.UserInput = cls.env["survey.user_input"]
        cls.archive_company.satisfaction_survey_complaint_id = cls.survey
        cls.archive_company.satisfaction_survey_invoice_id = cls.survey

    def _answers(self, partners):
        return self.UserInput.search([("partner_id", "in", partners.ids),
                                      ("survey_id", "=", self.survey.id)])

    def _closed_complaint(self, partner, user=None):
        feedback = self.env["customer.satisfaction.feedback"].with_user(
            user or self.env.user).create({
                "partner_id": partner.id, "dimension": "service",
                "summary": "Damaged parcel", "resolution": "<p>Replaced.</p>"})
        feedback.action_resolve()
        feedback.action_close()
        return feedback

    def _backdate(self, answers, days):
        self.env.flush_all()
        self.env.cr.execute(SQL(
            "UPDATE survey_user_input SET create_date = %s WHERE id IN %s",
            fields.Datetime.now() - timedelta(days=days), tuple(answers.ids)))
        answers.invalidate_recordset(["create_date"])

    def _pay(self, invoice):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids,
        ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    # ------------------------------------------------------------------
    # After a closed complaint
    # ------------------------------------------------------------------
    def test_complaint_closed(self):
        # Closed by a satisfaction user, who has no rights on the surveys.
        feedback = self._closed_complaint(self.customer_c, user=self.satisfaction_user)
        answer = self._answers(self.contact_c)
        self.assertEqual(len(answer), 1, "to the main contact of the customer")
        self.assertEqual(answer.satisfaction_trigger, "complaint")
        self.assertEqual(answer.satisfaction_feedback_id, feedback)
        self.assertFalse(answer.satisfaction_campaign_id)
        self.assertEqual(len(self._mails_to(self.contact_c)), 1)
        self.assertIn("sent to Customer C, Buyer of C", feedback.message_ids[0].body)
        self.assertEqual(feedback.sudo().survey_user_input_ids, answer)

    def test_complaint_min_days(self):
        first = self._closed_complaint(self.customer_a)
        answer = self._answers(self.customer_a)
        self.assertEqual(len(answer), 1)
        second = self._closed_complaint(self.customer_a)
        self.assertEqual(self._answers(self.customer_a), answer, "within 90 days: none")
        self.assertIn("in the last 90 days", second.message_ids[0].body)

        # 89 days ago is within the 90 days; 91 days ago is not.
        self._backdate(answer, 89)
        self._closed_complaint(self.customer_a)
        self.assertEqual(len(self._answers(self.customer_a)), 1)
        self._backdate(answer, 91)
        third = self._closed_complaint(self.customer_a)
        self.assertEqual(len(self._answers(self.customer_a)), 2)
        self.assertEqual(third.sudo().survey_user_input_ids.satisfaction_trigger, "complaint")

        # A campaign's invitation counts as well.
        campaign = self._campaign(self.customer_b)
        campaign.action_send_invitations()
        self._closed_complaint(self.customer_b)
        self.assertEqual(len(self._answers(self.customer_b)), 1)

        # Without a minimum, every closed complaint sends one, but a complaint reopened and
        # closed again does not send a second one.
        self.archive_company.satisfaction_survey_min_days = 0
        self._closed_complaint(self.customer_b)
        self.assertEqual(len(self._answers(self.customer_b)), 2)
        first.action_reopen()
        first.action_resolve()
        first.action_close()
        self.assertEqual(len(self._answers(self.customer_a)), 2)

    def test_complaint_not_sent(self):
        # No e-mail: noted on the complaint.
        feedback = self._closed_complaint(self.customer_d)
        self.assertFalse(self._answers(self.customer_d))
        self.assertIn("has an e-mail", feedback.message_ids[0].body)
        # Suggestions and praise send nothing.
        suggestion = self.env["customer.satisfaction.feedback"].create({
            "partner_id": self.customer_a.id, "feedback_type": "suggestion",
            "dimension": "product", "summary": "More colours"})
        suggestion.action_close()
        self.assertFalse(self._answers(self.customer_a))
        # An archived survey sends nothing and says so.
        self.survey.active = False
        feedback = self._closed_complaint(self.customer_a)
        self.assertFalse(self._answers(self.customer_a))
        self.assertIn("archived", feedback.message_ids[0].body)
        # Disabled: no survey set.
        self.survey.active = True
        self.archive_company.satisfaction_survey_complaint_id = False
        self._closed_complaint(self.customer_a)
        self.assertFalse(self._answers(self.customer_a))

    # ------------------------------------------------------------------
    # After a paid invoice
    # ------------------------------------------------------------------
    def test_invoice_paid(self):
        invoice = self._invoice(self.customer_a, fields.Date.today(), 1000.0)
        self.assertFalse(self._answers(self.customer_a), "posting sends nothing")
        self._pay(invoice)
        answer = self._answers(self.customer_a)
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.satisfaction_trigger, "invoice")
        self.assertEqual(answer.satisfaction_invoice_id, invoice)
        self.assertEqual(len(self._mails_to(self.customer_a)), 1)

        # The next paid invoice within 90 days sends nothing.
        second = self._invoice(self.customer_a, fields.Date.today(), 500.0)
        self._pay(second)
        self.assertEqual(self._answers(self.customer_a), answer)

        # Without a minimum: one per invoice, never twice for the same invoice.
        self.archive_company.satisfaction_survey_min_days = 0
        third = self._invoice(self.customer_a, fields.Date.today(), 200.0)
        self._pay(third)
        self.assertEqual(len(self._answers(self.customer_a)), 2)
        (invoice | third)._invoice_paid_hook()
        self.assertEqual(len(self._answers(self.customer_a)), 2)

    def test_invoices_paid_together(self):
        """Set-based: one survey per customer for the invoices paid together, customers
        without an e-mail and other documents skipped without error."""
        invoices = (self._invoice(self.customer_a, fields.Date.today(), 100.0)
                    | self._invoice(self.customer_a, fields.Date.today(), 200.0)
                    | self._invoice(self.customer_c, fields.Date.today(), 300.0)
                    | self._invoice(self.customer_d, fields.Date.today(), 400.0))
        refund = self._invoice(self.customer_b, fields.Date.today(), 50.0, move_type="out_refund")
        bill = self._invoice(self.customer_b, fields.Date.today(), 70.0, move_type="in_invoice")
        (invoices | refund | bill)._invoice_paid_hook()
        answers = self.UserInput.search([("satisfaction_trigger", "=", "invoice")])
        self.assertEqual(answers.partner_id, self.customer_a | self.contact_c)
        self.assertEqual(answers.satisfaction_invoice_id, invoices[1] | invoices[2],
                         "the latest invoice of each customer")

    def test_invoice_disabled(self):
        self.archive_company.satisfaction_survey_invoice_id = False
        invoice = self._invoice(self.customer_a, fields.Date.today(), 1000.0)
        self._pay(invoice)
        self.assertFalse(self._answers(self.customer_a))
