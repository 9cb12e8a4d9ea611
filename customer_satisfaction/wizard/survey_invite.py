import logging
from datetime import timedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..models.customer_satisfaction_campaign import SURVEY_TRIGGERS

_logger = logging.getLogger(__name__)


class SurveyInvite(models.TransientModel):
    """The survey's own invitation wizard, used by the satisfaction campaigns and the
    automatic surveys: the answers it creates remember their campaign and why they were
    sent, and a campaign's reminders go to the campaign's own answers."""

    _inherit = "survey.invite"

    satisfaction_campaign_id = fields.Many2one(
        "customer.satisfaction.campaign")
    satisfaction_trigger = fields.Selection(SURVEY_TRIGGERS, "Sent After")
    satisfaction_answer_ids = fields.Many2many(
        "survey.user_input", "survey_invite_satisfaction_answer_rel", "invite_id",
        "user_input_id", string="Invitations Sent", readonly=True,
        help="The answers (new or resent) the wizard sent its e-mails for.")

    def _get_answers_values(self):
        values = super()._get_answers_values()
        if self.satisfaction_campaign_id:
            values["satisfaction_campaign_id"] = self.satisfaction_campaign_id.id
        if self.satisfaction_trigger or self.satisfaction_campaign_id:
            values["satisfaction_trigger"] = self.satisfaction_trigger or "campaign"
        return values

    def _prepare_answers(self, partners, emails):
        campaign = self.satisfaction_campaign_id
        if campaign and self.existing_mode == "resend":
            # A reminder: the latest answer of the campaign of each partner, not the latest
            # answer to the survey, which may belong to another campaign or event.
            answers = self.env["survey.user_input"]
            for answer in campaign.user_input_ids.filtered(
                    lambda answer: answer.partner_id in partners).sorted("id", reverse=True):
                if answer.partner_id not in answers.partner_id:
                    answers |= answer
            answers |= super()._prepare_answers(partners - answers.partner_id, emails)
        else:
            answers = super()._prepare_answers(partners, emails)
        self.satisfaction_answer_ids = [Command.set(answers.ids)]
        return answers

    def action_invite(self):
        result = super().action_invite()
        for invite in self.filtered(lambda invite: invite.satisfaction_campaign_id
                                    and invite.existing_mode == "new"):
            invite.satisfaction_campaign_id._invitations_sent(invite.satisfaction_answer_ids)
        return result

    @api.model
    def _satisfaction_invite(self, survey, partners, existing_mode="new", campaign=None,
                             trigger=None, deadline=False):
        """Invite ``partners`` to ``survey`` as the survey's Share button does, with the
        survey's invitation template. Returns the answers the e-mails were sent for."""
        template = self.env.ref("survey.mail_template_user_input_invite",
                                raise_if_not_found=False)
        invite = self.with_context(
            default_email_layout_xmlid="mail.mail_notification_light",
        ).create({
            "survey_id": survey.id,
            "partner_ids": [Command.set(partners.ids)],
            "template_id": template.id if template else False,
            "send_email": True,
            "existing_mode": existing_mode,
            "deadline": deadline,
            "satisfaction_campaign_id": campaign.id if campaign else False,
            "satisfaction_trigger": trigger or False,
        })
        invite.action_invite()
        return invite.satisfaction_answer_ids

    @api.model
    def _satisfaction_send_automatic(self, survey, partners, trigger, company, sources=None):
        """The satisfaction survey sent automatically after an event (``trigger``: complaint
        closed, invoice paid) to the customers of ``partners``, unless they received a
        satisfaction survey in the company's minimum number of days or have no e-mail.
        ``sources``: {customer: values written on its answer} (the complaint, the invoice).
        Never raises, so that the event itself goes through: failures are logged.
        Returns (answers, {customer: reason not sent})."""
        # Automatic: whoever triggers the event (closing a complaint, paying an invoice) need
        # not have any right on the surveys.
        survey = survey.sudo()
        customers = partners.commercial_partner_id
        UserInput = self.env["survey.user_input"].sudo()
        skipped = {}
        if not survey.active or survey.access_mode not in ("public", "token"):
            reason = _("the survey %(survey)s is archived or requires a login.",
                       survey=survey.title)
            return UserInput, dict.fromkeys(customers, reason)
        days = company.satisfaction_survey_min_days
        if days > 0:
            recent = UserInput._read_group(
                [("partner_id.commercial_partner_id", "in", customers.ids),
                 ("survey_id.survey_type", "=", "customer_satisfaction"),
                 ("test_entry", "=", False),
                 ("create_date", ">", fields.Datetime.now() - timedelta(days=days))],
                ["partner_id"])
            for (partner,) in recent:
                skipped[partner.commercial_partner_id] = _(
                    "a satisfaction survey was sent to the customer in the last %(days)s "
                    "days.", days=days)
        recipients = customers.filtered(
            lambda customer: customer not in skipped)._satisfaction_survey_recipients()
        for customer in customers:
            if customer not in skipped and customer not in recipients:
                skipped[customer] = _("neither the customer nor its main contact has an "
                                      "e-mail.")
        if not recipients:
            return UserInput, skipped
        try:
            with self.env.cr.savepoint():
                answers = self.sudo().with_company(company)._satisfaction_invite(
                    survey, self.env["res.partner"].union(*recipients.values()),
                    trigger=trigger)
        except UserError as error:
            self.env.invalidate_all()
            _logger.warning("Automatic satisfaction survey %s not sent to %s: %s",
                            survey.title, recipients.keys(), error)
            reason = _("sending failed: %(error)s", error=error)
            skipped.update(dict.fromkeys(recipients, reason))
            return UserInput, skipped
        for answer in answers:
            values = (sources or {}).get(answer.partner_id.commercial_partner_id)
            if values:
                answer.write(values)
        return answers, skipped
