from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.tools import SQL


class CustomerCreditOverview(models.TransientModel):
    """The credit manager's overview of the current company: each figure opens the list
    behind it."""

    _name = "customer.credit.overview"
    _description = "Credit Overview"

    company_id = fields.Many2one(
        "res.company", required=True, readonly=True,
        default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date("As of", readonly=True, default=fields.Date.context_today)
    expiry_days = fields.Integer(
        "Expiring Within (Days)", readonly=True,
        default=lambda self: self.env.company.credit_review_days)

    limited_count = fields.Integer("Customers with a Limit", compute="_compute_figures")
    total_limit = fields.Monetary("Total Credit Limit", compute="_compute_figures")
    total_exposure = fields.Monetary(
        "Exposure of Customers with a Limit", compute="_compute_figures")
    limit_usage = fields.Float(
        "Limit Used (%)", compute="_compute_figures",
        help="Exposure of the customers with a limit / their total limit × 100.")
    over_limit_count = fields.Integer("Over Limit", compute="_compute_figures")
    on_hold_count = fields.Integer("Customers on Hold", compute="_compute_figures")
    open_hold_count = fields.Integer("Documents on Credit Hold", compute="_compute_figures")
    request_count = fields.Integer("Limit Requests to Approve", compute="_compute_figures")
    signal_count = fields.Integer("Open Warning Signals", compute="_compute_figures")
    review_count = fields.Integer("Marked for Credit Review", compute="_compute_figures")
    grant_expiring_count = fields.Integer("Grants Expiring Soon", compute="_compute_figures")
    grant_expired_count = fields.Integer("Grants Expired", compute="_compute_figures")
    report_expiring_count = fields.Integer(
        "Investigations Expiring Soon", compute="_compute_figures")
    not_due = fields.Monetary(compute="_compute_figures")
    b1 = fields.Monetary(compute="_compute_figures")
    b2 = fields.Monetary(compute="_compute_figures")
    b3 = fields.Monetary(compute="_compute_figures")
    b4 = fields.Monetary(compute="_compute_figures")
    b5 = fields.Monetary(compute="_compute_figures")
    overdue = fields.Monetary(compute="_compute_figures")

    def _compute_display_name(self):
        for overview in self:
            overview.display_name = _("Credit Overview")

    # ------------------------------------------------------------------
    # Figures: a handful of grouped queries, whatever the number of customers
    # ------------------------------------------------------------------
    @api.depends("company_id", "date", "expiry_days")
    def _compute_figures(self):
        for overview in self:
            overview.update(overview._figures())

    def _figures(self):
        self.ensure_one()
        Partner = self.env["res.partner"].with_company(self.company_id)
        limited = Partner.browse(self._limited_partner_ids())
        exposures = limited._credit_exposure(self.company_id)
        total_limit = sum(figures["limit"] for figures in exposures.values())
        total_exposure = sum(figures["exposure"] for figures in exposures.values())
        soon = self.date + relativedelta(days=self.expiry_days)
        aging = self.env["customer.credit.aging"]._compute_aging(self.date, self.company_id)
        buckets = {name: sum(aging.mapped(name))
                   for name in ("not_due", "b1", "b2", "b3", "b4", "b5", "overdue")}
        return {
            "limited_count": len(limited),
            "total_limit": total_limit,
            "total_exposure": total_exposure,
            "limit_usage": total_exposure / total_limit * 100 if total_limit else 0.0,
            "over_limit_count": Partner.search_count(self._action_domain("over_limit")),
            "on_hold_count": Partner.search_count(self._action_domain("on_hold")),
            "open_hold_count": self.env["customer.credit.hold"].search_count(
                self._action_domain("holds")),
            "request_count": self.env["customer.credit.limit.request"].search_count(
                self._action_domain("requests")),
            "signal_count": self.env["customer.credit.signal"].search_count(
                self._action_domain("signals")),
            "review_count": Partner.search_count(self._action_domain("review")),
            "grant_expiring_count": Partner.search_count(
                self._action_domain("grants_expiring", soon)),
            "grant_expired_count": Partner.search_count(self._action_domain("grants_expired")),
            "report_expiring_count": self.env["customer.credit.report"].search_count(
                self._action_domain("reports_expiring", soon)),
            **buckets,
        }

    def _limited_partner_ids(self):
        """Commercial partners with a non-zero credit limit in the company: one query."""
        self.env["res.partner"].flush_model(["credit_limit"])
        self.env.cr.execute(SQL(
            """SELECT id FROM res_partner
                WHERE active AND id = commercial_partner_id
                  AND COALESCE((credit_limit ->> %s)::numeric, 0) <> 0""",
            str(self.company_id.id)))
        return [row[0] for row in self.env.cr.fetchall()]

    def _action_domain(self, what, soon=None):
        company = [("company_id", "=", self.company_id.id)]
        # Contacts show their company's credit: count the customers themselves.
        customers = self.env["res.partner"]._customer_domain()
        return {
            "over_limit": [("credit_over_limit", "=", True), *customers],
            "on_hold": [("credit_on_hold", "=", True), *customers],
            "holds": [("state", "=", "hold"), *company],
            "requests": [("state", "=", "submitted"), *company],
            "signals": [("state", "in", ("open", "acknowledged")), *company],
            "review": [("credit_review_needed", "=", True), *customers],
            "grants_expiring": [("credit_expiry_date", ">=", self.date),
                                ("credit_expiry_date", "<=", soon), *customers],
            "grants_expired": [("credit_grade_expired", "=", True), *customers],
            "reports_expiring": [("state", "=", "confirmed"), ("expiry_date", "<=", soon),
                                 *company],
        }[what]

    # ------------------------------------------------------------------
    # Actions: each figure opens its list
    # ------------------------------------------------------------------
    @api.model
    def action_open(self):
        overview = self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": _("Credit Overview"),
            "res_model": self._name,
            "res_id": overview.id,
            "view_mode": "form",
            "target": "current",
        }

    def _open(self, xml_id, what, name=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xml_id)
        soon = self.date + relativedelta(days=self.expiry_days)
        action["domain"] = self._action_domain(what, soon)
        action["context"] = {}
        if name:
            action["name"] = name
        return action

    def action_view_over_limit(self):
        return self._open("customer_credit.customer_credit_partner_action", "over_limit",
                          _("Customers over Their Credit Limit"))

    def action_view_on_hold(self):
        return self._open("customer_credit.customer_credit_partner_action", "on_hold",
                          _("Customers on Credit Hold"))

    def action_view_holds(self):
        return self._open("customer_credit.customer_credit_hold_action", "holds")

    def action_view_requests(self):
        return self._open("customer_credit.customer_credit_limit_request_action", "requests")

    def action_view_signals(self):
        return self._open("customer_credit.customer_credit_signal_action", "signals")

    def action_view_review(self):
        return self._open("customer_credit.customer_credit_partner_action", "review",
                          _("Customers Marked for Credit Review"))

    def action_view_grants_expiring(self):
        return self._open("customer_credit.customer_credit_partner_action", "grants_expiring",
                          _("Grants Expiring Soon"))

    def action_view_grants_expired(self):
        return self._open("customer_credit.customer_credit_partner_action", "grants_expired",
                          _("Grants Expired"))

    def action_view_reports_expiring(self):
        return self._open("customer_credit.customer_credit_report_action", "reports_expiring",
                          _("Investigations Expiring Soon"))

    def action_view_aging(self):
        self.ensure_one()
        self.env["customer.credit.aging"]._compute_aging(self.date, self.company_id)
        return self.env["customer.credit.aging"]._action_open(self.date, self.company_id)
