from odoo import fields, models

from .customer_satisfaction_campaign import SURVEY_TRIGGERS


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    satisfaction_score_id = fields.Many2one(
        "customer.satisfaction.score", index="btree_not_null",
        readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Campaigns and automatic surveys
    # ------------------------------------------------------------------
    satisfaction_campaign_id = fields.Many2one(
        "customer.satisfaction.campaign",
        index="btree_not_null", readonly=True, copy=False, ondelete="set null")
    satisfaction_trigger = fields.Selection(
        SURVEY_TRIGGERS, "Sent After", readonly=True, copy=False,
        help="Why the satisfaction survey was sent: a campaign, a closed complaint or a paid "
        "invoice.")
    satisfaction_feedback_id = fields.Many2one(
        "customer.satisfaction.feedback", string="Closed Complaint", index="btree_not_null",
        readonly=True, copy=False, ondelete="set null")
    satisfaction_invoice_id = fields.Many2one(
        "account.move", string="Paid Invoice", index="btree_not_null", readonly=True,
        copy=False, ondelete="set null")
    satisfaction_reminder_count = fields.Integer("Reminders", readonly=True, copy=False)
    satisfaction_reminder_date = fields.Datetime("Last Reminder", readonly=True, copy=False)

    def _satisfaction_company(self):
        """The company the answer's score counts for: the company that asked (campaign,
        complaint or invoice), else the owner of the customer's archive."""
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id
        return (self.satisfaction_campaign_id.company_id
                or self.satisfaction_feedback_id.company_id
                or self.satisfaction_invoice_id.company_id
                or customer.archive_company_id or customer.company_id or self.env.company)

    def _mark_done(self):
        res = super()._mark_done()
        self.env["customer.satisfaction.score"].sudo()._create_from_user_inputs(self)
        return res
