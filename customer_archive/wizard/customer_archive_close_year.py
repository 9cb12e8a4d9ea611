from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL


class CustomerArchiveCloseYear(models.TransientModel):
    """Close a year (每年分年度清理、按类装订成固定卷): every customer's documents of that
    year and earlier are bound, per part and year, into volumes that can only be read."""

    _name = "customer.archive.close.year"
    _description = "Close an Archive Year"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company)
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year - 1)
    last_closed_year = fields.Integer(related="company_id.archive_closed_year")
    document_count = fields.Integer("Documents to Bind", compute="_compute_document_count")

    @api.depends("company_id", "year")
    def _compute_document_count(self):
        for wizard in self:
            wizard.document_count = self.env["customer.archive.document"].search_count(
                wizard._unbound_domain())

    def _unbound_domain(self):
        return [("company_id", "=", self.company_id.id), ("year", "<=", self.year),
                ("volume_id", "=", False)]

    def action_close(self):
        self.ensure_one()
        if not self.env.user.has_group("customer_archive.group_archive_custodian"):
            raise AccessError(_("Only archive custodians close years."))
        if self.year >= fields.Date.context_today(self).year:
            raise UserError(_("%s is not over yet: only past years can be closed.", self.year))
        documents = self.env["customer.archive.document"].sudo()
        groups = documents._read_group(self._unbound_domain(), ["partner_id", "part", "year"])
        now = fields.Datetime.now()
        volumes = self.env["customer.archive.volume"].sudo().create([{
            "partner_id": partner.id, "part": part, "year": year,
            "closed_by_id": self.env.uid, "closed_on": now,
        } for partner, part, year in groups])
        documents.flush_model()
        self.env.cr.execute(SQL(
            """
            UPDATE customer_archive_document d
               SET volume_id = v.id
              FROM customer_archive_volume v
             WHERE v.id = ANY(%(volume_ids)s)
               AND d.partner_id = v.partner_id AND d.part = v.part AND d.year = v.year
               AND d.volume_id IS NULL
            """,
            volume_ids=volumes.ids,
        ))
        documents.invalidate_model(["volume_id"])
        self.company_id.sudo().archive_closed_year = max(
            self.year, self.company_id.archive_closed_year)
        for partner, partner_volumes in volumes.grouped("partner_id").items():
            partner.message_post(body=_(
                "Year %(year)s closed: bound into %(volumes)s.",
                year=self.year, volumes=", ".join(partner_volumes.mapped("name"))))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_archive.customer_archive_volume_action")
        action["domain"] = [("id", "in", volumes.ids)]
        return action
