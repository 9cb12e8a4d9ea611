import logging
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.addons.customer_archive.tools import run_in_batches, write_columns
from odoo.exceptions import AccessError
from odoo.tools import SQL, formatLang, split_every

from .customer_churn import OPEN_STATES

CHURN_PARTNER_STATES = [("active", "Active"), ("at_risk", "At Risk"), ("lost", "Lost")]
LOYALTY_SEGMENTS = [
    ("champion", "Champions"),
    ("loyal", "Loyal"),
    ("promising", "Promising"),
    ("new", "New"),
    ("at_risk", "At Risk"),
    ("hibernating", "Hibernating"),
]
LOYALTY_NEW_MONTHS = 6
LOYALTY_BATCH = 5000


# Customer health (point 8) -------------------------------------------------------------
HEALTH_STATUSES = [
    ("good", "Good"), ("watch", "Watch"), ("at_risk", "Risky"), ("critical", "Critical")]
HEALTH_BY_LEVEL = {0: "good", 1: "watch", 2: "at_risk", 3: "critical"}
HEALTH_FIELDS = [
    "health_status", "health_level", "health_reasons", "health_date", "health_company_id",
    "health_credit_grade_id", "health_credit_exposure", "health_credit_limit",
    "health_complaint_count", "health_churn_state", "health_signal_count"]
HEALTH_BATCH = 1000
COMPLAINT_TYPES = ("complaint", "own_fault")
OPEN_FEEDBACK_STATES = ("new", "in_progress")
OPEN_SIGNAL_STATES = ("open", "acknowledged")
# Credit warning signals telling of a customer about to leave: each opens a churn-risk record.
CHURN_SIGNAL_TYPES = ("orders_falling", "no_orders", "management_change", "staff_leaving")
GROUP_SATISFACTION_USER = "customer_satisfaction.group_satisfaction_user"
GROUP_SATISFACTION_MANAGER = "customer_satisfaction.group_satisfaction_manager"
GROUP_CREDIT_ANALYST = "customer_credit.group_credit_analyst"
GROUP_CREDIT_MANAGER = "customer_credit.group_credit_manager"

_logger = logging.getLogger(__name__)


def _health_number(value, digits=None, signed=False):
    """A figure of a health reason: with ``digits`` decimals, else as short as possible."""
    text = f"{value:.{digits}f}" if digits is not None else f"{value:g}"
    return f"+{text}" if signed and value > 0 else text


