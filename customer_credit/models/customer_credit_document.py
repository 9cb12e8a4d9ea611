from collections import defaultdict
from contextlib import contextmanager

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date


class CreditChecked:
    """Marks, in the context, the documents whose action has just passed the credit check,
    so that the state write of that action is not checked again. A Python object: a client
    sending context keys over RPC cannot make one."""

    __slots__ = ("model", "ids")

    def __init__(self, records):
        self.model = records._name
        self.ids = frozenset(records.ids)

    @classmethod
    def covered(cls, records):
        """The part of ``records`` that the context marks as checked."""
        token = records.env.context.get("credit_checked")
        if not isinstance(token, cls) or token.model != records._name:
            return records.browse()
        return records.filtered(lambda record: record.id in token.ids)

    @classmethod
    def context(cls, records):
        return records.with_context(credit_checked=cls(records))


class CustomerCreditDocument(models.AbstractModel):
    """What a document checked at a credit check point shares (sales order, customer
    invoice, delivery): the customer's figures on its form, the check itself, the credit
    hold it may be put on.

    A document model defines ``_credit_check_point``, ``_credit_hold_field``,
    ``_credit_partner``, ``_credit_check_applies``, ``_credit_is_checked``,
    ``_credit_passed``, ``_credit_amounts``, ``_credit_responsible``,
    ``_credit_can_proceed``, ``_credit_hold_release`` and ``_credit_hold_reject`` (and
    ``_credit_counted`` and ``_credit_watched`` when a write can raise what it counts), and
    calls ``_credit_enforce`` before its action and ``_credit_after_action`` after it. Every
    other route to the same outcome (a state written directly, an import, a change after the
    check) ends in ``_credit_check_changes`` from ``write``, which refuses what breaks a
    blocking rule.

    Checks of one customer in one company are serialised (``_credit_lock``): two users
    confirming or posting at the same moment cannot both pass a limit they break
    together."""

    _name = "customer.credit.document"
    _description = "Document Checked Against the Credit Rules"

    credit_currency_id = fields.Many2one(
        "res.currency", compute="_compute_credit_currency_id")
    credit_partner_exposure = fields.Monetary(
        "Customer Exposure", compute="_compute_credit_figures", compute_sudo=True,
        currency_field="credit_currency_id",
        help="Open receivables, draft invoices and uninvoiced orders of the customer in this "
        "company, in the company's currency.")
    credit_partner_limit = fields.Monetary(
        "Customer Credit Limit", compute="_compute_credit_figures", compute_sudo=True,
        currency_field="credit_currency_id")
    credit_partner_available = fields.Monetary(
        "Customer Available Credit", compute="_compute_credit_figures", compute_sudo=True,
        currency_field="credit_currency_id", help="Credit limit minus exposure.")
    credit_exposure_after = fields.Monetary(
        "Exposure After This Document", compute="_compute_credit_figures",
        compute_sudo=True, currency_field="credit_currency_id",
        help="The customer's exposure including this document, counted once.")
    credit_available_after = fields.Monetary(
        "Available After This Document", compute="_compute_credit_figures",
        compute_sudo=True, currency_field="credit_currency_id")
    credit_control_level = fields.Selection(
        [("none", "None"), ("warn", "Warn"), ("block", "Block")], "Credit Control",
        compute="_compute_credit_figures", compute_sudo=True)
    credit_check_message = fields.Text(
        "Credit Check", compute="_compute_credit_figures", compute_sudo=True,
        help="The credit rules this document breaks at its check point.")
    credit_hold_state = fields.Selection(
        [("hold", "On Credit Hold"), ("released", "Credit Hold Released"),
         ("rejected", "Credit Hold Rejected")], "Credit Hold",
        compute="_compute_credit_hold_state", search="_search_credit_hold_state",
        compute_sudo=True,
        help="The state of the document's latest credit hold; 'On Credit Hold' while one is "
        "open.")
    credit_hold_count = fields.Integer(
        "Number of Credit Holds", compute="_compute_credit_hold_state", compute_sudo=True)

    # ------------------------------------------------------------------
    # To be defined by each document
    # ------------------------------------------------------------------
    def _credit_check_point(self):
        raise NotImplementedError

    def _credit_hold_field(self):
        raise NotImplementedError

    def _credit_partner(self):
        """The commercial partner whose credit is at stake."""
        raise NotImplementedError

    def _credit_is_checked(self):
        """Whether the document is due for the check of its check point now."""
        raise NotImplementedError

    def _credit_amounts(self):
        """(amount, counted) in the company currency: what the document adds to the exposure
        and how much of it the customer's exposure already counts."""
        raise NotImplementedError

    def _credit_responsible(self):
        raise NotImplementedError

    def _credit_can_proceed(self):
        """Whether a released hold can still carry out the document's action."""
        raise NotImplementedError

    def _credit_hold_release(self, hold):
        """Carry out the stopped action after ``hold`` was released."""
        raise NotImplementedError

    def _credit_hold_reject(self, hold):
        raise NotImplementedError

    @api.model
    def _credit_depends(self):
        return ["company_id"]

    def _credit_passed(self):
        """Whether the document is past its check point (confirmed, posted, done)."""
        raise NotImplementedError

    def _credit_counted(self):
        """What the document counts in its customer's exposure now, company currency."""
        return 0.0

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    def _compute_credit_currency_id(self):
        for document in self:
            document.credit_currency_id = document.company_id.currency_id

    @api.depends(lambda self: self._credit_depends())
    def _compute_credit_figures(self):
        for document in self:
            partner = document._credit_partner() if document.company_id else None
            if not partner:
                document.update({
                    "credit_partner_exposure": 0.0, "credit_partner_limit": 0.0,
                    "credit_partner_available": 0.0, "credit_exposure_after": 0.0,
                    "credit_available_after": 0.0, "credit_control_level": False,
                    "credit_check_message": False,
                })
                continue
            result = document.with_company(document.company_id)._credit_evaluate()
            message = False
            if (result["reasons"] and result["level"] in ("warn", "block")
                    and document._credit_is_checked()):
                message = document._credit_message(result, headline=True)
            document.update({
                "credit_partner_exposure": result["exposure"],
                "credit_partner_limit": result["limit"],
                "credit_partner_available": result["available"],
                "credit_exposure_after": result["exposure_after"],
                "credit_available_after": result["limit"] - result["exposure_after"],
                "credit_control_level": result["level"],
                "credit_check_message": message,
            })

    def _compute_credit_hold_state(self):
        field = self._credit_hold_field()
        records = self.filtered("id")
        states = defaultdict(list)
        if records:
            holds = self.env["customer.credit.hold"].sudo().search_fetch(
                [(field, "in", records.ids)], [field, "state"], order="id desc")
            for hold in holds:
                states[hold[field].id].append(hold.state)
        for document in self:
            document_states = states.get(document.id, [])
            document.credit_hold_count = len(document_states)
            if "hold" in document_states:
                document.credit_hold_state = "hold"
            else:
                document.credit_hold_state = document_states[0] if document_states else False

    def _search_credit_hold_state(self, operator, value):
        if operator not in ("=", "!=") or not (value is False or isinstance(value, str)):
            raise UserError(_("Search 'Credit Hold' with = or != and a state."))
        holds = self.env["customer.credit.hold"].sudo()
        field = self._credit_hold_field()
        if value == "hold" or value is False:
            held = holds._search([("state", "=", "hold")]) if value == "hold" else holds._search(
                [(field, "!=", False)])
            positive = (operator == "=") == (value == "hold")
            return [("id", "in" if positive else "not in", held.subselect(field))]
        # released / rejected: latest hold in that state and none open.
        held = holds._search([("state", "=", "hold")])
        with_state = holds._search([("state", "=", value)])
        domain = ["&", ("id", "in", with_state.subselect(field)),
                  ("id", "not in", held.subselect(field))]
        return domain if operator == "=" else ["!", *domain]

    # ------------------------------------------------------------------
    # The check
    # ------------------------------------------------------------------
    def _credit_evaluate(self, extra=0.0):
        """The customer's figures and the credit rules this document breaks, in its company.

        ``extra``: amount of documents of the same customer let through earlier in the same
        batch, not yet in the exposure. Returns a dict: the figures of
        ``res.partner._credit_exposure`` plus amount, counted, exposure_before,
        exposure_after, level and reasons (a list of (code, text))."""
        self.ensure_one()
        company = self.company_id
        currency = company.currency_id
        partner = self._credit_partner().with_company(company)
        result = dict(partner._origin._credit_exposure(company)[partner._origin.id])
        amount, counted = self._credit_amounts()
        exposure_before = currency.round(result["exposure"] - counted + extra)
        exposure_after = currency.round(exposure_before + amount)
        limit = result["limit"]
        reasons = []
        if company.credit_rule_limit and (limit or partner.sudo().credit_grade_id) and \
                currency.compare_amounts(exposure_after, limit) > 0:
            reasons.append(("limit", _(
                "Over credit limit: the exposure including this document, %(after)s, exceeds "
                "the credit limit of %(limit)s by %(excess)s.",
                after=format_amount(self.env, exposure_after, currency),
                limit=format_amount(self.env, limit, currency),
                excess=format_amount(self.env, exposure_after - limit, currency))))
        if company.credit_rule_overdue and currency.compare_amounts(
                result["overdue_late"], max(company.credit_overdue_amount, 0.0)) > 0:
            reasons.append(("overdue", _(
                "Overdue: %(late)s overdue by more than %(days)s days (oldest item %(oldest)s "
                "days), above the tolerance of %(tolerance)s.",
                late=format_amount(self.env, result["overdue_late"], currency),
                days=company.credit_overdue_days, oldest=result["overdue_days"],
                tolerance=format_amount(self.env, company.credit_overdue_amount, currency))))
        level = partner.credit_control_level
        expiry_action = partner._credit_expiry_action(company)
        if expiry_action:
            reasons.append(("expired", _(
                "Grade expired: the grant of grade %(grade)s expired on %(date)s; the customer "
                "must be reviewed.", grade=partner.sudo().credit_grade_id.name or "-",
                date=format_date(self.env, partner.sudo().credit_expiry_date))))
        if company.credit_rule_on_hold and partner.sudo().credit_on_hold:
            note = partner.sudo().credit_hold_note
            reasons.append(("on_hold", _("Customer on credit hold: %s", note) if note else _(
                "Customer on credit hold.")))
        # The expired-grade rule follows the grade's expiry action, not the control level.
        if expiry_action and level in (False, "none"):
            # Otherwise unchecked: only the expired grade counts.
            reasons = [reason for reason in reasons if reason[0] == "expired"]
            level = expiry_action
        elif expiry_action == "block":
            level = "block"
        elif expiry_action == "warn" and all(code == "expired" for code, _text in reasons):
            level = "warn"
        result.update({
            "partner": partner, "company": company, "currency": currency,
            "amount": amount, "counted": counted, "exposure_before": exposure_before,
            "exposure_after": exposure_after, "level": level,
            "reasons": reasons,
        })
        return result

    def _credit_message_lines(self, result):
        """The reasons of a check, then its numbers."""
        currency = result["currency"]
        numbers = _(
            "Exposure %(exposure)s, credit limit %(limit)s, available %(available)s; after "
            "this document %(after)s.",
            exposure=format_amount(self.env, result["exposure"], currency),
            limit=format_amount(self.env, result["limit"], currency),
            available=format_amount(self.env, result["available"], currency),
            after=format_amount(self.env, result["exposure_after"], currency))
        return [text for _code, text in result["reasons"]], numbers

    def _credit_message(self, result, headline=False):
        """Plain-text reasons and numbers of a check, for the alert on the form."""
        reasons, numbers = self._credit_message_lines(result)
        lines = []
        if headline and result["level"] != "block":
            lines.append(_("Credit warning:"))
        elif headline and self.id and self.credit_hold_state == "hold":
            lines.append(_("Credit rules broken:"))
        elif headline:
            lines.append(_(
                "This document will be put on credit hold until a credit manager releases "
                "it:"))
        lines += [f"• {reason}" for reason in reasons]
        lines.append(numbers)
        return "\n".join(lines)

    def _credit_message_html(self, result, title):
        reasons, numbers = self._credit_message_lines(result)
        return Markup("<p><b>%s</b></p><ul>%s</ul><p>%s</p>") % (
            title, Markup("").join(Markup("<li>%s</li>") % reason for reason in reasons),
            numbers)

    def _credit_enforce(self):
        """Check the documents at their check point, before their action.

        Returns (passed, holds, warnings, released): the documents that may go on, the
        holds of the ones stopped, {document id: check result} of the warned ones and the
        released holds that let their documents through. Customers whose control level is
        'none' are not even checked."""
        Hold = self.env["customer.credit.hold"].sudo()
        blocked = self.browse()
        holds = released = Hold
        warnings = {}
        extra = defaultdict(float)
        for document in self:
            if not document._credit_is_checked():
                continue
            document, partner = document._credit_locked_partner()
            if not partner:
                continue
            company = document.company_id
            key = (partner.id, company.id)
            result = document._credit_evaluate(extra[key])
            passes = True
            if result["reasons"] and result["level"] == "warn":
                warnings[document.id] = result
            elif result["reasons"] and result["level"] == "block":
                release = document._credit_released_hold(result["amount"])
                if release:
                    released |= release
                    document._credit_close_open_holds(_(
                        "The document went through with the release of %s.", release.name))
                else:
                    holds |= document._credit_put_on_hold(result)
                    blocked |= document
                    passes = False
            elif not result["reasons"]:
                document._credit_close_open_holds(_(
                    "No credit rule is broken any more at the new check."))
            if passes:
                extra[key] += result["amount"] - result["counted"]
        return self - blocked, holds, warnings, released

    def _credit_checked_partner(self):
        """The commercial partner in the document's company when its control level (or an
        expired grade) asks for a check; empty otherwise, as for control 'none'."""
        self.ensure_one()
        company = self.company_id
        partner = self._credit_partner().with_company(company)
        if not partner or (partner.credit_control_level in (False, "none")
                           and not partner._credit_expiry_action(company)):
            return self.env["res.partner"]
        return partner

    def _credit_locked_partner(self):
        """(the document in its company, its checked customer) with the customer's checks
        serialised from here on; the customer is empty when it is not checked."""
        self.ensure_one()
        document = self.with_company(self.company_id)
        partner = document._credit_checked_partner()
        if partner:
            partner._credit_lock(document.company_id)
        return document, partner

    def _credit_watched(self, vals):
        """The documents that a write of ``vals`` may bring to their check point's outcome
        outside their action, or whose amount in the exposure it may raise or move."""
        return self.browse()

    def write(self, vals):
        with self._credit_watched(vals)._credit_watching():
            return super().write(vals)

    def _credit_unchecked(self):
        """These documents less those their checked action covers and those whose kind or
        company is not checked: the ones a change must check itself."""
        return (self - CreditChecked.covered(self)).filtered(
            lambda document: document._credit_check_applies())

    @contextmanager
    def _credit_watching(self):
        """Around a change of these documents (or of their lines): the state before, the
        check after (``_credit_check_changes``)."""
        watched = self._credit_unchecked()
        before = {document.id: (document._credit_partner(), document._credit_counted(),
                                document._credit_passed())
                  for document in watched if document.id}
        yield
        watched._credit_check_changes(before)

    def _credit_check_changes(self, before):
        """After a write or create: check the documents that reached their check point's
        outcome outside their checked action (a state written directly, a create or an
        import in that state), and those whose amount in the exposure grew or moved to
        another customer; ``before`` maps their ids to (customer, counted, passed) before
        the change. What breaks a blocking rule is refused (nothing is kept); a warning is
        logged on the document."""
        changed = self.browse()
        for document in self._credit_unchecked():
            partner, counted, passed = before.get(document.id, (None, 0.0, False))
            now_counted = document._credit_counted()
            currency = document.company_id.currency_id
            if (document._credit_passed() and not passed) or (
                    (document._credit_passed() or now_counted)
                    and (partner != document._credit_partner()
                         or currency.compare_amounts(now_counted, counted) > 0)):
                changed |= document
        for document in changed:
            document, partner = document._credit_locked_partner()
            if not partner:
                continue
            result = document._credit_evaluate()
            if not result["reasons"]:
                continue
            if result["level"] == "block":
                reasons, numbers = document._credit_message_lines(result)
                raise UserError("\n".join([
                    _("%(document)s breaks the credit rules of %(customer)s:",
                      document=document.display_name, customer=partner.display_name),
                    *(f"• {reason}" for reason in reasons), numbers,
                    _("Use the document's own button (Confirm, Post, Validate) so that it "
                      "is put on credit hold for a credit manager to release, or ask for a "
                      "higher credit limit."),
                ]))
            if result["level"] == "warn":
                document.sudo().message_post(body=document._credit_message_html(
                    result, _("Credit warning:")))

    def _credit_check_applies(self):
        """Whether the document's kind and company are checked at its check point."""
        raise NotImplementedError

    def _credit_after_action(self, warnings, released):
        """After the action went through: log the warnings, use up the releases."""
        for document in self:
            result = warnings.get(document.id)
            if result:
                point = dict(self.env["customer.credit.hold"]._fields[
                    "check_point"]._description_selection(self.env))[
                    document._credit_check_point()]
                document.sudo().message_post(body=document._credit_message_html(
                    result, _("Credit warning at %s:", point)))
        field = self._credit_hold_field()
        used = released.filtered(lambda hold: hold[field] in self)
        if used:
            used.write({"used": True})

    def _credit_released_hold(self, amount):
        """A released hold not used yet whose amount covers ``amount``."""
        self.ensure_one()
        if not self.id:
            return self.env["customer.credit.hold"]
        holds = self.env["customer.credit.hold"].sudo().search([
            (self._credit_hold_field(), "=", self.id),
            ("check_point", "=", self._credit_check_point()),
            ("state", "=", "released"), ("used", "=", False)], order="id desc", limit=1)
        return holds.filtered(
            lambda hold: hold.currency_id.compare_amounts(amount, hold.released_amount) <= 0)

    def _credit_put_on_hold(self, result):
        """Create the document's hold at this check point, or update its open one."""
        self.ensure_one()
        Hold = self.env["customer.credit.hold"].sudo()
        field = self._credit_hold_field()
        values = Hold._values_from_check(result)
        hold = Hold.search([(field, "=", self.id),
                            ("check_point", "=", self._credit_check_point()),
                            ("state", "=", "hold")], limit=1)
        if hold:
            hold.write({**values, "triggered_by_id": self.env.user.id,
                        "document_name": self.display_name})
            hold.message_post(body=Markup("<p>%s</p>%s") % (
                _("Checked again by %s: still on credit hold.", self.env.user.name),
                hold._summary_html()))
            return hold
        responsible = self._credit_responsible()
        hold = Hold.create({
            **values,
            field: self.id,
            "check_point": self._credit_check_point(),
            "partner_id": result["partner"].id,
            "company_id": result["company"].id,
            "user_id": responsible.id or result["partner"].user_id.id,
            "triggered_by_id": self.env.user.id,
            "document_name": self.display_name,
        })
        hold.message_post(body=Markup("<p>%s</p>%s") % (
            _("%(document)s stopped at %(point)s by %(user)s.", document=self.display_name,
              point=dict(Hold._fields["check_point"]._description_selection(
                  self.env))[hold.check_point],
              user=self.env.user.name), hold._summary_html()))
        self.sudo().message_post(body=Markup("<p><b>%s</b></p>%s") % (
            _("Put on credit hold %s: a credit manager must release it.", hold.name),
            hold._summary_html()))
        if hold.user_id and hold.user_id != self.env.user:
            # Stopped by someone else (a colleague, the customer on the portal): the
            # salesperson learns it from an activity.
            local = hold.with_context(lang=hold.user_id.lang)  # the salesperson's language
            hold.activity_schedule(
                "mail.mail_activity_data_todo", user_id=hold.user_id.id,
                summary=local.env._("%(document)s is on credit hold %(hold)s",
                                    document=self.display_name, hold=hold.name),
                note=local._summary_html())
        return hold

    def _credit_close_open_holds(self, reason):
        """The document passes now: its open holds at this check point are released."""
        self.ensure_one()
        if not self.id:
            return
        holds = self.env["customer.credit.hold"].sudo().search([
            (self._credit_hold_field(), "=", self.id),
            ("check_point", "=", self._credit_check_point()), ("state", "=", "hold")])
        if holds:
            holds.write({"state": "released", "decision_reason": reason, "used": True,
                         "decision_date": fields.Datetime.now(),
                         "decided_by_id": self.env.user.id})
            for hold in holds:
                hold.message_post(body=reason)

    def _credit_hold_notification(self, holds):
        names = ", ".join(holds.mapped("document_name"))
        reasons = "; ".join(dict.fromkeys(
            reason for hold in holds for reason in (hold.reasons or "").splitlines()))
        return self.env["customer.credit.hold"]._notification(
            _("Credit Hold"),
            _("%(documents)s put on credit hold (%(holds)s): %(reasons)s A credit manager "
              "must release it.", documents=names, holds=", ".join(holds.mapped("name")),
              reasons=reasons),
            "warning", sticky=True)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_credit_holds(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_credit.customer_credit_hold_action")
        action["domain"] = [(self._credit_hold_field(), "=", self.id)]
        action["context"] = {"create": False}
        holds = self.env["customer.credit.hold"].search(action["domain"])
        if len(holds) == 1:
            action.update({"res_id": holds.id, "view_mode": "form",
                           "views": [(False, "form")]})
        return action
