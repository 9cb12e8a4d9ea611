from collections import defaultdict

from odoo import api, fields, models
from odoo.addons.customer_archive.tools import write_columns

from .customer_churn import OPEN_STATES

CHURN_PARTNER_STATES = [("active", "Active"), ("at_risk", "At Risk"), ("lost", "Lost")]
# Figures refreshed by the scores, the churn records and the loyalty job: never typed.
SATISFACTION_FIGURE_FIELDS = frozenset({
    "satisfaction_score", "satisfaction_date", "satisfaction_trend", "satisfaction_score_count",
    "churn_state", "churn_id", "loyalty_years", "loyalty_frequency", "rfm_recency",
    "rfm_frequency", "rfm_monetary", "rfm_score", "loyalty_segment",
})
LOYALTY_SEGMENTS = [
    ("champion", "Champions"),
    ("loyal", "Loyal"),
    ("promising", "Promising"),
    ("new", "New"),
    ("at_risk", "At Risk"),
    ("hibernating", "Hibernating"),
]


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "customer.satisfaction.loyalty"]

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
        readonly=True, company_dependent=True,
        help="Latest overall index minus the previous one.")
    satisfaction_score_count = fields.Integer(readonly=True, company_dependent=True)

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
        LOYALTY_SEGMENTS, readonly=True, index=True,
        help="In this order: New: first purchase less than 6 months ago. Champions: recency, "
        "frequency and monetary scores all 4 or 5. Loyal: recency and frequency 3 or more. "
        "Promising: recency 3 or more (bought lately, not often). At Risk: recency 1 or 2 but "
        "frequency or monetary 3 or more (used to buy much or often). Hibernating: the "
        "others (not lately, little, seldom). Empty: never bought.", company_dependent=True)

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

    @api.model
    def _customer_figure_fields(self):
        return super()._customer_figure_fields() | SATISFACTION_FIGURE_FIELDS

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

