from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import ValidationError

from .customer_credit_grade import CONTROL_LEVELS


class ResCompany(models.Model):
    _inherit = "res.company"

    credit_scale_id = fields.Many2one(
        "customer.credit.grade.scale", "Grade Scale",
        help="The scale that turns a credit level into a grade in new evaluations.")
    credit_default_control_level = fields.Selection(
        CONTROL_LEVELS, "Control Without Grade", default="none", required=True,
        help="Control level of customers that have no grade yet.")
    credit_check_sale = fields.Boolean(
        "Check at Sales Order Confirmation", default=True)
    credit_check_invoice = fields.Boolean("Check at Invoice Posting", default=True)
    credit_check_delivery = fields.Boolean(
        "Check at Delivery Validation", default=False,
        help="Used when Inventory is installed.")
    credit_rule_limit = fields.Boolean(
        "Rule: Over Credit Limit", default=True,
        help="Exposure plus the document above the customer's credit limit.")
    credit_rule_overdue = fields.Boolean(
        "Rule: Overdue", default=True,
        help="Receivables overdue beyond the tolerance in days and amount.")
    credit_overdue_days = fields.Integer(
        "Overdue Tolerance (Days)", default=30,
        help="Items overdue by more than this many days break the rule ...")
    credit_overdue_amount = fields.Monetary(
        "Overdue Tolerance (Amount)", currency_field="currency_id",
        help="... when together they amount to more than this.")
    credit_rule_expired = fields.Boolean(
        "Rule: Grade Expired", default=True,
        help="The customer's grant has reached its expiry date.")
    credit_rule_on_hold = fields.Boolean(
        "Rule: Customer on Hold", default=True,
        help="A credit manager put the customer on credit hold.")

    # Payment behaviour and warning signals (customer.credit.signal)
    credit_pattern_gap = fields.Float(
        "Large Bills Late Gap (Points)", default=30.0,
        help="'Small bills paid promptly, large bills late': the share paid late of the "
        "invoices above the customer's median amount exceeds the share of those at or below "
        "it by at least this many percentage points (12 months).")
    credit_signal_later_days = fields.Float(
        "Payments Getting Later (Days)", default=10.0,
        help="Signal when the average days late (weighted by amount) of the invoices of the "
        "last 3 months exceeds that of the 9 months before by more than this many days.")
    credit_signal_drop_percent = fields.Float(
        "Orders Falling Below (%)", default=50.0,
        help="Signal when the invoiced amount of the last 3 months is below this % of the "
        "customer's average 3-month amount over the 12 months before.")
    credit_signal_jump_percent = fields.Float(
        "Unexplained Jump Above (%)", default=200.0,
        help="Signal when the invoiced amount of the last 3 months is above this % of the "
        "customer's average 3-month amount over the 12 months before.")
    credit_signal_idle_factor = fields.Float(
        "No Orders for (× Usual Interval)", default=2.0,
        help="Signal when the days since the customer's last order (confirmed sales order or "
        "posted invoice) exceed this multiple of its usual interval between purchases (the "
        "archive's: average days between purchase days; at least 3 purchase days needed).")
    credit_signal_return_percent = fields.Float(
        "Returns Above (%)", default=10.0,
        help="Signal when the credit notes of the last 12 months exceed this % of the "
        "invoices of the same months (untaxed amounts).")

    # ------------------------------------------------------------------
    # Receivables aging buckets (issue 5, aging)
    # ------------------------------------------------------------------
    credit_aging_days_1 = fields.Integer(
        "Aging Bucket 1 (Days)", default=30,
        help="Items overdue by 1 to this many days fall into the first bucket.")
    credit_aging_days_2 = fields.Integer(
        "Aging Bucket 2 (Days)", default=60,
        help="Upper limit in days overdue of the second bucket.")
    credit_aging_days_3 = fields.Integer(
        "Aging Bucket 3 (Days)", default=90,
        help="Upper limit in days overdue of the third bucket.")
    credit_aging_days_4 = fields.Integer(
        "Aging Bucket 4 (Days)", default=180,
        help="Upper limit in days overdue of the fourth bucket; older items are in the last.")

    @api.constrains("credit_aging_days_1", "credit_aging_days_2", "credit_aging_days_3",
                    "credit_aging_days_4")
    def _check_credit_aging_days(self):
        for company in self:
            limits = [company.credit_aging_days_1, company.credit_aging_days_2,
                      company.credit_aging_days_3, company.credit_aging_days_4]
            pairs = zip(limits, limits[1:], strict=False)
            if limits[0] < 1 or any(low >= high for low, high in pairs):
                raise ValidationError(_(
                    "The aging bucket limits must be at least 1 day and increase from one "
                    "bucket to the next (e.g. 30, 60, 90, 180)."))

    def _credit_aging_labels(self):
        """Labels of the aging buckets following this company's limits."""
        self.ensure_one()
        limits = [self.credit_aging_days_1 or 30, self.credit_aging_days_2 or 60,
                  self.credit_aging_days_3 or 90, self.credit_aging_days_4 or 180]
        lows = [1] + [limit + 1 for limit in limits[:3]]
        labels = {"not_due": _("Not Due")}
        for index, (low, high) in enumerate(zip(lows, limits, strict=True), start=1):
            labels[f"b{index}"] = f"{low}-{high}"
        labels["b5"] = _("Over %(days)s", days=limits[3])
        return labels

    # Receivable reminders and review cycle (customer.credit.reminder)
    credit_escalation_steps = fields.Char(
        "Escalation Steps (Days Overdue)", default="30,60,90,180", required=True,
        help="Comma-separated days overdue at which a customer's receivables are escalated "
        "to the credit manager, once per step.")
    credit_manager_id = fields.Many2one(
        "res.users",
        domain=lambda self: [("groups_id", "in", self.env.ref(
            "customer_credit.group_credit_manager").ids)],
        help="Receives escalations, reviews without analyst, the review of each new warning "
        "signal and the weekly digest; empty: the credit managers of the company (the first "
        "one for the signals).")
    credit_digest_week = fields.Char(
        "Weekly Digest Sent For", readonly=True, copy=False,
        help="ISO week (e.g. 2026-W10) of the last weekly credit digest queued for the "
        "company: the job sends it once per week, also when it runs twice or resumes after a "
        "crash.")
    credit_review_days = fields.Integer(
        "Review Before Expiry (Days)", default=30,
        help="A credit review activity is created this many days before a grant or an "
        "investigation report expires.")

    def _credit_escalation_steps(self):
        """The escalation steps of the company, ascending: [30, 60, 90, 180]."""
        self.ensure_one()
        return sorted({int(step) for step in (self.credit_escalation_steps or "").replace(
            " ", "").split(",") if step})

    def _credit_managers(self):
        """The credit managers of the company: the configured one, else every credit
        manager allowed in it."""
        self.ensure_one()
        return self.credit_manager_id or self._credit_manager_users()

    def _credit_manager_users(self):
        """Every active internal user with the credit manager rights allowed in the company
        (the superuser left out), by id: the one lookup of who the credit managers are."""
        self.ensure_one()
        group = self.env.ref("customer_credit.group_credit_manager")
        return self.env["res.users"].sudo().search([
            ("groups_id", "in", group.ids), ("company_ids", "in", self.ids),
            ("share", "=", False), ("id", "!=", SUPERUSER_ID)], order="id")

    @api.constrains("credit_escalation_steps", "credit_review_days")
    def _check_credit_reminders(self):
        for company in self:
            steps = (company.credit_escalation_steps or "").replace(" ", "").split(",")
            if not all(step.isdigit() and int(step) > 0 for step in steps):
                raise ValidationError(_(
                    "Escalation steps are days overdue separated by commas, e.g. "
                    "30,60,90,180."))
            if company.credit_review_days < 0:
                raise ValidationError(_("The days before expiry of a review cannot be "
                                        "negative."))

    @api.constrains("credit_overdue_days", "credit_overdue_amount")
    def _check_credit_tolerance(self):
        for company in self:
            if company.credit_overdue_days < 0 or company.credit_overdue_amount < 0:
                raise ValidationError(_("Overdue tolerances cannot be negative."))

    @api.constrains("credit_pattern_gap", "credit_signal_later_days",
                    "credit_signal_drop_percent", "credit_signal_jump_percent",
                    "credit_signal_idle_factor", "credit_signal_return_percent")
    def _check_credit_signal_thresholds(self):
        for company in self:
            if min(company.credit_pattern_gap, company.credit_signal_later_days,
                   company.credit_signal_drop_percent, company.credit_signal_jump_percent,
                   company.credit_signal_idle_factor,
                   company.credit_signal_return_percent) < 0:
                raise ValidationError(_("Warning signal thresholds cannot be negative."))

    def _credit_signal_manager(self):
        """The credit manager who reviews the warning signals of the company: the one of
        the settings, else the first credit manager working in the company."""
        self.ensure_one()
        return self._credit_managers()[:1]
