from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_round, format_amount

from .customer_credit_grade import CONTROL_LEVELS

GROUP_CREDIT_ANALYST = "customer_credit.group_credit_analyst"
GROUP_CREDIT_MANAGER = "customer_credit.group_credit_manager"
EVALUATION_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]
# Fields the workflow writes itself, and what mail writes on any document.
WORKFLOW_FIELDS = {
    "state", "submitted_on", "submitted_by_id", "approver_id", "approved_date",
    "refuse_reason", "message_main_attachment_id",
}
# What a credit manager may still change on a submitted evaluation.
REVIEW_FIELDS = {"approved_limit", "limit_reason"}
# Fields whose change asks for fresh suggestions and a fresh statement.
SUGGESTION_INPUTS = {"partner_id", "company_id", "date"}

# Suggested points from the ratios of the latest financial statement: (threshold, points)
# from the best down; below the last threshold, RATIO_FLOOR_POINTS. A current ratio of 2
# (current assets twice the current liabilities) and a quick ratio of 1 (what can be
# turned into cash quickly covers the current liabilities) are the usual sound levels.
CURRENT_RATIO_POINTS = [(2.0, 10), (1.5, 8), (1.2, 6), (1.0, 4)]
QUICK_RATIO_POINTS = [(1.0, 10), (0.8, 8), (0.6, 6), (0.4, 4)]
RATIO_FLOOR_POINTS = 2
PAYMENT_RECORD_MONTHS = 12


def ratio_points(ratio, scale):
    """Points of ``ratio`` on ``scale`` (see CURRENT_RATIO_POINTS)."""
    for threshold, points in scale:
        if float_compare(ratio, threshold, precision_digits=4) >= 0:
            return points
    return RATIO_FLOOR_POINTS


def payment_record_points(on_time_share):
    """10 points when everything was paid on time, 1 point when nothing was, linear in
    between and rounded half up: 1 + 9 × share."""
    return int(float_round(1 + 9 * on_time_share, precision_digits=0))


