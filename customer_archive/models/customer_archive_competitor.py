from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerArchiveCompetitor(models.Model):
    _name = "customer.archive.competitor"
    _description = "Competitor around the Customer"
    _inherit = ["mail.thread", "customer.archive.confidential.mixin"]
    _order = "partner_id, threat_level desc, name"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, ondelete="restrict", index=True,
        domain="[('archive_number', '!=', False)]")
    company_id = fields.Many2one(
        related="partner_id.archive_company_id", store=True, string="Company")
    name = fields.Char("Competitor", required=True, tracking=True)
    products = fields.Text("Products Offered", tracking=True)
    share_of_customer = fields.Float(
        "Share of the Customer's Purchases (%)", digits=(16, 1), tracking=True)
    relationship = fields.Text("Relationship with the Customer", tracking=True)
    strengths = fields.Text(tracking=True)
    weaknesses = fields.Text(tracking=True)
    threat_level = fields.Selection(
        [("1_low", "Low"), ("2_medium", "Medium"), ("3_high", "High")], "Threat",
        default="2_medium", tracking=True)
    notes = fields.Text("Intelligence", tracking=True)

    @api.constrains("share_of_customer")
    def _check_share(self):
        for competitor in self:
            if not 0 <= competitor.share_of_customer <= 100:
                raise ValidationError(_("%s: a share lies between 0%% and 100%%.", competitor.name))
