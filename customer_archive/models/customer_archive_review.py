from collections import defaultdict

from odoo import _, api, fields, models

from .res_partner import ARCHIVE_TIERS, REVIEW_ACTIVITY_TYPE


class CustomerArchiveReview(models.Model):
    _name = "customer.archive.review"
    _description = "Customer Archive Review"
    _inherit = ["mail.thread", "customer.archive.confidential.mixin"]
    _order = "date desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, ondelete="restrict", index=True, tracking=True,
        domain="[('archive_number', '!=', False)]")
    archive_number = fields.Char(related="partner_id.archive_number")
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    company_id = fields.Many2one(
        related="partner_id.archive_company_id", store=True, string="Company")
    reviewer_id = fields.Many2one(
        "res.users", "Archive Reviewer", required=True, default=lambda self: self.env.user,
        tracking=True)
    date = fields.Date(
        "Review Date", required=True, default=fields.Date.context_today, tracking=True,
        help="The next review of the archive falls due one review cycle after this date.")
    checked = fields.Text(
        "What Was Checked",
        help="The parts of the archive revised and checked: basic data, persons in charge, "
        "ownership, market, trade and credit status.")
    changes = fields.Text(
        "What Changed",
        help="What changed since the last review: person in charge, ownership, market, "
        "reputation, payment behaviour.")
    tier = fields.Selection(
        ARCHIVE_TIERS, "Resulting Tier", required=True, tracking=True,
        help="Important, special or ordinary customer after this review (重要、特殊、一般). Saving "
        "the review sets the tier of the archive.")
    risky = fields.Boolean(
        "Marked Risky", tracking=True,
        help="The review found the customer risky: poor operation, arrears, falling "
        "reputation, bankruptcy or restructuring. Watch it, record and warn the managers and "
        "salespeople.")
    notes = fields.Text()

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for review in self:
            review.display_name = _(
                "Review of %(customer)s, %(date)s", customer=review.partner_id.display_name,
                date=review.date and fields.Date.to_string(review.date) or "")

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        reviews._apply_to_archive()
        reviews._close_review_activities()
        reviews.partner_id._archive_flag_overdue_reviews(fields.Date.context_today(self))
        return reviews

    def write(self, vals):
        result = super().write(vals)
        if {"tier", "date", "partner_id"} & vals.keys():
            self._apply_to_archive()
        if {"date", "partner_id"} & vals.keys():
            self.partner_id._archive_flag_overdue_reviews(fields.Date.context_today(self))
        return result

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _apply_to_archive(self):
        """Give each customer whose latest review is one of these the tier of that review,
        with one tracked write per tier."""
        latest = self.partner_id._archive_latest_reviews()
        by_tier = defaultdict(list)
        for partner in self.partner_id:
            review = latest.get(partner.id)
            if review and review in self and partner.archive_tier != review.tier:
                by_tier[review.tier].append(partner.id)
        for tier, partner_ids in by_tier.items():
            self.env["res.partner"].browse(partner_ids).write({"archive_tier": tier})

    def _close_review_activities(self):
        """Mark the open review activities of the reviewed customers done."""
        activity_type = self.env.ref(REVIEW_ACTIVITY_TYPE, raise_if_not_found=False)
        if not activity_type:
            return
        activities = self.env["mail.activity"].search([
            ("res_model", "=", "res.partner"), ("res_id", "in", self.partner_id.ids),
            ("activity_type_id", "=", activity_type.id)])
        last_reviews = {review.partner_id.id: review for review in self.sorted("id")}
        for partner_id, partner_activities in activities.grouped("res_id").items():
            partner_activities.action_feedback(
                feedback=last_reviews[partner_id]._activity_feedback())

    def _activity_feedback(self):
        self.ensure_one()
        tier = dict(self._fields["tier"]._description_selection(self.env))[self.tier]
        feedback = _("Reviewed by %(reviewer)s on %(date)s: %(tier)s.",
                     reviewer=self.reviewer_id.name, date=fields.Date.to_string(self.date),
                     tier=tier)
        if self.risky:
            feedback += " " + _("Marked risky.")
        return feedback
