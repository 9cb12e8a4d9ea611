from collections import defaultdict

from odoo import _, api, fields, models
from odoo.addons.customer_archive.models.customer_figures import CUSTOMER_DOMAIN
from odoo.addons.customer_archive.tools import run_in_batches
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, format_amount, format_date, split_every

GROUP_CREDIT_ANALYST = "customer_credit.group_credit_analyst"
GROUP_CREDIT_MANAGER = "customer_credit.group_credit_manager"
GROUP_SALE_ALL = "sales_team.group_sale_salesman_all_leads"
REQUEST_ACTIVITY_TYPE = "customer_credit.mail_activity_type_credit_limit_request"
REQUEST_KINDS = [("temporary", "Temporary"), ("permanent", "Permanent")]
REQUEST_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("refused", "Refused"),
    ("ended", "Ended"),
]
# What the requester fixed when submitting: nobody changes it afterwards.
LOCKED_FIELDS = {"partner_id", "company_id", "requested_by", "kind", "date_end",
                 "requested_limit", "reason"}


class CustomerCreditLimitRequest(models.Model):
    """A request to change a customer's credit limit in one company, temporarily (until an
    end date, then the limit falls back to the permanent one by itself) or permanently.

    A credit manager approves it within the manager's own approval amount; approval sets
    Odoo's credit limit through ``res.partner._credit_set_limit`` (history logged)."""

    _name = "customer.credit.limit.request"
    _description = "Credit Limit Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "customer.workflow.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _rec_names_search = ["name", "partner_id"]

    name = fields.Char("Number", required=True, readonly=True, copy=False,
                       default=lambda self: _("New"))
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, tracking=True,
        check_company=True, domain=CUSTOMER_DOMAIN,
        help="The customer company whose credit limit changes.")
    salesperson_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, tracking=True,
        default=lambda self: self.env.company,
        help="The credit limit changes in this company only.")
    currency_id = fields.Many2one(related="company_id.currency_id")
    requested_by = fields.Many2one(
        "res.users", required=True, index=True, tracking=True,
        default=lambda self: self.env.user, domain="[('share', '=', False)]")
    kind = fields.Selection(
        REQUEST_KINDS, required=True, default="temporary", tracking=True,
        help="Temporary: the limit holds until the end date, then falls back to the permanent "
        "limit by itself. Permanent: the new limit stays and becomes the permanent limit.")
    date_end = fields.Date(
        "End Date", compute="_compute_date_end", store=True, readonly=False, tracking=True,
        help="Last day of a temporary limit; the day after, the limit falls back to the "
        "permanent limit.")
    current_limit = fields.Monetary(
        compute="_compute_current_limit", store=True, readonly=True,
        help="The customer's credit limit in the company when the request was submitted.")
    permanent_limit = fields.Monetary(
        compute="_compute_permanent_limit", compute_sudo=True,
        help="What a temporary limit of the customer falls back to when it ends.")
    requested_limit = fields.Monetary(required=True, tracking=True)
    limit_change = fields.Monetary(
        "Change", compute="_compute_limit_change", store=True,
        help="Requested limit minus current limit.")
    reason = fields.Text(required=True, tracking=True,
                         help="Why the customer needs this limit, e.g. a large order.")
    state = fields.Selection(
        REQUEST_STATES, "Status", required=True, default="draft", readonly=True, copy=False,
        index=True, tracking=True)
    approver_id = fields.Many2one(
        "res.users", readonly=True, copy=False, tracking=True,
        help="The credit manager who approved or refused the request.")
    decider_id = fields.Many2one(
        "res.users", "To Be Decided By", compute="_compute_decider_id", compute_sudo=True,
        help="The credit manager who will decide the request: the one whose approval amount "
        "is the smallest that covers the requested limit, never the requester.")
    approval_date = fields.Datetime(
        readonly=True, copy=False,
        help="When the credit manager approved or refused the request.")
    refusal_reason = fields.Text(readonly=True, copy=False, tracking=True)
    date_ended = fields.Datetime("Ended On", readonly=True, copy=False)
    end_note = fields.Char("Ended Because", readonly=True, copy=False)
    is_running = fields.Boolean(
        "Running", compute="_compute_is_running", search="_search_is_running",
        help="An approved temporary limit that has not ended yet.")

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("company_id", "requested_limit", "requested_by", "state")
    def _compute_decider_id(self):
        for request in self:
            request.decider_id = request.state in ("draft", "submitted") and self.env[
                "res.users"]._credit_approver(
                    request.company_id, request.requested_limit,
                    exclude=request.requested_by | request.create_uid)

    @api.depends("kind")
    def _compute_date_end(self):
        for request in self.filtered(lambda request: request.kind == "permanent"):
            request.date_end = False

    @api.depends("partner_id", "company_id")
    def _compute_current_limit(self):
        for request in self:
            request.current_limit = request._partner_in_company().credit_limit

    @api.depends("partner_id", "company_id")
    def _compute_permanent_limit(self):
        for request in self:
            request.permanent_limit = request._partner_in_company().credit_permanent_limit

    @api.depends("requested_limit", "current_limit")
    def _compute_limit_change(self):
        for request in self:
            request.limit_change = request.requested_limit - request.current_limit

    @api.depends("state", "kind")
    def _compute_is_running(self):
        for request in self:
            request.is_running = request.state == "approved" and request.kind == "temporary"

    def _search_is_running(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on running limits."))
        domain = [("state", "=", "approved"), ("kind", "=", "temporary")]
        return domain if (operator == "=") == value else ["!", *domain]

    def _partner_in_company(self):
        self.ensure_one()
        return self.partner_id.with_company(self.company_id or self.env.company).sudo()

    @api.constrains("requested_limit")
    def _check_requested_limit(self):
        if any(request.requested_limit < 0 for request in self):
            raise ValidationError(_("A requested credit limit cannot be negative."))

    @api.constrains("kind", "date_end", "state")
    def _check_date_end(self):
        today = fields.Date.context_today(self)
        for request in self:
            if request.kind != "temporary" or request.state not in ("draft", "submitted"):
                continue
            if not request.date_end:
                raise ValidationError(_(
                    "%s: a temporary limit needs an end date.", request.display_name))
            if request.date_end <= today:
                raise ValidationError(_(
                    "%(request)s: the end date of a temporary limit must be after today "
                    "(%(today)s).", request=request.display_name,
                    today=format_date(self.env, today)))

    @api.constrains("partner_id", "requested_by")
    def _check_partner(self):
        for request in self:
            partner = request.partner_id
            if partner.commercial_partner_id != partner:
                raise ValidationError(_(
                    "Credit limits belong to the customer company: request it for %(company)s, "
                    "not for its contact %(contact)s.",
                    company=partner.commercial_partner_id.display_name,
                    contact=partner.display_name))
            requester = request.requested_by
            if partner.user_id != requester and not requester.has_groups(
                    f"{GROUP_CREDIT_ANALYST},{GROUP_SALE_ALL}"):
                raise ValidationError(_(
                    "%(user)s can request credit limits only for their own customers; the "
                    "salesperson of %(customer)s is %(salesperson)s.",
                    user=requester.name, customer=partner.display_name,
                    salesperson=partner.user_id.name or _("nobody")))

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _workflow_fields(self):
        return {"state", "approver_id", "approval_date", "refusal_reason", "date_ended",
                "end_note", "current_limit"}

    @api.model
    def _workflow_draft_fields(self):
        return LOCKED_FIELDS

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", _("New")) == _("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "customer.credit.limit.request") or _("New")
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if any(request.state != "draft" for request in self):
            raise UserError(_(
                "Only draft limit requests can be deleted: the others are part of the "
                "customer's credit history."))

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def action_submit(self):
        self.check_access("write")
        for request in self:
            if request.state != "draft":
                raise UserError(_("%s: only draft requests can be submitted.",
                                  request.display_name))
            # The limit when requested, as the approver sees it.
            request.sudo().write({"state": "submitted",
                           "current_limit": request._partner_in_company().credit_limit})
        self._schedule_approval_activities()
        return True

    def _schedule_approval_activities(self):
        """One approval activity per request, for the credit manager who should decide it
        (``res.users._credit_approver``), never the requester."""
        for request in self:
            manager = request.decider_id
            if not manager:
                continue
            env = request.with_context(lang=manager.lang).env  # the recipient's language
            values = {"amount": format_amount(env, request.requested_limit,
                                              request.currency_id),
                      "customer": request.partner_id.display_name}
            summary = env._("Approve a temporary limit of %(amount)s for %(customer)s",
                            **values) if request.kind == "temporary" \
                else env._("Approve a permanent limit of %(amount)s for %(customer)s", **values)
            request.activity_schedule(REQUEST_ACTIVITY_TYPE, user_id=manager.id, summary=summary)

    def _check_credit_manager(self):
        if not self.env.user.has_group(GROUP_CREDIT_MANAGER):
            raise AccessError(_("Only credit managers approve or refuse limit requests."))

    def action_approve(self):
        """Approve within the approver's approval amount and set the customer's limit."""
        self._check_credit_manager()
        user = self.env.user
        today = fields.Date.context_today(self)
        for request in self:
            if request.state != "submitted":
                raise UserError(_("%s: only submitted requests can be approved.",
                                  request.display_name))
            if user in request.requested_by | request.create_uid:
                raise UserError(_(
                    "%s: you asked for this limit yourself; another credit manager must "
                    "approve it (four eyes).", request.display_name))
            if not user._credit_covers(request.requested_limit, request.currency_id):
                raise UserError(_(
                    "%(request)s asks for a credit limit of %(requested)s, above your approval "
                    "amount of %(approval)s: a credit manager with a larger approval amount "
                    "must approve it.", request=request.display_name,
                    requested=format_amount(self.env, request.requested_limit,
                                            request.currency_id),
                    approval=format_amount(self.env, user.credit_approval_amount,
                                           request.currency_id)))
            if request.kind == "temporary" and request.date_end < today:
                raise UserError(_(
                    "%(request)s: its end date %(date)s has passed; refuse it and make a new "
                    "request.", request=request.display_name,
                    date=format_date(self.env, request.date_end)))
        for request in self:
            request.sudo().write({"state": "approved", "approver_id": user.id,
                           "approval_date": fields.Datetime.now()})
            partner = request._partner_in_company()
            if request.kind == "temporary":
                running = self.sudo().search([
                    ("partner_id", "=", request.partner_id.id),
                    ("company_id", "=", request.company_id.id),
                    ("is_running", "=", True), ("id", "!=", request.id)])
                if running:
                    running._end_temporary(
                        _("Replaced by the temporary limit %s", request.name), fall_back=False)
                elif float_compare(partner.credit_permanent_limit, partner.credit_limit,
                                   precision_rounding=request.currency_id.rounding):
                    # Without a running temporary limit the current limit is the permanent
                    # one (e.g. set before this module): the temporary limit falls back to it.
                    partner.write({"credit_permanent_limit": partner.credit_limit})
                reason = _("Temporary limit (%(request)s): %(reason)s",
                           request=request.name, reason=request.reason)
            else:
                reason = _("Permanent limit (%(request)s): %(reason)s",
                           request=request.name, reason=request.reason)
            request.partner_id._credit_set_limit(
                request.requested_limit, reason, source=request, company=request.company_id,
                temporary=request.kind == "temporary")
            request._notify_requester(_(
                "Approved: the credit limit of %(customer)s in %(company)s is now %(amount)s.",
                customer=request.partner_id.display_name, company=request.company_id.name,
                amount=format_amount(self.env, request.requested_limit, request.currency_id)))
        self.activity_feedback([REQUEST_ACTIVITY_TYPE])
        return True

    def _notify_requester(self, body):
        """A note in the chatter that notifies the requester of the decision."""
        self.ensure_one()
        if self.requested_by != self.env.user:
            self.message_post(body=body, subtype_xmlid="mail.mt_note",
                              partner_ids=self.requested_by.partner_id.ids)

    def action_refuse(self):
        """Open the wizard asking for the reason of the refusal."""
        self._check_credit_manager()
        if any(request.state != "submitted" for request in self):
            raise UserError(_("Only submitted requests can be refused."))
        return {
            "type": "ir.actions.act_window",
            "name": _("Refuse Limit Request"),
            "res_model": "customer.credit.limit.request.refuse",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_ids": self.ids},
        }

    def _refuse(self, reason):
        self._check_credit_manager()
        if not (reason or "").strip():
            raise UserError(_("Give the reason of the refusal."))
        if any(request.state != "submitted" for request in self):
            raise UserError(_("Only submitted requests can be refused."))
        self.sudo().write({"state": "refused", "refusal_reason": reason,
                    "approver_id": self.env.uid, "approval_date": fields.Datetime.now()})
        for request in self:
            request._notify_requester(_("Refused: %s", reason))
        self.activity_feedback([REQUEST_ACTIVITY_TYPE])
        return True

    # ------------------------------------------------------------------
    # End of temporary limits
    # ------------------------------------------------------------------
    def _end_temporary(self, note, fall_back=True):
        """End these running temporary limits.

        ``fall_back``: the end date passed, set the limit back to the customer's permanent
        limit in the request's company (history line). Otherwise a new limit replaced it
        and the limit stays as it is. A few queries per company: grouped writes of the limits
        (one per distinct amount), one history creation, one state write, one message batch.
        """
        requests = self.filtered("is_running").sudo()
        if not requests:
            return requests
        bodies = {}
        if fall_back:
            history = []
            for company, company_requests in requests.grouped("company_id").items():
                partners = company_requests.partner_id.with_company(company)
                partners.fetch(["credit_limit", "credit_permanent_limit"])
                currency = company.currency_id
                by_amount = defaultdict(list)
                for request in company_requests:
                    partner = request.partner_id.with_company(company)
                    old, new = partner.credit_limit, partner.credit_permanent_limit
                    by_amount[new].append(partner.id)
                    bodies[request.id] = _(
                        "The temporary limit ran until %(date)s: the credit limit of "
                        "%(customer)s in %(company)s went back from %(old)s to the permanent "
                        "limit of %(new)s.", date=format_date(self.env, request.date_end),
                        customer=partner.display_name, company=company.name,
                        old=format_amount(self.env, old, currency),
                        new=format_amount(self.env, new, currency))
                    if float_compare(old, new, precision_rounding=currency.rounding):
                        history.append({
                            "partner_id": partner.id,
                            "company_id": company.id,
                            "change_type": "temporary",
                            "old_limit": old,
                            "new_limit": new,
                            "reason": _("Temporary limit %(request)s ran until %(date)s: back "
                                        "to the permanent limit", request=request.name,
                                        date=format_date(self.env, request.date_end)),
                            "source_ref": f"{request._name},{request.id}",
                        })
                for amount, partner_ids in by_amount.items():
                    partners.browse(partner_ids).write({"credit_limit": amount})
            self.env["customer.credit.history"].sudo().create(history)
        else:
            for request in requests:
                bodies[request.id] = _("The temporary limit ended: %s.", note)
        requests.write({"state": "ended", "date_ended": fields.Datetime.now(),
                        "end_note": note})
        requests._message_log_batch(bodies)
        return requests

    @api.model
    def _end_running_temporary(self, partners, company, note, exclude=None):
        """End the running temporary limits of ``partners`` in ``company`` that a new
        permanent limit replaces; the limit stays as the caller set it."""
        domain = [("partner_id", "in", partners.ids), ("company_id", "=", company.id),
                  ("is_running", "=", True)]
        if exclude and exclude._name == self._name:
            domain.append(("id", "not in", exclude.ids))
        running = self.sudo().search(domain)
        return running._end_temporary(note, fall_back=False)

    @api.model
    def _cron_end_temporary_limits(self, batch_size=500):
        """Daily: end the approved temporary limits whose end date has passed and set the
        limits back to the permanent ones, in committed batches."""
        today = fields.Date.context_today(self)
        request_ids = self.sudo().search(
            [("is_running", "=", True), ("date_end", "<", today)], order="id").ids
        run_in_batches(self.env, split_every(batch_size, request_ids, self.sudo().browse),
                       lambda batch: batch._end_temporary(_("End date passed")))

    # ------------------------------------------------------------------
    # Menus
    # ------------------------------------------------------------------
    @api.model
    def _action_new_request(self, partner):
        """A new request for ``partner`` in the current company, from the customer form."""
        user = self.env.user
        if partner.user_id != user and not user.has_groups(
                f"{GROUP_CREDIT_ANALYST},{GROUP_SALE_ALL}"):
            raise UserError(_(
                "Only the salesperson of %s or a credit analyst can request a change of its "
                "credit limit.", partner.display_name))
        return {
            "type": "ir.actions.act_window",
            "name": _("Limit Request"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "current",
            "context": {"default_partner_id": partner.id,
                        "default_company_id": self.env.company.id,
                        "default_requested_by": user.id},
        }

    @api.model
    def action_open_limit_requests(self):
        """The requests to approve for credit managers, one's own requests for the others."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_credit.customer_credit_limit_request_action")
        default_filter = ("search_default_to_approve"
                          if self.env.user.has_group(GROUP_CREDIT_MANAGER)
                          else "search_default_my_requests")
        action["context"] = {default_filter: 1}
        return action
