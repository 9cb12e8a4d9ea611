import base64
import io

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.customer_archive_key_plan import RANKING_TYPES

GROUP_CUSTODIAN = "customer_archive.group_archive_custodian"


class CustomerArchiveRanking(models.TransientModel):
    """Key-customer ranking (重点客户排行): the top customers of a period by sales amount, by
    target achievement, by growth against the same period a year before and by profit margin.

    Sales are the untaxed amounts of posted invoice lines less credit-note lines, in the
    company's currency, by invoice date. Each ranking is one grouped query over the invoice
    lines of the period, whatever the number of customers. Equal values share a rank
    (competition ranking: 1, 1, 3) and are listed by name; the top N are the customers ranked
    N or better, so a tie on the N-th place lists them all.
    """

    _name = "customer.archive.ranking"
    _description = "Key-Customer Ranking"

    date_from = fields.Date(
        "From", required=True,
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1))
    date_to = fields.Date(
        "To", required=True, default=lambda self: fields.Date.context_today(self))
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    top_n = fields.Integer(
        "Top", default=10, required=True,
        help="How many customers per ranking; customers tied on the last place are all listed.")
    line_ids = fields.One2many("customer.archive.ranking.line", "ranking_id", "Ranking")
    sales_line_ids = fields.One2many(
        "customer.archive.ranking.line", "ranking_id", "By Sales Amount",
        domain=[("ranking_type", "=", "sales")])
    achievement_line_ids = fields.One2many(
        "customer.archive.ranking.line", "ranking_id", "By Target Achievement",
        domain=[("ranking_type", "=", "achievement")])
    growth_line_ids = fields.One2many(
        "customer.archive.ranking.line", "ranking_id", "By Sales Growth",
        domain=[("ranking_type", "=", "growth")])
    new_line_ids = fields.One2many(
        "customer.archive.ranking.line", "ranking_id", "No Sales a Year Before",
        domain=[("ranking_type", "=", "new")])
    margin_line_ids = fields.One2many(
        "customer.archive.ranking.line", "ranking_id", "By Profit Margin",
        domain=[("ranking_type", "=", "margin")])
    computed = fields.Boolean(readonly=True)
    file = fields.Binary("Workbook", readonly=True, attachment=False)
    filename = fields.Char("File Name", readonly=True)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_compute(self):
        self.ensure_one()
        self._check_parameters()
        self.line_ids.unlink()
        values = []
        for ranking_type, _label in RANKING_TYPES:
            values += [{**row, "ranking_id": self.id, "ranking_type": ranking_type}
                       for row in self._rank(ranking_type)]
        self.env["customer.archive.ranking.line"].create(values)
        self.write({"computed": True, "file": False, "filename": False})
        return self._reopen()

    def action_export(self):
        self.ensure_one()
        if not self.computed:
            self.action_compute()
        self.write({
            "file": base64.b64encode(self._ranking_workbook()),
            "filename": _("Key-Customer Ranking %(date_from)s %(date_to)s.xlsx",
                          date_from=self.date_from, date_to=self.date_to),
        })
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
            "view_mode": "form", "target": "new", "name": _("Key-Customer Ranking"),
        }

    def _check_parameters(self):
        self.company_id._archive_check_allowed()
        if self.date_from > self.date_to:
            raise UserError(_("The period must end after it begins."))
        if not 1 <= self.top_n <= 1000:
            raise UserError(_("Rank between 1 and 1000 customers."))

    # ------------------------------------------------------------------
    # Rankings: one query each
    # ------------------------------------------------------------------
    def _visible_partners_condition(self, column):
        """Salespeople rank their own customers; custodians every customer."""
        if self.env.su or self.env.user.has_group(GROUP_CUSTODIAN):
            return SQL("TRUE")
        return SQL(
            "%s IN (SELECT id FROM res_partner WHERE user_id = %s)", column, self.env.uid)

    def _sales_query(self, date_from, date_to, with_cost=False):
        """Net sales (and cost) per customer over a period, as a grouped query."""
        cost = SQL("NULL::numeric")
        cost_joins = SQL("")
        if with_cost:
            # The cost of the products sold: their cost (standard price) today, company
            # dependent, times the quantity in the product's unit; lines without product
            # cost nothing.
            cost = SQL(
                """
                SUM(CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END
                    * line.quantity
                    * COALESCE(product_uom.factor / NULLIF(line_uom.factor, 0), 1)
                    * COALESCE((product.standard_price ->> move.company_id::text)::numeric, 0))
                """)
            cost_joins = SQL(
                """
                LEFT JOIN product_product product ON product.id = line.product_id
                LEFT JOIN product_template template ON template.id = product.product_tmpl_id
                LEFT JOIN uom_uom product_uom ON product_uom.id = template.uom_id
                LEFT JOIN uom_uom line_uom ON line_uom.id = line.product_uom_id
                """)
        return SQL(
            """
            SELECT move.commercial_partner_id AS partner_id,
                   SUM(-line.balance) AS amount, %(cost)s AS cost
              FROM account_move move
              JOIN account_move_line line ON line.move_id = move.id
              %(cost_joins)s
             WHERE move.company_id = %(company_id)s
               AND %(sales)s
               AND move.invoice_date BETWEEN %(date_from)s AND %(date_to)s
               AND line.display_type = 'product'
               AND %(visible)s
             GROUP BY move.commercial_partner_id
            """,
            cost=cost, cost_joins=cost_joins, company_id=self.company_id.id,
            sales=self.env["account.move"]._sales_condition("move"),
            date_from=date_from, date_to=date_to,
            visible=self._visible_partners_condition(SQL("move.commercial_partner_id")))

    def _candidates_query(self, ranking_type):
        """Per customer: the ranked value and the figures shown with it."""
        current = self._sales_query(self.date_from, self.date_to,
                                    with_cost=ranking_type == "margin")
        if ranking_type == "sales":
            return SQL(
                """SELECT partner_id, amount AS value, amount AS sales_amount
                     FROM (%s) cur WHERE amount <> 0""", current)
        if ranking_type == "margin":
            return SQL(
                """SELECT partner_id, ROUND(100.0 * (amount - cost) / amount, 2) AS value,
                          amount AS sales_amount, cost AS cost_amount,
                          amount - cost AS margin_amount,
                          ROUND(100.0 * (amount - cost) / amount, 2) AS margin_rate
                     FROM (%s) cur WHERE amount > 0""", current)
        if ranking_type == "achievement":
            return SQL(
                """
                WITH plan AS (
                    SELECT partner_id, SUM(amount) AS amount
                      FROM customer_archive_sales_plan_line
                     WHERE company_id = %(company_id)s
                       AND date BETWEEN %(date_from)s AND %(date_to)s
                       AND %(visible)s
                     GROUP BY partner_id
                    HAVING SUM(amount) > 0
                ), cur AS (%(current)s)
                SELECT plan.partner_id,
                       ROUND(100.0 * COALESCE(cur.amount, 0) / plan.amount, 2) AS value,
                       COALESCE(cur.amount, 0) AS sales_amount, plan.amount AS plan_amount,
                       ROUND(100.0 * COALESCE(cur.amount, 0) / plan.amount, 2)
                           AS achievement_rate
                  FROM plan LEFT JOIN cur ON cur.partner_id = plan.partner_id
                """,
                company_id=self.company_id.id,
                date_from=self.date_from.replace(day=1), date_to=self.date_to,
                visible=self._visible_partners_condition(SQL("partner_id")), current=current)
        previous = self._sales_query(self.date_from - relativedelta(years=1),
                                     self.date_to - relativedelta(years=1))
        if ranking_type == "growth":
            return SQL(
                """
                WITH cur AS (%(current)s), prev AS (%(previous)s)
                SELECT prev.partner_id,
                       ROUND(100.0 * (COALESCE(cur.amount, 0) - prev.amount) / prev.amount, 2)
                           AS value,
                       COALESCE(cur.amount, 0) AS sales_amount,
                       prev.amount AS previous_amount,
                       ROUND(100.0 * (COALESCE(cur.amount, 0) - prev.amount) / prev.amount, 2)
                           AS growth_rate
                  FROM prev LEFT JOIN cur ON cur.partner_id = prev.partner_id
                 WHERE prev.amount > 0
                """,
                current=current, previous=previous)
        # "new": sales in the period, none (or only credit notes) the year before: their
        # growth is undefined; they are ranked by sales amount instead.
        return SQL(
            """
            WITH cur AS (%(current)s), prev AS (%(previous)s)
            SELECT cur.partner_id, cur.amount AS value, cur.amount AS sales_amount,
                   COALESCE(prev.amount, 0) AS previous_amount
              FROM cur LEFT JOIN prev ON prev.partner_id = cur.partner_id
             WHERE cur.amount > 0 AND COALESCE(prev.amount, 0) <= 0
            """,
            current=current, previous=previous)

    def _rank(self, ranking_type):
        """The top N of a ranking as line values, best first, ties by name."""
        self.env.flush_all()
        self.env.cr.execute(SQL(
            """
            WITH candidate AS (%(candidates)s), ranked AS (
                SELECT candidate.*, RANK() OVER (ORDER BY candidate.value DESC) AS rank
                  FROM candidate
            )
            SELECT ranked.*
              FROM ranked JOIN res_partner partner ON partner.id = ranked.partner_id
             WHERE ranked.rank <= %(top_n)s
             ORDER BY ranked.rank, partner.name, partner.id
            """,
            candidates=self._candidates_query(ranking_type), top_n=self.top_n))
        fields_ = self.env["customer.archive.ranking.line"]._fields
        return [
            {key: value for key, value in row.items() if key in fields_ and value is not None}
            for row in self.env.cr.dictfetchall()
        ]

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------
    def _ranking_workbook(self):
        line_fields = self.env["customer.archive.ranking.line"]._fields
        columns = {
            "sales": ["sales_amount"],
            "achievement": ["plan_amount", "sales_amount", "achievement_rate"],
            "growth": ["previous_amount", "sales_amount", "growth_rate"],
            "new": ["previous_amount", "sales_amount"],
            "margin": ["sales_amount", "cost_amount", "margin_amount", "margin_rate"],
        }
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        amount = workbook.add_format({"num_format": "#,##0.00"})
        title = workbook.add_format({"bold": True, "font_size": 12})
        labels = dict(self.env["customer.archive.ranking.line"]._fields[
            "ranking_type"]._description_selection(self.env))
        for ranking_type, _label in RANKING_TYPES:
            sheet = workbook.add_worksheet(labels[ranking_type][:31])
            sheet.write(0, 0, _("%(ranking)s, %(date_from)s – %(date_to)s, %(company)s",
                                ranking=labels[ranking_type], date_from=self.date_from,
                                date_to=self.date_to, company=self.company_id.name), title)
            names = columns[ranking_type]
            headers = [_("Rank"), _("Customer"), _("Salesperson")] + [
                line_fields[name].get_description(self.env)["string"] for name in names]
            sheet.write_row(2, 0, headers, header)
            lines = self.line_ids.filtered(lambda line, kind=ranking_type:
                                           line.ranking_type == kind)
            for row, line in enumerate(lines, start=3):
                sheet.write_row(row, 0, [line.rank, line.partner_id.name,
                                         line.user_id.name or ""])
                for column, name in enumerate(names, start=3):
                    sheet.write_number(row, column, line[name], amount)
            sheet.freeze_panes(3, 2)
            sheet.set_column(0, 0, 8)
            sheet.set_column(1, 2, 24)
            sheet.set_column(3, len(headers) - 1, 16)
        workbook.close()
        return output.getvalue()


