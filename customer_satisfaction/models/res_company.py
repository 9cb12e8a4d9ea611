from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    satisfaction_low_threshold = fields.Float(
        "Low Satisfaction Threshold", default=60.0,
        help="Completed satisfaction answers with an overall index below this value (0-100) "
        "create an activity for the customer's salesperson.")

    # ------------------------------------------------------------------
    # Churn
    # ------------------------------------------------------------------
    churn_risk_factor = fields.Float(
        "At-Risk Multiple", default=2.0,
        help="A customer is at risk when the days since its last purchase are strictly more "
        "than this multiple of its usual interval between purchase days (exactly the multiple "
        "is not flagged).")
    churn_lost_factor = fields.Float(
        "Lost Multiple", default=4.0,
        help="A customer is flagged lost, to be confirmed by a satisfaction manager, when the "
        "days since its last purchase are strictly more than this multiple of its usual "
        "interval between purchase days. Must be more than the at-risk multiple.")
    churn_min_purchases = fields.Integer(
        "Minimum Purchase Days", default=3,
        help="Only customers with at least this many purchase days (posted customer invoices, "
        "several on one day count once) have a usual interval and are checked.")
    churn_manager_id = fields.Many2one(
        "res.users", "Losses Confirmed By",
        domain=lambda self: [("groups_id", "in", self.env.ref(
            "customer_satisfaction.group_satisfaction_manager").ids)],
        help="Satisfaction manager who gets the activity to confirm a customer flagged lost; "
        "empty: the customer's salesperson.")

    @api.constrains("churn_risk_factor", "churn_lost_factor", "churn_min_purchases")
    def _check_churn_settings(self):
        for company in self:
            if company.churn_risk_factor <= 0:
                raise ValidationError(_("The at-risk multiple must be positive."))
            if company.churn_lost_factor <= company.churn_risk_factor:
                raise ValidationError(_(
                    "The lost multiple (%(lost)s) must be more than the at-risk multiple "
                    "(%(risk)s).", lost=company.churn_lost_factor,
                    risk=company.churn_risk_factor))
            if company.churn_min_purchases < 2:
                raise ValidationError(_(
                    "A usual purchase interval needs at least two purchase days."))

    # ------------------------------------------------------------------
    # Automatic satisfaction surveys
    # ------------------------------------------------------------------
    satisfaction_survey_complaint_id = fields.Many2one(
        "survey.survey", "Survey after a Closed Complaint",
        domain="[('survey_type', '=', 'customer_satisfaction')]",
        help="Sent to the customer when one of its complaints is closed. Empty: none.")
    satisfaction_survey_invoice_id = fields.Many2one(
        "survey.survey", "Survey after a Paid Invoice",
        domain="[('survey_type', '=', 'customer_satisfaction')]",
        help="Sent to the customer when one of its invoices is fully paid. Empty: none.")
    satisfaction_survey_min_days = fields.Integer(
        "Days between Automatic Surveys", default=90,
        help="No automatic survey goes to a customer who received a satisfaction survey "
        "(automatic or from a campaign) in this many days. 0: no minimum.")
