import io

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

BUCKETS = ("not_due", "b1", "b2", "b3", "b4", "b5")


class CustomerCreditAging(models.Model):
    """Receivables aging of one customer in one company as of a date: one row per customer
    and company of one run of the Receivables Aging wizard. Rows belong to the user who ran
    it; the next run of that user replaces them."""

    _name = "customer.credit.aging"
    _description = "Receivables Aging"
    _order = "company_id, partner_name, id"
    _rec_name = "partner_id"
    # A snapshot rewritten by each run (as_of and user_id tell which): no create/write
    # columns, whose foreign keys cost a check per row on 100k-customer runs.
    _log_access = False

    as_of = fields.Date(required=True, readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users", "Run By", required=True, readonly=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, readonly=True, ondelete="cascade")
    partner_name = fields.Char("Customer Name", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, ondelete="cascade")
    salesperson_id = fields.Many2one("res.users", readonly=True)
    grade_id = fields.Many2one("customer.credit.grade", "Credit Grade", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    not_due = fields.Monetary(readonly=True)
    b1 = fields.Monetary("1-30", readonly=True)
    b2 = fields.Monetary("31-60", readonly=True)
    b3 = fields.Monetary("61-90", readonly=True)
    b4 = fields.Monetary("91-180", readonly=True)
    b5 = fields.Monetary("Over 180", readonly=True)
    overdue = fields.Monetary(readonly=True, help="Sum of the overdue buckets.")
    total = fields.Monetary(readonly=True)
    oldest_due = fields.Date("Oldest Due Date", readonly=True,
                             help="Due date of the oldest open item.")

    # ------------------------------------------------------------------
    # Labels: the bucket columns follow the current company's limits
    # ------------------------------------------------------------------
    @api.model
    def fields_get(self, allfields=None, attributes=None):
        result = super().fields_get(allfields, attributes)
        labels = self.env.company._credit_aging_labels()
        for name, label in labels.items():
            if name in result and "string" in result[name]:
                result[name]["string"] = label
        return result

    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    @api.model
    def _compute_aging(self, as_of, companies):
        """Replace the current user's rows by the aging of ``companies`` as of ``as_of``:
        one INSERT ... SELECT. An item counts with its residual as of that date: its balance
        less the partial reconciliations whose later line is dated on or before it, that is
        today's residual plus the reconciliations dated after it. So only the items open
        today or reconciled after the date are read, not the whole history."""
        self.check_access("create")
        companies = companies.with_env(self.env)
        companies._archive_check_allowed()
        if not companies:
            raise UserError(_("Choose at least one of your companies."))
        as_of = fields.Date.to_date(as_of)
        if not as_of:
            raise UserError(_("Choose the date of the aging."))
        self.env["account.move.line"].flush_model([
            "partner_id", "company_id", "parent_state", "account_id", "amount_residual",
            "date_maturity", "date"])
        self.env["account.partial.reconcile"].flush_model([
            "debit_move_id", "credit_move_id", "amount", "max_date"])
        self.env["res.partner"].flush_model(["commercial_partner_id", "user_id", "name",
                                             "credit_grade_id"])
        self.env["res.company"].flush_model([
            "credit_aging_days_1", "credit_aging_days_2", "credit_aging_days_3",
            "credit_aging_days_4"])
        self.env.cr.execute(SQL(
            "DELETE FROM customer_credit_aging WHERE user_id = %s", self.env.uid))
        # PostgreSQL's JIT compiles this query for longer than compiling saves (a tenth of
        # the run on 100k customers); off until the end of this transaction only.
        self.env.cr.execute(SQL("SET LOCAL jit = off"))
        self.env.cr.execute(SQL(
            """
            WITH later AS (
                SELECT moved.line_id, SUM(moved.amount) AS amount
                  FROM (SELECT part.debit_move_id AS line_id, part.amount
                          FROM account_partial_reconcile part
                         WHERE part.max_date > %(as_of)s
                     UNION ALL
                        SELECT part.credit_move_id, -part.amount
                          FROM account_partial_reconcile part
                         WHERE part.max_date > %(as_of)s) moved
              GROUP BY moved.line_id
            ),
            item AS (
                SELECT line.company_id,
                       partner.commercial_partner_id AS partner_id,
                       %(as_of)s::date - %(due)s AS days,
                       %(due)s AS due,
                       line.amount_residual + COALESCE(later.amount, 0) AS residual
                  FROM account_move_line line
                  JOIN account_account account ON account.id = line.account_id
                  JOIN res_partner partner ON partner.id = line.partner_id
             LEFT JOIN later ON later.line_id = line.id
                 WHERE line.company_id IN %(company_ids)s
                   AND line.parent_state = 'posted'
                   AND account.account_type = 'asset_receivable'
                   AND line.date <= %(as_of)s
                   AND (line.amount_residual != 0 OR later.line_id IS NOT NULL)
            ),
            bucketed AS (
                SELECT item.company_id, item.partner_id, item.residual, item.due,
                       CASE WHEN item.days <= 0 THEN 0
                            WHEN item.days <= company.credit_aging_days_1 THEN 1
                            WHEN item.days <= company.credit_aging_days_2 THEN 2
                            WHEN item.days <= company.credit_aging_days_3 THEN 3
                            WHEN item.days <= company.credit_aging_days_4 THEN 4
                            ELSE 5 END AS bucket
                  FROM item
                  JOIN res_company company ON company.id = item.company_id
                 WHERE item.residual != 0
            )
            INSERT INTO customer_credit_aging (
                as_of, user_id, partner_id, partner_name, company_id, salesperson_id,
                grade_id, not_due, b1, b2, b3, b4, b5, overdue, total, oldest_due)
            SELECT %(as_of)s, %(uid)s, bucketed.partner_id, partner.name, bucketed.company_id,
                   partner.user_id,
                   (SELECT grade.id FROM customer_credit_grade grade
                     WHERE grade.id = (partner.credit_grade_id ->> bucketed.company_id::text)::int),
                   COALESCE(SUM(bucketed.residual) FILTER (WHERE bucket = 0), 0),
                   COALESCE(SUM(bucketed.residual) FILTER (WHERE bucket = 1), 0),
                   COALESCE(SUM(bucketed.residual) FILTER (WHERE bucket = 2), 0),
                   COALESCE(SUM(bucketed.residual) FILTER (WHERE bucket = 3), 0),
                   COALESCE(SUM(bucketed.residual) FILTER (WHERE bucket = 4), 0),
                   COALESCE(SUM(bucketed.residual) FILTER (WHERE bucket = 5), 0),
                   COALESCE(SUM(bucketed.residual) FILTER (WHERE bucket > 0), 0),
                   COALESCE(SUM(bucketed.residual), 0),
                   MIN(bucketed.due) FILTER (WHERE bucketed.residual > 0)
              FROM bucketed
              JOIN res_partner partner ON partner.id = bucketed.partner_id
          GROUP BY bucketed.partner_id, partner.name, partner.user_id, partner.credit_grade_id,
                   bucketed.company_id
            """,
            as_of=as_of, uid=self.env.uid, company_ids=tuple(companies.ids),
            due=self.env["res.partner"]._receivable_due_sql()))
        self.invalidate_model()
        return self.search([("user_id", "=", self.env.uid)])

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.model
    def _action_open(self, as_of, companies):
        """The rows just computed, titled with their date and companies."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_credit.customer_credit_aging_action")
        action["name"] = _("Receivables Aging as of %(date)s: %(companies)s",
                           date=format_date(self.env, as_of),
                           companies=", ".join(companies.sorted("name").mapped("name")))
        action["domain"] = [("user_id", "=", self.env.uid)]
        return action

    def action_export_xlsx(self):
        """Download the rows (the selected ones, else all of the user's last run)."""
        ids = ",".join(str(record_id) for record_id in self.ids)
        return {
            "type": "ir.actions.act_url",
            "url": "/customer_credit/aging/xlsx" + (f"?ids={ids}" if ids else ""),
            "target": "download",
        }

    # ------------------------------------------------------------------
    # Excel
    # ------------------------------------------------------------------
    def _aging_xlsx(self):
        """The rows as an .xlsx file: one sheet per company, a header with the date and the
        company, one row per customer with its buckets and total, and a total row."""
        rows = self or self.search([("user_id", "=", self.env.uid)])
        if not rows:
            raise UserError(_("There is no aging to export: run the Receivables Aging first."))
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        sheet_names = set()
        for company in rows.company_id.sorted("name"):
            company_rows = rows.filtered(
                lambda row, company=company: row.company_id == company).sorted(
                lambda row: (row.partner_name or "", row.id))
            digits = company.currency_id.decimal_places
            num_format = "#,##0." + "0" * digits if digits else "#,##0"
            money = workbook.add_format({"num_format": num_format})
            money_bold = workbook.add_format({"bold": True, "num_format": num_format})
            name = "".join(char for char in company.name if char not in "[]:*?/\\")[:28]
            base, index = name or "Company", 1
            while name.lower() in sheet_names:
                index += 1
                name = f"{base[:27]}{index}"
            sheet_names.add(name.lower())
            sheet = workbook.add_worksheet(name)
            as_of = ", ".join(sorted(
                {fields.Date.to_string(day) for day in company_rows.mapped("as_of")}))
            sheet.write(0, 0, _("Receivables Aging as of %(date)s", date=as_of), title)
            sheet.write(1, 0, _("Company: %(company)s", company=company.name))
            sheet.write(2, 0, _("Currency: %(currency)s", currency=company.currency_id.name))
            labels = company._credit_aging_labels()
            header = [_("Customer"), _("Salesperson"), _("Credit Grade")] + [
                labels[bucket] for bucket in BUCKETS] + [_("Total")]
            for column, label in enumerate(header):
                sheet.write(4, column, label, bold)
            line = 5
            for row in company_rows:
                sheet.write(line, 0, row.partner_name or row.partner_id.display_name)
                sheet.write(line, 1, row.salesperson_id.name or "")
                sheet.write(line, 2, row.grade_id.name or "")
                for column, bucket in enumerate(BUCKETS, start=3):
                    sheet.write_number(line, column, row[bucket], money)
                sheet.write_number(line, 3 + len(BUCKETS), row.total, money)
                line += 1
            sheet.write(line, 0, _("Total"), bold)
            for column, bucket in enumerate(BUCKETS + ("total",), start=3):
                sheet.write_number(line, column, company.currency_id.round(
                    sum(company_rows.mapped(bucket))), money_bold)
            sheet.set_column(0, 0, 36)
            sheet.set_column(1, 2, 18)
            sheet.set_column(3, 3 + len(BUCKETS), 14)
            sheet.freeze_panes(5, 1)
        workbook.close()
        return output.getvalue()
