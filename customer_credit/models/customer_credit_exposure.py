"""The credit exposure (信用占用) of customers, set-based: open receivables, draft invoices
and uninvoiced orders per customer and company, and the over-limit search. Inherited by
res.partner."""
from functools import partial

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, float_round


class CustomerCreditExposure(models.AbstractModel):
    _name = "customer.credit.exposure"
    _description = "Credit Exposure (engine of the customers)"

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
        # Fetched in one go: field by field, the ORM's prefetching re-scans the whole
        # recordset for each batch of 1,000, quadratic over tens of thousands of customers.
        # Most partners are their own commercial partner: their limit comes with them.
        partners._origin.fetch(["commercial_partner_id", "credit_limit"])
        commercials = partners.commercial_partner_id
        if not commercials:
            return {}
        commercials._origin.fetch(["credit_limit"])
        # currency.round reads the rounding through the ORM on each of 4 calls per partner.
        round_amount = partial(float_round, precision_rounding=currency.rounding)
        figures = {commercial.id: self._credit_exposure_zero() for commercial in commercials}
        today = fields.Date.context_today(self)
        late = today - relativedelta(days=company.credit_overdue_days)
        partner_ids = tuple(commercials.ids)

        # 1. Open receivables, overdue and overdue beyond the tolerance.
        for partner_id, receivable, overdue, overdue_late, oldest in self.env.execute_query(SQL(
            """
            SELECT partner.commercial_partner_id,
                   SUM(line.amount_residual),
                   SUM(line.amount_residual) FILTER (WHERE %(due)s < %(today)s),
                   SUM(line.amount_residual) FILTER (WHERE %(due)s < %(late)s),
                   MIN(%(due)s) FILTER (WHERE line.amount_residual > 0)
              FROM %(open_items)s
               AND partner.commercial_partner_id IN %(partner_ids)s
          GROUP BY partner.commercial_partner_id
            """, today=today, late=late, partner_ids=partner_ids,
            due=self._receivable_due_sql(), open_items=self._open_receivables_sql(company))):
            figures[partner_id].update({
                "receivable": round_amount(receivable or 0.0),
                "overdue": round_amount(overdue or 0.0),
                "overdue_late": round_amount(overdue_late or 0.0),
                "overdue_days": max((today - oldest).days, 0) if oldest else 0,
            })

        # 2. Draft customer invoices minus draft credit notes (signed, company currency).
        for partner_id, amount in self.env.execute_query(SQL(
            """
            SELECT move.commercial_partner_id, SUM(move.amount_total_signed)
              FROM %(drafts)s
               AND move.commercial_partner_id IN %(partner_ids)s
          GROUP BY move.commercial_partner_id
            """, partner_ids=partner_ids,
            drafts=self.env["account.move"]._credit_draft_sql(company))):
            figures[partner_id]["draft_invoices"] = round_amount(amount or 0.0)

        # 3. Confirmed orders not invoiced yet (qty_invoiced counts draft invoices too),
        #    converted once per (partner, order currency) at today's rate.
        for partner_id, currency_id, amount in self.env.execute_query(SQL(
            """
            SELECT partner.commercial_partner_id, sale.currency_id, SUM(%(amount)s)
              FROM %(order_lines)s
               AND partner.commercial_partner_id IN %(partner_ids)s
          GROUP BY partner.commercial_partner_id, sale.currency_id
            """, partner_ids=partner_ids,
            amount=self.env["sale.order.line"]._credit_uninvoiced_amount_sql(),
            order_lines=self.env["sale.order.line"]._credit_uninvoiced_sql(company))):
            order_currency = self.env["res.currency"].browse(currency_id)
            figures[partner_id]["uninvoiced_orders"] += order_currency._convert(
                amount or 0.0, currency, company, today)

        for commercial in commercials:
            values = figures[commercial.id]
            values["uninvoiced_orders"] = round_amount(values["uninvoiced_orders"])
            values["exposure"] = round_amount(
                values["receivable"] + values["draft_invoices"] + values["uninvoiced_orders"])
            values["limit"] = commercial.credit_limit
            values["available"] = round_amount(values["limit"] - values["exposure"])
        return {partner.id: figures[partner.commercial_partner_id.id] for partner in partners}

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
        self.flush_model(["commercial_partner_id", "credit_limit"])
        return SQL(
            """
            (SELECT exposure.partner_id
               FROM (
                    SELECT partner.commercial_partner_id AS partner_id,
                           line.amount_residual AS amount
                      FROM %(open_items)s
                 UNION ALL
                    SELECT move.commercial_partner_id, move.amount_total_signed
                      FROM %(drafts)s
                 UNION ALL
                    SELECT uninvoiced.partner_id,
                           ROUND((uninvoiced.amount * rate.factor)::numeric, %(digits)s)
                      FROM (SELECT partner.commercial_partner_id AS partner_id,
                                   sale.currency_id, SUM(%(amount)s) AS amount
                              FROM %(order_lines)s
                          GROUP BY partner.commercial_partner_id, sale.currency_id
                           ) AS uninvoiced
                      JOIN (VALUES %(factors)s) AS rate(currency_id, factor)
                        ON rate.currency_id = uninvoiced.currency_id
                    ) AS exposure
               JOIN res_partner commercial ON commercial.id = exposure.partner_id
           GROUP BY exposure.partner_id, commercial.id
             HAVING COALESCE(%(limit)s, 0) > 0
                AND SUM(exposure.amount) > COALESCE(%(limit)s, 0))
            """, digits=currency.decimal_places, factors=factors,
            limit=limit, open_items=self._open_receivables_sql(company),
            amount=self.env["sale.order.line"]._credit_uninvoiced_amount_sql(),
            order_lines=self.env["sale.order.line"]._credit_uninvoiced_sql(company),
            drafts=self.env["account.move"]._credit_draft_sql(company))