class CustomerCreditEvaluation(models.Model):
    """A credit evaluation (信用评估) of a customer on a scorecard: Σ weight × points over
    Σ weight × 10 gives the credit level, the scale its grade, the grade the proposed
    credit policy; a credit manager's approval grants it to the customer."""

    _name = "customer.credit.evaluation"
    _description = "Credit Evaluation"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.workflow.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default=lambda self: _("New"))
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, tracking=True,
        check_company=True, domain="[('parent_id', '=', False)]")
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, tracking=True,
        default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        EVALUATION_STATES, "Status", default="draft", required=True, readonly=True,
        copy=False, tracking=True, index=True)
    scorecard_id = fields.Many2one(
        "customer.credit.scorecard", required=True, tracking=True,
        domain="[('active', '=', True)]", default=lambda self: self._default_scorecard())
    method = fields.Selection(related="scorecard_id.method")
    scale_id = fields.Many2one(
        "customer.credit.grade.scale", "Grade Scale", required=True, tracking=True,
        default=lambda self: self._default_scale(),
        help="Turns the credit level into a grade; by default the company's scale.")
    date = fields.Date(
        required=True, default=fields.Date.context_today, tracking=True,
        help="The payment record covers the invoices of the 12 months up to this date.")
    analyst_id = fields.Many2one(
        "res.users", required=True, default=lambda self: self.env.user,
        tracking=True, domain=lambda self: [
            ("groups_id", "in", self.env.ref(GROUP_CREDIT_ANALYST).ids), ("share", "=", False)])
    line_ids = fields.One2many(
        "customer.credit.evaluation.line", "evaluation_id", "Indicators", copy=True)
    note = fields.Text("Analyst's Comment")

    # Result
    total_weight = fields.Float(compute="_compute_totals", store=True)
    total_score = fields.Float(
        compute="_compute_totals", store=True, help="Σ weight × points.")
    total_maximum = fields.Float(
        "Maximum Score", compute="_compute_totals", store=True, help="Σ weight × 10.")
    credit_level = fields.Float(
        "Credit Level (%)", compute="_compute_totals", store=True, aggregator="avg",
        help="Σ score / Σ maximum × 100.")
    grade_id = fields.Many2one(
        "customer.credit.grade", compute="_compute_grade_id", store=True,
        tracking=True, help="The grade of the credit level on the scale.")

    # Proposed policy: a copy of the grade's policy, kept as it was when approved.
    statement_id = fields.Many2one(
        "customer.credit.statement", "Financial Statement", readonly=True,
        help="The customer's latest financial statement in the company when the evaluation "
        "was made or its suggestions refreshed.")
    statement_year = fields.Integer(related="statement_id.year", string="Statement Year")
    limit_type = fields.Selection(
        selection=lambda self: self.env["customer.credit.grade"]._fields["limit_type"].selection,
        string="Limit Basis", compute="_compute_proposed_policy", store=True)
    proposed_limit = fields.Monetary(
        "Proposed Credit Limit", compute="_compute_proposed_policy", store=True,
        help="From the policy of the grade: a fixed amount, or a share of the customer's "
        "yearly sales or equity in its latest financial statement.")
    limit_basis = fields.Char("How the Limit Is Computed", compute="_compute_proposed_policy",
                              store=True)
    statement_missing = fields.Boolean(compute="_compute_proposed_policy", store=True)
    statement_needed = fields.Boolean(
        compute="_compute_statement_needed",
        help="Grades of the scale give limits from the customer's sales or equity, and the "
        "customer has no financial statement in the company yet: said before scoring.")
    payment_term_id = fields.Many2one(
        "account.payment.term", "Payment Terms", compute="_compute_proposed_policy",
        store=True)
    pricelist_id = fields.Many2one(
        "product.pricelist", compute="_compute_proposed_policy", store=True)
    validity_months = fields.Integer(
        "Valid for (Months)", compute="_compute_proposed_policy", store=True)
    control_level = fields.Selection(
        CONTROL_LEVELS, compute="_compute_proposed_policy", store=True)
    approved_limit = fields.Monetary(
        "Approved Credit Limit", compute="_compute_approved_limit", store=True,
        readonly=False, tracking=True,
        help="The proposed limit unless the credit manager grants another one, with a "
        "reason.")
    limit_reason = fields.Text(
        "Reason for Another Limit", tracking=True,
        help="Required when the approved limit differs from the proposed one.")

    # Decision
    submitted_on = fields.Datetime(readonly=True, copy=False)
    submitted_by_id = fields.Many2one(
        "res.users", readonly=True, copy=False,
        help="Who submitted the evaluation: another credit manager approves it (four eyes).")
    approver_id = fields.Many2one(
        "res.users", "Decided By", readonly=True, copy=False, tracking=True)
    approved_date = fields.Date(
        "Granted On", readonly=True, copy=False, tracking=True,
        help="The approval date: the grant runs from here for the validity of the grade.")
    expiry_date = fields.Date(
        "Grant Expires On", compute="_compute_expiry_date", store=True)
    refuse_reason = fields.Text("Refusal Reason", readonly=True, copy=False, tracking=True)

    @api.model
    def _default_scale(self):
        return self.env.company.credit_scale_id or self.env["customer.credit.grade.scale"].search(
            [], limit=1)

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        for evaluation in self:
            evaluation.display_name = (
                f"{evaluation.name} - {evaluation.partner_id.name}"
                if evaluation.partner_id else evaluation.name)

    @api.depends("line_ids.weight", "line_ids.score", "line_ids.maximum")
    def _compute_totals(self):
        for evaluation in self:
            lines = evaluation.line_ids
            evaluation.total_weight = sum(lines.mapped("weight"))
            evaluation.total_score = sum(lines.mapped("score"))
            evaluation.total_maximum = sum(lines.mapped("maximum"))
            evaluation.credit_level = (
                evaluation.total_score / evaluation.total_maximum * 100
                if evaluation.total_maximum else 0.0)

    # The grade and the policy depend on the scale and the grade themselves, not on their
    # thresholds and policies: a later change of the grades leaves past evaluations alone.
    # No grade until every indicator is scored.
    @api.depends("credit_level", "scale_id", "line_ids.points")
    def _compute_grade_id(self):
        for evaluation in self:
            scored = evaluation.line_ids and all(evaluation.line_ids.mapped("points"))
            evaluation.grade_id = (
                evaluation.scale_id._grade_for_level(evaluation.credit_level)
                if evaluation.scale_id and scored else False)

    @api.depends("scale_id", "partner_id", "company_id", "statement_id")
    def _compute_statement_needed(self):
        # The customer's statements as they are now: one entered from the hint counts at once.
        statements = self._latest_statements()
        for evaluation in self:
            evaluation.statement_needed = not statements.get(
                (evaluation.partner_id._origin.id, evaluation.company_id._origin.id)) and any(
                grade.limit_type != "fixed" for grade in evaluation.scale_id.grade_ids)

    @api.depends("grade_id", "statement_id", "company_id")
    def _compute_proposed_policy(self):
        for evaluation in self:
            grade = evaluation.grade_id
            evaluation.payment_term_id = grade.payment_term_id
            evaluation.pricelist_id = grade.pricelist_id
            evaluation.validity_months = grade.validity_months
            evaluation.control_level = grade.control_level
            evaluation.limit_type = grade.limit_type
            limit, basis, missing = evaluation._policy_limit()
            evaluation.proposed_limit = limit
            evaluation.limit_basis = basis
            evaluation.statement_missing = missing

    @api.depends("proposed_limit")
    def _compute_approved_limit(self):
        for evaluation in self:
            evaluation.approved_limit = evaluation.proposed_limit

    @api.depends("approved_date", "validity_months")
    def _compute_expiry_date(self):
        for evaluation in self:
            evaluation.expiry_date = evaluation.approved_date and (
                evaluation.approved_date + relativedelta(months=evaluation.validity_months))

    @api.constrains("partner_id")
    def _check_partner(self):
        for evaluation in self:
            if evaluation.partner_id.parent_id:
                raise ValidationError(_(
                    "%(contact)s is a contact of %(company)s: evaluate the company.",
                    contact=evaluation.partner_id.name,
                    company=evaluation.partner_id.parent_id.name))

    def _policy_limit(self):
        """(proposed limit, how it is computed, statement missing) from the grade's policy."""
        self.ensure_one()
        grade = self.grade_id
        currency = self.company_id.currency_id
        if not grade:
            return 0.0, False, False
        if grade.limit_type == "fixed":
            return grade.limit_amount, _("Fixed amount of grade %s.", grade.name), False
        statement = self.statement_id
        figure_label = _("yearly sales") if grade.limit_type == "sales" else _("equity")
        if not statement:
            return 0.0, _(
                "%(share)s %% of the %(figure)s, but the customer has no financial statement.",
                share=format(grade.limit_share, "g"), figure=figure_label), True
        figure = statement.sales if grade.limit_type == "sales" else statement.equity
        if statement.currency_id and statement.currency_id != currency:
            figure = statement.currency_id._convert(
                figure, currency, self.company_id, self.date or fields.Date.context_today(self))
        limit = currency.round(max(figure, 0.0) * grade.limit_share / 100)
        return limit, _(
            "%(share)s %% of the %(figure)s %(amount)s of %(year)s.",
            share=format(grade.limit_share, "g"), figure=figure_label,
            amount=format_amount(self.env, figure, currency), year=statement.year), False

    # ------------------------------------------------------------------
    # Onchange
    # ------------------------------------------------------------------
    @api.model
    def _default_scorecard(self):
        """The only scorecard a company uses needs no choosing."""
        scorecards = self.env["customer.credit.scorecard"].search([], limit=2)
        return scorecards if len(scorecards) == 1 else scorecards.browse()

    @api.onchange("scorecard_id")
    def _onchange_scorecard_id(self):
        self.line_ids = [Command.clear(), *self._line_commands(self.scorecard_id)]
        self._refresh_suggestions()

    @api.onchange("partner_id", "company_id", "date")
    def _onchange_suggestion_inputs(self):
        self._refresh_suggestions()

    @api.onchange("company_id")
    def _onchange_company_id(self):
        if self.company_id.credit_scale_id:
            self.scale_id = self.company_id.credit_scale_id

    # ------------------------------------------------------------------
    # CRUD: approved and refused evaluations are closed documents
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        scorecards = self.env["customer.credit.scorecard"]
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "customer.credit.evaluation", sequence_date=vals.get("date"))
            if vals.get("scorecard_id") and not vals.get("line_ids"):
                vals["line_ids"] = self._line_commands(scorecards.browse(vals["scorecard_id"]))
        evaluations = super().create(vals_list)
        evaluations._refresh_suggestions()
        return evaluations

    def write(self, vals):
        if vals.keys() - WORKFLOW_FIELDS:
            self._check_editable(vals)
        if "scorecard_id" in vals and "line_ids" not in vals:
            vals["line_ids"] = [Command.clear(), *self._line_commands(
                self.env["customer.credit.scorecard"].browse(vals["scorecard_id"]))]
        result = super().write(vals)
        if (SUGGESTION_INPUTS | {"scorecard_id"}) & vals.keys():
            self._refresh_suggestions()
        return result

    def unlink(self):
        if any(evaluation.state in ("submitted", "approved") for evaluation in self):
            raise UserError(_(
                "Submitted and approved evaluations cannot be deleted; send a submitted one "
                "back to draft first."))
        return super().unlink()

    @api.model
    def _workflow_fields(self):
        return WORKFLOW_FIELDS - {"message_main_attachment_id"}

    @api.constrains("approved_limit")
    def _check_approved_limit(self):
        if any(evaluation.approved_limit < 0 for evaluation in self):
            raise ValidationError(_("An approved credit limit cannot be negative."))

    def _check_editable(self, vals):
        """Draft: everything. Submitted: only the approved limit and its reason, by a credit
        manager. Approved and refused: nothing (refused ones go back to draft first)."""
        for evaluation in self:
            if evaluation.state == "draft":
                continue
            if evaluation.state == "submitted" and not (vals.keys() - WORKFLOW_FIELDS
                                                        - REVIEW_FIELDS):
                if not self.env.user.has_group(GROUP_CREDIT_MANAGER):
                    raise AccessError(_(
                        "Only credit managers set the approved credit limit of %s.",
                        evaluation.name))
                continue
            raise UserError(_(
                "%(name)s is %(state)s and can no longer be changed.", name=evaluation.name,
                state=dict(EVALUATION_STATES)[evaluation.state].lower()))

    def _check_draft(self, what):
        not_draft = self.filtered(lambda evaluation: evaluation.state != "draft")
        if not_draft:
            raise UserError(_(
                "Only draft evaluations can be %(what)s: %(names)s.", what=what,
                names=", ".join(not_draft.mapped("name"))))

    @api.model
    def _line_commands(self, scorecard):
        return [Command.create({"indicator_id": indicator.id,
                                **{name: indicator[name] for name in (
                                    "sequence", "group", "name", "weight", "guidance",
                                    "measure")}})
                for indicator in scorecard.indicator_ids]

    # ------------------------------------------------------------------
    # Suggested points (set-based: one query, one statement lookup per company)
    # ------------------------------------------------------------------
    def action_enter_statement(self):
        """A new financial statement of the customer in the evaluation's company; the
        suggestions are refreshed from it afterwards (Refresh Suggestions)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Financial Statement of %s", self.partner_id.display_name),
            "res_model": "customer.credit.statement",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.partner_id.id,
                        "default_company_id": self.company_id.id},
        }

    def action_refresh_suggestions(self):
        self._check_draft(_("refreshed"))
        self._refresh_suggestions()
        # The statement may have been corrected since: propose afresh from it.
        self._recompute_proposal()
        return True

    def _recompute_proposal(self):
        for field in self.pool.field_computed[self._fields["proposed_limit"]]:
            self.env.add_to_compute(field, self)
        self.env.add_to_compute(self._fields["approved_limit"], self)

    def _refresh_suggestions(self):
        """Latest statement and suggested points of the lines with a measure."""
        evaluations = self.filtered(lambda evaluation: evaluation.partner_id)
        if not evaluations:
            return
        statements = evaluations._latest_statements()
        measured = evaluations.line_ids.filtered(lambda line: line.measure != "none")
        behaviours = {}
        if "payment_record" in measured.mapped("measure"):
            behaviours = evaluations._payment_behaviours()
        for evaluation in evaluations:
            statement = statements.get(
                (evaluation.partner_id._origin.id, evaluation.company_id._origin.id),
                self.env["customer.credit.statement"])
            if evaluation.statement_id != statement:
                evaluation.statement_id = statement
            for line in evaluation.line_ids.filtered(lambda line: line.measure != "none"):
                if line.measure == "payment_record":
                    points, evidence = evaluation._payment_record_suggestion(behaviours)
                else:
                    points, evidence = evaluation._ratio_suggestion(line.measure, statement)
                line._set_suggestion(points, evidence)

    def _latest_statements(self):
        """{(partner id, company id): latest statement of the customer in the company}."""
        Statement = self.env["customer.credit.statement"]
        result = {}
        for company, evaluations in self.grouped("company_id").items():
            latest = Statement._latest_by_partner(evaluations.partner_id._origin, company._origin)
            result.update({(partner_id, company._origin.id): statement
                           for partner_id, statement in latest.items()})
        return result

    def _payment_behaviour_key(self):
        date_to = self.date
        return (self.partner_id._origin.commercial_partner_id.id, self.company_id._origin.id,
                date_to - relativedelta(months=PAYMENT_RECORD_MONTHS), date_to, date_to)

    def _payment_behaviours(self):
        """{behaviour key: payment behaviour of the customer in the 12 months up to the
        evaluation date} for all the evaluations in one query (res.partner's
        ``_credit_behaviour_query``)."""
        keys = [evaluation._payment_behaviour_key() for evaluation in self
                if evaluation.partner_id and evaluation.company_id and evaluation.date]
        return self.env["res.partner"].sudo()._credit_behaviour_query(keys)

    def _payment_record_suggestion(self, behaviours):
        """(points, evidence) of the payment record: the on-time share of the invoiced
        amount of the customer's payment behaviour gives the points; the rest of the
        behaviour (days to pay, days late, share paid late, payment cycle, large bills
        late) is added to the evidence."""
        self.ensure_one()
        behaviour = behaviours.get(self._payment_behaviour_key())
        points, evidence = self._payment_record_points_evidence(behaviour)
        if behaviour:
            evidence = f"{evidence} {self._payment_behaviour_evidence(behaviour)}"
        return points, evidence

    def _payment_behaviour_evidence(self, behaviour):
        missing = _("n/a")

        def figure(value):
            return missing if value is None else value

        text = _(
            "Payment behaviour: average invoice %(amount)s, average %(to_pay)s days to pay, "
            "average %(late)s days late (weighted by amount), %(share)s %% of the invoices "
            "paid or due paid late, payment cycle %(cycle)s days.",
            amount=format_amount(self.env, behaviour["avg_amount"], self.company_id.currency_id),
            to_pay=figure(behaviour["days_to_pay"]), late=figure(behaviour["days_late"]),
            share=figure(behaviour["late_share"]), cycle=figure(behaviour["cycle"]))
        if behaviour["large_bills_late"]:
            text = " ".join((text, _(
                "Small bills paid promptly, large bills late: %(large)s %% of the invoices "
                "above the median amount paid late against %(small)s %% of the others.",
                large=behaviour["large_late_share"], small=behaviour["small_late_share"])))
        return text

    def _payment_record_points_evidence(self, behaviour):
        """The payment record: an invoice's receivable amount counts as on time when it
        was paid in full by its due date as of the evaluation date, or is still open and
        not yet due (``on_time`` of res.partner._credit_behaviour_query)."""
        self.ensure_one()
        behaviour = behaviour or {}
        count, total = behaviour.get("invoice_count", 0), behaviour.get("total", 0.0)
        on_time = behaviour.get("on_time", 0.0)
        date = fields.Date.to_string(self.date)
        if not count or not total:
            return 0, _("No posted invoices in the 12 months up to %s: no suggestion.", date)
        share = on_time / total
        currency = self.company_id.currency_id
        return payment_record_points(share), _(
            "%(count)s invoices of %(total)s in the 12 months up to %(date)s: %(on_time)s "
            "(%(share)s %%) paid in full by the due date or not yet due, %(late)s paid late "
            "or overdue. 1 + 9 × %(ratio)s = %(raw)s points.",
            count=count, total=format_amount(self.env, total, currency),
            date=date, on_time=format_amount(self.env, on_time, currency),
            share=round(share * 100, 1),
            late=format_amount(self.env, total - on_time, currency),
            ratio=round(share, 4), raw=round(1 + 9 * share, 2))

    def _ratio_suggestion(self, measure, statement):
        """(points, evidence) of the current or quick ratio of ``statement``."""
        self.ensure_one()
        label = _("Current ratio") if measure == "current_ratio" else _("Quick ratio")
        if not statement:
            return 0, _("%s: the customer has no financial statement, no suggestion.", label)
        if statement.current_liabilities <= 0:
            return 0, _(
                "%(label)s: the statement of %(year)s shows no current liabilities, the "
                "ratio is undefined, no suggestion.", label=label, year=statement.year)
        currency = statement.currency_id or self.company_id.currency_id
        liabilities = format_amount(self.env, statement.current_liabilities, currency)
        if measure == "current_ratio":
            ratio, scale = statement.current_ratio, CURRENT_RATIO_POINTS
            formula = _(
                "current assets %(assets)s / current liabilities %(liabilities)s",
                assets=format_amount(self.env, statement.current_assets, currency),
                liabilities=liabilities)
        else:
            ratio, scale = statement.quick_ratio, QUICK_RATIO_POINTS
            formula = _(
                "(current assets %(assets)s - inventory %(inventory)s) / current liabilities "
                "%(liabilities)s",
                assets=format_amount(self.env, statement.current_assets, currency),
                inventory=format_amount(self.env, statement.inventory, currency),
                liabilities=liabilities)
        bands = ", ".join(f"≥ {threshold:g} → {points}" for threshold, points in scale)
        return ratio_points(ratio, scale), _(
            "%(label)s %(ratio)s = %(formula)s (statement of %(year)s). Points: %(bands)s, "
            "below → %(floor)s.", label=label, ratio=round(ratio, 2), formula=formula,
            year=statement.year, bands=bands, floor=RATIO_FLOOR_POINTS)

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_submit(self):
        if not self.env.user.has_group(GROUP_CREDIT_ANALYST):
            raise AccessError(_("Only credit analysts submit credit evaluations."))
        for evaluation in self:
            if evaluation.state != "draft":
                raise UserError(_("Only draft evaluations can be submitted: %s.",
                                  evaluation.name))
        self.check_access("write")
        self._check_complete()
        self.sudo().write({"state": "submitted", "submitted_on": fields.Datetime.now(),
                           "submitted_by_id": self.env.uid})
        return True

    def action_approve(self):
        return self._approve(fields.Date.context_today(self))

    def _approve(self, approval_date):
        """Approve on ``approval_date`` and grant grade, limit and terms to the customers."""
        self._check_manager()
        user = self.env.user
        for evaluation in self:
            if evaluation.state != "submitted":
                raise UserError(_("Only submitted evaluations can be approved: %s.",
                                  evaluation.name))
            if user in evaluation.submitted_by_id | evaluation.analyst_id:
                raise UserError(_(
                    "%s: you scored or submitted this evaluation yourself; another credit "
                    "manager must approve it (four eyes).", evaluation.name))
            if not user._credit_covers(evaluation.approved_limit, evaluation.currency_id):
                approver = self.env["res.users"]._credit_approver(
                    evaluation.company_id, evaluation.approved_limit, exclude=user)
                raise UserError(_(
                    "%(name)s grants a credit limit of %(limit)s, above your credit approval "
                    "amount of %(approval)s: %(approver)s must approve it.",
                    name=evaluation.name,
                    limit=format_amount(self.env, evaluation.approved_limit,
                                        evaluation.currency_id),
                    approval=format_amount(self.env, user.credit_approval_amount,
                                           evaluation.currency_id),
                    approver=approver.name or _("a credit manager with a larger amount")))
            if evaluation.currency_id.compare_amounts(
                    evaluation.approved_limit, evaluation.proposed_limit) \
                    and not evaluation.limit_reason:
                raise UserError(_(
                    "%s: give a reason for approving another credit limit than the proposed "
                    "one.", evaluation.name))
        self._check_complete()
        self.sudo().write({"state": "approved", "approver_id": self.env.uid,
                    "approved_date": fields.Date.to_date(approval_date)})
        self.sorted(lambda evaluation: (evaluation.approved_date, evaluation.id)).\
            _apply_to_partners()
        return True

    def action_refuse(self):
        """Ask the credit manager for the refusal reason."""
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": _("Refuse Evaluation"),
            "res_model": "customer.credit.evaluation.refuse",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_evaluation_ids": [Command.set(self.ids)]},
        }

    def _refuse(self, reason):
        self._check_manager()
        if not (reason or "").strip():
            raise UserError(_("Give the reason for refusing the evaluation."))
        for evaluation in self:
            if evaluation.state != "submitted":
                raise UserError(_("Only submitted evaluations can be refused: %s.",
                                  evaluation.name))
        self.sudo().write({"state": "refused", "approver_id": self.env.uid,
                    "refuse_reason": reason.strip()})
        return True

    def action_draft(self):
        for evaluation in self:
            if evaluation.state not in ("submitted", "refused"):
                raise UserError(_(
                    "Only submitted or refused evaluations go back to draft: %s.",
                    evaluation.name))
        self.check_access("write")
        self.sudo().write({"state": "draft", "submitted_on": False, "submitted_by_id": False,
                           "approver_id": False})
        # The manager's limit was for the submitted version: propose afresh.
        self.filtered("limit_reason").write({"limit_reason": False})
        self.env.add_to_compute(self._fields["approved_limit"], self)
        return True

    def _check_manager(self):
        if not self.env.user.has_group(GROUP_CREDIT_MANAGER):
            raise AccessError(_("Only credit managers approve or refuse credit evaluations."))

    def _check_complete(self):
        """Every line scored, reasons given, and a statement when the limit needs one."""
        for evaluation in self:
            if not evaluation.line_ids:
                raise UserError(_("%s has no indicators to score.", evaluation.name))
            evaluation.line_ids._check_scored()
            if not evaluation.grade_id:
                raise UserError(_(
                    "%(name)s: scale %(scale)s has no grade for a credit level of "
                    "%(level)s %%.", name=evaluation.name, scale=evaluation.scale_id.name,
                    level=round(evaluation.credit_level, 2)))
            if evaluation.statement_missing:
                figure = (_("yearly sales") if evaluation.grade_id.limit_type == "sales"
                          else _("equity"))
                raise UserError(_(
                    "%(name)s: the credit limit of grade %(grade)s is %(share)s %% of the "
                    "customer's %(figure)s, but %(customer)s has no financial statement in "
                    "%(company)s. Enter its latest statement and refresh the suggestions.",
                    name=evaluation.name, grade=evaluation.grade_id.name,
                    share=format(evaluation.grade_id.limit_share, "g"), figure=figure,
                    customer=evaluation.partner_id.display_name,
                    company=evaluation.company_id.name))

    # ------------------------------------------------------------------
    # Application to the customer
    # ------------------------------------------------------------------
    def _apply_to_partners(self):
        """Grant each approved evaluation to its customer in the evaluation's company:
        grade, level, dates, Odoo's credit limit, payment terms and pricelist, a history
        line and a message; Odoo's own credit warning is turned on in the company."""
        for evaluation in self:
            company = evaluation.company_id
            partner = evaluation.partner_id.commercial_partner_id.with_company(company).sudo()
            old_grade = partner.credit_grade_id
            values = {
                "credit_grade_id": evaluation.grade_id.id,
                "credit_level": evaluation.credit_level,
                "credit_grant_date": evaluation.approved_date,
                "credit_expiry_date": evaluation.expiry_date,
                "credit_evaluation_id": evaluation.id,
            }
            if evaluation.payment_term_id:
                values["property_payment_term_id"] = evaluation.payment_term_id.id
            if evaluation.pricelist_id:
                values["property_product_pricelist"] = evaluation.pricelist_id.id
            partner.write(values)
            reason = _(
                "Evaluation %(name)s on %(scorecard)s: credit level %(level)s %%, grade "
                "%(grade)s.", name=evaluation.name, scorecard=evaluation.scorecard_id.name,
                level=round(evaluation.credit_level, 2), grade=evaluation.grade_id.name)
            if evaluation.limit_reason:
                reason += " " + _("Limit: %s", evaluation.limit_reason)
            partner._credit_log(
                "grade", reason, evaluation, company,
                old_grade_id=old_grade.id, new_grade_id=evaluation.grade_id.id)
            partner._credit_set_limit(
                evaluation.approved_limit, reason, source=evaluation, company=company)
            partner.message_post(body=_(
                "Credit grade %(grade)s (was %(old)s) granted in %(company)s by %(evaluation)s "
                "until %(expiry)s: credit limit %(limit)s, credit level %(level)s %%.",
                grade=evaluation.grade_id.name, old=old_grade.name or _("none"),
                company=company.name, evaluation=evaluation._get_html_link(),
                expiry=fields.Date.to_string(evaluation.expiry_date),
                limit=format_amount(self.env, evaluation.approved_limit, company.currency_id),
                level=round(evaluation.credit_level, 2)))
            if not company.account_use_credit_limit:
                company.sudo().account_use_credit_limit = True

    # ------------------------------------------------------------------
    # Report
    # ------------------------------------------------------------------
    def _line_groups(self):
        """[(group, lines, Σ score, Σ maximum)] in line order, for the printed form."""
        self.ensure_one()
        groups = []
        for line in self.line_ids:
            if not groups or groups[-1][0] != (line.group or ""):
                groups.append((line.group or "", self.env["customer.credit.evaluation.line"]))
            groups[-1] = (groups[-1][0], groups[-1][1] | line)
        return [(name, lines, sum(lines.mapped("score")), sum(lines.mapped("maximum")))
                for name, lines in groups]
