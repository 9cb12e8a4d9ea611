from odoo import fields, models

ACCESS_METHODS = [
    ("read", "Read"),
    ("group", "Grouped List or Report"),
    ("export", "Export"),
    ("search", "Name Search"),
]


class CustomerArchiveAccessLog(models.Model):
    """Who read which confidential record of an archive they do not own, and when: only
    custodians read it."""

    _name = "customer.archive.access.log"
    _description = "Customer Archive Access Log"
    _order = "read_on desc, id desc"
    _rec_name = "record_name"

    user_id = fields.Many2one("res.users", "Read By", required=True, readonly=True, index=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True, index=True)
    loan_id = fields.Many2one("customer.archive.loan", readonly=True)
    res_model = fields.Char("Model", required=True, readonly=True)
    res_id = fields.Integer("Record ID", required=True, readonly=True)
    record_name = fields.Char("Record", readonly=True)
    read_on = fields.Datetime(required=True, readonly=True)
    access_method = fields.Selection(
        ACCESS_METHODS, "How", readonly=True, default="read",
        help="Read: opened or listed; grouped list or report: counted in groups of a list, "
        "pivot or graph; export: exported to a file; name search: found by its name.")
    company_id = fields.Many2one(
        related="partner_id.archive_company_id", store=True, string="Company", index=True)
