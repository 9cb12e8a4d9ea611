from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .customer_archive_document_type import DOCUMENT_PARTS


class CustomerArchiveDocument(models.Model):
    """An original document (客户档案原始资料) filed in one of the four parts of an archive."""

    _name = "customer.archive.document"
    _description = "Customer Archive Document"
    _inherit = ["mail.thread", "customer.archive.confidential.mixin",
                "customer.workflow.mixin"]
    _order = "partner_id, part, number"
    _rec_name = "catalogue_number"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, tracking=True,
        domain="[('archive_number', '!=', False)]")
    archive_number = fields.Char(related="partner_id.archive_number")
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    company_id = fields.Many2one(
        related="partner_id.archive_company_id", store=True, string="Company")
    part = fields.Selection(
        DOCUMENT_PARTS, required=True, tracking=True,
        compute="_compute_part", store=True, readonly=False, precompute=True,
        help="1 basic data: background, visit and investigation reports. 2 credit: "
        "reputation, financial records, payment methods. 3 trade: goods in and out, "
        "purchases. 4 returns and discounts, their reasons and who was at fault.")
    document_type_id = fields.Many2one(
        "customer.archive.document.type", required=True, tracking=True)
    name = fields.Char("Document Title", required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    year = fields.Integer(compute="_compute_year", store=True, index=True)
    description = fields.Text(tracking=True)
    attachment_ids = fields.Many2many("ir.attachment", string="Files")
    user_id = fields.Many2one(
        "res.users", "Filed By", default=lambda self: self.env.user, readonly=True)
    number = fields.Integer("Running Number", readonly=True, copy=False)
    catalogue_number = fields.Char(
        readonly=True, copy=False, index=True,
        help="Archive number, part and running number within the part: never reused, even "
        "after a document is deleted.")
    volume_id = fields.Many2one(
        "customer.archive.volume", readonly=True, copy=False, index="btree_not_null",
        help="The yearly volume (固定卷) the document was bound into when its year was closed.")

    _sql_constraints = [
        ("catalogue_number_unique", "UNIQUE(catalogue_number)",
         "The catalogue number must be unique."),
    ]

    @api.depends("document_type_id")
    def _compute_part(self):
        for document in self:
            document.part = document.document_type_id.part or document.part or "1"

    @api.depends("date")
    def _compute_year(self):
        for document in self:
            document.year = document.date.year if document.date else 0

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for document in self:
            if document.date > today:
                raise ValidationError(_(
                    "%(document)s is dated %(date)s, after today: file a document once it "
                    "exists.", document=document.name, date=document.date))

    # ------------------------------------------------------------------
    # CRUD: numbering and the closed years; the catalogue and Close a Year alone number
    # and bind documents
    # ------------------------------------------------------------------
    @api.model
    def _workflow_fields(self):
        return {"number", "catalogue_number", "volume_id", "user_id"}

    @api.model_create_multi
    def create(self, vals_list):
        documents = super().create(vals_list)
        documents._check_open_year()
        catalogue = self.env["customer.archive.catalogue"].sudo()
        for document in documents:
            if not document.partner_id.archive_number:
                raise UserError(_("%s has no archive to file documents in.",
                                  document.partner_id.display_name))
            number = catalogue._next_number(document.partner_id, document.part)
            document.sudo().write({
                "number": number,
                "catalogue_number": f"{document.partner_id.archive_number}-{document.part}-"
                                    f"{number:04d}",
            })
        return documents

    def write(self, vals):
        self._check_not_bound()
        if {"partner_id", "part"} & set(vals) and any(self.mapped("number")):
            moved = self.filtered(lambda document: document.number and (
                vals.get("partner_id", document.partner_id.id) != document.partner_id.id
                or vals.get("part", document.part) != document.part))
            if moved:
                raise UserError(_(
                    "%s: a numbered document stays in its customer's part; file a new document "
                    "instead.", ", ".join(moved.mapped("catalogue_number"))))
        result = super().write(vals)
        if "date" in vals:
            self._check_open_year()
        return result

    def unlink(self):
        self._check_not_bound()
        return super().unlink()

    def _check_not_bound(self):
        bound = self.filtered("volume_id")
        if bound:
            raise UserError(_(
                "These documents are bound into closed volumes and can only be read: %s.",
                ", ".join(bound.mapped("catalogue_number"))))

    def _check_open_year(self):
        for document in self:
            closed_year = document.company_id.archive_closed_year
            if closed_year and document.year <= closed_year:
                raise UserError(_(
                    "%(year)s is closed: its documents are bound into volumes, so no document "
                    "dated %(date)s can be filed or moved there.",
                    year=closed_year, date=document.date))
