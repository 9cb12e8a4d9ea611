from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.addons.customer_archive.models.customer_figures import CUSTOMER_DOMAIN
from odoo.addons.customer_archive.tools import run_in_batches
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty, split_every
from odoo.tools.misc import formatLang

from .customer_credit_source import CUSTOMER_SIZES

# The sections of a credit investigation report (资信调查报告), in the order of DOMAIN §2.
REPORT_SECTIONS = [
    "overview",
    "shareholders_management",
    "financial_position",
    "bank_credit",
    "payment_record",
    "operations",
    "onsite_findings",
    "related_parties",
    "public_records",
    "media",
    "overall_evaluation",
]
# What a confirmed report freezes: it is filed in the customer archive as it was confirmed.
LOCKED_FIELDS = set(REPORT_SECTIONS) | {
    "partner_id", "company_id", "date", "user_id", "customer_size", "source_ids",
    "recommended_limit", "recommended_payment_term_id", "validity_months", "attachment_ids",
}
MIN_VALIDITY_MONTHS = 3
MAX_VALIDITY_MONTHS = 12
REPORT_DOCUMENT_TYPE = "customer_credit.document_type_credit_investigation_report"
REPORT_PDF = "customer_credit.action_report_credit_report"


class CustomerCreditReport(models.Model):
    """The credit investigation report (资信调查报告), the core of the customer archive: what
    was found about the customer, section by section, and the credit it recommends. Valid
    three months to one year; then the customer is investigated again."""

    _name = "customer.credit.report"
    _description = "Credit Investigation Report"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        "Number", required=True, readonly=True, copy=False, default=lambda self: _("New"))
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, tracking=True,
        check_company=True, domain=CUSTOMER_DOMAIN)
    archive_number = fields.Char(related="partner_id.archive_number")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, tracking=True,
        default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        "Report Date", required=True, default=fields.Date.context_today, tracking=True)
    user_id = fields.Many2one(
        "res.users", "Analyst", required=True, default=lambda self: self.env.user,
        tracking=True, domain=lambda self: self._analyst_domain())
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Valid"), ("expired", "Expired")],
        "Status", default="draft", required=True, readonly=True, copy=False, tracking=True,
        help="Draft: being written. Valid: confirmed and filed in the customer archive, until "
        "its expiry date. Expired: past its expiry date; investigate the customer again.")
    confirm_user_id = fields.Many2one("res.users", "Confirmed By", readonly=True, copy=False)
    confirm_date = fields.Datetime("Confirmed On", readonly=True, copy=False)

    # Sources by customer size
    customer_size = fields.Selection(
        CUSTOMER_SIZES, required=True, tracking=True,
        help="Decides which information sources the investigation relies on.")
    source_ids = fields.Many2many(
        "customer.credit.source", "customer_credit_report_source_rel", "report_id",
        "source_id", "Information Sources", compute="_compute_source_ids", store=True,
        readonly=False, precompute=True,
        help="Proposed from the customer size; add or remove what was actually used.")

    # The sections (DOMAIN §2)
    overview = fields.Html("Company Overview")
    shareholders_management = fields.Html("Shareholders and Management")
    financial_position = fields.Html()
    bank_credit = fields.Html()
    payment_record = fields.Html()
    operations = fields.Html()
    onsite_findings = fields.Html("On-Site Findings")
    related_parties = fields.Html("Related Companies and Transactions")
    public_records = fields.Html("Public Records (Litigation)")
    media = fields.Html()
    overall_evaluation = fields.Html()

    # Recommendation and validity
    recommended_limit = fields.Monetary(
        "Recommended Credit Limit", currency_field="currency_id", tracking=True)
    recommended_payment_term_id = fields.Many2one(
        "account.payment.term", "Recommended Payment Terms", tracking=True,
        check_company=True)
    validity_months = fields.Integer(
        "Validity (Months)", required=True, default=12, tracking=True,
        help="A credit investigation is valid three months to one year (3 to 12 months).")
    expiry_date = fields.Date(
        compute="_compute_expiry_date", store=True, index=True, tracking=True,
        help="Report date plus validity. After it the report expires.")
    is_valid = fields.Boolean(
        "Valid", compute="_compute_is_valid", search="_search_is_valid",
        help="Confirmed and not past its expiry date.")
    review_requested = fields.Boolean(
        readonly=True, copy=False,
        help="A credit review activity was created before the report's expiry "
        "(customer.credit.reminder).")

    # Files, archive and statements
    attachment_ids = fields.Many2many(
        "ir.attachment", "customer_credit_report_attachment_rel", "report_id",
        "attachment_id", "Files", copy=False,
        help="Credit reports, bank letters, certificates...: filed with the report's PDF in "
        "part 2 of the customer archive when the report is confirmed.")
    archive_document_id = fields.Many2one(
        "customer.archive.document", "Filed As", readonly=True, copy=False,
        index="btree_not_null",
        help="The document of part 2 (credit) of the customer archive holding this report.")
    statement_ids = fields.One2many(
        "customer.credit.statement", "report_id", "Financial Statements")
    statement_count = fields.Integer(
        compute="_compute_statement_count",
        help="The customer's financial statements in this company.")

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("customer_size")
    def _compute_source_ids(self):
        by_size = self.env["customer.credit.source"]._sources_by_size()
        for report in self:
            if report.customer_size:
                report.source_ids = by_size[report.customer_size]

    @api.depends("date", "validity_months")
    def _compute_expiry_date(self):
        for report in self:
            report.expiry_date = report.date and (
                report.date + relativedelta(months=report.validity_months))

    @api.depends("state", "expiry_date")
    def _compute_is_valid(self):
        today = fields.Date.context_today(self)
        for report in self:
            report.is_valid = (report.state == "confirmed" and report.expiry_date
                               and report.expiry_date >= today)

    def _search_is_valid(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search the valid reports with 'Valid is set' or 'is not set'."))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [("state", "=", "confirmed"), ("expiry_date", ">=", today)]
        return ["|", ("state", "!=", "confirmed"), ("expiry_date", "<", today)]

    def _compute_statement_count(self):
        counts = self._statement_counts()
        for report in self:
            report.statement_count = counts.get((report.partner_id.id, report.company_id.id), 0)

    def _statement_counts(self):
        groups = self.env["customer.credit.statement"]._read_group(
            [("partner_id", "in", self.partner_id.ids),
             ("company_id", "in", self.company_id.ids)],
            ["partner_id", "company_id"], ["__count"])
        return {(partner.id, company.id): count for partner, company, count in groups}

    @api.model
    def _analyst_domain(self):
        group = self.env.ref("customer_credit.group_credit_analyst", raise_if_not_found=False)
        return [("share", "=", False)] + ([("groups_id", "in", group.ids)] if group else [])

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("validity_months")
    def _check_validity_months(self):
        for report in self:
            if not MIN_VALIDITY_MONTHS <= report.validity_months <= MAX_VALIDITY_MONTHS:
                raise ValidationError(_(
                    "%(report)s: a credit investigation report is valid %(min)s to %(max)s "
                    "months, not %(months)s.", report=report.name, min=MIN_VALIDITY_MONTHS,
                    max=MAX_VALIDITY_MONTHS, months=report.validity_months))

    @api.constrains("recommended_limit")
    def _check_recommended_limit(self):
        for report in self:
            if report.recommended_limit < 0:
                raise ValidationError(_(
                    "%s: the recommended credit limit cannot be negative.", report.name))

    @api.constrains("partner_id")
    def _check_commercial_partner(self):
        for report in self:
            partner = report.partner_id
            if partner != partner.commercial_partner_id:
                raise ValidationError(_(
                    "%(report)s: credit investigations are made of customers (companies and "
                    "individuals), not of their contacts (%(partner)s).",
                    report=report.name, partner=partner.display_name))

    # ------------------------------------------------------------------
    # CRUD: a confirmed report is a filed document
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "customer.credit.report") or _("New")
        reports = super().create(vals_list)
        reports._adopt_attachments()
        return reports

    def write(self, vals):
        if LOCKED_FIELDS & set(vals):
            self._check_draft()
        result = super().write(vals)
        if "attachment_ids" in vals:
            self._adopt_attachments()
        return result

    def unlink(self):
        self._check_draft(unlink=True)
        return super().unlink()

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if not (default or {}).get("date"):
            for vals in vals_list:
                vals["date"] = fields.Date.context_today(self)
        return vals_list

    def _check_draft(self, unlink=False):
        filed = self.filtered(lambda report: report.state != "draft")
        if not filed:
            return
        reports = ", ".join(filed.mapped("name"))
        if unlink:
            raise UserError(_(
                "Confirmed reports are filed in the customer archive and cannot be deleted: "
                "%s.", reports))
        raise UserError(_(
            "Confirmed reports are filed in the customer archive and can no longer be "
            "changed: %s. Start a new investigation instead.", reports))

    def _adopt_attachments(self):
        """Files the user uploaded before the report was saved belong to nobody yet: give
        them to the report, so that they follow its access rights."""
        orphans = self.sudo().attachment_ids.filtered(
            lambda attachment: not attachment.res_id and not attachment.res_field
            and attachment.create_uid == self.env.user)
        for report in self:
            mine = orphans & report.sudo().attachment_ids
            if mine:
                mine.write({"res_model": self._name, "res_id": report.id})

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        """Confirm the reports and file them, with their files and their PDF, in part 2
        (credit) of the customer archive. Reports entered after their expiry date are filed
        and expire at once."""
        if self.filtered(lambda report: report.state != "draft"):
            raise UserError(_("Only draft reports can be confirmed."))
        missing = self.partner_id.filtered(lambda partner: not partner.archive_number)
        if missing:
            raise UserError(_(
                "A confirmed credit investigation report is filed in the customer archive. "
                "Create the archive first for: %s.", ", ".join(missing.mapped("display_name"))))
        empty = self.filtered(lambda report: is_html_empty(report.overall_evaluation))
        if empty:
            raise UserError(_(
                "Write the overall evaluation before confirming: %s.",
                ", ".join(empty.mapped("name"))))
        self.write({
            "state": "confirmed",
            "confirm_user_id": self.env.uid,
            "confirm_date": fields.Datetime.now(),
        })
        self._file_in_archive()
        today = fields.Date.context_today(self)
        self.filtered(lambda report: report.expiry_date < today)._expire()
        return True

    def action_new_investigation(self):
        """A new draft report on the same customer, starting from this one's texts."""
        self.ensure_one()
        new_report = self.copy()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new_report.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_link_statements(self):
        """Link the customer's statements of the three latest years up to the report's year
        that are not linked to a report yet."""
        statements = self.env["customer.credit.statement"].search([
            ("partner_id", "in", self.partner_id.ids),
            ("company_id", "in", self.company_id.ids),
            ("report_id", "=", False),
        ], order="year desc")
        by_customer = defaultdict(list)
        for statement in statements:
            by_customer[statement.partner_id, statement.company_id].append(statement)
        for report in self:
            year = report.date.year
            candidates = [statement for statement in by_customer[report.partner_id,
                                                                  report.company_id]
                          if statement.year <= year and not statement.report_id]
            statements.browse([statement.id for statement in candidates[:3]]).report_id = report
        return True

    def action_view_statements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_credit.customer_credit_statement_action")
        action["domain"] = [("partner_id", "=", self.partner_id.id),
                            ("company_id", "=", self.company_id.id)]
        action["context"] = {"default_partner_id": self.partner_id.id,
                             "default_company_id": self.company_id.id,
                             "default_report_id": self.id}
        return action

    def action_view_archive_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.archive.document",
            "res_id": self.archive_document_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _file_in_archive(self):
        """One document of part 2 of the customer archive per report, holding copies of the
        report's files and the report's PDF. The copies belong to the document and follow the
        archive's access rules; credit investigation reports are only shown to credit
        analysts and custodians (see the record rules)."""
        document_type = self._archive_document_type()
        Document = self.env["customer.archive.document"].sudo()
        for report in self:
            report._adopt_attachments()
            document = Document.create({
                "partner_id": report.partner_id.id,
                "document_type_id": document_type.id,
                "part": "2",
                "name": _("Credit Investigation Report %s", report.name),
                "date": report.date,
                "description": _(
                    "Recommended credit limit: %(limit)s. Valid until %(expiry)s.",
                    limit=report._format_limit(), expiry=report.expiry_date),
            })
            copies = report.sudo().attachment_ids.copy(
                {"res_model": document._name, "res_id": document.id})
            document.attachment_ids = copies | report._attach_pdf(document)
            report.archive_document_id = document
            report.message_post(body=_(
                "Filed in the customer archive as %s.", document.catalogue_number))

    def _archive_document_type(self):
        document_type = self.env.ref(REPORT_DOCUMENT_TYPE, raise_if_not_found=False)
        if not document_type:
            document_type = self.env["customer.archive.document.type"].sudo().search(
                [("part", "=", "2")], limit=1)
        if not document_type:
            raise UserError(_(
                "Define a document type of part 2 (credit) of the customer archive first."))
        return document_type

    def _attach_pdf(self, document):
        """Render the report and attach the result to its archive ``document``."""
        self.ensure_one()
        content, kind = self.env["ir.actions.report"]._render_qweb_pdf(REPORT_PDF, self.ids)
        return self.env["ir.attachment"].sudo().create({
            "name": f"{self._pdf_name()}.{kind}",
            "raw": content,
            "mimetype": "application/pdf" if kind == "pdf" else "text/html",
            "res_model": document._name,
            "res_id": document.id,
        })

    def _pdf_name(self):
        return _("Credit Investigation Report %s", self.name)

    def _format_limit(self):
        return formatLang(self.env, self.recommended_limit, currency_obj=self.currency_id)

    def _sections(self):
        """[(label, html)] of the report's sections, in their order, for the PDF."""
        self.ensure_one()
        return [(self._fields[fname]._description_string(self.env), self[fname])
                for fname in REPORT_SECTIONS]

    def _expire(self):
        self.write({"state": "expired"})
        for report in self:
            report.message_post(body=_(
                "The report expired on %s: investigate the customer again.",
                report.expiry_date))

    @api.model
    def _cron_expire_reports(self, batch_size=1000):
        """Daily: expire the confirmed reports past their expiry date, in committed batches."""
        today = fields.Date.context_today(self)
        report_ids = self.search(
            [("state", "=", "confirmed"), ("expiry_date", "<", today)], order="id").ids
        run_in_batches(self.env, split_every(batch_size, report_ids, self.browse),
                       lambda batch: batch._expire())
