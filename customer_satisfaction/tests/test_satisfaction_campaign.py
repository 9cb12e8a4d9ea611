from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CustomerSatisfactionCommon


class SatisfactionCampaignCommon(CustomerSatisfactionCommon):
    """Customers with e-mails for the invitations:

    ==========  ===========  ======  =====================  ===========================
    customer    salesperson  tier    e-mail                 notes
    ==========  ===========  ======  =====================  ===========================
    customer_a  A            import  a@ (own)
    customer_b  B            ordin.  b@ (own)
    customer_c  A            import  buyer-c@ (main contact)  the customer has none
    customer_d  B            import  none                   not invitable
    customer_e  A            import  e@ (own)               no archive
    ==========  ===========  ======  =====================  ===========================
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Campaign = cls.env["customer.satisfaction.campaign"]
        cls.survey.access_mode = "token"
        cls.customer_a.write({"email": "a@customer-a.example.com", "archive_tier": "important"})
        cls.customer_b.write({"email": "b@customer-b.example.com", "archive_tier": "ordinary"})
        cls.customer_c = cls._create_customer("Customer C", cls.salesperson_a,
                                              archive_tier="important")
        cls.contact_c = cls.env["res.partner"].create({
            "name": "Buyer of C", "parent_id": cls.customer_c.id,
            "email": "buyer-c@customer-c.example.com"})
        cls.customer_c.main_contact_id = cls.contact_c
        cls.customer_d = cls._create_customer("Customer D", cls.salesperson_b,
                                              archive_tier="important")
        cls.customer_e = cls._create_customer("Customer E", cls.salesperson_a, archive=False,
                                              archive_tier="important",
                                              email="e@customer-e.example.com")
        cls._end_request()

    def _campaign(self, partners=None, **values):
        return self.Campaign.create({
            "name": "Satisfaction 2025",
            "survey_id": self.survey.id,
            "partner_ids": [Command.set(partners.ids)] if partners else [],
            **values,
        })

    def _mails_to(self, partners):
        return self.env["mail.mail"].search([("recipient_ids", "in", partners.ids)])

    def _complete(self, user_input, quality=8):
        user_input = user_input.sudo()
        user_input._save_lines(self.q_quality, quality)
        user_input._mark_done()


@tagged("post_install", "-at_install")
class TestSatisfactionCampaign(SatisfactionCampaignCommon):

    # ------------------------------------------------------------------
    # Selection
    # ------------------------------------------------------------------
    def test_select_by_tier(self):
        campaign = self._campaign(archive_tier="important")
        campaign.action_select_customers()
        # D has no e-mail, E no archive
        self.assertEqual(campaign.partner_ids, self.customer_a | self.customer_c)
        self.assertEqual(campaign.partner_count, 2)

    def test_select_by_salesperson_class_and_domain(self):
        campaign = self._campaign(salesperson_ids=[Command.set(self.salesperson_b.ids)])
        campaign.action_select_customers()
        self.assertEqual(campaign.partner_ids, self.customer_b, "D has no e-mail")

        self.customer_b.sudo().archive_volume_class = "major"
        campaign = self._campaign(archive_volume_class="major")
        campaign.action_select_customers()
        self.assertEqual(campaign.partner_ids, self.customer_b)

        campaign = self._campaign(archive_tier="important",
                                  partner_domain="[('name', 'ilike', 'Customer C')]")
        campaign.action_select_customers()
        self.assertEqual(campaign.partner_ids, self.customer_c)

    def test_select_company_and_errors(self):
        other = self.env["res.company"].create({"name": "Other Campaign Co"})
        self.customer_c.sudo().archive_company_id = other
        campaign = self._campaign(archive_tier="important")
        campaign.action_select_customers()
        self.assertEqual(campaign.partner_ids, self.customer_a, "C's archive is elsewhere")

        campaign.archive_tier = "special"
        with self.assertRaisesRegex(UserError, "No customer"):
            campaign.action_select_customers()
        self.assertEqual(campaign.partner_ids, self.customer_a, "unchanged")
        with self.assertRaises(ValidationError):
            campaign.partner_domain = "[('no_such_field', '=', 1)]"

    # ------------------------------------------------------------------
    # Invitations
    # ------------------------------------------------------------------
    def test_send_invitations(self):
        campaign = self._campaign(self.customer_a | self.customer_c | self.customer_d,
                                  deadline=datetime(2099, 6, 30, 18, 0))
        campaign.action_send_invitations()
        answers = campaign.user_input_ids
        self.assertEqual(len(answers), 2)
        self.assertEqual(answers.partner_id, self.customer_a | self.contact_c,
                         "C is invited through its main contact")
        self.assertEqual(set(answers.mapped("state")), {"new"})
        self.assertEqual(set(answers.mapped("satisfaction_trigger")), {"campaign"})
        self.assertEqual(set(answers.mapped("deadline")), {datetime(2099, 6, 30, 18, 0)})
        self.assertEqual(campaign.state, "sent")
        self.assertTrue(campaign.date_sent)
        for answer in answers:
            mail = self._mails_to(answer.partner_id)
            self.assertEqual(len(mail), 1)
            self.assertEqual(mail.state, "outgoing")
            self.assertIn(answer.access_token, mail.body_html, "a personal link")
        self.assertIn("Customer D", campaign.message_ids[0].body)
        self.assertEqual(
            (campaign.invited_count, campaign.not_started_count, campaign.answered_count,
             campaign.response_rate), (2, 2, 0, 0.0))

        with self.assertRaisesRegex(UserError, "has an e-mail: Customer D"):
            campaign.action_send_invitations()
        campaign.partner_ids = [Command.link(self.customer_b.id)]
        campaign.action_send_invitations()
        self.assertEqual(campaign.invited_count, 3)
        self.assertEqual(len(self._mails_to(self.customer_a)), 1, "A is not invited twice")
        campaign.partner_ids = [Command.unlink(self.customer_d.id)]
        with self.assertRaisesRegex(UserError, "already been invited"):
            campaign.action_send_invitations()

        campaign.deadline = datetime(2099, 7, 31, 18, 0)
        self.assertEqual(set(campaign.user_input_ids.mapped("deadline")),
                         {datetime(2099, 7, 31, 18, 0)})

    def test_invitations_are_reviewed_in_the_survey_composer(self):
        """The button opens Odoo's survey composer with the e-mail and the recipients to
        read; nothing is sent until the composer sends it."""
        campaign = self._campaign(self.customer_a | self.customer_c | self.customer_d)
        action = campaign.action_review_invitations()
        self.assertEqual((action["res_model"], action["target"], action["name"]),
                         ("survey.invite", "new", "Invite 2 Customers"))
        self.assertFalse(self.env["mail.mail"].search_count(
            [("recipient_ids", "in", (self.customer_a | self.contact_c).ids)]))
        composer = Form(self.env["survey.invite"].with_context(**action["context"]))
        self.assertEqual(composer.partner_ids[:], self.customer_a | self.contact_c)
        self.assertTrue(composer.subject and composer.body, "the e-mail is shown to be read")
        composer.save().action_invite()
        self.assertEqual(campaign.state, "sent")
        self.assertEqual(campaign.user_input_ids.partner_id, self.customer_a | self.contact_c)
        self.assertEqual(set(campaign.user_input_ids.mapped("satisfaction_trigger")),
                         {"campaign"})
        self.assertIn("2 invitations sent", campaign.message_ids[0].body)
        self.assertIn("Customer D", campaign.message_ids[0].body)

    def test_send_errors(self):
        campaign = self._campaign(self.customer_d)
        with self.assertRaisesRegex(UserError, "has an e-mail"):
            campaign.action_send_invitations()
        campaign.deadline = datetime(2020, 1, 1)
        with self.assertRaisesRegex(UserError, "deadline"):
            campaign.action_send_invitations()
        campaign = self._campaign(self.customer_a)
        with self.assertRaisesRegex(UserError, "Reminders are sent"):
            campaign.action_send_reminders()

    def test_follow_up_and_reminders(self):
        campaign = self._campaign(self.customer_a | self.customer_b | self.customer_c)
        campaign.action_send_invitations()
        answer_a, answer_b, answer_c = (
            campaign.user_input_ids.filtered(lambda a, p=p: a.partner_id == p)
            for p in (self.customer_a, self.customer_b, self.contact_c))
        self._complete(answer_a, quality=8)
        answer_b.sudo().state = "in_progress"
        # A later campaign invites B again: B's reminder is still campaign 1's answer.
        later = self._campaign(self.customer_b, name="Follow-up")
        later.action_send_invitations()
        self.assertEqual(
            (campaign.invited_count, campaign.answered_count, campaign.in_progress_count,
             campaign.not_started_count, campaign.score_count), (3, 1, 1, 1, 1))
        self.assertEqual(campaign.response_rate, 33.3, "1 / 3, one decimal")

        campaign.action_send_reminders()
        self.assertEqual(len(campaign.user_input_ids), 3, "no new answer")
        self.assertEqual(len(self._mails_to(self.customer_a)), 1, "A answered: no reminder")
        self.assertEqual(len(self._mails_to(self.customer_b)), 3, "invitation x2 + reminder")
        self.assertEqual(len(self._mails_to(self.contact_c)), 2, "invitation + reminder")
        self.assertEqual(
            (answer_a.satisfaction_reminder_count, answer_b.satisfaction_reminder_count,
             answer_c.satisfaction_reminder_count), (0, 1, 1))
        self.assertEqual(later.user_input_ids.satisfaction_reminder_count, 0)
        self.assertIn(answer_b.access_token, self._mails_to(self.customer_b)[0].body_html)
        campaign.action_send_reminders()
        self.assertEqual(campaign.reminder_count, 4)

        self._complete(answer_b)
        self._complete(answer_c)
        self.assertEqual((campaign.answered_count, campaign.response_rate), (3, 100.0))
        with self.assertRaisesRegex(UserError, "Nobody is left to remind"):
            campaign.action_send_reminders()
        action = campaign.action_view_scores()
        scores = self.env["customer.satisfaction.score"].search(action["domain"])
        self.assertEqual(scores.partner_id, self.customer_a | self.customer_b | self.customer_c)
        campaign.action_done()
        self.assertEqual(campaign.state, "done")
        with self.assertRaisesRegex(UserError, "done"):
            campaign.action_send_invitations()

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_access(self):
        with self.assertRaises(AccessError):
            self.Campaign.with_user(self.satisfaction_user).create({
                "name": "Not mine", "survey_id": self.survey.id})
        campaign = self._campaign(self.customer_a)
        with self.assertRaises(AccessError):
            campaign.with_user(self.satisfaction_user).read(["name"])

        campaign = self.Campaign.with_user(self.satisfaction_manager).create({
            "name": "Managed", "survey_id": self.survey.id, "archive_tier": "important"})
        campaign.action_select_customers()
        campaign.action_send_invitations()
        # The manager reads the answers of the satisfaction surveys (survey's own rules do not
        # cover this survey type).
        self.assertEqual(campaign.user_input_ids.partner_id, self.customer_a | self.contact_c)
        self.assertEqual(campaign.invited_count, 2)
        with self.assertRaisesRegex(UserError, "draft"):
            campaign.unlink()
