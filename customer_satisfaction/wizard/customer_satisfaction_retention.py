import io
from datetime import date, timedelta

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.tools import SQL

from .customer_satisfaction_index import SEGMENT_FIELDS

GROUP_BY = [
    ("category", "Churn Category"),
    ("segment", "Segment"),
    ("salesperson", "Salesperson"),
]
COUNTS = ("customers_start", "customers_new", "customers_lost", "customers_end")


class CustomerSatisfactionRetention(models.TransientModel):
    """Customer retention over a period (DOMAIN §3): customers at the start, new, lost and at
    the end, retention rate = (customers at the end − new customers) / customers at the
    start, and the yearly sales lost through churn; in total and per churn category, customer
    segment or salesperson."""

    _name = "customer.satisfaction.retention"
    _inherit = ["customer.satisfaction.analysis"]
    _description = "Customer Retention"

    date_from = fields.Date(
        default=lambda self: date(fields.Date.context_today(self).year, 1, 1),
        help="First day of the period: the customers at the start are those of the day before.")
    date_to = fields.Date(
        help="Last day of the period: the customers at the end are those of this day.")
    company_id = fields.Many2one(
        help="A customer is a commercial partner whose archive belongs to this company.")
    group_by = fields.Selection(
        GROUP_BY, required=True, default="category",
        help="Churn category: the lost customers and their sales per category of their loss "
        "(customers who were not lost have no category). Segment: the customers' attribute "
        "chosen below. Salesperson: the customers' salesperson.")
    segment_field = fields.Selection(
        SEGMENT_FIELDS, "Segment By", required=True, default="archive_tier",
        help="The customer attribute of the segment grouping and of the segment sheet of the "
        "export. Customers without a value form the group 'Undefined'.")

    # Results
    customers_start = fields.Integer(
        "Customers at the Start", readonly=True,
        help="Customers on the day before the period. A customer on a day D: its first posted "
        "customer invoice in the company is on or before D and it is not lost on D. Lost on D: "
        "a lost (or won-back) record with a loss date on or before D and no 'bought again' "
        "date, or one after D.")
    customers_new = fields.Integer(
        "New Customers", readonly=True,
        help="Customers at the end who were not customers at the start: first invoice in the "
        "period, or won back in the period.")
    customers_lost = fields.Integer(
        "Lost Customers", readonly=True,
        help="Customers at the start who are not customers at the end: lost in the period "
        "and not won back by its end.")
    customers_end = fields.Integer(
        "Customers at the End", readonly=True, help="Customers on the last day of the period.")
    retention_rate = fields.Float(
        "Retention Rate (%)", digits=(16, 2), readonly=True,
        help="(Customers at the end − new customers) / customers at the start. Empty when there "
        "is no customer at the start.")
    has_retention_rate = fields.Boolean(readonly=True)
    sales_lost = fields.Monetary(
        "Sales Lost to Churn", readonly=True,
        help="Σ yearly sales lost of the customers lost in the period (their untaxed sales of "
        "the twelve months before the loss).")
    lost_churn_ids = fields.Many2many(
        "customer.churn", "customer_satisfaction_retention_churn_rel", "retention_id",
        "churn_id", "Lost Customer Records", readonly=True)
    line_ids = fields.One2many("customer.satisfaction.retention.line", "retention_id",
                               "Groups", readonly=True)

    # ------------------------------------------------------------------
    # Onchanges
    # ------------------------------------------------------------------
    @api.onchange("date_from", "date_to", "company_id", "group_by", "segment_field")
    def _onchange_parameters(self):
        self.computed = False

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    @api.model
    def _rate(self, start, end, new):
        """Retention rate in %: (customers at the end − new customers) / customers at the
        start; None without customers at the start."""
        return (end - new) / start * 100 if start else None

    def _get_retention(self, group_by, segment_field=None):
        """(totals, groups) of the period in one SQL statement. totals and each group are
        dicts: customers_start, customers_new, customers_lost, customers_end, retention_rate
        (None: no customer at the start), sales_lost, churn_ids (the lost customers' loss
        records); groups also have value and label. For the category grouping only the lost
        customers have a group."""
        self.ensure_one()
        Index = self.env["customer.satisfaction.index"]
        self.company_id._archive_check_allowed()
        self.env["customer.churn"].check_access("read")
        self.env["account.move"].flush_model(
            ["commercial_partner_id", "company_id", "state", "move_type", "invoice_date"])
        self.env["customer.churn"].flush_model(
            ["partner_id", "company_id", "state", "loss_date", "recovered_date", "category_id",
             "yearly_sales_lost"])
        self.env["res.partner"].flush_model(["archive_company_id", "is_company", "parent_id"])
        if group_by == "category":
            customer_key = SQL("NULL::int")
            group_key = SQL(
                "CASE WHEN lost.churn_id IS NOT NULL THEN COALESCE(lost.category_id, 0) END")
        else:
            field_name = "user_id" if group_by == "salesperson" else segment_field
            customer_key = Index._segment_sql(field_name, self.company_id, "partner")
            group_key = SQL("status.customer_key")
        start = self.date_from - timedelta(days=1)
        rows = self.env.execute_query(SQL(
            """
            WITH customer AS (
                SELECT partner.id AS partner_id, %(customer_key)s AS customer_key
                  FROM res_partner partner
                 WHERE partner.archive_company_id = %(company_id)s
                   AND %(customer)s
            ), first_invoice AS (
                SELECT move.commercial_partner_id AS partner_id,
                       MIN(move.invoice_date) AS first_date
                  FROM account_move move
                 WHERE move.company_id = %(company_id)s AND %(purchase)s
                   AND move.invoice_date <= %(date_to)s
              GROUP BY move.commercial_partner_id
            ), loss AS (
                SELECT churn.id, churn.partner_id, churn.loss_date, churn.recovered_date,
                       churn.category_id, churn.yearly_sales_lost
                  FROM customer_churn churn
                 WHERE churn.company_id = %(company_id)s
                   AND churn.state IN ('lost', 'won_back')
                   AND churn.loss_date <= %(date_to)s
            ), status AS (
                SELECT customer.partner_id, customer.customer_key,
                       first_invoice.first_date <= %(start)s AND NOT EXISTS (
                           SELECT 1 FROM loss
                            WHERE loss.partner_id = customer.partner_id
                              AND loss.loss_date <= %(start)s
                              AND (loss.recovered_date IS NULL
                                   OR loss.recovered_date > %(start)s)) AS at_start,
                       NOT EXISTS (
                           SELECT 1 FROM loss
                            WHERE loss.partner_id = customer.partner_id
                              AND (loss.recovered_date IS NULL
                                   OR loss.recovered_date > %(date_to)s)) AS at_end
                  FROM customer
                  JOIN first_invoice ON first_invoice.partner_id = customer.partner_id
            ), lost AS (
                SELECT DISTINCT ON (loss.partner_id)
                       loss.partner_id, loss.id AS churn_id, loss.category_id,
                       loss.yearly_sales_lost
                  FROM loss
                  JOIN status ON status.partner_id = loss.partner_id
                 WHERE status.at_start AND NOT status.at_end
                   AND loss.loss_date > %(start)s
                   AND (loss.recovered_date IS NULL OR loss.recovered_date > %(date_to)s)
              ORDER BY loss.partner_id, loss.loss_date DESC, loss.id DESC
            ), counted AS (
                SELECT %(group_key)s AS group_key, status.at_start, status.at_end,
                       lost.churn_id, lost.yearly_sales_lost
                  FROM status
             LEFT JOIN lost ON lost.partner_id = status.partner_id
            )
            SELECT group_key, GROUPING(group_key),
                   COUNT(*) FILTER (WHERE at_start),
                   COUNT(*) FILTER (WHERE at_end AND NOT at_start),
                   COUNT(*) FILTER (WHERE at_start AND NOT at_end),
                   COUNT(*) FILTER (WHERE at_end),
                   COALESCE(SUM(yearly_sales_lost), 0),
                   COALESCE(ARRAY_AGG(churn_id) FILTER (WHERE churn_id IS NOT NULL), '{}')
              FROM counted
          GROUP BY GROUPING SETS ((group_key), ())
            """,
            customer_key=customer_key, group_key=group_key, company_id=self.company_id.id,
            start=start, date_to=self.date_to,
            customer=self.env["res.partner"]._customer_sql("partner"),
            purchase=self.env["account.move"]._purchase_condition("move")))
        empty = dict.fromkeys(COUNTS, 0)
        totals = dict(empty, sales_lost=0.0, churn_ids=[])
        by_value = {}
        for key, is_total, c_start, c_new, c_lost, c_end, sales_lost, churn_ids in rows:
            values = {"customers_start": c_start, "customers_new": c_new,
                      "customers_lost": c_lost, "customers_end": c_end,
                      "sales_lost": float(sales_lost), "churn_ids": churn_ids}
            if is_total:
                totals = values
            elif group_by == "category" and key is None:
                continue  # the customers who were not lost
            else:
                by_value[key or False] = values
        totals["retention_rate"] = self._rate(
            totals["customers_start"], totals["customers_end"], totals["customers_new"])
        groups = []
        for value, label in self._group_labels(group_by, segment_field, by_value):
            group = dict(by_value[value], value=value, label=label)
            if group_by == "category":
                group["retention_rate"] = None
            else:
                group["retention_rate"] = self._rate(
                    group["customers_start"], group["customers_end"], group["customers_new"])
            groups.append(group)
        return totals, groups

    @api.model
    def _group_labels(self, group_by, segment_field, values):
        """[(value, label)] of the groups in display order, 'Undefined' last."""
        if group_by == "segment":
            return self.env["customer.satisfaction.index"]._segment_labels(segment_field, values)
        if group_by == "salesperson":
            return self.env["customer.satisfaction.index"]._segment_labels("user_id", values)
        categories = self.env["customer.churn.category"].sudo().with_context(
            active_test=False).browse([value for value in values if value]).sorted()
        result = [(category.id, category.display_name) for category in categories]
        if False in values:
            result.append((False, _("Undefined")))
        return result

    def action_compute(self):
        """Compute the totals and the groups (the form shows them)."""
        for wizard in self:
            totals, groups = wizard._get_retention(wizard.group_by, wizard.segment_field)
            wizard.write({
                "computed": True,
                **{name: totals[name] for name in COUNTS},
                "retention_rate": totals["retention_rate"] or 0.0,
                "has_retention_rate": totals["retention_rate"] is not None,
                "sales_lost": totals["sales_lost"],
                "lost_churn_ids": [Command.set(totals["churn_ids"])],
                "line_ids": [Command.clear()] + [Command.create({
                    "sequence": sequence,
                    "group_value": str(group["value"]) if group["value"] else False,
                    "name": group["label"],
                    **{name: group[name] for name in COUNTS},
                    "retention_rate": group["retention_rate"] or 0.0,
                    "has_retention_rate": group["retention_rate"] is not None,
                    "sales_lost": group["sales_lost"],
                    "lost_churn_ids": [Command.set(group["churn_ids"])],
                }) for sequence, group in enumerate(groups)],
            })
        return True

    # ------------------------------------------------------------------
    # Period presets
    # ------------------------------------------------------------------
    def _set_period(self, date_from, date_to):
        self.write({"date_from": date_from, "date_to": date_to})
        return self.action_compute()

    def action_period_this_year(self):
        """From the 1st of January to today."""
        today = fields.Date.context_today(self)
        return self._set_period(date(today.year, 1, 1), today)

    def action_period_last_year(self):
        today = fields.Date.context_today(self)
        return self._set_period(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))

    def action_period_last_12_months(self):
        """The twelve months up to today (today included)."""
        today = fields.Date.context_today(self)
        return self._set_period(today - relativedelta(years=1, days=-1), today)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open_lost(self):
        self.ensure_one()
        return self._action_open_churns(self.lost_churn_ids, _(
            "Lost Customers %(start)s - %(end)s", start=self.date_from, end=self.date_to))

    @api.model
    def _action_open_churns(self, churns, name):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "customer.churn",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", churns.ids)],
            "context": {"create": False},
        }

    def action_open_chart(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_satisfaction.customer_satisfaction_retention_line_action")
        action["domain"] = [("retention_id", "=", self.id)]
        return action

    def action_export_xlsx(self):
        """Download the retention (totals and one sheet per grouping) as .xlsx."""
        self.ensure_one()
        if not self.computed:
            self.action_compute()
        return {
            "type": "ir.actions.act_url",
            "url": f"/customer_satisfaction/retention/xlsx/{self.id}",
            "target": "download",
        }

    # ------------------------------------------------------------------
    # Excel
    # ------------------------------------------------------------------
    def _retention_xlsx(self):
        """The .xlsx file: a sheet with the parameters, the totals and the definitions, then
        one sheet per grouping (churn category, salesperson, segment)."""
        self.ensure_one()
        segment_label = dict(self._fields["segment_field"]._description_selection(self.env))[
            self.segment_field]
        groupings = [
            ("category", _("By Churn Category"), _("Churn Category")),
            ("salesperson", _("By Salesperson"), _("Salesperson")),
            ("segment", _("By %(segment)s", segment=segment_label), segment_label),
        ]
        results = [self._get_retention(group_by, self.segment_field)
                   for group_by, __, __ in groupings]
        totals = results[0][0]
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        digits = self.currency_id.decimal_places
        num_format = "#,##0." + "0" * digits if digits else "#,##0"
        money = workbook.add_format({"num_format": num_format})
        money_bold = workbook.add_format({"bold": True, "num_format": num_format})
        rate = workbook.add_format({"num_format": "0.0"})
        labels = self._retention_labels()

        sheet = workbook.add_worksheet(_("Retention")[:31])
        sheet.write(0, 0, _("Customer Retention"), title)
        sheet.write(1, 0, _("Company"))
        sheet.write(1, 1, self.company_id.name)
        sheet.write(2, 0, _("Period"))
        sheet.write(2, 1, _("%(start)s to %(end)s", start=fields.Date.to_string(self.date_from),
                            end=fields.Date.to_string(self.date_to)))
        sheet.write(3, 0, _("Currency"))
        sheet.write(3, 1, self.currency_id.name)
        line = 5
        for name in COUNTS:
            sheet.write(line, 0, labels[name], bold)
            sheet.write_number(line, 1, totals[name])
            line += 1
        sheet.write(line, 0, labels["retention_rate"], bold)
        if totals["retention_rate"] is not None:
            sheet.write_number(line, 1, totals["retention_rate"], rate)
        line += 1
        sheet.write(line, 0, labels["sales_lost"], bold)
        sheet.write_number(line, 1, totals["sales_lost"], money)
        line += 2
        for name in COUNTS + ("retention_rate", "sales_lost"):
            sheet.write(line, 0, labels[name])
            sheet.write(line, 1, self._fields[name]._description_help(self.env) or "")
            line += 1
        sheet.set_column(0, 0, 26)
        sheet.set_column(1, 1, 60)

        for (group_by, sheet_name, column_label), (group_totals, groups) in zip(
                groupings, results, strict=True):
            sheet = workbook.add_worksheet(
                "".join(char for char in sheet_name if char not in "[]:*?/\\")[:31])
            columns = (["customers_lost", "sales_lost"] if group_by == "category" else
                       list(COUNTS) + ["retention_rate", "sales_lost"])
            sheet.write(0, 0, column_label, bold)
            for column, name in enumerate(columns, start=1):
                sheet.write(0, column, labels[name], bold)
            rows = [(group, False) for group in groups] + [
                (dict(group_totals, label=_("Total")), True)]
            for row, (group, is_total) in enumerate(rows, start=1):
                sheet.write(row, 0, group["label"], bold if is_total else None)
                for column, name in enumerate(columns, start=1):
                    value = group[name]
                    if name == "sales_lost":
                        sheet.write_number(row, column, value, money_bold if is_total else money)
                    elif name == "retention_rate":
                        if value is not None:
                            sheet.write_number(row, column, value, rate)
                    else:
                        sheet.write_number(row, column, value, bold if is_total else None)
            sheet.set_column(0, 0, 30)
            sheet.set_column(1, len(columns), 16)
            sheet.freeze_panes(1, 1)
        workbook.close()
        return output.getvalue()

    @api.model
    def _retention_labels(self):
        return {name: self._fields[name]._description_string(self.env)
                for name in COUNTS + ("retention_rate", "sales_lost")}
