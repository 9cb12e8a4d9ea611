from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerCreditGradeScale(models.Model):
    """A grading scale: credit levels (0-100 %) cut into grades by thresholds."""

    _name = "customer.credit.grade.scale"
    _description = "Credit Grade Scale"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    grade_ids = fields.One2many("customer.credit.grade", "scale_id", "Grades", copy=True)
    description = fields.Text(translate=True)

    @api.constrains("grade_ids")
    def _check_grades(self):
        for scale in self:
            if scale.grade_ids and not any(
                    grade.min_level <= 0 for grade in scale.grade_ids):
                raise ValidationError(_(
                    "The lowest grade of scale %s must start at 0 %% so that every credit "
                    "level has a grade.", scale.name))

    def _grade_for_level(self, level):
        """The grade whose threshold is the highest one not above ``level`` (in %)."""
        self.ensure_one()
        grades = self.grade_ids.filtered(lambda grade: grade.min_level <= level)
        return grades.sorted("min_level", reverse=True)[:1]
