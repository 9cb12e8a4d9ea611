from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .customer_credit_grade import CONTROL_LEVELS


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Grade and grant (per company, like Odoo's own credit_limit)
    # ------------------------------------------------------------------
    credit_grade_id = fields.Many2one(
        "customer.credit.grade", "Credit Grade", company_dependent=True, readonly=True,
        help="Given by the last approved credit evaluation in this company.")
    credit_level = fields.Float(
        "Credit Level (%)", company_dependent=True, readonly=True,
        help="Σ score / Σ maximum of the last approved evaluation.")
    credit_grant_date = fields.Date("Granted On", company_dependent=True, readonly=True)
    credit_expiry_date = fields.Date(
        "Grant Expires On", company_dependent=True, readonly=True,
        help="After this date the grade is expired and the customer must be reviewed.")
    credit_grade_expired = fields.Boolean(
        "Grade Expired", compute="_compute_credit_grade_expired",
        search="_search_credit_grade_expired")
    credit_control_level = fields.Selection(
        CONTROL_LEVELS, "Control Level", compute="_compute_credit_control_level",
        help="From the policy of the customer's grade; without grade, the company's default.")
    credit_on_hold = fields.Boolean(
        "On Credit Hold", company_dependent=True, readonly=True,
        help="Put on hold by a credit manager: its documents are checked against the "
        "'customer on hold' rule.")
    credit_hold_note = fields.Char("Hold Reason", company_dependent=True, readonly=True)
    credit_limit_amount = fields.Float(
        "Granted Credit Limit", compute="_compute_credit_limit_amount", compute_sudo=True,
        help="Odoo's credit limit of the customer in the current company, readable by "
        "salespeople too.")
    credit_permanent_limit = fields.Float(
        "Permanent Credit Limit", company_dependent=True, readonly=True,
        help="The limit granted without a temporary increase: what a temporary limit falls "
        "back to when it ends.")
    credit_history_ids = fields.One2many(
        "customer.credit.history", "partner_id", "Credit History",
        domain=lambda self: [("company_id", "=", self.env.company.id)])

    @api.depends_context("company")
    @api.depends("credit_expiry_date")
    def _compute_credit_grade_expired(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.credit_grade_expired = bool(
                partner.credit_expiry_date and partner.credit_expiry_date < today)

    def _search_credit_grade_expired(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(_("Unsupported search on Grade Expired."))
        today = fields.Date.context_today(self)
        expired = [("credit_expiry_date", "<", today)]
        return expired if (operator == "=") == value else ["!", *expired]

    @api.depends_context("company")
    @api.depends("commercial_partner_id.credit_grade_id.control_level")
    def _compute_credit_control_level(self):
        default = self.env.company.credit_default_control_level
        for partner in self:
            partner.credit_control_level = partner.commercial_partner_id.credit_grade_id.\
                control_level or default

    @api.depends_context("company")
    def _compute_credit_limit_amount(self):
        for partner in self:
            partner.credit_limit_amount = partner.commercial_partner_id.credit_limit

    # ------------------------------------------------------------------
    # Limit and history
    # ------------------------------------------------------------------
    def _credit_set_limit(self, amount, reason, source=False, company=None, temporary=False):
        """Set Odoo's own credit limit of the partners in ``company`` and log the change.

        A permanent limit is also remembered as the one temporary limits fall back to."""
        company = company or self.env.company
        for partner in self.with_company(company).sudo():
            old_limit = partner.credit_limit
            values = {"credit_limit": amount}
            if not temporary:
                values["credit_permanent_limit"] = amount
            partner.with_context(credit_limit_logged=True).write(values)
            if old_limit != amount:
                partner._credit_log(
                    "temporary" if temporary else "limit", reason, source, company,
                    old_limit=old_limit, new_limit=amount)
        if not temporary:
            # A new permanent limit ends the running temporary limits it replaces.
            self._credit_end_temporary_limits(company, source)

    def _credit_log(self, change_type, reason=False, source=False, company=None, **values):
        """Keep one history line per partner: ``values`` holds old/new grade or limit."""
        company = company or self.env.company
        self.env["customer.credit.history"].sudo().create([{
            "partner_id": partner.id,
            "company_id": company.id,
            "change_type": change_type,
            "reason": reason,
            "source_ref": f"{source._name},{source.id}" if source else False,
            **values,
        } for partner in self])

    # ------------------------------------------------------------------
    # Limit requests and manual limit changes (customer.credit.limit.request)
    # ------------------------------------------------------------------
    credit_temporary_limit_until = fields.Date(
        "Temporary Limit Until", compute="_compute_credit_temporary_limit_until",
        compute_sudo=True,
        help="Last day of the running temporary limit in this company; the day after, the "
        "limit falls back to the permanent limit.")

    @api.depends_context("company")
    def _compute_credit_temporary_limit_until(self):
        customers = self.commercial_partner_id._origin
        until = dict(self.env["customer.credit.limit.request"]._read_group(
            [("partner_id", "in", customers.ids), ("company_id", "=", self.env.company.id),
             ("is_running", "=", True)],
            ["partner_id"], ["date_end:max"])) if customers else {}
        for partner in self:
            partner.credit_temporary_limit_until = until.get(
                partner.commercial_partner_id._origin, False)

    def write(self, vals):
        """A credit limit typed on the customer form (not set through ``_credit_set_limit``)
        is logged in the history of the current company and becomes the permanent limit."""
        if "credit_limit" not in vals or self.env.context.get("credit_limit_logged"):
            return super().write(vals)
        company = self.env.company
        new_limit = float(vals["credit_limit"] or 0.0)
        customers = self.filtered(lambda partner: partner.commercial_partner_id == partner)
        old_limits = {partner.id: partner.credit_limit for partner in customers.sudo()}
        result = super().write({**vals, "credit_permanent_limit": new_limit})
        changed = customers.filtered(lambda partner: company.currency_id.compare_amounts(
            old_limits[partner.id], new_limit))
        if changed:
            reason = _("Changed on the customer form")
            self.env["customer.credit.history"].sudo().create([{
                "partner_id": partner.id,
                "company_id": company.id,
                "change_type": "limit",
                "old_limit": old_limits[partner.id],
                "new_limit": new_limit,
                "reason": reason,
            } for partner in changed])
            self.env["customer.credit.limit.request"]._end_running_temporary(
                changed, company, reason)
        return result

    def _credit_end_temporary_limits(self, company, source=False):
        """End the running temporary limits of these customers in ``company``: a new
        permanent limit (given by ``source``) replaces them."""
        note = _("Replaced by the permanent limit of %s", source.sudo().display_name) \
            if source else _("Replaced by a new permanent limit")
        return self.env["customer.credit.limit.request"]._end_running_temporary(
            self, company, note, exclude=source)

    def action_credit_limit_request(self):
        """A new limit request for this customer in the current company."""
        self.ensure_one()
        return self.env["customer.credit.limit.request"]._action_new_request(
            self.commercial_partner_id)


class ResPartnerCreditReports(models.Model):
    """Investigation reports and financial statements of the customer (credit analysts)."""

    _inherit = "res.partner"

    credit_report_count = fields.Integer(
        "Investigation Reports", compute="_compute_credit_report_count",
        groups="customer_credit.group_credit_analyst")
    credit_statement_count = fields.Integer(
        "Financial Statements", compute="_compute_credit_statement_count",
        groups="customer_credit.group_credit_analyst")
    credit_report_expiry_date = fields.Date(
        "Investigation Valid Until", compute="_compute_credit_report_expiry_date",
        groups="customer_credit.group_credit_analyst",
        help="Expiry date of the latest valid credit investigation report in this company.")

    def _compute_credit_report_count(self):
        counts = self._archive_counts("customer.credit.report")
        for partner in self:
            partner.credit_report_count = counts.get(partner, 0)

    def _compute_credit_statement_count(self):
        counts = self._archive_counts("customer.credit.statement")
        for partner in self:
            partner.credit_statement_count = counts.get(partner, 0)

    @api.depends_context("company")
    def _compute_credit_report_expiry_date(self):
        reports = self.env["customer.credit.report"].search([
            ("partner_id", "in", self.ids), ("company_id", "=", self.env.company.id),
            ("is_valid", "=", True)], order="date desc, id desc")
        latest = {}
        for report in reports:
            latest.setdefault(report.partner_id, report)
        for partner in self:
            partner.credit_report_expiry_date = latest[partner].expiry_date \
                if partner in latest else False

    def action_view_credit_reports(self):
        return self._archive_partner_action(
            "customer_credit.customer_credit_report_action", default_partner_id=self.id)

    def action_view_credit_statements(self):
        return self._archive_partner_action(
            "customer_credit.customer_credit_statement_action", default_partner_id=self.id)

    # ------------------------------------------------------------------
    # Exposure (信用占用) and the customer's credit hold
    # ------------------------------------------------------------------
    credit_company_currency_id = fields.Many2one(
        "res.currency", "Credit Currency", compute="_compute_credit_company_currency_id",
        help="The current company's currency, in which exposure and limit are counted.")
    credit_receivable = fields.Monetary(
        "Open Receivables", compute="_compute_credit_exposure",
        currency_field="credit_company_currency_id",
        help="Residual of the posted receivable items not yet reconciled, in the company's "
        "currency.")
    credit_overdue = fields.Monetary(
        "Overdue", compute="_compute_credit_exposure",
        currency_field="credit_company_currency_id",
        help="The part of the open receivables past its due date.")
    credit_draft_invoices = fields.Monetary(
        "Draft Invoices", compute="_compute_credit_exposure",
        currency_field="credit_company_currency_id",
        help="Draft customer invoices minus draft credit notes, tax included.")
    credit_uninvoiced_orders = fields.Monetary(
        "Uninvoiced Orders", compute="_compute_credit_exposure",
        currency_field="credit_company_currency_id",
        help="Confirmed sales orders not invoiced yet (draft invoices already deducted), tax "
        "included, at today's rate.")
    credit_exposure = fields.Monetary(
        "Credit Exposure", compute="_compute_credit_exposure",
        currency_field="credit_company_currency_id",
        help="Open receivables + draft invoices + uninvoiced orders.")
    credit_available = fields.Monetary(
        "Available Credit", compute="_compute_credit_exposure",
        currency_field="credit_company_currency_id", help="Credit limit minus exposure.")
    credit_over_limit = fields.Boolean(
        "Over Credit Limit", compute="_compute_credit_exposure",
        search="_search_credit_over_limit",
        help="The exposure exceeds a credit limit that is not zero.")
    credit_open_hold_count = fields.Integer(
        "Open Credit Holds", compute="_compute_credit_open_hold_count", compute_sudo=True)

    @api.depends_context("company")
    def _compute_credit_company_currency_id(self):
        self.credit_company_currency_id = self.env.company.currency_id

    @api.depends_context("company")
    def _compute_credit_exposure(self):
        figures = self._origin._credit_exposure(self.env.company)
        for partner in self:
            values = figures.get(partner._origin.id) or self._credit_exposure_zero()
            partner.update({
                "credit_receivable": values["receivable"],
                "credit_overdue": values["overdue"],
                "credit_draft_invoices": values["draft_invoices"],
                "credit_uninvoiced_orders": values["uninvoiced_orders"],
                "credit_exposure": values["exposure"],
                "credit_available": values["available"],
                "credit_over_limit": bool(values["limit"]) and values["exposure"] > values[
                    "limit"],
            })

    @api.depends_context("company")
    def _compute_credit_open_hold_count(self):
        counts = dict(self.env["customer.credit.hold"]._read_group(
            [("partner_id", "in", self.commercial_partner_id._origin.ids),
             ("company_id", "=", self.env.company.id), ("state", "=", "hold")],
            ["partner_id"], ["__count"])) if self._origin else {}
        for partner in self:
            partner.credit_open_hold_count = counts.get(
                partner.commercial_partner_id._origin, 0)

    @api.model
    def _credit_exposure_zero(self):
        return dict.fromkeys((
            "receivable", "overdue", "overdue_late", "draft_invoices", "uninvoiced_orders",
            "exposure", "limit", "available"), 0.0) | {"overdue_days": 0}

    def _credit_exposure(self, company=None):
        """The credit figures of the partners' commercial partners in ``company`` (default:
        the current one), in its currency: {partner id: {receivable, overdue, overdue_late
        (overdue beyond the company's tolerance in days), overdue_days (of the oldest overdue
        item), draft_invoices, uninvoiced_orders, exposure, limit, available}}.

        One grouped query per source whatever the number of partners or documents; the
        documents of contacts count for their commercial partner."""
        company = company or self.env.company
        currency = company.currency_id
        partners = self.sudo().with_company(company)
        commercials = partners.commercial_partner_id
        if not commercials:
            return {}
        figures = {commercial.id: self._credit_exposure_zero() for commercial in commercials}
        today = fields.Date.context_today(self)
        late = today - relativedelta(days=company.credit_overdue_days)
        partner_ids = tuple(commercials.ids)
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["account.move.line"].flush_model([
            "partner_id", "company_id", "parent_state", "account_id", "reconciled",
            "amount_residual", "date_maturity", "date"])
        self.env["account.move"].flush_model([
            "commercial_partner_id", "company_id", "state", "move_type",
            "amount_total_signed"])
        self.env["sale.order"].flush_model([
            "partner_invoice_id", "company_id", "state", "currency_id"])
        self.env["sale.order.line"].flush_model([
            "order_id", "display_type", "price_total", "product_uom_qty", "qty_invoiced"])

        # 1. Open receivables, overdue and overdue beyond the tolerance.
        for partner_id, receivable, overdue, overdue_late, oldest in self.env.execute_query(SQL(
            """
            SELECT partner.commercial_partner_id,
                   SUM(line.amount_residual),
                   SUM(line.amount_residual)
                       FILTER (WHERE COALESCE(line.date_maturity, line.date) < %(today)s),
                   SUM(line.amount_residual)
                       FILTER (WHERE COALESCE(line.date_maturity, line.date) < %(late)s),
                   MIN(COALESCE(line.date_maturity, line.date))
                       FILTER (WHERE line.amount_residual > 0)
              FROM account_move_line line
              JOIN account_account account ON account.id = line.account_id
              JOIN res_partner partner ON partner.id = line.partner_id
             WHERE line.company_id = %(company_id)s
               AND line.parent_state = 'posted'
               AND account.account_type = 'asset_receivable'
               AND NOT line.reconciled
               AND partner.commercial_partner_id IN %(partner_ids)s
          GROUP BY partner.commercial_partner_id
            """, today=today, late=late, company_id=company.id, partner_ids=partner_ids)):
            figures[partner_id].update({
                "receivable": currency.round(receivable or 0.0),
                "overdue": currency.round(overdue or 0.0),
                "overdue_late": currency.round(overdue_late or 0.0),
                "overdue_days": max((today - oldest).days, 0) if oldest else 0,
            })

        # 2. Draft customer invoices minus draft credit notes (signed, company currency).
        for partner_id, amount in self.env.execute_query(SQL(
            """
            SELECT move.commercial_partner_id, SUM(move.amount_total_signed)
              FROM account_move move
             WHERE move.company_id = %(company_id)s
               AND move.state = 'draft'
               AND move.move_type IN ('out_invoice', 'out_refund')
               AND move.commercial_partner_id IN %(partner_ids)s
          GROUP BY move.commercial_partner_id
            """, company_id=company.id, partner_ids=partner_ids)):
            figures[partner_id]["draft_invoices"] = currency.round(amount or 0.0)

        # 3. Confirmed orders not invoiced yet (qty_invoiced counts draft invoices too),
        #    converted once per (partner, order currency) at today's rate.
        for partner_id, currency_id, amount in self.env.execute_query(SQL(
            """
            SELECT partner.commercial_partner_id, sale.currency_id,
                   SUM(line.price_total * (line.product_uom_qty - line.qty_invoiced)
                       / line.product_uom_qty)
              FROM sale_order_line line
              JOIN sale_order sale ON sale.id = line.order_id
              JOIN res_partner partner ON partner.id = sale.partner_invoice_id
             WHERE sale.company_id = %(company_id)s
               AND sale.state = 'sale'
               AND line.display_type IS NULL
               AND line.product_uom_qty > 0
               AND line.qty_invoiced < line.product_uom_qty
               AND partner.commercial_partner_id IN %(partner_ids)s
          GROUP BY partner.commercial_partner_id, sale.currency_id
            """, company_id=company.id, partner_ids=partner_ids)):
            order_currency = self.env["res.currency"].browse(currency_id)
            figures[partner_id]["uninvoiced_orders"] += order_currency._convert(
                amount or 0.0, currency, company, today)

        for commercial in commercials:
            values = figures[commercial.id]
            values["uninvoiced_orders"] = currency.round(values["uninvoiced_orders"])
            values["exposure"] = currency.round(
                values["receivable"] + values["draft_invoices"] + values["uninvoiced_orders"])
            values["limit"] = commercial.credit_limit
            values["available"] = currency.round(values["limit"] - values["exposure"])
        return {partner.id: figures[partner.commercial_partner_id.id] for partner in partners}

    def _search_credit_over_limit(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search 'Over Credit Limit' with = or != and True or False."))
        over = SQL("(SELECT contact.id FROM res_partner contact "
                   "WHERE contact.commercial_partner_id IN %s)",
                   self._credit_over_limit_query(self.env.company))
        return [("id", "in" if (operator == "=") == value else "not in", over)]

    @api.model
    def _credit_over_limit_query(self, company):
        """SQL selecting the commercial partners whose exposure in ``company`` exceeds their
        non-zero credit limit: the three sources of ``_credit_exposure`` in one query,
        orders converted at today's rates."""
        currency = company.currency_id
        today = fields.Date.context_today(self)
        currencies = self.env["res.currency"].with_context(active_test=False).search([])
        rates = currencies._get_rates(company, today)
        factors = SQL(", ").join(
            SQL("(%s, %s)", currency_id, rates[currency.id] / rate)
            for currency_id, rate in rates.items() if rate)
        limit = self.with_company(company)._field_to_sql("commercial", "credit_limit")
        for model, fnames in (
                ("res.partner", ["commercial_partner_id", "credit_limit"]),
                ("account.move.line", ["partner_id", "company_id", "parent_state",
                                       "account_id", "reconciled", "amount_residual"]),
                ("account.move", ["commercial_partner_id", "company_id", "state",
                                  "move_type", "amount_total_signed"]),
                ("sale.order", ["partner_invoice_id", "company_id", "state", "currency_id"]),
                ("sale.order.line", ["order_id", "display_type", "price_total",
                                     "product_uom_qty", "qty_invoiced"])):
            self.env[model].flush_model(fnames)
        return SQL(
            """
            (SELECT exposure.partner_id
               FROM (
                    SELECT partner.commercial_partner_id AS partner_id,
                           line.amount_residual AS amount
                      FROM account_move_line line
                      JOIN account_account account ON account.id = line.account_id
                      JOIN res_partner partner ON partner.id = line.partner_id
                     WHERE line.company_id = %(company_id)s
                       AND line.parent_state = 'posted'
                       AND account.account_type = 'asset_receivable'
                       AND NOT line.reconciled
                 UNION ALL
                    SELECT move.commercial_partner_id, move.amount_total_signed
                      FROM account_move move
                     WHERE move.company_id = %(company_id)s
                       AND move.state = 'draft'
                       AND move.move_type IN ('out_invoice', 'out_refund')
                 UNION ALL
                    SELECT partner.commercial_partner_id,
                           ROUND((SUM(line.price_total
                                      * (line.product_uom_qty - line.qty_invoiced)
                                      / line.product_uom_qty) * rate.factor)::numeric,
                                 %(digits)s)
                      FROM sale_order_line line
                      JOIN sale_order sale ON sale.id = line.order_id
                      JOIN res_partner partner ON partner.id = sale.partner_invoice_id
                      JOIN (VALUES %(factors)s) AS rate(currency_id, factor)
                        ON rate.currency_id = sale.currency_id
                     WHERE sale.company_id = %(company_id)s
                       AND sale.state = 'sale'
                       AND line.display_type IS NULL
                       AND line.product_uom_qty > 0
                       AND line.qty_invoiced < line.product_uom_qty
                  GROUP BY partner.commercial_partner_id, sale.currency_id, rate.factor
                    ) AS exposure
               JOIN res_partner commercial ON commercial.id = exposure.partner_id
           GROUP BY exposure.partner_id, commercial.id
             HAVING COALESCE(%(limit)s, 0) > 0
                AND SUM(exposure.amount) > COALESCE(%(limit)s, 0))
            """, company_id=company.id, digits=currency.decimal_places, factors=factors,
            limit=limit)

    # ------------------------------------------------------------------
    # Actions: the exposure breakdown, its documents, the customer's hold
    # ------------------------------------------------------------------
    def action_view_credit_exposure(self):
        """The exposure breakdown of the commercial partner, in a dialog."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Credit Exposure of %s", self.commercial_partner_id.display_name),
            "res_model": "res.partner",
            "res_id": self.commercial_partner_id.id,
            "view_mode": "form",
            "views": [(self.env.ref(
                "customer_credit.res_partner_view_form_credit_exposure").id, "form")],
            "target": "new",
        }

    def _credit_action(self, model, name, domain, context=None, views=None):
        return {
            "type": "ir.actions.act_window",
            "name": _("%(what)s of %(customer)s", what=name,
                      customer=self.commercial_partner_id.display_name),
            "res_model": model,
            "view_mode": "list,form",
            "views": views or [(False, "list"), (False, "form")],
            "domain": domain,
            "context": {"create": False, **(context or {})},
        }

    def action_view_credit_open_items(self):
        self.ensure_one()
        domain = [("partner_id", "child_of", self.commercial_partner_id.id),
                  ("company_id", "=", self.env.company.id), ("parent_state", "=", "posted"),
                  ("account_type", "=", "asset_receivable"), ("reconciled", "=", False)]
        if self.env.context.get("credit_overdue_only"):
            domain.append(("date_maturity", "<", fields.Date.context_today(self)))
        return self._credit_action(
            "account.move.line", _("Open Receivables"), domain,
            views=[(self.env.ref("account.view_move_line_tree").id, "list")])

    def action_view_credit_overdue_items(self):
        return self.with_context(credit_overdue_only=True).action_view_credit_open_items()

    def action_view_credit_draft_invoices(self):
        self.ensure_one()
        return self._credit_action(
            "account.move", _("Draft Invoices"),
            [("commercial_partner_id", "=", self.commercial_partner_id.id),
             ("company_id", "=", self.env.company.id), ("state", "=", "draft"),
             ("move_type", "in", ("out_invoice", "out_refund"))],
            views=[(self.env.ref("account.view_out_invoice_tree").id, "list"),
                   (False, "form")])

    def action_view_credit_uninvoiced_orders(self):
        self.ensure_one()
        return self._credit_action(
            "sale.order", _("Uninvoiced Orders"),
            [("partner_invoice_id", "child_of", self.commercial_partner_id.id),
             ("company_id", "=", self.env.company.id), ("state", "=", "sale"),
             ("invoice_status", "!=", "invoiced")])

    def action_view_credit_holds(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_credit.customer_credit_hold_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_open": 1, "create": False}
        return action

    def action_credit_put_on_hold(self):
        return self._credit_hold_wizard("hold")

    def action_credit_lift_hold(self):
        return self._credit_hold_wizard("lift")

    def _credit_hold_wizard(self, decision):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Put on Credit Hold") if decision == "hold" else _("Lift Credit Hold"),
            "res_model": "customer.credit.partner.hold",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id,
                        "default_decision": decision},
        }

    def _credit_set_on_hold(self, on_hold, reason, company=None):
        """Put the customers on credit hold (or lift it) in ``company`` with a reason,
        logged in the credit history and the chatter. Credit managers only."""
        if not self.env.user.has_group("customer_credit.group_credit_manager"):
            raise UserError(_("Only credit managers may put customers on credit hold or "
                              "lift it."))
        if not (reason or "").strip():
            raise UserError(_("Give a reason for the credit hold."))
        company = company or self.env.company
        for partner in self.commercial_partner_id.with_company(company).sudo():
            if bool(partner.credit_on_hold) == on_hold:
                raise UserError(_("%(customer)s is already %(state)s in %(company)s.",
                                  customer=partner.display_name,
                                  state=_("on credit hold") if on_hold else _("not on hold"),
                                  company=company.name))
            partner.write({"credit_on_hold": on_hold,
                           "credit_hold_note": reason if on_hold else False})
            partner._credit_log("hold", reason, company=company)
            partner.message_post(body=Markup("<p><b>%s</b></p><p>%s</p>") % (
                _("Put on credit hold in %s.", company.name) if on_hold else _(
                    "Credit hold lifted in %s.", company.name), reason))

    # ------------------------------------------------------------------
    # Credit evaluations (customer.credit.evaluation)
    # ------------------------------------------------------------------
    credit_evaluation_id = fields.Many2one(
        "customer.credit.evaluation", "Credit Evaluation", company_dependent=True,
        readonly=True, groups="customer_credit.group_credit_analyst",
        help="The last approved evaluation in this company: it gave the grade and limit.")
    credit_evaluation_count = fields.Integer(
        "Evaluations", compute="_compute_credit_evaluation_count",
        groups="customer_credit.group_credit_analyst")

    def _compute_credit_evaluation_count(self):
        counts = dict(self.env["customer.credit.evaluation"]._read_group(
            [("partner_id", "in", self._origin.ids)], ["partner_id"], ["__count"]))
        for partner in self:
            partner.credit_evaluation_count = counts.get(partner._origin, 0)

    def action_view_credit_evaluations(self):
        """The customer's evaluations in the allowed companies; a new one is for it."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_credit.customer_credit_evaluation_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
