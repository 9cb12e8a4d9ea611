from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

RANKING_TYPES = [
    ("sales", "Sales Amount"),
    ("achievement", "Target Achievement"),
    ("growth", "Sales Growth"),
    ("new", "No Sales a Year Before"),
    ("margin", "Profit Margin"),
]


class CustomerArchiveKeyPlan(models.Model):
    """The action plan for a key customer (重点客户): a target for a period, why the customer
    is key and what we do to reach the target."""

    _name = "customer.archive.key.plan"
    _description = "Key-Customer Action Plan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_from desc, partner_id"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, ondelete="cascade", index=True,
        tracking=True, domain="[('parent_id', '=', False)]")
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users", "Responsible", tracking=True,
        compute="_compute_user_id", store=True, readonly=False, precompute=True,
        help="The salesperson responsible for the plan; by default the customer's.")
    date_from = fields.Date("From", required=True, tracking=True)
    date_to = fields.Date("To", required=True, tracking=True)
    target_amount = fields.Monetary(
        "Target", tracking=True,
        help="Sales to reach in the period: untaxed posted invoices less credit notes.")
    actual_amount = fields.Monetary(
        "Actual", compute="_compute_actual_amount",
        help="Untaxed posted invoices less credit notes of the period so far.")
    achievement_rate = fields.Float(
        "Achievement (%)", compute="_compute_actual_amount", digits=(16, 1),
        help="Actual / target × 100; 0 without a target.")
    ranking_type = fields.Selection(
        RANKING_TYPES, "Key By", tracking=True,
        help="The ranking that made the customer a key customer.")
    rank = fields.Integer(help="The customer's rank in that ranking.")
    reason = fields.Text("Why Key", help="Why the customer is a key customer.")
    actions = fields.Html(help="What we do to reach the target: visits, support, "
                          "promotions, greetings, terms.")
    state = fields.Selection(
        [("draft", "Draft"), ("active", "In Progress"), ("done", "Done"),
         ("cancel", "Cancelled")],
        "Status", default="draft", required=True, tracking=True)

    @api.depends("partner_id")
    def _compute_user_id(self):
        for plan in self:
            if not plan.user_id:
                plan.user_id = plan.partner_id.user_id

    def _compute_actual_amount(self):
        """One query for the whole batch, each plan with its own period."""
        plans = self.filtered("id")
        actual = {}
        if plans:
            self.flush_recordset(["partner_id", "company_id", "date_from", "date_to"])
            self.env.cr.execute(SQL(
                """
                SELECT plan.id, SUM(move.amount_untaxed_signed)
                  FROM customer_archive_key_plan plan
                  JOIN account_move move
                    ON move.commercial_partner_id = plan.partner_id
                   AND move.company_id = plan.company_id
                   AND move.invoice_date BETWEEN plan.date_from AND plan.date_to
                 WHERE plan.id = ANY(%(ids)s) AND %(sales)s
                 GROUP BY plan.id
                """,
                ids=plans.ids, sales=self.env["account.move"]._sales_condition("move")))
            actual = dict(self.env.cr.fetchall())
        for plan in self:
            plan.actual_amount = actual.get(plan.id, 0.0)
            plan.achievement_rate = (
                100.0 * plan.actual_amount / plan.target_amount if plan.target_amount else 0.0)

    @api.depends("partner_id", "date_from", "date_to")
    def _compute_display_name(self):
        for plan in self:
            plan.display_name = _(
                "%(customer)s, %(date_from)s – %(date_to)s",
                customer=plan.partner_id.display_name or "", date_from=plan.date_from or "",
                date_to=plan.date_to or "")

    @api.constrains("date_from", "date_to", "target_amount")
    def _check_period(self):
        for plan in self:
            if plan.date_from and plan.date_to and plan.date_from > plan.date_to:
                raise ValidationError(_("The plan's period must end after it begins."))
            if plan.target_amount < 0:
                raise ValidationError(_("The target cannot be negative."))

    def action_start(self):
        self.write({"state": "active"})

    def action_done(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.write({"state": "cancel"})

    def action_draft(self):
        self.write({"state": "draft"})
