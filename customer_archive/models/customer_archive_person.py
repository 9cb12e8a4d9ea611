from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

EDUCATION_LEVELS = [
    ("primary", "Primary School"),
    ("secondary", "Secondary School"),
    ("vocational", "Vocational College"),
    ("bachelor", "Bachelor"),
    ("master", "Master"),
    ("doctorate", "Doctorate"),
    ("other", "Other"),
]


class CustomerArchivePerson(models.Model):
    _name = "customer.archive.person"
    _description = "Customer Key Person"
    _inherit = ["mail.thread", "customer.archive.confidential.mixin"]
    _order = "partner_id, sequence, id"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, ondelete="restrict", index=True,
        domain="[('archive_number', '!=', False)]")
    company_id = fields.Many2one(
        related="partner_id.archive_company_id", store=True, string="Company")
    sequence = fields.Integer(default=10)
    role = fields.Selection(
        [("owner", "Owner"), ("operator", "Operator"), ("manager", "Manager"),
         ("legal_representative", "Legal Representative"), ("contact", "Contact")],
        required=True, default="contact", tracking=True)
    name = fields.Char(required=True, tracking=True)
    contact_id = fields.Many2one(
        "res.partner", "Contact Card", tracking=True,
        domain="[('parent_id', '=', partner_id)]",
        help="The contact of the customer this person is, for phone and e-mail.")
    job_title = fields.Char("Title", tracking=True)
    responsibilities = fields.Text(tracking=True)
    birth_date = fields.Date(tracking=True)
    age = fields.Integer(
        compute="_compute_age", store=True, readonly=False, tracking=True,
        help="Computed from the birth date when it is known; otherwise as estimated.")
    education = fields.Selection(EDUCATION_LEVELS, tracking=True)
    personality = fields.Text(tracking=True)
    interests = fields.Text(tracking=True)
    family = fields.Text(tracking=True)
    ability = fields.Text(tracking=True)
    background = fields.Text(tracking=True)

    @api.depends("birth_date")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for person in self.filtered("birth_date"):
            person.age = relativedelta(today, person.birth_date).years

    @api.constrains("age", "birth_date")
    def _check_age(self):
        today = fields.Date.context_today(self)
        for person in self:
            if person.birth_date and person.birth_date > today:
                raise ValidationError(_("%s: the birth date cannot be in the future.", person.name))
            if not 0 <= person.age <= 130:
                raise ValidationError(_("%(name)s: %(age)s is not a plausible age.",
                                        name=person.name, age=person.age))