class ResPartner(models.Model):
    _inherit = "res.partner"

    satisfaction_score_ids = fields.One2many(
        "customer.satisfaction.score", "partner_id", string="Satisfaction Scores")
    # Figures of one company each (company-dependent): a user of another company never
    # reads them. Refreshed by the scores (_satisfaction_refresh), not computed.
    satisfaction_score = fields.Float(
        "Satisfaction", readonly=True, company_dependent=True,
        help="Overall index of the customer's latest satisfaction answer with at least one "
        "answered question.")
    satisfaction_date = fields.Date("Last Satisfaction Survey", readonly=True,
                                    company_dependent=True)
    satisfaction_trend = fields.Float(
        "Satisfaction Trend", readonly=True, company_dependent=True,
        help="Latest overall index minus the previous one.")
    satisfaction_score_count = fields.Integer(readonly=True, company_dependent=True)

    def _satisfaction_refresh(self, companies):
        """The latest overall index, its date, the trend and the number of answered scores
        of these customers in each of ``companies``: one read of the scores and one UPDATE
        per company, whoever may read the scores."""
        partners = self.filtered("id")
        if not (partners and companies):
            return
        scores = self.env["customer.satisfaction.score"].sudo().search_fetch(
            # A score without any answered question says nothing of the customer.
            [("partner_id", "in", partners.ids), ("company_id", "in", companies.ids),
             ("answered_dimensions", "!=", False)],
            ["partner_id", "company_id", "overall", "date"], order="date desc, id desc")
        by_key = defaultdict(list)
        for score in scores:
            by_key[score.partner_id.id, score.company_id.id].append(score)
        for company in companies:
            rows = []
            for partner_id in partners.ids:
                latest = by_key.get((partner_id, company.id), [])
                rows.append((
                    partner_id,
                    latest[0].overall if latest else None,
                    latest[0].date if latest else None,
                    latest[0].overall - latest[1].overall if len(latest) > 1 else None,
                    len(latest) or None,
                ))
            write_columns(partners, [
                ("satisfaction_score", "numeric"), ("satisfaction_date", "date"),
                ("satisfaction_trend", "numeric"), ("satisfaction_score_count", "int4"),
            ], rows, company=company)

    def action_view_satisfaction_scores(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_satisfaction.customer_satisfaction_score_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Churn and loyalty (points 5 and 7)
    # ------------------------------------------------------------------
    churn_ids = fields.One2many("customer.churn", "partner_id", string="Churn Records",
                                groups="customer_satisfaction.group_satisfaction_user")
    churn_state = fields.Selection(
        CHURN_PARTNER_STATES, "Churn Status", compute="_compute_churn_state", store=True,
        index=True, default="active",
        help="From the customer's open churn records: Lost when a loss is confirmed, At Risk "
        "when it is at risk or flagged lost but not confirmed yet, else Active.")
    churn_id = fields.Many2one(
        "customer.churn", "Open Churn Record", compute="_compute_churn_state", store=True,
        groups="customer_satisfaction.group_satisfaction_user",
        help="The customer's open churn record (the worst if several companies have one).")
    churn_category_id = fields.Many2one(related="churn_id.category_id", string="Churn Category",
                                        groups="customer_satisfaction.group_satisfaction_user")
    churn_last_purchase_date = fields.Date(
        related="churn_id.last_purchase_date", string="Last Purchase (Churn)",
        groups="customer_satisfaction.group_satisfaction_user")
    churn_usual_interval = fields.Float(related="churn_id.usual_interval",
                                        string="Usual Interval when Flagged (Days)",
                                        groups="customer_satisfaction.group_satisfaction_user")
    churn_loss_date = fields.Date(related="churn_id.loss_date",
                                  groups="customer_satisfaction.group_satisfaction_user")
    churn_yearly_sales_lost = fields.Monetary(
        related="churn_id.yearly_sales_lost",
        groups="customer_satisfaction.group_satisfaction_user")
    churn_currency_id = fields.Many2one(related="churn_id.currency_id", string="Churn Currency",
                                        groups="customer_satisfaction.group_satisfaction_user")
    churn_count = fields.Integer("Churn Record Count", compute="_compute_churn_count",
                                 groups="customer_satisfaction.group_satisfaction_user")

    loyalty_years = fields.Float(
        "Years as Customer", digits=(16, 1), readonly=True, aggregator="avg",
        help="Years since the customer's first posted invoice in the archive's company, "
        "refreshed daily.", company_dependent=True)
    loyalty_frequency = fields.Integer(
        "Purchase Days per Year", readonly=True, aggregator="avg",
        help="Days with a posted invoice in the last 12 months (several invoices on one day "
        "count once), refreshed daily.", company_dependent=True)
    rfm_recency = fields.Integer(
        "Recency Score", readonly=True, aggregator="avg",
        help="1 to 5: quintile of the days since the last purchase among the company's "
        "customers who ever bought; fewer days score higher (5). Customers with the same "
        "value share a score: score = 1 + ⌊5 × (customers ranked before) / customers⌋.",
        company_dependent=True)
    rfm_frequency = fields.Integer(
        "Frequency Score", readonly=True, aggregator="avg",
        help="1 to 5: quintile of the number of invoices of the last 12 months among the "
        "company's customers who bought in the last 12 months; the others score 1.",
        company_dependent=True)
    rfm_monetary = fields.Integer(
        "Monetary Score", readonly=True, aggregator="avg",
        help="1 to 5: quintile of the untaxed sales less credit notes of the last 12 months "
        "among the company's customers who bought in the last 12 months; the others score 1.",
        company_dependent=True)
    rfm_score = fields.Integer(
        "RFM Score", readonly=True, aggregator="avg",
        help="Recency + frequency + monetary scores, 3 to 15; 0 for a customer who never "
        "bought.", company_dependent=True)
    loyalty_segment = fields.Selection(
        LOYALTY_SEGMENTS, "Loyalty Segment", readonly=True, index=True,
        help="In this order: New: first purchase less than 6 months ago. Champions: recency, "
        "frequency and monetary scores all 4 or 5. Loyal: recency and frequency 3 or more. "
        "Promising: recency 3 or more (bought lately, not often). At Risk: recency 1 or 2 but "
        "frequency or monetary 3 or more (used to buy much or often). Hibernating: the "
        "others (not lately, little, seldom). Empty: never bought.", company_dependent=True)

    @api.depends("churn_ids.state")
    def _compute_churn_state(self):
        partners = self.filtered("id")
        worst = {}
        if partners.ids:
            churns = self.env["customer.churn"].sudo().search_fetch(
                [("partner_id", "in", partners.ids), ("state", "in", OPEN_STATES)],
                ["partner_id", "state"], order="date desc, id desc")
            for churn in churns:
                current = worst.get(churn.partner_id.id)
                if not current or OPEN_STATES.index(churn.state) > OPEN_STATES.index(
                        current.state):
                    worst[churn.partner_id.id] = churn
        for partner in self:
            churn = worst.get(partner.id)
            partner.churn_id = churn
            partner.churn_state = ("lost" if churn and churn.state == "lost"
                                   else "at_risk" if churn else "active")

    def _compute_churn_count(self):
        counts = dict(self.env["customer.churn"]._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.churn_count = counts.get(partner, 0)

    def action_view_churn(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_satisfaction.customer_churn_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    @api.model
    def _cron_refresh_loyalty(self, batch_size=LOYALTY_BATCH):
        """Daily: years as customer, purchase frequency and RFM scores of every customer with
        an archive, per archive company (the quintiles rank the company's whole customer
        base: one query per company), written in batches committed outside tests."""
        return self._refresh_loyalty_all(batch_size=batch_size, commit=True)

    @api.model
    def _refresh_loyalty_all(self, today=None, batch_size=LOYALTY_BATCH, commit=False):
        """Refresh the loyalty figures of every company's customers with an archive; return
        the number of customers refreshed."""
        today = today or fields.Date.context_today(self)
        companies = self.sudo()._read_group(
            [("archive_number", "!=", False)], ["archive_company_id"])
        return sum(self._refresh_loyalty(company, today, batch_size=batch_size, commit=commit)
                   for (company,) in companies)

    @api.model
    def _refresh_loyalty(self, company, today=None, batch_size=LOYALTY_BATCH, commit=False):
        """Refresh the loyalty figures of the customers whose archive ``company`` owns, as
        of ``today``: one query computes the figures and the quintile scores of all of them,
        one UPDATE per batch writes them. Return the number of customers refreshed."""
        today = today or fields.Date.context_today(self)
        rows = self._loyalty_figures(company, today)
        new_since = today - relativedelta(months=LOYALTY_NEW_MONTHS)
        values = []
        for partner_id, first, days, recency, frequency, monetary in rows:
            segment = False
            if recency:
                segment = ("new" if first > new_since
                           else "champion" if min(recency, frequency, monetary) >= 4
                           else "loyal" if recency >= 3 and frequency >= 3
                           else "promising" if recency >= 3
                           else "at_risk" if frequency >= 3 or monetary >= 3
                           else "hibernating")
            values.append((
                partner_id,
                round((today - first).days / 365.25, 1) if first else 0.0,
                days, recency, frequency, monetary,
                recency + frequency + monetary if recency else None, segment or None))
        def write(batch):
            # On the batch's partners: the UPDATE invalidates their cached figures.
            write_columns(self.browse([row[0] for row in batch]), [
                ("loyalty_years", "numeric"), ("loyalty_frequency", "int4"),
                ("rfm_recency", "int4"), ("rfm_frequency", "int4"), ("rfm_monetary", "int4"),
                ("rfm_score", "int4"), ("loyalty_segment", "varchar"),
            ], batch, company=company)

        run_in_batches(self.env, split_every(batch_size, values, list), write, commit=commit)
        return len(values)

    @api.model
    def _loyalty_figures(self, company, today):
        """[(partner id, first purchase day, purchase days of the last 12 months, recency,
        frequency and monetary scores)] of the customers with an archive of ``company``:
        one query. Purchases are posted customer invoices, sales are untaxed invoices less
        credit notes; the last 12 months are today − 12 months < invoice date ≤ today.

        Quintile score of a value: 1 + ⌊5 × (rank − 1) / n⌋ with the rank of the value
        (equal values share the lowest rank) among the n customers ranked, 1 to 5."""
        self.flush_model(["archive_company_id", "archive_number"])
        return self.env.execute_query(SQL(
            """
            WITH customer AS (
                SELECT id FROM res_partner
                 WHERE archive_company_id = %(company_id)s AND archive_number IS NOT NULL
            ), sales AS (
                SELECT m.commercial_partner_id AS partner_id,
                       MIN(m.invoice_date) FILTER (WHERE m.move_type = 'out_invoice')
                           AS first_day,
                       MAX(m.invoice_date) FILTER (WHERE m.move_type = 'out_invoice')
                           AS last_day,
                       COUNT(DISTINCT m.invoice_date) FILTER (
                           WHERE m.move_type = 'out_invoice'
                             AND m.invoice_date > %(year_from)s) AS days_12,
                       COUNT(*) FILTER (
                           WHERE m.move_type = 'out_invoice'
                             AND m.invoice_date > %(year_from)s) AS invoices_12,
                       COALESCE(SUM(m.amount_untaxed_signed) FILTER (
                           WHERE m.invoice_date > %(year_from)s), 0) AS sales_12
                  FROM account_move m
                  JOIN customer c ON c.id = m.commercial_partner_id
                 WHERE m.company_id = %(company_id)s AND %(sales)s
                   AND m.invoice_date <= %(today)s
                 GROUP BY m.commercial_partner_id
            ), figures AS (
                SELECT c.id, s.first_day, s.last_day, COALESCE(s.days_12, 0) AS days_12,
                       COALESCE(s.invoices_12, 0) AS invoices_12,
                       COALESCE(s.sales_12, 0) AS sales_12,
                       s.last_day IS NOT NULL AS bought,
                       COALESCE(s.invoices_12, 0) > 0 AS recent
                  FROM customer c
                  LEFT JOIN sales s ON s.partner_id = c.id
            )
            SELECT id, first_day, days_12,
                   CASE WHEN bought THEN 1 + 5 * (RANK() OVER (
                       PARTITION BY bought ORDER BY last_day) - 1)
                       / COUNT(*) OVER (PARTITION BY bought) END,
                   CASE WHEN recent THEN 1 + 5 * (RANK() OVER (
                       PARTITION BY recent ORDER BY invoices_12) - 1)
                       / COUNT(*) OVER (PARTITION BY recent)
                        WHEN bought THEN 1 END,
                   CASE WHEN recent THEN 1 + 5 * (RANK() OVER (
                       PARTITION BY recent ORDER BY sales_12) - 1)
                       / COUNT(*) OVER (PARTITION BY recent)
                        WHEN bought THEN 1 END
              FROM figures
             ORDER BY id
            """,
            company_id=company.id, today=today, year_from=today - relativedelta(months=12),
            sales=self.env["account.move"]._sales_condition("m")))

    # ------------------------------------------------------------------
    # Customer feedback (point 4) and satisfaction survey recipients (point 2)
    # ------------------------------------------------------------------
    satisfaction_feedback_ids = fields.One2many(
        "customer.satisfaction.feedback", "partner_id", string="Customer Feedback")
    satisfaction_feedback_count = fields.Integer(
        "Feedback", compute="_compute_satisfaction_feedback_figures")
    satisfaction_complaint_count = fields.Integer(
        "Complaints", compute="_compute_satisfaction_feedback_figures",
        help="Complaints and complaints about our own faults, in any status but cancelled.")
    satisfaction_open_complaint_count = fields.Integer(
        "Open Complaints", compute="_compute_satisfaction_feedback_figures",
        help="Complaints and complaints about our own faults that are new or in progress.")
    satisfaction_resolution_days = fields.Float(
        "Average Resolution Time (Days)", compute="_compute_satisfaction_feedback_figures",
        help="Mean days from receipt to resolution of the customer's resolved "
        "and closed complaints.")

    @api.depends_context("allowed_company_ids")
    def _compute_satisfaction_feedback_figures(self):
        """Three grouped reads for the whole recordset, over the feedback of the companies
        allowed; as superuser so that the figures show on any partner form."""
        Feedback = self.env["customer.satisfaction.feedback"].sudo()
        partners = self.filtered("id")
        base = [("partner_id", "in", partners.ids),
                ("company_id", "in", self.env.companies.ids)]
        total = dict(Feedback._read_group(base, ["partner_id"], ["__count"]))
        complaints = {}
        for partner, state, count in Feedback._read_group(
                base + [("feedback_type", "in", ("complaint", "own_fault")),
                        ("state", "!=", "cancelled")],
                ["partner_id", "state"], ["__count"]):
            figures = complaints.setdefault(partner, {"all": 0, "open": 0})
            figures["all"] += count
            if state in ("new", "in_progress"):
                figures["open"] += count
        resolution = dict(Feedback._read_group(
            base + [("feedback_type", "in", ("complaint", "own_fault")),
                    ("state", "in", ("resolved", "closed")), ("resolved_date", "!=", False)],
            ["partner_id"], ["resolution_days:avg"]))
        for partner in self:
            figures = complaints.get(partner, {})
            partner.satisfaction_feedback_count = total.get(partner, 0)
            partner.satisfaction_complaint_count = figures.get("all", 0)
            partner.satisfaction_open_complaint_count = figures.get("open", 0)
            partner.satisfaction_resolution_days = resolution.get(partner) or 0.0

    def action_view_satisfaction_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_satisfaction.customer_satisfaction_feedback_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def _satisfaction_survey_recipients(self):
        """{customer: recipient} of the satisfaction surveys: the customer's main contact when
        it has an e-mail, else the customer itself when it has one; customers without either
        are left out."""
        recipients = {}
        for customer in self.commercial_partner_id:
            if customer.main_contact_id.email:
                recipients[customer] = customer.main_contact_id
            elif customer.email:
                recipients[customer] = customer
        return recipients

    # ------------------------------------------------------------------
    # Customer health (客户健康): tier, credit, satisfaction, complaints, churn and signals
    # joined into one status with its reasons, refreshed set-based (_health_refresh)
    # ------------------------------------------------------------------
    health_status = fields.Selection(
        HEALTH_STATUSES, "Health", index=True, readonly=True, copy=False,
        groups="base.group_user",
        help="The highest severity of the customer's reasons, Good without any reason; "
        "figures of the company that owns the archive, refreshed daily and on demand.\n"
        "Watch: satisfaction dropped by the drop that counts or more; fewer open complaints "
        "than the risky number; open credit warning signals; a credit grade whose control "
        "level is Block; an expired credit grade; receivables overdue beyond the credit "
        "tolerance.\n"
        "Risky: latest satisfaction below the low threshold; open complaints at or above "
        "the risky number; churn at risk or lost to confirm; a low credit grade; over the "
        "credit limit; on credit hold.\n"
        "Critical: a confirmed lost customer.\n"
        "Important tier (setting): each reason counts one level higher.", company_dependent=True)
    health_level = fields.Integer(
        "Health Severity", readonly=True, copy=False, groups="base.group_user",
        aggregator="max", help="0 Good, 1 Watch, 2 Risky, 3 Critical: sorts the overview.",
        company_dependent=True)
    health_reasons = fields.Text(
        "Health Reasons", readonly=True, copy=False, groups="base.group_user",
        help="One line per reason, the most severe first.", company_dependent=True)
    health_summary = fields.Char(
        "Main Reason", compute="_compute_health_summary", groups="base.group_user",
        help="The most severe reason, and how many others there are.")
    health_date = fields.Datetime(
        "Health Refreshed On", readonly=True, copy=False, groups="base.group_user",
        company_dependent=True)
    health_company_id = fields.Many2one(
        "res.company", "Health Company", readonly=True, copy=False, groups="base.group_user",
        help="The company whose figures the health was computed from: the owner of the "
        "customer's archive.", company_dependent=True)
    health_currency_id = fields.Many2one(
        related="health_company_id.currency_id", string="Health Currency",
        groups="base.group_user")
    health_credit_grade_id = fields.Many2one(
        "customer.credit.grade", "Health Credit Grade", readonly=True, copy=False,
        ondelete="set null", groups="base.group_user",
        help="The customer's credit grade in the health company at the last refresh.",
        company_dependent=True)
    health_credit_exposure = fields.Float(
        "Health Credit Exposure", readonly=True,
        copy=False, groups="base.group_user",
        help="Open receivables + draft invoices + uninvoiced orders in the health company at "
        "the last refresh.", company_dependent=True)
    health_credit_limit = fields.Float(
        "Health Credit Limit", readonly=True,
        copy=False, groups="base.group_user",
        help="The customer's credit limit in the health company at the last refresh.",
        company_dependent=True)
    health_complaint_count = fields.Integer(
        "Health Open Complaints", readonly=True, copy=False, groups="base.group_user",
        help="Complaints and complaints about our own faults, new or in progress, at the "
        "last refresh.", company_dependent=True)
    health_churn_state = fields.Selection(
        selection="_selection_health_churn_state", string="Health Churn Status", readonly=True,
        copy=False, groups="base.group_user",
        help="The most severe open churn record (at risk, lost to confirm, lost) at the last "
        "refresh.", company_dependent=True)
    health_signal_count = fields.Integer(
        "Health Open Signals", readonly=True, copy=False, groups="base.group_user",
        help="Credit warning signals open or acknowledged at the last refresh.",
        company_dependent=True)

    @api.depends("health_reasons")
    def _compute_health_summary(self):
        for partner in self:
            lines = (partner.health_reasons or "").splitlines()
            if len(lines) > 1:
                partner.health_summary = _("%(reason)s (+%(count)s more)",
                                           reason=lines[0], count=len(lines) - 1)
            else:
                partner.health_summary = lines[0] if lines else False

    @api.model
    def _selection_health_churn_state(self):
        # Translated labels: a selection method's values are not in the translations.
        return [(state, label) for state, label in
                self.env["customer.churn"]._fields["state"]._description_selection(self.env)
                if state in OPEN_STATES]

    def action_health_refresh(self):
        """Refresh the health of these customers; without records (the overview's button),
        of every customer with an archive."""
        user = self.env.user
        if self:
            if not (user.has_group(GROUP_SATISFACTION_USER)
                    or user.has_group(GROUP_CREDIT_ANALYST)):
                raise AccessError(_("Only satisfaction users and the credit department "
                                    "refresh the health of customers."))
            self.check_access("read")
            self._health_refresh()
        else:
            if not (user.has_group(GROUP_SATISFACTION_MANAGER)
                    or user.has_group(GROUP_CREDIT_MANAGER)):
                raise AccessError(_("Only satisfaction and credit managers refresh the health "
                                    "of all customers."))
            self._health_refresh_all()
        return True

    def _health_action(self, model, name, domain, context=None):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("%(what)s of %(customer)s", what=name,
                      customer=self.commercial_partner_id.display_name),
            "res_model": model,
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
            "context": context or {},
        }

    def _health_company(self):
        self.ensure_one()
        partner = self.commercial_partner_id
        return partner.health_company_id or partner.archive_company_id or self.env.company

    def action_health_view_complaints(self):
        """The customer's open complaints in the health company."""
        partner, company = self.commercial_partner_id, self._health_company()
        return self._health_action(
            "customer.satisfaction.feedback", _("Open Complaints"),
            [("partner_id", "=", partner.id), ("company_id", "=", company.id),
             ("feedback_type", "in", COMPLAINT_TYPES), ("state", "in", OPEN_FEEDBACK_STATES)],
            {"default_partner_id": partner.id, "default_company_id": company.id,
             "default_feedback_type": "complaint"})

    def action_health_view_churn(self):
        """The customer's churn records in the health company, open ones first."""
        partner, company = self.commercial_partner_id, self._health_company()
        return self._health_action(
            "customer.churn", _("Churn Records"),
            [("partner_id", "=", partner.id), ("company_id", "=", company.id)],
            {"default_partner_id": partner.id, "default_company_id": company.id})

    def action_health_view_signals(self):
        """The customer's credit warning signals in the health company."""
        self.ensure_one()
        action = self.action_view_credit_signals()
        action["domain"] = action["domain"] + [("company_id", "=", self._health_company().id)]
        return action

    # ------------------------------------------------------------------
    # Health refresh (set-based)
    # ------------------------------------------------------------------
    @api.model
    def _cron_health_refresh(self, batch_size=HEALTH_BATCH):
        """Daily: refresh the health of every customer with an archive in batches, reporting
        progress and committing each batch outside tests."""
        return self._health_refresh_all(batch_size=batch_size, commit=True)

    @api.model
    def _health_refresh_of(self, records):
        """Refresh the health of the customers of ``records`` (credit signals, churn records,
        feedback: anything with partner_id and company_id) in the records' companies; not
        for records made by the health refresh itself."""
        if not records or self.env.context.get("health_no_refresh"):
            return
        for company, company_records in records.sudo().grouped("company_id").items():
            company_records.partner_id.with_company(company)._health_refresh()

    @api.model
    def _health_refresh_all(self, batch_size=HEALTH_BATCH, commit=False):
        partner_ids = self.sudo().search([("archive_number", "!=", False)], order="id").ids
        batches = list(split_every(batch_size, partner_ids, self.browse))
        run_in_batches(self.env, batches, lambda batch: batch._health_refresh(), commit=commit)
        _logger.info("Customer health: %s customers refreshed in %s batches.",
                     len(partner_ids), len(batches))
        return len(partner_ids)

    def _health_refresh(self):
        """Refresh the health status, reasons and figures of these partners' commercial
        partners, each in its archive's company (else the current company), and open the
        cross-signals: a credit warning signal 'Satisfaction Dropping' or 'Churn Risk', and
        a churn-risk record for an open credit signal telling of a customer about to leave.

        A fixed number of queries whatever the number of partners: one read of the
        partners, one of the company-dependent credit fields and one exposure call per
        company, three grouped reads (complaints, churn records, signals), at most two
        reads and one creation per kind of cross-signal, and one UPDATE per company."""
        partners = self.sudo().commercial_partner_id
        if not partners:
            return partners
        today = fields.Date.context_today(self)
        default_company = self.env.company
        partners.fetch(["archive_company_id", "archive_tier"])
        # Each customer seen from its health company: its satisfaction figures and the
        # health written are that company's (company-dependent).
        by_company = {
            company: members.with_company(company)
            for company, members in partners.grouped(
                lambda partner: partner.archive_company_id or default_company).items()}
        for members in by_company.values():
            members.fetch(["satisfaction_score", "satisfaction_trend", "satisfaction_date",
                           "satisfaction_score_count"])
        company_of = {partner.id: company.id
                      for company, members in by_company.items() for partner in members}
        inputs = partners._health_inputs(company_of)
        partners._health_open_churn_from_signals(inputs, today)
        partners._health_open_signals(by_company, inputs, today)
        installed = dict(self.env["res.lang"].get_installed())
        partners.flush_recordset(HEALTH_FIELDS)
        for company, members in by_company.items():
            exposure = members._credit_exposure(company)
            members.fetch(["credit_grade_id", "credit_on_hold", "credit_hold_note",
                           "credit_expiry_date"])
            # The reasons are written in the language of the customer's company.
            lang = company.partner_id.lang
            lang = lang if lang in installed else self.env.lang
            rows = members.with_context(lang=lang)._health_rows(company, inputs, exposure, today)
            # Untracked figures: one UPDATE per company, like the archive's classification.
            write_columns(members, [
                ("health_status", "varchar"), ("health_level", "int4"),
                ("health_reasons", "text"), ("health_date", "timestamp"),
                ("health_company_id", "int4"), ("health_credit_grade_id", "int4"),
                ("health_credit_exposure", "numeric"), ("health_credit_limit", "numeric"),
                ("health_complaint_count", "int4"), ("health_churn_state", "varchar"),
                ("health_signal_count", "int4"),
            ], rows, company=company)
        return partners

    def _health_inputs(self, company_of):
        """Grouped reads of the open complaints, churn records and credit signals of these
        commercial partners, kept in the company of each partner's health."""
        sudo = self.env(su=True)
        ids = self.ids
        complaints = defaultdict(int)
        for partner, company, count in sudo["customer.satisfaction.feedback"]._read_group(
                [("partner_id", "in", ids), ("feedback_type", "in", COMPLAINT_TYPES),
                 ("state", "in", OPEN_FEEDBACK_STATES)],
                ["partner_id", "company_id"], ["__count"]):
            if company_of[partner.id] == company.id:
                complaints[partner.id] += count
        # Open churn records {partner: {state: (source set, first date, last date, loss)}}
        # and the last churn date whatever the state, flagging or buying again (guard of the
        # signal → churn path).
        churn_open, churn_last = defaultdict(dict), {}
        for partner, company, state, source, first, last, loss, recovered in sudo[
                "customer.churn"]._read_group(
                [("partner_id", "in", ids)], ["partner_id", "company_id", "state", "source"],
                ["date:min", "date:max", "loss_date:max", "recovered_date:max"]):
            if company_of[partner.id] != company.id:
                continue
            churn_last[partner.id] = max(filter(None, (churn_last.get(partner.id), last,
                                                       recovered)))
            if state in OPEN_STATES:
                sources, first_, last_, loss_ = churn_open[partner.id].get(
                    state, (set(), first, last, loss))
                churn_open[partner.id][state] = (
                    sources | {source}, min(first_, first), max(last_, last),
                    max(filter(None, (loss_, loss)), default=None))
        # Signals: {partner: {type: (count, last date)}} open ones and last date of any.
        signals_open, signals_last = defaultdict(dict), defaultdict(dict)
        for partner, company, signal_type, state, count, last in sudo[
                "customer.credit.signal"]._read_group(
                [("partner_id", "in", ids)],
                ["partner_id", "company_id", "signal_type", "state"], ["__count", "date:max"]):
            if company_of[partner.id] != company.id:
                continue
            previous = signals_last[partner.id].get(signal_type)
            signals_last[partner.id][signal_type] = max(filter(None, (previous, last)))
            if state in OPEN_SIGNAL_STATES:
                count_, last_ = signals_open[partner.id].get(signal_type, (0, last))
                signals_open[partner.id][signal_type] = (count_ + count, max(last_, last))
        return {"company_of": company_of, "complaints": complaints, "churn_open": churn_open,
                "churn_last": churn_last, "signals_open": signals_open,
                "signals_last": signals_last}

    def _health_open_churn_from_signals(self, inputs, today):
        """A churn-risk record (source 'signal') for each customer with an open credit
        signal telling it may leave (orders falling, no orders, management change, key
        staff leaving) and no open churn record, unless a churn record was flagged, or its
        customer bought again, on or after the latest such signal. One read of
        the signals' evidence and one creation."""
        signals_open, churn_open = inputs["signals_open"], inputs["churn_open"]
        churn_last = inputs["churn_last"]
        needed = []
        for partner in self:
            types = {signal_type: last for signal_type, (__, last)
                     in signals_open.get(partner.id, {}).items()
                     if signal_type in CHURN_SIGNAL_TYPES}
            if not types or churn_open.get(partner.id):
                continue
            if churn_last.get(partner.id) and churn_last[partner.id] >= max(types.values()):
                continue
            needed.append(partner.id)
        if not needed:
            return self.env["customer.churn"]
        Signal = self.env["customer.credit.signal"].sudo()
        labels = dict(Signal._fields["signal_type"]._description_selection(self.env))
        reasons = defaultdict(list)
        for signal in Signal.search_fetch(
                [("partner_id", "in", needed), ("state", "in", OPEN_SIGNAL_STATES),
                 ("signal_type", "in", CHURN_SIGNAL_TYPES)],
                ["partner_id", "company_id", "signal_type", "date", "evidence"],
                order="date, id"):
            if inputs["company_of"][signal.partner_id.id] == signal.company_id.id:
                reasons[signal.partner_id.id].append(_(
                    "Credit signal %(type)s of %(date)s: %(evidence)s",
                    type=labels.get(signal.signal_type, signal.signal_type),
                    date=fields.Date.to_string(signal.date), evidence=signal.evidence or "-"))
        churns = self.env["customer.churn"].sudo().with_context(
            mail_create_nosubscribe=True, health_no_refresh=True).create([{
                "partner_id": partner_id,
                "company_id": inputs["company_of"][partner_id],
                "state": "at_risk",
                "source": "signal",
                "date": today,
                "reason": "\n".join(reasons[partner_id]),
            } for partner_id in needed])
        for churn in churns:
            inputs["churn_open"][churn.partner_id.id]["at_risk"] = (
                {"signal"}, today, today, None)
            inputs["churn_last"][churn.partner_id.id] = today
        return churns

    def _health_signal_needs(self, by_company, inputs):
        """{(partner id, signal type)}: the credit signals to open. 'Satisfaction Dropping'
        when the latest score is below the company's low threshold or the trend is the drop
        that counts or worse; 'Churn Risk' for an open churn record not itself opened by a
        credit signal. Not when a signal of the type is open, nor when one was already
        raised on or after the score or churn record (closed after review: not again)."""
        needs = {}
        for company, members in by_company.items():
            threshold = company.satisfaction_low_threshold
            drop = company.health_satisfaction_drop
            for partner in members:
                opened = inputs["signals_open"].get(partner.id, {})
                last = inputs["signals_last"].get(partner.id, {})
                if partner.satisfaction_score_count and "satisfaction_drop" not in opened and (
                        partner.satisfaction_score < threshold
                        or round(partner.satisfaction_trend, 2) <= -drop) and not (
                        last.get("satisfaction_drop") and partner.satisfaction_date
                        and last["satisfaction_drop"] >= partner.satisfaction_date):
                    needs[partner.id, "satisfaction_drop"] = partner.satisfaction_date
                churn = {state: values for state, values in
                         inputs["churn_open"].get(partner.id, {}).items()
                         if values[0] - {"signal"}}
                if churn and "churn_risk" not in opened:
                    flagged = max(values[2] for values in churn.values())
                    if not (last.get("churn_risk") and last["churn_risk"] >= flagged):
                        needs[partner.id, "churn_risk"] = flagged
        return needs

    def _health_open_signals(self, by_company, inputs, today):
        """Open the credit warning signals of _health_signal_needs, with their evidence, in
        one creation; they mark the customers for credit review and give the credit manager
        a review activity like every signal."""
        needs = self._health_signal_needs(by_company, inputs)
        Signal = self.env["customer.credit.signal"].sudo()
        if not needs:
            return Signal
        root = self.env.ref("base.user_root")
        churn_ids = [partner_id for partner_id, kind in needs if kind == "churn_risk"]
        churns = {}
        if churn_ids:
            for churn in self.env["customer.churn"].sudo().search_fetch(
                    [("partner_id", "in", churn_ids), ("state", "in", OPEN_STATES),
                     ("source", "!=", "signal")],
                    ["partner_id", "company_id", "state", "date", "reason"],
                    order="date desc, id desc"):
                if inputs["company_of"][churn.partner_id.id] == churn.company_id.id:
                    churns.setdefault(churn.partner_id.id, churn)
        vals_list = []
        for (partner_id, kind), __ in sorted(needs.items()):
            partner = self.browse(partner_id)
            company = self.env["res.company"].browse(inputs["company_of"][partner_id])
            if kind == "satisfaction_drop":
                evidence = _(
                    "Latest satisfaction index %(score)s of %(date)s, change %(trend)s points "
                    "against the previous answer; low threshold %(threshold)s, drop that "
                    "counts %(drop)s points.",
                    score=_health_number(partner.satisfaction_score, 1),
                    date=fields.Date.to_string(partner.satisfaction_date),
                    trend=_health_number(partner.satisfaction_trend, 1, signed=True),
                    threshold=_health_number(company.satisfaction_low_threshold),
                    drop=_health_number(company.health_satisfaction_drop))
            else:
                churn = churns.get(partner_id)
                if not churn:
                    continue
                states = dict(churn._fields["state"]._description_selection(self.env))
                evidence = _("Churn record: %(state)s since %(date)s. %(reason)s",
                             state=states.get(churn.state, churn.state),
                             date=fields.Date.to_string(churn.date),
                             reason=churn.reason or "").strip()
            vals_list.append({
                "partner_id": partner_id,
                "company_id": company.id,
                "signal_type": kind,
                "date": today,
                "source": "detected",
                "user_id": root.id,
                "evidence": evidence,
            })
        signals = Signal.with_context(health_no_refresh=True, mail_create_nosubscribe=True)\
            .create(vals_list)
        for signal in signals:
            opened = inputs["signals_open"][signal.partner_id.id]
            count, __ = opened.get(signal.signal_type, (0, today))
            opened[signal.signal_type] = (count + 1, today)
            inputs["signals_last"][signal.partner_id.id][signal.signal_type] = today
        return signals

    def _health_rows(self, company, inputs, exposure, today):
        """The rows written by _health_refresh for these partners of ``company`` (with the
        company in the env for the company-dependent credit fields and the company's
        language in the context for the reasons)."""
        threshold = company.satisfaction_low_threshold
        drop = company.health_satisfaction_drop
        at_risk_complaints = max(company.health_complaint_count, 1)
        currency = company.currency_id
        now = fields.Datetime.now()
        signal_labels = self.env["customer.credit.signal"]._fields[
            "signal_type"]._description_selection(self.env)
        rows = []
        for partner in self:
            reasons = []  # (level, text)
            # Satisfaction
            if partner.satisfaction_score_count:
                score = partner.satisfaction_score
                if score < threshold:
                    reasons.append((2, _("Satisfaction %(score)s (below %(threshold)s)",
                                         score=_health_number(score, 1),
                                         threshold=_health_number(threshold))))
                trend = round(partner.satisfaction_trend, 2)
                if trend <= -drop:
                    reasons.append((1, _(
                        "Satisfaction dropped %(drop)s points (from %(previous)s to %(score)s)",
                        drop=_health_number(-trend, 1),
                        previous=_health_number(score - partner.satisfaction_trend, 1),
                        score=_health_number(score, 1))))
            # Complaints
            complaints = inputs["complaints"].get(partner.id, 0)
            if complaints:
                text = _("1 open complaint") if complaints == 1 else _(
                    "%(count)s open complaints", count=complaints)
                reasons.append((2 if complaints >= at_risk_complaints else 1, text))
            # Churn
            churn = inputs["churn_open"].get(partner.id, {})
            churn_state = next((state for state in ("lost", "to_confirm", "at_risk")
                                if state in churn), None)
            if churn_state == "lost":
                __, first, __, loss = churn["lost"]
                reasons.append((3, _("Churn: lost since %(date)s",
                                     date=fields.Date.to_string(loss or first))))
            elif churn_state == "to_confirm":
                reasons.append((2, _("Churn: lost, to be confirmed, since %(date)s",
                                     date=fields.Date.to_string(churn["to_confirm"][1]))))
            elif churn_state == "at_risk":
                reasons.append((2, _("Churn: at risk since %(date)s",
                                     date=fields.Date.to_string(churn["at_risk"][1]))))
            # Credit
            figures = exposure.get(partner.id) or self._credit_exposure_zero()
            grade = partner.credit_grade_id
            if grade and grade.min_level < company.health_low_grade_level:
                reasons.append((2, _("Credit grade %(grade)s", grade=grade.name)))
            elif grade and grade.control_level == "block":
                reasons.append((1, _("Credit grade %(grade)s (control level Block)",
                                     grade=grade.name)))
            if grade and partner.credit_expiry_date and partner.credit_expiry_date < today:
                reasons.append((1, _("Credit grade expired on %(date)s",
                                     date=fields.Date.to_string(partner.credit_expiry_date))))
            if partner.credit_on_hold:
                reasons.append((2, _("On credit hold: %(note)s", note=partner.credit_hold_note)
                                if partner.credit_hold_note else _("On credit hold")))
            if figures["limit"] and currency.compare_amounts(
                    figures["exposure"], figures["limit"]) > 0:
                reasons.append((2, _("Over credit limit by %(amount)s", amount=formatLang(
                    self.env, figures["exposure"] - figures["limit"],
                    digits=currency.decimal_places))))
            if currency.compare_amounts(figures["overdue_late"], 0.0) > 0:
                reasons.append((1, _(
                    "Overdue beyond %(days)s days: %(amount)s", days=company.credit_overdue_days,
                    amount=formatLang(self.env, figures["overdue_late"],
                                      digits=currency.decimal_places))))
            # Open credit signals
            opened = inputs["signals_open"].get(partner.id, {})
            if opened:
                reasons.append((1, _("Open credit signals: %(types)s", types=", ".join(
                    label for value, label in signal_labels if value in opened))))
            # Important customers escalate one level
            escalate = bool(reasons and company.health_escalate_important
                            and partner.archive_tier == "important")
            if escalate:
                reasons = [(min(level + 1, 3), text) for level, text in reasons]
            reasons.sort(key=lambda reason: -reason[0])
            lines = [text for __, text in reasons]
            if escalate:
                lines.append(_("Important tier: each reason counts one level higher"))
            level = max((level for level, __ in reasons), default=0)
            rows.append((
                partner.id, HEALTH_BY_LEVEL[level], level, "\n".join(lines) or None, now,
                company.id, grade.id or None, figures["exposure"], figures["limit"], complaints,
                churn_state, sum(count for count, __ in opened.values())))
        return rows
