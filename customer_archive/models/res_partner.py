from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import split_every

from ..tools import changed_values, run_in_batches

ORGANISATION_FORMS = [
    ("joint_stock", "Joint-stock limited company"),
    ("limited", "Limited liability company"),
    ("sole", "Sole proprietorship"),
    ("partnership", "Partnership"),
    ("other", "Other"),
]
GROUP_ARCHIVE_USER = "customer_archive.group_archive_user"
# Who reads the archive's data on the partner (basic data, characteristics, business
# status, classes and figures): archive users and custodians, not every employee.
ARCHIVE_READERS = GROUP_ARCHIVE_USER
# Given once, when the archive is created (action_create_archive): no client writes them.
ARCHIVE_CREATION_FIELDS = {"archive_number", "archive_date", "archive_user_id"}
# Figures the engines compute and store (classes, sales, purchase rhythm, review planning):
# server code writes them, never a client. Each addon adds its own (_customer_figure_fields).
ARCHIVE_FIGURE_FIELDS = frozenset({
    "customer_nature", "archive_time_class", "archive_trade_stage", "archive_volume_class",
    "archive_is_core", "archive_first_invoice_date", "archive_last_invoice_date",
    "archive_period_sales", "archive_total_sales", "archive_relationship_years",
    "archive_avg_yearly_sales", "archive_refreshed_on", "archive_last_review_date",
    "archive_risky", "archive_next_review_date", "archive_review_overdue",
    "archive_sales_last_12", "archive_sales_previous_12", "archive_falling_sales",
    "archive_purchase_interval", "archive_purchase_due_date", "archive_purchase_overdue",
})
ARCHIVE_TIERS = [
    ("important", "Important Tier"),
    ("special", "Special Tier"),
    ("ordinary", "Ordinary Tier"),
]
REVIEW_ACTIVITY_TYPE = "customer_archive.mail_activity_type_archive_review"


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "customer.figures", "customer.archive.classification",
                "customer.archive.both.ends"]

    # ------------------------------------------------------------------
    # Archive and owner
    # ------------------------------------------------------------------
    archive_number = fields.Char(
        readonly=True, copy=False, index="btree_not_null", tracking=True,
        help="Unique number of the customer archive, given from a sequence when the archive "
        "is created.")
    archive_company_id = fields.Many2one(
        "res.company", "Archive Owner", copy=False, tracking=True,
        help="The archive belongs to the company, not to the salesperson: it stays when the "
        "salesperson changes or leaves. Its invoices give the yearly figures and classes.")
    archive_date = fields.Date("Archive Created On", readonly=True, copy=False)
    archive_user_id = fields.Many2one("res.users", "Archive Created By", readonly=True, copy=False)
    archive_currency_id = fields.Many2one(
        "res.currency", related="archive_company_id.currency_id", string="Archive Currency")

    # ------------------------------------------------------------------
    # Basic data (基础资料)
    # ------------------------------------------------------------------
    legal_representative = fields.Char(tracking=True,
        groups=ARCHIVE_READERS)
    person_in_charge = fields.Char("Person in Charge", tracking=True, groups=ARCHIVE_READERS)
    main_contact_id = fields.Many2one(
        "res.partner", tracking=True,
        domain="[('parent_id', '=', id)]", groups=ARCHIVE_READERS)
    founding_date = fields.Date(tracking=True, groups=ARCHIVE_READERS)
    trade_start_date = fields.Date(
        "Trading with Us Since", tracking=True,
        help="The date the customer began trading with us. When it is earlier than the first "
        "posted invoice, the relationship is counted from this date.", groups=ARCHIVE_READERS)
    organisation_form = fields.Selection(ORGANISATION_FORMS, tracking=True,
        groups=ARCHIVE_READERS)
    total_assets = fields.Monetary("Assets", currency_field="archive_currency_id", tracking=True,
        groups=ARCHIVE_READERS)
    registered_capital = fields.Monetary(
        currency_field="archive_currency_id", tracking=True,
        groups=ARCHIVE_READERS)
    estimated_capital = fields.Monetary(
        currency_field="archive_currency_id", tracking=True,
        groups=ARCHIVE_READERS)
    staff_count = fields.Integer("Staff", tracking=True, groups=ARCHIVE_READERS)
    manager_count = fields.Integer("Of Which Managers", tracking=True, groups=ARCHIVE_READERS)
    office_conditions = fields.Char(tracking=True, groups=ARCHIVE_READERS)
    warehouse_conditions = fields.Char(tracking=True,
        groups=ARCHIVE_READERS)
    main_business = fields.Text(tracking=True, groups=ARCHIVE_READERS)

    # ------------------------------------------------------------------
    # Characteristics (客户特征) and business status (业务状况)
    # ------------------------------------------------------------------
    service_area = fields.Text(tracking=True, groups=ARCHIVE_READERS)
    sales_capability = fields.Text(tracking=True, groups=ARCHIVE_READERS)
    development_potential = fields.Text(tracking=True,
        groups=ARCHIVE_READERS)
    business_philosophy = fields.Text(tracking=True, groups=ARCHIVE_READERS)
    business_policy = fields.Text("Direction and Policy", tracking=True, groups=ARCHIVE_READERS)
    business_scale = fields.Text("Scale", tracking=True, groups=ARCHIVE_READERS)
    business_features = fields.Text(tracking=True, groups=ARCHIVE_READERS)
    sales_performance = fields.Text(tracking=True, groups=ARCHIVE_READERS)
    staff_quality = fields.Text("Quality of Managers and Sales Staff", tracking=True,
        groups=ARCHIVE_READERS)
    competitor_relations = fields.Text("Relations with Competitors", tracking=True,
        groups=ARCHIVE_READERS)
    cooperation_attitude = fields.Text("Attitude to Cooperating with Us", tracking=True,
        groups=ARCHIVE_READERS)
    market_region = fields.Text(tracking=True, groups=ARCHIVE_READERS)
    market_culture = fields.Text(tracking=True, groups=ARCHIVE_READERS)
    market_policy = fields.Text(
        tracking=True,
        help="Policies of the customer's markets, for export-oriented customers.",
        groups=ARCHIVE_READERS)

    # ------------------------------------------------------------------
    # Classifications
    # ------------------------------------------------------------------
    customer_nature = fields.Selection(
        [("government", "Government"), ("special", "Special Company"),
         ("ordinary", "Ordinary Company"), ("individual", "Individual"),
         ("trading_partner", "Trading Partner")],
        "Nature", compute="_compute_customer_nature", store=True, tracking=True,
        help="Government, special company or trading partner when the customer carries the "
        "tag chosen for it in the settings; otherwise ordinary company for a company and "
        "individual for a person.", groups=ARCHIVE_READERS)
    archive_time_class = fields.Selection(
        [("old", "Old Customer"), ("new", "New Customer"), ("future", "Future Customer")],
        "By Time", readonly=True, tracking=True,
        help="Future: no posted invoice yet. New: the first invoice is at most the number of "
        "months set in the settings old (12 by default, the limit day counts as new). Old: an "
        "earlier first invoice.", groups=ARCHIVE_READERS, company_dependent=True)
    archive_trade_stage = fields.Selection(
        [("traded_before", "Traded Before"), ("trading_now", "Trading Now"),
         ("about_to_trade", "About to Trade")],
        "Trade Stage", readonly=True, tracking=True,
        help="About to trade: no posted invoice yet. Trading now: the last invoice is at most "
        "the number of months set in the settings old (12 by default). Traded before: the last "
        "invoice is older.", groups=ARCHIVE_READERS, company_dependent=True)
    archive_volume_class = fields.Selection(
        [("major", "Major"), ("ordinary", "Ordinary"), ("scattered", "Scattered")],
        "Volume Class", readonly=True, tracking=True,
        help="From the untaxed sales less credit notes of the invoices at most the number of "
        "months set in the settings old (12 by default). "
        "Pareto: customers ranked by sales; a customer is major while the sales of the "
        "customers ranked before it are below the major share (80%) of all sales, ordinary "
        "below the ordinary share (95%), scattered after that. Thresholds: major from the major "
        "amount, ordinary from the ordinary amount, scattered below. Empty without sales in "
        "the period.", groups=ARCHIVE_READERS, company_dependent=True)
    archive_is_core = fields.Boolean(
        "Core Customer", readonly=True, tracking=True,
        help="Core when the relationship is at least the minimum number of years of the "
        "settings old and the average yearly sales (all sales divided by the years of "
        "relationship, at least one) reach the minimum of the settings.", groups=ARCHIVE_READERS,
        company_dependent=True)
    archive_tier = fields.Selection(
        ARCHIVE_TIERS, "Tier", tracking=True,
        help="Set at each periodic review of the archive (重要、特殊、一般).",
        groups=ARCHIVE_READERS)
    prospect_stage = fields.Selection(
        [("short_term", "Closable Short-Term"), ("mid_long_term", "To Follow Mid/Long-Term"),
         ("unclear", "Intent Unclear")], tracking=True,
        help="For customers who have not bought yet: how soon a first deal can be closed.",
        groups=ARCHIVE_READERS)
    archive_first_invoice_date = fields.Date("First Invoice", readonly=True, groups=ARCHIVE_READERS,
        company_dependent=True)
    archive_last_invoice_date = fields.Date("Last Invoice", readonly=True, groups=ARCHIVE_READERS,
        company_dependent=True)
    archive_period_sales = fields.Float(
        "Sales of the Period", readonly=True,
        help="Untaxed sales less credit notes over the volume period of the settings.",
        groups=ARCHIVE_READERS, company_dependent=True)
    archive_total_sales = fields.Float(
        "Total Sales", readonly=True, groups=ARCHIVE_READERS, company_dependent=True)
    archive_relationship_years = fields.Float(
        "Years of Relationship", digits=(16, 1), readonly=True, groups=ARCHIVE_READERS,
        company_dependent=True)
    archive_avg_yearly_sales = fields.Float(
        "Average Yearly Sales", readonly=True,
        groups=ARCHIVE_READERS, company_dependent=True)
    archive_refreshed_on = fields.Datetime(
        "Refreshed On", readonly=True, groups=ARCHIVE_READERS, company_dependent=True,
        help="When the archive's figures were last refreshed on their own (Refresh).")
    archive_classified_on = fields.Datetime(
        "Classified On", compute="_compute_archive_classified_on", groups=ARCHIVE_READERS,
        help="When the classification last looked at the customer: its own refresh, or the "
        "nightly run through every archive of the company, whichever is later.")

    # ------------------------------------------------------------------
    # Yearly figures and confidential parts
    # ------------------------------------------------------------------
    archive_year_ids = fields.One2many("customer.archive.year", "partner_id", "Yearly Figures")
    archive_person_ids = fields.One2many(
        "customer.archive.person", "partner_id", "Key Persons", groups=GROUP_ARCHIVE_USER)
    archive_competitor_ids = fields.One2many(
        "customer.archive.competitor", "partner_id", "Competitors", groups=GROUP_ARCHIVE_USER)
    archive_trade_status_ids = fields.One2many(
        "customer.archive.trade.status", "partner_id", "Trade Status", groups=GROUP_ARCHIVE_USER)
    investigation_ids = fields.One2many(
        "customer.investigation", "partner_id", "Investigations", groups=GROUP_ARCHIVE_USER)
    archive_document_ids = fields.One2many(
        "customer.archive.document", "partner_id", "Archive Documents", groups=GROUP_ARCHIVE_USER)
    archive_document_count = fields.Integer(
        "Document Count", compute="_compute_archive_document_count", groups=GROUP_ARCHIVE_USER)
    # No groups: the record rules of the confidential parts go through the loans.
    archive_loan_ids = fields.One2many("customer.archive.loan", "partner_id", "Loans")
    investigation_count = fields.Integer(
        compute="_compute_investigation_count", groups=GROUP_ARCHIVE_USER)

    # ------------------------------------------------------------------
    # Periodic review (动态管理)
    # ------------------------------------------------------------------
    archive_review_ids = fields.One2many(
        "customer.archive.review", "partner_id", "Reviews", groups=GROUP_ARCHIVE_USER)
    archive_review_count = fields.Integer(
        "Review Count", compute="_compute_archive_review_count", groups=GROUP_ARCHIVE_USER)
    archive_reviewer_id = fields.Many2one(
        "res.users", copy=False, tracking=True,
        domain=lambda self: self._archive_reviewer_domain(),
        help="Who reviews this archive when its review falls due: a custodian or the "
        "customer's salesperson. Empty: the default reviewer of the settings, else the user "
        "who created the archive.")
    archive_last_review_date = fields.Date(
        "Last Review", compute="_compute_archive_last_review", store=True,
        help="The date of the latest review of the archive.")
    archive_risky = fields.Boolean(
        "Marked Risky", compute="_compute_archive_last_review", store=True, tracking=True,
        help="The latest review found the customer risky: poor operation, arrears, falling "
        "reputation, bankruptcy or restructuring.", groups=ARCHIVE_READERS)
    archive_next_review_date = fields.Date(
        "Next Review", compute="_compute_archive_next_review_date", store=True,
        help="One review cycle after the last review, or after the archive was created when "
        "it was never reviewed. The cycle is the one of the customer's tier in the settings, "
        "else the default cycle (two months). Changes of the settings apply from the next "
        "daily run of the review planning.")
    archive_review_overdue = fields.Boolean(
        "Review Overdue", readonly=True, copy=False,
        help="Set each day by the review planning, and at each review: the next review date "
        "has passed.")

    # ------------------------------------------------------------------
    # Both ends (抓两头、放中间): key and risky customers, reminders
    # ------------------------------------------------------------------
    archive_arrears = fields.Boolean(
        "In Arrears", compute="_compute_archive_arrears", search="_search_archive_arrears",
        help="The customer owes posted receivables past their due date in the archive's "
        "company. Always current: computed from the journal items when read or searched.",
        groups=ARCHIVE_READERS)
    archive_overdue_amount = fields.Monetary(
        "Overdue Receivables", currency_field="archive_currency_id",
        compute="_compute_archive_arrears",
        help="Open amount of the posted receivables past their due date.", groups=ARCHIVE_READERS)
    archive_sales_last_12 = fields.Float(
        "Sales of the Last 12 Months", readonly=True,
        help="Untaxed sales less credit notes of the last 12 months, refreshed daily.",
        company_dependent=True)
    archive_sales_previous_12 = fields.Float(
        "Sales of the 12 Months Before", readonly=True,
        help="Untaxed sales less credit notes of the 12 months before the last 12 months, "
        "refreshed daily.", company_dependent=True)
    archive_falling_sales = fields.Boolean(
        "Falling Sales", readonly=True, tracking=True,
        help="Set daily: the sales of the last 12 months are at least the percentage of the "
        "settings (30% by default) below the sales of the 12 months before.",
        groups=ARCHIVE_READERS, company_dependent=True)
    archive_purchase_interval = fields.Float(
        "Usual Purchase Interval (Days)", digits=(16, 1), readonly=True,
        help="Average number of days between consecutive purchase days (posted invoices) "
        "over the whole history; empty with fewer than three purchase days.",
        groups=ARCHIVE_READERS, company_dependent=True)
    archive_purchase_due_date = fields.Date(
        "Next Purchase Due By", readonly=True,
        help="The last purchase plus the usual interval times the multiple of the settings "
        "(1.5 by default): without a purchase after this date the customer is overdue.",
        groups=ARCHIVE_READERS, company_dependent=True)
    archive_purchase_overdue = fields.Boolean(
        "Overdue for Purchase", readonly=True,
        help="Set daily: no purchase for longer than the multiple of the settings of the "
        "customer's usual interval between purchases. The salesperson gets a reminder.",
        groups=ARCHIVE_READERS, company_dependent=True)
    _sql_constraints = [
        ("archive_number_unique", "UNIQUE(archive_number)", "The archive number must be unique."),
    ]

    @api.depends("archive_refreshed_on", "archive_company_id.archive_classified_on")
    @api.depends_context("company")
    def _compute_archive_classified_on(self):
        # The nightly run stamps the company, not each of its archives: a later night then
        # writes only the figures that changed. Seen from the owner company only.
        company = self.env.company
        for partner in self:
            stamps = [partner.archive_refreshed_on]
            if partner.archive_company_id == company:
                stamps.append(partner.archive_company_id.archive_classified_on)
            partner.archive_classified_on = max(filter(None, stamps), default=False)

    @api.depends("is_company", "category_id")
    def _compute_customer_nature(self):
        tag_natures = self._archive_tag_natures()
        for partner in self:
            partner.customer_nature = partner._archive_nature(tag_natures)

    def _archive_nature(self, tag_natures):
        """The nature this partner has under the settings' ``tag_natures``."""
        tags = self.category_id
        nature = next((nature for tag, nature in tag_natures if tag in tags), False)
        return nature or ("ordinary" if self.is_company else "individual")

    def _archive_counts(self, model):
        """{partner: number of its ``model`` records the user may read}: one grouped query."""
        return dict(self.env[model]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))

    def _compute_investigation_count(self):
        counts = self._archive_counts("customer.investigation")
        for partner in self:
            partner.investigation_count = counts.get(partner, 0)

    @api.depends("archive_review_ids")
    def _compute_archive_review_count(self):
        counts = self._archive_counts("customer.archive.review")
        for partner in self:
            partner.archive_review_count = counts.get(partner, 0)

    @api.depends("archive_review_ids.date", "archive_review_ids.risky")
    def _compute_archive_last_review(self):
        latest = self._archive_latest_reviews()
        for partner in self:
            review = latest.get(partner._origin.id)
            partner.archive_last_review_date = review.date if review else False
            partner.archive_risky = review.risky if review else False

    @api.depends("archive_number", "archive_date", "archive_last_review_date", "archive_tier",
                 "archive_company_id")
    def _compute_archive_next_review_date(self):
        # The company's cycles are no dependency: a change of the settings would recompute
        # every archive at once. The daily review planning picks them up.
        for partner in self:
            start = partner.archive_last_review_date or partner.archive_date
            if not (partner.archive_number and start):
                partner.archive_next_review_date = False
                continue
            company = partner.archive_company_id or self.env.company
            months = company._archive_review_months(partner.archive_tier)
            partner.archive_next_review_date = start + relativedelta(months=months)

    def _archive_latest_reviews(self):
        """{partner id: its latest review, by date then creation}: one grouped query and one
        read, whatever the number of partners and reviews."""
        reviews = self.env["customer.archive.review"].sudo()
        groups = reviews._read_group(
            [("partner_id", "in", self._origin.ids)], ["partner_id", "date:day"], ["id:max"],
            order="date:day DESC")
        latest_ids = {}
        for partner, _day, review_id in groups:
            latest_ids.setdefault(partner.id, review_id)
        reviews.browse(latest_ids.values()).fetch(["date", "risky", "tier"])
        return {partner_id: reviews.browse(review_id)
                for partner_id, review_id in latest_ids.items()}

    @api.model
    def _archive_reviewer_domain(self):
        """Custodians, or the customer's salesperson."""
        custodians = self.env["res.company"]._archive_custodians()
        return f"['|', ('groups_id', 'in', {custodians.ids}), ('id', '=', user_id)]"

    def _compute_archive_document_count(self):
        counts = self._archive_counts("customer.archive.document")
        for partner in self:
            partner.archive_document_count = counts.get(partner, 0)

    @api.model
    def _archive_tag_natures(self):
        """(tag, nature) pairs of the settings of the current company, in priority order."""
        company = self.env.company
        return [
            (tag, nature) for tag, nature in (
                (company.archive_government_tag_id, "government"),
                (company.archive_special_tag_id, "special"),
                (company.archive_trading_partner_tag_id, "trading_partner"),
            ) if tag
        ]

    @api.constrains("archive_number", "parent_id", "archive_company_id")
    def _check_archive_on_commercial_partner(self):
        for partner in self:
            if partner.archive_number and not partner.archive_company_id:
                raise ValidationError(_(
                    "The archive of %s must belong to a company.", partner.name))
            if partner.archive_number and partner.parent_id:
                raise ValidationError(_(
                    "%(contact)s is a contact of %(company)s: the archive belongs to the "
                    "company, not to its contacts.",
                    contact=partner.name, company=partner.parent_id.name))

    @api.constrains("staff_count", "manager_count")
    def _check_staff(self):
        for partner in self:
            if partner.staff_count < 0 or partner.manager_count < 0:
                raise ValidationError(_("Staff figures cannot be negative."))
            if partner.manager_count > partner.staff_count:
                raise ValidationError(_(
                    "%(name)s: the managers (%(managers)s) cannot outnumber the staff "
                    "(%(staff)s).", name=partner.name, managers=partner.manager_count,
                    staff=partner.staff_count))

    # ------------------------------------------------------------------
    # CRUD: the archive's number and its customer's salesperson hold in the model
    # ------------------------------------------------------------------
    @api.model
    def default_get(self, fields_list):
        """A customer a salesperson creates is his: he can fill its archive, investigation and
        confidential parts at once. Not for a contact of a company (it follows the company),
        nor for a custodian, who keeps the archives and is nobody's salesperson."""
        defaults = super().default_get(fields_list)
        user = self.env.user
        if ("user_id" in fields_list and "user_id" not in defaults
                and not defaults.get("parent_id")
                and user.has_group(GROUP_ARCHIVE_USER)
                and not user.has_group("customer_archive.group_archive_custodian")):
            defaults["user_id"] = user.id
        return defaults

    @api.model
    def _customer_figure_fields(self):
        """The partner fields the addons' engines compute and store: no client writes them."""
        return ARCHIVE_FIGURE_FIELDS

    @api.model
    def _field_labels(self, names):
        """The labels of the fields ``names`` in the user's language, for a message."""
        return ", ".join(sorted(self._fields[name]._description_string(self.env)
                                for name in names))

    def _refuse_figures(self, names):
        """A client gave the figures ``names`` (create, write, import): the engines compute
        them from the customer's invoices, reviews, surveys and credit data."""
        if names:
            raise AccessError(_(
                "%s are computed from the customer's invoices, reviews, surveys and credit "
                "data: they cannot be typed or imported.", self._field_labels(names)))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Defaults come along with every new partner (a user's, a form's): they pass.
            given = {name for vals in vals_list
                     for name in self._customer_figure_fields() & vals.keys() if vals[name]}
            defaults = self.default_get(list(given))
            self._refuse_figures({name for vals in vals_list for name in given & vals.keys()
                                  if vals[name] and vals[name] != defaults.get(name)})
        return super().create(vals_list)

    def write(self, vals):
        moved = {}
        if not self.env.su:  # server code (a transfer) records its own message
            # A figure written as it already is (a form saved whole, an import of unchanged
            # rows) changes nothing; read as superuser, whoever may read it.
            self._refuse_figures({name for _partner, name, _value in changed_values(
                self.sudo(), vals, self._customer_figure_fields())})
            moved = {partner: partner.user_id for partner, _name, _user in changed_values(
                self.filtered("archive_number"), vals, {"user_id"})}
            self._archive_check_write(vals, moved)
        if "archive_number" in vals:
            self._archive_check_number_change(vals["archive_number"])
        result = super().write(vals)
        for partner, old_user in moved.items():
            partner._message_log(body=_(
                "Salesperson changed from %(old)s to %(new)s by %(user)s.",
                old=old_user.name or _("nobody"), new=partner.user_id.name or _("nobody"),
                user=self.env.user.name))
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archived(self):
        archived = self.filtered("archive_number")
        if archived:
            raise UserError(_(
                "%s have a customer archive, which belongs to the company and keeps their "
                "history: archive them instead of deleting them.",
                ", ".join(archived.mapped("display_name"))))

    def _archive_check_write(self, vals, moved):
        """What no client may write: the archive's creation data, and the salesperson of the
        customers with an archive in ``moved`` unless a sales manager (custodians move
        customers with *Transfer Customers*, which records why)."""
        if next(changed_values(self, vals, ARCHIVE_CREATION_FIELDS), None):
            raise AccessError(_(
                "The archive number, its creation date and creator are given when the archive "
                "is created; they cannot be written."))
        manager = self.env.ref("sales_team.group_sale_manager", raise_if_not_found=False)
        if moved and not (manager and manager in self.env.user.groups_id):
            raise AccessError(_(
                "%s have a customer archive: only an archive custodian (with Transfer "
                "Customers, which hands over their open business and records why) or a "
                "sales manager changes their salesperson.",
                ", ".join(partner.display_name for partner in moved)))

    def _archive_check_number_change(self, number):
        """An archive number is written on its documents and volumes: it never changes once
        they exist."""
        changed = self.filtered(lambda partner: partner.archive_number
                                and partner.archive_number != number)
        if not changed:
            return
        filed = self.env["customer.archive.document"].sudo().search_count(
            [("partner_id", "in", changed.ids)], limit=1) or self.env[
            "customer.archive.volume"].sudo().search_count(
            [("partner_id", "in", changed.ids)], limit=1)
        if filed:
            raise UserError(_(
                "The archive number of %s is on its documents and volumes: it cannot change.",
                ", ".join(changed.mapped("display_name"))))

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_create_archive(self):
        """Open an archive for each commercial partner that has none yet."""
        if not self.env.user.has_group(GROUP_ARCHIVE_USER):
            raise AccessError(_("Only archive users and custodians can create customer archives."))
        contacts = self.filtered("parent_id")
        if contacts:
            raise UserError(_(
                "Archives are kept on companies and individual customers, not on their "
                "contacts: %s.", ", ".join(contacts.mapped("display_name"))))
        new = self.filtered(lambda partner: not partner.archive_number)
        new.check_access("write")
        sequence = self.env["ir.sequence"].sudo()
        today = fields.Date.context_today(self)
        for partner in new.sudo():
            partner.write({
                "archive_number": sequence.next_by_code("customer.archive"),
                "archive_company_id": partner.company_id.id or self.env.company.id,
                "archive_date": today,
                "archive_user_id": self.env.uid,
            })
        new._refresh_archive()
        return True

    def action_refresh_archive(self):
        archived = self.filtered("archive_number")
        if not archived:
            raise UserError(_("Create the customer archive first."))
        archived._refresh_archive()
        for _company, partners in archived._archive_by_company():
            partners.write({"archive_refreshed_on": fields.Datetime.now()})
        return True

    def _archive_partner_action(self, xml_id, **context):
        """The window action ``xml_id`` restricted to this customer."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        action["domain"] = [("partner_id", "=", self.id)]
        if context:
            action["context"] = context
        return action

    def action_view_archive_documents(self):
        return self._archive_partner_action(
            "customer_archive.customer_archive_document_action",
            default_partner_id=self.id, search_default_group_part=1)

    def action_view_trade_register(self):
        return self._archive_partner_action(
            "customer_archive.customer_archive_trade_register_action")

    def action_view_returns_register(self):
        return self._archive_partner_action(
            "customer_archive.customer_archive_returns_register_action")

    def action_view_investigations(self):
        return self._archive_partner_action(
            "customer_archive.customer_investigation_action", default_partner_id=self.id)

    def action_archive_review(self):
        """A new review of this archive, in a dialog."""
        self.ensure_one()
        if not self.archive_number:
            raise UserError(_("Create the customer archive first."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Review of %s", self.display_name),
            "res_model": "customer.archive.review",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_partner_id": self.id, "default_tier": self.archive_tier},
        }

    def action_view_archive_reviews(self):
        return self._archive_partner_action(
            "customer_archive.customer_archive_review_action",
            default_partner_id=self.id, default_tier=self.archive_tier)

    def _check_archives(self, what):
        """Refuse to print ``what`` for customers without an archive."""
        missing = self.filtered(lambda partner: not partner.archive_number)
        if missing:
            raise UserError(_("%(what)s is printed from a customer archive; these customers "
                              "have none: %(customers)s.", what=what,
                              customers=", ".join(missing.mapped("display_name"))))

    def _archive_card_years(self, count=6):
        """The last ``count`` yearly figures of the archive's company, oldest first."""
        self.ensure_one()
        years = self.archive_year_ids.filtered(
            lambda line: line.company_id == self.archive_company_id)
        return years.sorted("year")[-count:]

    # ------------------------------------------------------------------
    # Periodic review planning (set-based)
    # ------------------------------------------------------------------
    @api.model
    def _cron_archive_reviews(self, batch_size=2000, lead_days=0):
        """Daily: bring the next review dates in line with the settings, flag overdue reviews
        and give each archive whose review falls due one review activity, in committed
        batches."""
        partner_ids = self.search([("archive_number", "!=", False)], order="id").ids
        run_in_batches(self.env, split_every(batch_size, partner_ids, self.browse),
                       lambda batch: batch._archive_schedule_reviews(lead_days))

    def _archive_schedule_reviews(self, lead_days=0):
        """Plan the reviews of these archives; return the review activities created.

        A few queries per call: one recomputation of the next review dates, grouped writes of
        the overdue flags, one grouped read of the open activities, one batch of creations.
        An archive that already has an open review activity gets no second one.
        """
        archives = self.filtered("archive_number")
        activities = self.env["mail.activity"].sudo()
        if not archives:
            return activities
        today = fields.Date.context_today(self)
        # Known values first: the recomputation then writes only the dates that change.
        archives.fetch(["archive_next_review_date"])
        self.env.add_to_compute(self._fields["archive_next_review_date"], archives)
        archives._archive_flag_overdue_reviews(today)
        due_until = today + timedelta(days=lead_days)
        due = archives.filtered(lambda partner: partner.archive_next_review_date
                                and partner.archive_next_review_date <= due_until)
        activity_type = self.env.ref(REVIEW_ACTIVITY_TYPE, raise_if_not_found=False)
        if not (due and activity_type):
            return activities
        planned = {res_id for [res_id] in activities._read_group(
            [("res_model", "=", self._name), ("res_id", "in", due.ids),
             ("activity_type_id", "=", activity_type.id)], ["res_id"])}
        model_id = self.env["ir.model"]._get_id(self._name)
        values = []
        for partner in due:
            reviewer = partner._archive_reviewer()
            if partner.id in planned or not reviewer:
                continue
            values.append({
                "res_model_id": model_id,
                "res_id": partner.id,
                "activity_type_id": activity_type.id,
                "summary": activity_type.with_context(lang=reviewer.lang).summary,
                "user_id": reviewer.id,
                "date_deadline": partner.archive_next_review_date,
                "automated": True,
            })
        return activities._create_scheduled(values)

    def _archive_flag_overdue_reviews(self, today):
        """Flag the archives whose next review date has passed and clear the flag of the
        others: at most two grouped writes."""
        overdue = self.filtered(lambda partner: partner.archive_number
                                and partner.archive_next_review_date
                                and partner.archive_next_review_date < today)
        newly_overdue = overdue.filtered(lambda partner: not partner.archive_review_overdue)
        if newly_overdue:
            newly_overdue.sudo().write({"archive_review_overdue": True})
        no_longer_overdue = (self - overdue).filtered("archive_review_overdue")
        if no_longer_overdue:
            no_longer_overdue.sudo().write({"archive_review_overdue": False})

    def _archive_reviewer(self):
        """Who reviews the archive: the assigned reviewer, else the default reviewer of the
        archive's company, else the user who created the archive; active users only."""
        self.ensure_one()
        candidates = (self.archive_reviewer_id, self.archive_company_id.archive_review_user_id,
                      self.archive_user_id)
        return next((user for user in candidates if user.active), self.env["res.users"])

    # ------------------------------------------------------------------
    # Salesperson transfer
    # ------------------------------------------------------------------
    def _archive_transfer_hook(self, old_user, new_user):
        """Called by the transfer wizard on the customers it moved from ``old_user`` to
        ``new_user``, after the move: the leaving salesperson's open loans end and the open
        business of these customers goes with them (``_archive_transfer_documents``), with
        the activities on it. Returns {customer id: number of documents handed over}."""
        loans = self.env["customer.archive.loan"].sudo().search(
            [("borrower_id", "=", old_user.id), ("state", "in", ("requested", "approved"))])
        loans.filtered(lambda loan: loan.state == "approved").write(
            {"state": "returned", "returned_on": fields.Datetime.now()})
        requested = loans.filtered(lambda loan: loan.state == "requested")
        requested.write({"state": "refused", "refuse_reason": _(
            "%s handed over their customers.", old_user.name)})
        requested.activity_unlink(["mail.mail_activity_data_todo"])
        counts = dict.fromkeys(self.ids, 0)
        for documents, field in self._archive_transfer_documents(old_user):
            documents = documents.sudo()
            if not documents:
                continue
            documents.write({field: new_user.id})
            self.env["mail.activity"].sudo().search([
                ("res_model", "=", documents._name), ("res_id", "in", documents.ids),
                ("user_id", "=", old_user.id)]).with_context(
                mail_activity_quick_update=True).write({"user_id": new_user.id})
            for document in documents:
                customer_id = document.partner_id.commercial_partner_id.id
                if customer_id in counts:
                    counts[customer_id] += 1
        return counts

    def _archive_transfer_documents(self, old_user):
        """[(documents, salesperson field)] of these customers' open business held by
        ``old_user``, which goes to the new salesperson (extended by the addons that add
        documents): draft and unpaid customer invoices, and the key-customer plans not done
        or cancelled. Paid history keeps its salesperson."""
        invoices = self.env["account.move"].sudo().search([
            ("commercial_partner_id", "in", self.ids), ("invoice_user_id", "=", old_user.id),
            ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
            "|", ("state", "=", "draft"),
            "&", ("state", "=", "posted"), ("payment_state", "in", ("not_paid", "partial"))])
        plans = self.env["customer.archive.key.plan"].sudo().search([
            ("partner_id", "in", self.ids), ("user_id", "=", old_user.id),
            ("state", "in", ("draft", "active"))])
        return [(invoices, "invoice_user_id"), (plans, "user_id")]

    # ------------------------------------------------------------------
    # Both ends (抓两头、放中间): arrears, falling sales, reminders
    # ------------------------------------------------------------------
    def _compute_archive_arrears(self):
        overdue = self._archive_overdue_receivables(self._origin.ids)
        for partner in self:
            amount = overdue.get(partner._origin.id, 0.0)
            partner.archive_overdue_amount = amount
            partner.archive_arrears = amount > 0

    def _search_archive_arrears(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search customers in arrears with = or != and a boolean."))
        in_arrears = list(self._archive_overdue_receivables())
        return [("id", "in" if (operator == "=") == value else "not in", in_arrears)]

    @api.model
    def _archive_overdue_receivables(self, partner_ids=None):
        """{partner id: its overdue receivables in its archive's company} of the archives
        (all, or those of ``partner_ids``) that owe: the credit exposure's overdue
        (``_overdue_receivables``), one query per company."""
        domain = [("archive_number", "!=", False)]
        if partner_ids is not None:
            domain.append(("id", "in", partner_ids))
        archives = self.sudo().search_fetch(domain, ["archive_company_id"])
        overdue = {}
        for company, partners in archives.grouped("archive_company_id").items():
            overdue.update(partners._overdue_receivables(company))
        return {partner_id: amount for partner_id, amount in overdue.items() if amount > 0}
