from odoo import api, fields, models
from odoo.tools import SQL

from .customer_archive_document_type import DOCUMENT_PARTS


class CustomerArchiveCatalogue(models.Model):
    """The catalogue (目录) of one part of a customer's archive: it hands out the running
    numbers of its documents and never takes one back."""

    _name = "customer.archive.catalogue"
    _description = "Customer Archive Catalogue"
    _order = "partner_id, part"
    _rec_name = "part"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(
        related="partner_id.archive_company_id", store=True, string="Company", index=True)
    part = fields.Selection(DOCUMENT_PARTS, required=True)
    last_number = fields.Integer(readonly=True)

    _sql_constraints = [
        ("partner_part_unique", "UNIQUE(partner_id, part)",
         "A customer has one catalogue per part."),
    ]

    @api.model
    def _next_number(self, partner, part):
        """The next running number of ``partner``'s ``part``, taken atomically."""
        partner.flush_recordset(["archive_company_id"])
        self.env.cr.execute(SQL(
            """
            INSERT INTO customer_archive_catalogue AS c
                   (partner_id, company_id, part, last_number, create_uid, write_uid,
                    create_date, write_date)
            VALUES (%(partner)s,
                    (SELECT archive_company_id FROM res_partner WHERE id = %(partner)s),
                    %(part)s, 1, %(uid)s, %(uid)s, %(now)s, %(now)s)
                ON CONFLICT (partner_id, part) DO UPDATE
               SET last_number = c.last_number + 1, write_uid = %(uid)s, write_date = %(now)s
         RETURNING last_number
            """,
            partner=partner.id, part=part, uid=self.env.uid, now=fields.Datetime.now(),
        ))
        self.invalidate_model(["last_number", "company_id"])
        return self.env.cr.fetchone()[0]
