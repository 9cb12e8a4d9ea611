from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

CHECK_POINTS = [
    ("sale", "Sales Order Confirmation"),
    ("invoice", "Invoice Posting"),
    ("delivery", "Delivery Validation"),
]
REASON_CODES = [
    ("limit", "Over Credit Limit"),
    ("overdue", "Overdue"),
    ("expired", "Grade Expired"),
    ("on_hold", "Customer on Hold"),
]


class CustomerCreditHold(models.Model):
    """A document stopped at a credit check point (信用冻结) until a credit manager releases
    or rejects it.

    Created by the check itself (``customer.credit.document._credit_enforce``), never by
    hand. Releasing carries out the stopped action (confirm the order, post the invoice,
    let the delivery through once); rejecting cancels the order or the draft invoice."""

    _name = "customer.credit.hold"
    _description = "Credit Hold"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.workflow.mixin"]
    _order = "create_date desc, id desc"

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    state = fields.Selection(
        [("hold", "On Hold"), ("released", "Released"), ("rejected", "Rejected")],
        "Status", required=True, default="hold", readonly=True, tracking=True, index=True)
    check_point = fields.Selection(
        CHECK_POINTS, required=True, readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, readonly=True, index=True,
        ondelete="cascade", help="The commercial partner whose credit was checked.")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    user_id = fields.Many2one(
        "res.users", "Responsible", readonly=True, index=True,
        help="Salesperson of the document (or of the customer).")
    triggered_by_id = fields.Many2one(
        "res.users", required=True, readonly=True,
        default=lambda self: self.env.user,
        help="The user whose confirmation, posting or validation was stopped.")
    document_name = fields.Char("Document", required=True, readonly=True)
    sale_order_id = fields.Many2one(
        "sale.order", "Sales Order", readonly=True, index="btree_not_null", ondelete="set null")
    move_id = fields.Many2one(
        "account.move", "Invoice", readonly=True, index="btree_not_null", ondelete="set null")

    # The numbers of the last check, in the company's currency.
    amount = fields.Monetary(
        "Document Amount", readonly=True, tracking=True,
        help="What the document adds to the exposure (tax included).")
    exposure = fields.Monetary(
        readonly=True,
        help="Open receivables, draft invoices and uninvoiced orders of the customer, "
        "without this document.")
    exposure_after = fields.Monetary(
        "Exposure After Document", readonly=True, tracking=True,
        help="The exposure including this document: what releasing it grants.")
    credit_limit = fields.Monetary(readonly=True)
    available = fields.Monetary(
        readonly=True, help="Credit limit minus exposure, before this document.")
    excess = fields.Monetary(
        "Over Limit By", compute="_compute_excess", store=True,
        help="How far the exposure including this document exceeds the credit limit.")
    overdue = fields.Monetary(readonly=True)
    overdue_late = fields.Monetary(
        "Overdue Beyond Tolerance", readonly=True,
        help="Receivables overdue by more than the company's tolerance in days.")
    overdue_days = fields.Integer("Oldest Overdue (Days)", readonly=True)
    control_level = fields.Selection(
        [("none", "None"), ("warn", "Warn"), ("block", "Block")],
        readonly=True)
    reason_codes = fields.Char(
        readonly=True, help="Comma-separated: limit, overdue, expired, on_hold.")
    reasons = fields.Text(readonly=True)
    reason_limit = fields.Boolean(
        "Reason: Over Credit Limit", compute="_compute_reason_flags",
        search="_search_reason_limit")
    reason_overdue = fields.Boolean(
        "Reason: Overdue", compute="_compute_reason_flags",
        search="_search_reason_overdue")
    reason_expired = fields.Boolean(
        "Reason: Grade Expired", compute="_compute_reason_flags",
        search="_search_reason_expired")
    reason_on_hold = fields.Boolean(
        "Reason: Customer on Hold", compute="_compute_reason_flags",
        search="_search_reason_on_hold")
    last_check_date = fields.Datetime(
        "Last Checked", readonly=True, default=fields.Datetime.now)

    # The decision.
    decided_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    decision_date = fields.Datetime("Decided On", readonly=True)
    decision_reason = fields.Text(readonly=True)
    released_amount = fields.Monetary(
        readonly=True,
        help="A released hold lets its document through once, as long as the document's "
        "amount has not grown beyond this.")
    used = fields.Boolean(
        readonly=True, tracking=True,
        help="The release has let the document through.")
    can_release = fields.Boolean(
        "You May Release", compute="_compute_release_approver",
        help="You are a credit manager, did not trigger the hold and your approval amount "
        "covers the exposure including the document.")
    release_approver_id = fields.Many2one(
        "res.users", "Who Can Release", compute="_compute_release_approver",
        help="The credit manager whose approval amount covers the exposure including the "
        "document, with the smallest such amount (never the user who triggered the hold).")

    # ------------------------------------------------------------------
    # Computes and searches
    # ------------------------------------------------------------------
    @api.depends("exposure_after", "credit_limit")
    def _compute_excess(self):
        for hold in self:
            hold.excess = max(hold.exposure_after - hold.credit_limit, 0.0)

    @api.depends_context("uid")
    @api.depends("state", "exposure_after", "triggered_by_id", "company_id")
    def _compute_release_approver(self):
        user = self.env.user
        is_manager = user.has_group("customer_credit.group_credit_manager")
        for hold in self:
            hold.release_approver_id = self.env["res.users"]._credit_approver(
                hold.company_id, hold.exposure_after, exclude=hold.triggered_by_id
            ) if hold.state == "hold" and hold.company_id else False
            hold.can_release = (
                hold.state == "hold" and is_manager and user != hold.triggered_by_id
                and user._credit_covers(hold.exposure_after, hold.currency_id))

    @api.depends("reason_codes")
    def _compute_reason_flags(self):
        for hold in self:
            codes = (hold.reason_codes or "").split(",")
            hold.reason_limit = "limit" in codes
            hold.reason_overdue = "overdue" in codes
            hold.reason_expired = "expired" in codes
            hold.reason_on_hold = "on_hold" in codes

    def _search_reason(self, code, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the hold reasons."))
        positive = (operator == "=") == value
        if positive:
            return [("reason_codes", "like", code)]
        return ["|", ("reason_codes", "=", False), ("reason_codes", "not like", code)]

    def _search_reason_limit(self, operator, value):
        return self._search_reason("limit", operator, value)

    def _search_reason_overdue(self, operator, value):
        return self._search_reason("overdue", operator, value)

    def _search_reason_expired(self, operator, value):
        return self._search_reason("expired", operator, value)

    def _search_reason_on_hold(self, operator, value):
        return self._search_reason("on_hold", operator, value)

    # ------------------------------------------------------------------
    # CRUD: holds are made by the check and decided by their actions only
    # ------------------------------------------------------------------
    @api.model
    def _workflow_fields(self):
        return {
            "name", "state", "check_point", "partner_id", "company_id", "user_id",
            "triggered_by_id", "document_name", "amount", "exposure", "exposure_after",
            "credit_limit", "available", "overdue", "overdue_late", "overdue_days",
            "control_level", "reason_codes", "reasons", "last_check_date", "decided_by_id",
            "decision_date", "decision_reason", "released_amount", "used",
            *self._document_fields().values(),
        }

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].with_company(
                    vals.get("company_id")).next_by_code("customer.credit.hold") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # The document behind the hold
    # ------------------------------------------------------------------
    @api.model
    def _document_fields(self):
        """Check point → field of the hold that holds the document (extended by bridges)."""
        return {"sale": "sale_order_id", "invoice": "move_id"}

    def _document(self):
        self.ensure_one()
        field = self._document_fields().get(self.check_point)
        return self[field] if field else None

    @api.model
    def _values_from_check(self, result):
        """Hold values from a ``customer.credit.document._credit_evaluate`` result."""
        return {
            "amount": result["amount"],
            "exposure": result["exposure_before"],
            "exposure_after": result["exposure_after"],
            "credit_limit": result["limit"],
            "available": result["limit"] - result["exposure_before"],
            "overdue": result["overdue"],
            "overdue_late": result["overdue_late"],
            "overdue_days": result["overdue_days"],
            "control_level": result["level"],
            "reason_codes": ",".join(code for code, _text in result["reasons"]),
            "reasons": "\n".join(text for _code, text in result["reasons"]),
            "last_check_date": fields.Datetime.now(),
        }

    def _format(self, amount):
        return format_amount(self.env, amount, self.currency_id)

    def _summary_html(self):
        """The reasons and numbers, for the chatter."""
        self.ensure_one()
        reasons = Markup("").join(
            Markup("<li>%s</li>") % line for line in (self.reasons or "").splitlines())
        numbers = _(
            "Document %(amount)s, exposure %(exposure)s, after the document %(after)s, "
            "credit limit %(limit)s, available %(available)s, overdue %(overdue)s.",
            amount=self._format(self.amount), exposure=self._format(self.exposure),
            after=self._format(self.exposure_after), limit=self._format(self.credit_limit),
            available=self._format(self.available), overdue=self._format(self.overdue))
        return Markup("<ul>%s</ul><p>%s</p>") % (reasons, numbers)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open_document(self):
        self.ensure_one()
        document = self._document()
        if not document:
            raise UserError(_("The document of hold %s no longer exists.", self.name))
        return {
            "type": "ir.actions.act_window",
            "res_model": document._name,
            "res_id": document.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _action_decision_wizard(self, decision):
        self._check_open()
        self._check_manager()
        return {
            "type": "ir.actions.act_window",
            "name": _("Release Credit Hold") if decision == "release" else _(
                "Reject Credit Hold"),
            "res_model": "customer.credit.hold.decision",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_hold_ids": self.ids, "default_decision": decision},
        }

    def action_release_wizard(self):
        return self._action_decision_wizard("release")

    def action_ask_release(self):
        """Route the decision to the credit manager who can release it: an activity on each
        hold for its ``release_approver_id``."""
        self._check_open()
        self.check_access("read")
        for hold in self:
            approver = hold.release_approver_id
            if not approver:
                raise UserError(_(
                    "No credit manager of %s can release this hold: give one the credit "
                    "manager rights first.", hold.company_id.name))
            local = hold.with_context(lang=approver.lang)  # the recipient's language
            hold.sudo().activity_schedule(
                "mail.mail_activity_data_todo", user_id=approver.id,
                summary=local.env._(
                    "Decide credit hold %(hold)s (exposure after release %(amount)s)",
                    hold=hold.name, amount=local._format(hold.exposure_after)),
                note=local._summary_html())
        return self._notification(
            _("Credit hold routed"),
            _("Sent to %s for a decision.", ", ".join(self.release_approver_id.mapped("name"))),
            "success")

    def action_reject_wizard(self):
        return self._action_decision_wizard("reject")

    def action_recheck(self):
        """Check the document again: clear → released and carried out; else new numbers."""
        self._check_open()
        still_held = self.browse()
        for hold in self:
            document = hold._document()
            if not document:
                raise UserError(_("The document of hold %s no longer exists.", hold.name))
            result = document.sudo().with_company(hold.company_id)._credit_evaluate()
            hold.sudo().write(self._values_from_check(result))
            if result["level"] != "block" or not result["reasons"]:
                hold._release(_("Recheck: no credit rule is broken any more."), auto=True)
            else:
                still_held |= hold
                hold.sudo().message_post(body=Markup("<p>%s</p>%s") % (
                    _("Rechecked: still on credit hold."), hold._summary_html()))
        if still_held:
            return self._notification(
                _("Still on credit hold"),
                _("%s: credit rules are still broken; the numbers are updated.",
                  ", ".join(still_held.mapped("name"))), "warning")
        return self._notification(
            _("Credit hold released"),
            _("No credit rule is broken any more: %s released and carried out.",
              ", ".join(self.mapped("name"))), "success")

    @api.model
    def _notification(self, title, message, kind, sticky=False):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title, "message": message, "type": kind, "sticky": sticky,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _check_open(self):
        closed = self.filtered(lambda hold: hold.state != "hold")
        if closed:
            raise UserError(_("Credit hold %s is already decided.",
                              ", ".join(closed.mapped("name"))))

    def _check_manager(self):
        if not self.env.user.has_group("customer_credit.group_credit_manager"):
            raise UserError(_("Only credit managers may release or reject credit holds."))

    def _check_approval_amount(self):
        """A manager releases within his approval amount, counted per customer over every
        hold of this decision: the customer's exposure now plus what each released
        document adds to it (its exposure after, less the exposure it was checked
        against)."""
        user = self.env.user
        for (partner, company), holds in self.grouped(
                lambda hold: (hold.partner_id, hold.company_id)).items():
            exposure = partner._credit_exposure(company)[partner.id]["exposure"]
            combined = exposure + sum(hold.exposure_after - exposure for hold in holds)
            currency = company.currency_id
            if not user._credit_covers(combined, currency):
                approver = self.env["res.users"]._credit_approver(
                    company, combined, exclude=holds.triggered_by_id | user)
                raise UserError(_(
                    "Releasing %(holds)s would bring the exposure of %(customer)s to "
                    "%(exposure)s, above your credit approval amount of %(approval)s: "
                    "%(approver)s must decide it (use 'Ask Who Can Release').",
                    holds=", ".join(holds.mapped("name")), customer=partner.display_name,
                    exposure=format_amount(self.env, combined, currency),
                    approval=format_amount(self.env, user.credit_approval_amount, currency),
                    approver=approver.name or _("a credit manager with a larger amount")))

    def _check_not_own(self):
        """Four eyes: nobody releases a hold of a document they confirmed, posted or
        validated themselves."""
        own = self.filtered(lambda hold: hold.triggered_by_id == self.env.user)
        if own:
            raise UserError(_(
                "You triggered %s yourself: another credit manager must release it (four "
                "eyes).", ", ".join(own.mapped("name"))))

    def _refresh(self):
        """Recompute the numbers from the document as it is now."""
        for hold in self:
            document = hold._document()
            if document:
                result = document.sudo().with_company(hold.company_id)._credit_evaluate()
                hold.sudo().write(self._values_from_check(result))

    def _release(self, reason, auto=False):
        """Release and carry out the stopped action. ``auto``: by a recheck that found no
        broken rule, not a manager's decision (no approval amount needed)."""
        self._check_open()
        if not auto:
            self._check_manager()
            self._check_not_own()
            self._refresh()
            self._check_approval_amount()
        for hold in self:
            document = hold._document()
            if document and not document._credit_can_proceed():
                raise UserError(_(
                    "%(document)s can no longer be carried out (it was changed meanwhile): "
                    "reject hold %(hold)s instead.", document=hold.document_name,
                    hold=hold.name))
            hold.sudo().write({
                "state": "released",
                "decided_by_id": self.env.user.id,
                "decision_date": fields.Datetime.now(),
                "decision_reason": reason,
                "released_amount": hold.amount,
            })
            body = Markup("<p><b>%s</b></p><p>%s</p>") % (
                _("Credit hold %s released.", hold.name), reason)
            hold.sudo().message_post(body=body)
            if document:
                document.sudo().message_post(body=body)
                document.sudo()._credit_hold_release(hold)
                if not hold.used and not document.sudo()._credit_can_proceed():
                    hold.sudo().used = True  # carried out without needing the release

    def _reject(self, reason):
        self._check_open()
        self._check_manager()
        for hold in self:
            hold.sudo().write({
                "state": "rejected",
                "decided_by_id": self.env.user.id,
                "decision_date": fields.Datetime.now(),
                "decision_reason": reason,
            })
            body = Markup("<p><b>%s</b></p><p>%s</p>") % (
                _("Credit hold %s rejected.", hold.name), reason)
            hold.sudo().message_post(body=body)
            document = hold._document()
            if document:
                document.sudo().message_post(body=body)
                document.sudo()._credit_hold_reject(hold)
