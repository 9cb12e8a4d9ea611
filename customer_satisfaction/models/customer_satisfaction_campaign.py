from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.addons.customer_archive.models.customer_figures import CUSTOMER_DOMAIN
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval

CAMPAIGN_STATES = [("draft", "Draft"), ("sent", "Sent"), ("done", "Done")]
# Why a satisfaction survey was sent to a customer (survey.user_input.satisfaction_trigger).
SURVEY_TRIGGERS = [
    ("campaign", "Campaign"),
    ("complaint", "Complaint Closed"),
    ("invoice", "Invoice Paid"),
]


def _partner_selection(field_name):
    """The selection of a res.partner field, for the criteria of the same name."""
    def selection(self):
        return self.env["res.partner"]._fields[field_name]._description_selection(self.env)
    return selection


class CustomerSatisfactionCampaign(models.Model):
    """A satisfaction survey campaign (满意度调查): customers chosen by tier,
    class or salesperson receive a personal invitation through the survey's own invitation
    flow; the campaign follows who answered and reminds those who did not."""

    _name = "customer.satisfaction.campaign"
    _description = "Satisfaction Survey Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_sent desc, id desc"
    _check_company_auto = True

    name = fields.Char("Campaign", required=True, tracking=True)
    survey_id = fields.Many2one(
        "survey.survey", required=True, tracking=True,
        domain="[('survey_type', '=', 'customer_satisfaction')]")
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.company)
    user_id = fields.Many2one(
        "res.users", "Responsible", default=lambda self: self.env.user, tracking=True,
        domain="[('share', '=', False)]")
    state = fields.Selection(CAMPAIGN_STATES, "Status", required=True, default="draft",
                             tracking=True, copy=False)
    deadline = fields.Datetime(
        "Answer Deadline", tracking=True,
        help="Customers can answer until then. Changing it moves the deadline of the "
        "invitations not yet answered.")
    date_sent = fields.Datetime("Sent On", readonly=True, copy=False)
    note = fields.Html("Notes")

    # Criteria of the customers: quick criteria and a free domain, all combined.
    archive_tier = fields.Selection(_partner_selection("archive_tier"), "Tier")
    archive_volume_class = fields.Selection(
        _partner_selection("archive_volume_class"), "Volume Class")
    archive_time_class = fields.Selection(_partner_selection("archive_time_class"), "By Time")
    customer_nature = fields.Selection(_partner_selection("customer_nature"), "Nature")
    salesperson_ids = fields.Many2many(
        "res.users", "customer_satisfaction_campaign_salesperson_rel", "campaign_id", "user_id",
        string="Salespeople", domain="[('share', '=', False)]")
    partner_domain = fields.Char(
        "Other Conditions", default="[]",
        help="Further conditions on the customers, combined with the criteria above.")

    partner_ids = fields.Many2many(
        "res.partner", "customer_satisfaction_campaign_partner_rel", "campaign_id",
        "partner_id", string="Customers", copy=True,
        domain=[("archive_number", "!=", False), *CUSTOMER_DOMAIN],
        help="Filled by Select Customers from the criteria; add or remove customers by hand. "
        "The invitation goes to the customer's main contact when it has an e-mail, else to "
        "the customer.")
    user_input_ids = fields.One2many(
        "survey.user_input", "satisfaction_campaign_id", string="Invitations", readonly=True)

    # Follow-up
    partner_count = fields.Integer("Number of Customers", compute="_compute_partner_count")
    invited_count = fields.Integer("Invited", compute="_compute_answer_counts")
    answered_count = fields.Integer("Answered", compute="_compute_answer_counts")
    in_progress_count = fields.Integer("In Progress", compute="_compute_answer_counts")
    not_started_count = fields.Integer("Not Started", compute="_compute_answer_counts")
    reminder_count = fields.Integer(
        "Reminders Sent", compute="_compute_answer_counts",
        help="Reminders sent to the invited customers, all together.")
    response_rate = fields.Float(
        "Response Rate (%)", compute="_compute_answer_counts", digits=(16, 1),
        help="Answered / invited × 100.")
    score_count = fields.Integer("Scores", compute="_compute_answer_counts")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("partner_ids")
    def _compute_partner_count(self):
        for campaign in self:
            campaign.partner_count = len(campaign.partner_ids)

    @api.depends("user_input_ids.state", "user_input_ids.satisfaction_reminder_count")
    def _compute_answer_counts(self):
        # Counts only: read as superuser, the answers belong to the survey's responsibles.
        groups = self.env["survey.user_input"].sudo()._read_group(
            [("satisfaction_campaign_id", "in", self.ids), ("test_entry", "=", False)],
            ["satisfaction_campaign_id", "state"],
            ["__count", "satisfaction_reminder_count:sum", "satisfaction_score_id:count"])
        counts = {}
        for campaign, state, count, reminders, scores in groups:
            figures = counts.setdefault(campaign.id, {"reminders": 0, "scores": 0})
            figures[state] = count
            figures["reminders"] += reminders
            figures["scores"] += scores
        for campaign in self:
            figures = counts.get(campaign.id, {})
            campaign.answered_count = figures.get("done", 0)
            campaign.in_progress_count = figures.get("in_progress", 0)
            campaign.not_started_count = figures.get("new", 0)
            campaign.invited_count = (campaign.answered_count + campaign.in_progress_count
                                      + campaign.not_started_count)
            campaign.reminder_count = figures.get("reminders", 0)
            campaign.score_count = figures.get("scores", 0)
            campaign.response_rate = (campaign.answered_count / campaign.invited_count * 100
                                      if campaign.invited_count else 0.0)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("partner_domain")
    def _check_partner_domain(self):
        for campaign in self:
            campaign._get_extra_partner_domain()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        res = super().write(vals)
        if "deadline" in vals:
            # The deadline of the invitations not answered yet moves with the campaign's.
            self.sudo().user_input_ids.filtered(lambda answer: answer.state != "done").write(
                {"deadline": vals["deadline"]})
        return res

    def unlink(self):
        if any(campaign.state != "draft" for campaign in self):
            raise UserError(_("Only draft campaigns can be deleted; sent campaigns keep the "
                              "record of their invitations."))
        return super().unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_select_customers(self):
        """Replace the customers of the campaign by those matching its criteria."""
        self.ensure_one()
        if self.state == "done":
            raise UserError(_("The campaign is done: its customers cannot change."))
        partners = self.env["res.partner"].with_company(self.company_id).search(
            self._get_partner_domain())
        if not partners:
            raise UserError(_("No customer with an archive and an e-mail matches the criteria "
                              "of the campaign."))
        self.partner_ids = [Command.set(partners.ids)]
        return True

    def action_review_invitations(self):
        """Odoo's survey composer filled with the campaign's customers not invited yet: the
        sender reads the e-mail and its recipients, may change them, and sends from there."""
        recipients = self._invitation_recipients()
        template = self.env.ref("survey.mail_template_user_input_invite",
                                raise_if_not_found=False)
        return {
            "type": "ir.actions.act_window",
            "name": _("Invite %(count)s Customers", count=len(recipients)),
            "res_model": "survey.invite",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_survey_id": self.survey_id.id,
                "default_partner_ids": self.env["res.partner"].union(*recipients.values()).ids,
                "default_template_id": template.id if template else False,
                "default_send_email": True,
                "default_existing_mode": "new",
                "default_deadline": self.deadline,
                "default_satisfaction_campaign_id": self.id,
                "default_satisfaction_trigger": "campaign",
                "default_email_layout_xmlid": "mail.mail_notification_light",
            },
        }

    def _invitation_recipients(self):
        """{customer: the contact the invitation goes to} of the customers not invited yet;
        refuses what cannot be sent."""
        self.ensure_one()
        if self.state == "done":
            raise UserError(_("The campaign is done: no more invitations can be sent."))
        if self.deadline and self.deadline < fields.Datetime.now():
            raise UserError(_("The answer deadline of the campaign has passed; move it before "
                              "sending invitations."))
        self.survey_id.check_validity()
        invited = self.sudo().user_input_ids.partner_id.commercial_partner_id
        customers = self.partner_ids.commercial_partner_id - invited
        if not customers:
            raise UserError(_("Every customer of the campaign has already been invited."))
        recipients = customers._satisfaction_survey_recipients()
        if not recipients:
            raise UserError(_(
                "None of these customers nor their main contacts has an e-mail: %(names)s",
                names=", ".join(customers.mapped("display_name"))))
        return recipients

    def action_send_invitations(self):
        """Invite the customers of the campaign not invited yet at once, as the composer of
        action_review_invitations does: one answer with its token and one e-mail each."""
        recipients = self._invitation_recipients()
        self.env["survey.invite"]._satisfaction_invite(
            self.survey_id, self.env["res.partner"].union(*recipients.values()),
            campaign=self, trigger="campaign", deadline=self.deadline)
        return True

    def _invitations_sent(self, answers):
        """The survey composer sent ``answers`` for the campaign: it is sent, and its chatter
        says how many and who could not be invited for want of an e-mail."""
        self.ensure_one()
        self.write({"state": "sent", "date_sent": self.date_sent or fields.Datetime.now()})
        invited = self.sudo().user_input_ids.partner_id.commercial_partner_id
        waiting = self.partner_ids.commercial_partner_id - invited
        without_email = waiting - self.env["res.partner"].union(
            *waiting._satisfaction_survey_recipients().keys())
        body = _("%(count)s invitations sent.", count=len(answers))
        if without_email:
            body += " " + _("Without an e-mail, not invited: %(names)s",
                            names=", ".join(without_email.mapped("display_name")))
        self.message_post(body=body)

    def action_send_reminders(self):
        """Send the invitation again to the invited customers who have not completed the
        survey (existing mode "resend": the same answer and token)."""
        self.ensure_one()
        if self.state != "sent":
            raise UserError(_("Reminders are sent for campaigns that were sent and are not "
                              "done."))
        if self.deadline and self.deadline < fields.Datetime.now():
            raise UserError(_("The answer deadline of the campaign has passed; move it before "
                              "sending reminders."))
        pending = self.sudo().user_input_ids.filtered(
            lambda answer: answer.state != "done" and not answer.test_entry)
        if not pending:
            raise UserError(_("Nobody is left to remind: every invited customer has answered."))
        answers = self.env["survey.invite"]._satisfaction_invite(
            self.survey_id, pending.partner_id, existing_mode="resend", campaign=self,
            trigger="campaign", deadline=self.deadline)
        now = fields.Datetime.now()
        for count, to_update in answers.sudo().grouped("satisfaction_reminder_count").items():
            to_update.write({"satisfaction_reminder_count": count + 1,
                             "satisfaction_reminder_date": now})
        self.message_post(body=_("%(count)s reminders sent: %(names)s", count=len(answers),
                                 names=", ".join(answers.partner_id.mapped("display_name"))))
        return True

    def action_done(self):
        if any(campaign.state != "sent" for campaign in self):
            raise UserError(_("Only sent campaigns can be marked as done."))
        self.state = "done"

    def action_reset_draft(self):
        if any(campaign.state != "done" and campaign.user_input_ids for campaign in self):
            raise UserError(_("A campaign with invitations goes back to sent, not to draft."))
        for campaign in self:
            campaign.state = "sent" if campaign.sudo().user_input_ids else "draft"

    def action_view_answers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("survey.action_survey_user_input")
        action["domain"] = [("satisfaction_campaign_id", "=", self.id)]
        action["context"] = {"create": False, "search_default_group_by_state": False}
        return action

    def action_view_scores(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_satisfaction.customer_satisfaction_score_action")
        action["domain"] = [("user_input_id.satisfaction_campaign_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _get_extra_partner_domain(self):
        self.ensure_one()
        try:
            domain = safe_eval(self.partner_domain or "[]", {
                "uid": self.env.uid, "user": self.env.user,
                "context_today": lambda: fields.Date.context_today(self),
                "datetime": safe_datetime, "relativedelta": relativedelta,
                "timedelta": timedelta,
            })
            domain = expression.normalize_domain(domain)
            self.env["res.partner"]._where_calc(domain)
        except Exception as error:
            raise ValidationError(_("The other conditions of the campaign %(name)s are not a "
                                    "valid domain: %(error)s", name=self.name, error=error)
                                  ) from error
        return domain

    def _get_partner_domain(self):
        """Customers of the campaign's company (by their archive) with an e-mail, theirs or
        their main contact's, matching every criterion set."""
        self.ensure_one()
        domain = [
            *self.env["res.partner"]._customer_domain(self.company_id),
            "|", ("email", "!=", False), ("main_contact_id.email", "!=", False),
        ]
        for field in ("archive_tier", "archive_volume_class", "archive_time_class",
                      "customer_nature"):
            if self[field]:
                domain.append((field, "=", self[field]))
        if self.salesperson_ids:
            domain.append(("user_id", "in", self.salesperson_ids.ids))
        return expression.AND([domain, self._get_extra_partner_domain()])

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------
    def _demo_send(self, days_ago):
        """Demo data only: send the invitations as if ``days_ago`` days ago."""
        self.ensure_one()
        self.action_send_invitations()
        sent = fields.Datetime.now() - timedelta(days=days_ago)
        self.date_sent = sent
        self._demo_backdate(self.sudo().user_input_ids, sent)

    def _demo_answer(self, answers):
        """Demo data only: the customers' answers to the campaign, as they would give them on
        the survey's page. ``answers``: [(customer id, days ago, {question xml id: value})]
        with a scale value, the label of a suggested answer or a text; a 4th item False
        leaves the answer in progress."""
        self.ensure_one()
        by_customer = self.sudo().user_input_ids.grouped(
            lambda answer: answer.partner_id.commercial_partner_id)
        for customer_id, days_ago, values, *done in answers:
            user_input = by_customer.get(self.env["res.partner"].browse(customer_id),
                                         self.env["survey.user_input"])[:1]
            if not user_input:
                raise UserError(_("Demo data: customer %(id)s was not invited.", id=customer_id))
            self._demo_fill(user_input, days_ago, values, done=done[0] if done else True)

    @api.model
    def _demo_backdate(self, user_inputs, when):
        """Demo data only: invitations created at ``when``."""
        if user_inputs:
            self.env.flush_all()
            self.env.cr.execute(SQL(
                "UPDATE survey_user_input SET create_date = %s WHERE id IN %s",
                when, tuple(user_inputs.ids)))
            user_inputs.invalidate_recordset(["create_date"])

    @api.model
    def _demo_fill(self, user_input, days_ago, values, done=True):
        """Demo data only: record ``values`` ({question xml id: value}; a name without a
        module is a question of the template survey, e.g. ``quality``) on ``user_input`` and
        complete it (which scores it) as if ``days_ago`` days ago."""
        user_input = user_input.sudo()
        for xmlid, value in values.items():
            if "." not in xmlid:
                xmlid = f"customer_satisfaction.survey_question_{xmlid}"
            question = self.env.ref(xmlid).sudo()
            if question.question_type == "simple_choice":
                value = question.suggested_answer_ids.filtered(
                    lambda answer, label=value: answer.value == label).id
            user_input._save_lines(question, value)
        answered = fields.Datetime.now() - timedelta(days=days_ago)
        if done:
            user_input._mark_done()
        user_input.write({
            "start_datetime": answered - timedelta(minutes=7),
            "end_datetime": answered if done else False,
            "state": "done" if done else "in_progress",
        })
        if user_input.create_date > answered:
            self._demo_backdate(user_input, answered - timedelta(days=2))
        if user_input.satisfaction_score_id:
            user_input.satisfaction_score_id.date = answered.date()
