from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .customer_archive_document_type import DOCUMENT_PARTS


class CustomerArchiveVolume(models.Model):
    """A fixed volume (固定卷): one year of one part of a customer's archive, bound when the
    custodian closes the year. It can only be read."""

    _name = "customer.archive.volume"
    _description = "Customer Archive Volume"
    _order = "year desc, partner_id, part"

    name = fields.Char("Volume", compute="_compute_name", store=True)
    partner_id = fields.Many2one("res.partner", "Customer", required=True, index=True)
    company_id = fields.Many2one(
        related="partner_id.archive_company_id", store=True, string="Company")
    part = fields.Selection(DOCUMENT_PARTS, required=True)
    year = fields.Integer(required=True, index=True)
    document_ids = fields.One2many("customer.archive.document", "volume_id", "Documents")
    document_count = fields.Integer(compute="_compute_document_count")
    closed_by_id = fields.Many2one("res.users", required=True)
    closed_on = fields.Datetime(required=True)

    _sql_constraints = [
        ("partner_part_year_unique", "UNIQUE(partner_id, part, year)",
         "A customer has one volume per part and year."),
    ]

    @api.depends("partner_id.archive_number", "part", "year")
    def _compute_name(self):
        for volume in self:
            volume.name = f"{volume.partner_id.archive_number}-{volume.part}-{volume.year}"

    def _compute_document_count(self):
        counts = dict(self.env["customer.archive.document"]._read_group(
            [("volume_id", "in", self.ids)], ["volume_id"], ["__count"]))
        for volume in self:
            volume.document_count = counts.get(volume, 0)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(_(
                "Volumes are bound by Close a Year, from the documents of the closed year; "
                "they are not made by hand."))
        return super().create(vals_list)

    def write(self, vals):
        self._refuse_change()
        return super().write(vals)

    def unlink(self):
        self._refuse_change()
        return super().unlink()

    def _refuse_change(self):
        raise UserError(_("Closed volumes can only be read: %s.", ", ".join(self.mapped("name"))))

    def action_view_documents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_archive.customer_archive_document_action")
        action["domain"] = [("volume_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
