import calendar
from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

MONTHS = [("1", "January"), ("2", "February"), ("3", "March"), ("4", "April"), ("5", "May"),
          ("6", "June"), ("7", "July"), ("8", "August"), ("9", "September"),
          ("10", "October"), ("11", "November"), ("12", "December")]


class CustomerArchiveCareDay(models.Model):
    """A fixed day of the year on which the key customers get greetings (节日问候)."""

    _name = "customer.archive.care.day"
    _description = "Customer Care Day"
    _order = "month_number, day, id"

    name = fields.Char("Occasion", required=True, translate=True)
    month = fields.Selection(MONTHS, required=True, default="1")
    month_number = fields.Integer(compute="_compute_month_number", store=True)
    day = fields.Integer(required=True, default=1)
    active = fields.Boolean(default=True)

    @api.depends("month")
    def _compute_month_number(self):
        for care_day in self:
            care_day.month_number = int(care_day.month or 0)

    @api.constrains("month", "day")
    def _check_day(self):
        for care_day in self:
            # A leap year admits every day that exists in some year.
            if not 1 <= care_day.day <= calendar.monthrange(2024, int(care_day.month))[1]:
                raise ValidationError(_("%(name)s: %(month)s has no day %(day)s.",
                                        name=care_day.name,
                                        month=dict(MONTHS)[care_day.month], day=care_day.day))

    def _next_dates(self, date_from, date_to):
        """[(care day, date)] of the occurrences of these days between the two dates."""
        return [(care_day, occurrence) for care_day in self
                for occurrence in next_occurrences(int(care_day.month), care_day.day,
                                                   date_from, date_to)]


def next_occurrences(month, day, date_from, date_to):
    """The dates between ``date_from`` and ``date_to`` (both included) that fall on ``month``
    and ``day``; 29 February falls on 28 February in other years."""
    result = []
    for year in range(date_from.year, date_to.year + 1):
        occurrence = date(year, month, min(day, calendar.monthrange(year, month)[1]))
        if date_from <= occurrence <= date_to:
            result.append(occurrence)
    return result
