from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------------
    # Customer health
    # ------------------------------------------------------------------
    health_satisfaction_drop = fields.Float(
        "Satisfaction Drop that Counts", default=10.0,
        help="A customer whose latest overall index is this many points (0-100) or more "
        "below the previous one is on watch, and a credit warning signal 'Satisfaction "
        "Dropping' is opened.")
    health_complaint_count = fields.Integer(
        "Risky from Open Complaints", default=2,
        help="From this number of open complaints (complaints and complaints about our own "
        "faults, new or in progress) a customer is risky; fewer open complaints put it on "
        "watch.")
    health_low_grade_level = fields.Float(
        "Low Credit Grade Below (%)", default=40.0,
        help="A credit grade whose threshold (credit level from which it is given) is below "
        "this percentage is a low grade: the customer is at risk. Other grades whose control "
        "level is Block put the customer on watch.")
    health_escalate_important = fields.Boolean(
        "Important Customers Escalate", default=True,
        help="For customers of the important tier each reason counts one level higher: watch "
        "becomes at risk, at risk becomes critical.")

    @api.constrains("health_satisfaction_drop", "health_complaint_count",
                    "health_low_grade_level")
    def _check_health_settings(self):
        for company in self:
            if company.health_satisfaction_drop <= 0:
                raise ValidationError(_("The satisfaction drop that counts must be positive."))
            if company.health_complaint_count < 1:
                raise ValidationError(_(
                    "The number of open complaints for at risk must be at least 1."))
            if not 0 <= company.health_low_grade_level <= 100:
                raise ValidationError(_(
                    "The level below which a credit grade is low must be between 0 and "
                    "100 %."))
