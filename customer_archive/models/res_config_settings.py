from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    archive_new_customer_months = fields.Integer(
        related="company_id.archive_new_customer_months", readonly=False)
    archive_active_months = fields.Integer(
        related="company_id.archive_active_months", readonly=False)
    archive_volume_method = fields.Selection(
        related="company_id.archive_volume_method", readonly=False)
    archive_volume_period_months = fields.Integer(
        related="company_id.archive_volume_period_months", readonly=False)
    archive_major_share = fields.Float(related="company_id.archive_major_share", readonly=False)
    archive_ordinary_share = fields.Float(
        related="company_id.archive_ordinary_share", readonly=False)
    archive_major_amount = fields.Monetary(
        related="company_id.archive_major_amount", readonly=False)
    archive_ordinary_amount = fields.Monetary(
        related="company_id.archive_ordinary_amount", readonly=False)
    archive_core_min_years = fields.Float(
        related="company_id.archive_core_min_years", readonly=False)
    archive_core_min_yearly_sales = fields.Monetary(
        related="company_id.archive_core_min_yearly_sales", readonly=False)
    archive_government_tag_id = fields.Many2one(
        related="company_id.archive_government_tag_id", readonly=False)
    archive_special_tag_id = fields.Many2one(
        related="company_id.archive_special_tag_id", readonly=False)
    archive_trading_partner_tag_id = fields.Many2one(
        related="company_id.archive_trading_partner_tag_id", readonly=False)
    archive_review_months = fields.Integer(
        related="company_id.archive_review_months", readonly=False)
    archive_review_months_important = fields.Integer(
        related="company_id.archive_review_months_important", readonly=False)
    archive_review_months_special = fields.Integer(
        related="company_id.archive_review_months_special", readonly=False)
    archive_review_months_ordinary = fields.Integer(
        related="company_id.archive_review_months_ordinary", readonly=False)
    archive_review_user_id = fields.Many2one(
        related="company_id.archive_review_user_id", readonly=False)
    archive_falling_sales_percent = fields.Float(
        related="company_id.archive_falling_sales_percent", readonly=False)
    archive_care_days_ahead = fields.Integer(
        related="company_id.archive_care_days_ahead", readonly=False)
    archive_purchase_overdue_factor = fields.Float(
        related="company_id.archive_purchase_overdue_factor", readonly=False)