class CustomerArchiveRankingLine(models.TransientModel):
    _name = "customer.archive.ranking.line"
    _description = "Key-Customer Ranking Line"
    _order = "ranking_id, ranking_type, rank, partner_name, id"

    ranking_id = fields.Many2one(
        "customer.archive.ranking", required=True, ondelete="cascade")
    ranking_type = fields.Selection(RANKING_TYPES, required=True)
    rank = fields.Integer(help="Equal values share a rank (1, 1, 3).")
    partner_id = fields.Many2one("res.partner", "Customer", required=True)
    partner_name = fields.Char(related="partner_id.name", store=True, string="Customer Name")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    currency_id = fields.Many2one(related="ranking_id.currency_id")
    sales_amount = fields.Monetary("Sales")
    plan_amount = fields.Monetary("Plan")
    achievement_rate = fields.Float("Achievement (%)", digits=(16, 2))
    previous_amount = fields.Monetary("Sales a Year Before")
    growth_rate = fields.Float("Growth (%)", digits=(16, 2))
    cost_amount = fields.Monetary("Cost")
    margin_amount = fields.Monetary("Margin")
    margin_rate = fields.Float("Margin (%)", digits=(16, 2))
    key_plan_id = fields.Many2one("customer.archive.key.plan", "Action Plan")

    def action_create_key_plan(self):
        self.ensure_one()
        ranking = self.ranking_id
        label = dict(self._fields["ranking_type"]._description_selection(self.env))[
            self.ranking_type]
        plan = self.key_plan_id or self.env["customer.archive.key.plan"].create({
            "partner_id": self.partner_id.id,
            "company_id": ranking.company_id.id,
            "date_from": ranking.date_from,
            "date_to": ranking.date_to,
            "target_amount": self.plan_amount or self.sales_amount,
            "ranking_type": self.ranking_type,
            "rank": self.rank,
            "reason": _("Ranked %(rank)s by %(ranking)s from %(date_from)s to %(date_to)s.",
                        rank=self.rank, ranking=label, date_from=ranking.date_from,
                        date_to=ranking.date_to),
        })
        self.key_plan_id = plan
        return {
            "type": "ir.actions.act_window", "res_model": plan._name, "res_id": plan.id,
            "view_mode": "form", "name": _("Key-Customer Action Plan"),
        }

