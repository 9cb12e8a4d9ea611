from odoo import fields, models

from .customer_archive_person import EDUCATION_LEVELS


class CustomerInvestigationPerson(models.Model):
    _name = "customer.investigation.person"
    _description = "Person Met in a Customer Investigation"
    _inherit = ["customer.investigation.line.mixin"]
    _order = "investigation_id, kind desc, sequence, id"

    investigation_id = fields.Many2one(
        "customer.investigation", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [("in_charge", "Person in Charge"), ("contact", "Contact")], required=True,
        default="in_charge")
    name = fields.Char(required=True)
    job_title = fields.Char("Title")
    responsibilities = fields.Char()
    age = fields.Integer()
    education = fields.Selection(EDUCATION_LEVELS)
    personality = fields.Char()
