from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    archive_new_customer_months = fields.Integer(
        "New Customer Months", default=12,
        help="A customer whose first posted invoice is at most this many months old is new.")
    archive_active_months = fields.Integer(
        "Trading Now Months", default=12,
        help="A customer whose last posted invoice is at most this many months old is trading "
        "now; with an older one it traded before.")
    archive_volume_method = fields.Selection(
        [("pareto", "Pareto Share"), ("threshold", "Sales Thresholds")],
        "Volume Class Rule", default="pareto", required=True)
    archive_volume_period_months = fields.Integer(
        "Volume Period (Months)", default=12,
        help="The months of sales, up to today, that decide the volume class.")
    archive_major_share = fields.Float(
        "Major Share (%)", default=80.0,
        help="Pareto: the customers that make up this share of the period's sales are major.")
    archive_ordinary_share = fields.Float(
        "Ordinary Share (%)", default=95.0,
        help="Pareto: after the major ones, the customers up to this share are ordinary; the "
        "rest are scattered.")
    archive_major_amount = fields.Monetary(
        "Major From", currency_field="currency_id",
        help="Thresholds: sales of the period from which a customer is major.")
    archive_ordinary_amount = fields.Monetary(
        "Ordinary From", currency_field="currency_id",
        help="Thresholds: sales of the period from which a customer is ordinary; below it is "
        "scattered.")
    archive_core_min_years = fields.Float(
        "Core: Minimum Years", default=3.0,
        help="Years of relationship a core customer has at least.")
    archive_core_min_yearly_sales = fields.Monetary(
        "Core: Minimum Average Yearly Sales", currency_field="currency_id",
        help="Average yearly sales a core customer reaches at least.")
    archive_government_tag_id = fields.Many2one(
        "res.partner.category", "Government Tag",
        help="Customers with this tag are classified as government.")
    archive_special_tag_id = fields.Many2one(
        "res.partner.category", "Special Company Tag",
        help="Customers with this tag are classified as special companies.")
    archive_trading_partner_tag_id = fields.Many2one(
        "res.partner.category", "Trading Partner Tag",
        help="Customers with this tag are classified as trading partners.")

    archive_classified_on = fields.Datetime(
        "Archives Classified On", readonly=True,
        help="When the nightly classification last went through every archive of the company.")
    archive_closed_year = fields.Integer(
        "Last Closed Year", readonly=True,
        help="Documents dated in or before this year are bound into volumes and can only be "
        "read.")

    archive_review_months = fields.Integer(
        "Review Cycle (Months)", default=2,
        help="Every archive is revised and checked at least this often (动态管理): the next "
        "review falls due this many months after the last one.")
    archive_review_months_important = fields.Integer(
        "Important Tier Cycle (Months)", default=0,
        help="Review cycle of the important customers; 0 uses the default cycle.")
    archive_review_months_special = fields.Integer(
        "Special Tier Cycle (Months)", default=0,
        help="Review cycle of the special customers; 0 uses the default cycle.")
    archive_review_months_ordinary = fields.Integer(
        "Ordinary Tier Cycle (Months)", default=0,
        help="Review cycle of the ordinary customers; 0 uses the default cycle.")
    archive_review_user_id = fields.Many2one(
        "res.users", "Default Reviewer",
        domain=lambda self: [("groups_id", "in", self._archive_custodians().ids),
                             ("share", "=", False)],
        help="The custodian who gets the review activities of archives without an assigned "
        "reviewer. Empty: the user who created the archive.")

    archive_falling_sales_percent = fields.Float(
        "Falling Sales Threshold (%)", default=30.0,
        help="A customer's sales are falling when the sales of the last 12 months are at least "
        "this percentage below the sales of the 12 months before.")
    archive_care_days_ahead = fields.Integer(
        "Care Reminders Ahead (Days)", default=7,
        help="Birthdays of the key persons of key customers, care days and founding "
        "anniversaries give the salesperson a reminder this many days ahead.")
    archive_purchase_overdue_factor = fields.Float(
        "Purchase Overdue Multiple", default=1.5,
        help="A customer is overdue for its next purchase after this multiple of its usual "
        "interval between purchases without one.")

    @api.constrains("archive_new_customer_months", "archive_active_months",
                    "archive_volume_period_months", "archive_major_share",
                    "archive_ordinary_share", "archive_major_amount", "archive_ordinary_amount",
                    "archive_core_min_years", "archive_core_min_yearly_sales")
    def _check_archive_rules(self):
        for company in self:
            if min(company.archive_new_customer_months, company.archive_active_months,
                   company.archive_volume_period_months) < 1:
                raise ValidationError(_("Classification periods are at least one month."))
            if not 0 < company.archive_major_share <= company.archive_ordinary_share <= 100:
                raise ValidationError(_(
                    "The major share must be above 0%, at most the ordinary share, which is "
                    "at most 100%."))
            if not 0 <= company.archive_ordinary_amount <= company.archive_major_amount:
                raise ValidationError(_(
                    "The ordinary threshold must be positive and at most the major threshold."))
            if company.archive_core_min_years < 0 or company.archive_core_min_yearly_sales < 0:
                raise ValidationError(_("Core customer minimums cannot be negative."))

    @api.constrains("archive_review_months", "archive_review_months_important",
                    "archive_review_months_special", "archive_review_months_ordinary")
    def _check_archive_review_cycle(self):
        for company in self:
            if company.archive_review_months < 1:
                raise ValidationError(_("The review cycle is at least one month."))
            if min(company.archive_review_months_important, company.archive_review_months_special,
                   company.archive_review_months_ordinary) < 0:
                raise ValidationError(_(
                    "The review cycles of the tiers cannot be negative; 0 uses the default "
                    "cycle."))

    @api.constrains("archive_falling_sales_percent", "archive_care_days_ahead",
                    "archive_purchase_overdue_factor")
    def _check_archive_both_ends(self):
        for company in self:
            if not 0 < company.archive_falling_sales_percent <= 100:
                raise ValidationError(_(
                    "The falling sales threshold is above 0% and at most 100%."))
            if company.archive_care_days_ahead < 0:
                raise ValidationError(_("Care reminders cannot be given after the date."))
            if company.archive_purchase_overdue_factor < 1:
                raise ValidationError(_(
                    "The purchase overdue multiple is at least 1: a customer is not overdue "
                    "before its usual interval has passed."))

    def _archive_review_months(self, tier=False):
        """The review cycle of ``tier`` in this company, in months."""
        self.ensure_one()
        override = self[f"archive_review_months_{tier}"] if tier else 0
        return override or self.archive_review_months

    @api.model
    def _archive_custodians(self):
        return self.env.ref("customer_archive.group_archive_custodian",
                            raise_if_not_found=False) or self.env["res.groups"]

    def _archive_custodian_users(self):
        """The active internal custodians who work in this company: who is asked to decide
        a loan or review an investigation."""
        self.ensure_one()
        return self._archive_custodians().sudo().users.filtered(
            lambda user: not user.share and self in user.company_ids
            and user != self.env.ref("base.user_root"))

    def _archive_check_allowed(self):
        """Refuse the companies the user may not work in: a report's company comes from the
        client, and its figures are read as the system."""
        if self.env.su:
            return
        refused = self - self.env.user.company_ids
        if refused:
            raise AccessError(_(
                "You are not allowed in %s: choose one of your companies.",
                ", ".join(refused.sudo().mapped("name"))))
