from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerSatisfactionAnalysis(models.AbstractModel):
    """What the satisfaction analyses over a period share: the period and the company they
    are computed for, and whether the result on the form is up to date."""

    _name = "customer.satisfaction.analysis"
    _description = "Satisfaction Analysis over a Period"

    date_from = fields.Date("From", required=True)
    date_to = fields.Date("To", required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.user.company_ids.ids)])
    currency_id = fields.Many2one(related="company_id.currency_id")
    computed = fields.Boolean(readonly=True)

    @api.depends("date_from", "date_to")
    def _compute_display_name(self):
        analysis = self.env["ir.model"]._get(self._name).name
        for record in self:
            date_from, date_to = map(fields.Date.to_string, (record.date_from, record.date_to))
            record.display_name = f"{analysis} {date_from} – {date_to}"

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for analysis in self:
            if analysis.date_from > analysis.date_to:
                raise ValidationError(_("The period starts after it ends: %(start)s > %(end)s.",
                                        start=analysis.date_from, end=analysis.date_to))
