"""One definition of each business figure of a customer, for every screen, cron and report:
who is a customer, open and overdue receivables, purchase days and the usual purchase
interval (sales are account.move's _sales_domain). Inherited by res.partner."""
from collections import namedtuple

from odoo import api, fields, models
from odoo.tools import SQL

# A customer itself, not one of its contacts: a company, or a person without a parent (the
# commercial partner rule of res.partner). Archives, credit and surveys are the customer's.
CUSTOMER_DOMAIN = ["|", ("is_company", "=", True), ("parent_id", "=", False)]
# A customer's purchase days in one company: see _purchase_history.
PurchaseHistory = namedtuple("PurchaseHistory", ["days", "first", "last", "interval"])


class CustomerFigures(models.AbstractModel):
    _name = "customer.figures"
    _description = "Customer Figures (one definition of each)"

    @api.model
    def _customer_domain(self, company=None):
        """The customers themselves (companies and individuals, not their contacts); with
        ``company``, the active ones whose archive it owns."""
        if not company:
            return list(CUSTOMER_DOMAIN)
        return [("archive_company_id", "=", company.id), ("archive_number", "!=", False),
                ("active", "=", True), *CUSTOMER_DOMAIN]

    @api.model
    def _customer_sql(self, alias):
        """``CUSTOMER_DOMAIN`` on the res_partner ``alias`` of a query."""
        self.flush_model(["is_company", "parent_id"])
        return SQL("(%(partner)s.is_company OR %(partner)s.parent_id IS NULL)",
                   partner=SQL.identifier(alias))

    # ------------------------------------------------------------------
    # Receivables: the one definition of open and overdue, for the archive and the credit
    # ------------------------------------------------------------------
    @api.model
    def _open_receivables_sql(self, company):
        """FROM and WHERE of the open receivable items of ``company`` (posted, not
        reconciled) as ``line``, with the item's partner as ``partner``: the base of the
        arrears, the credit exposure, the over-limit search and the receivable reminders.
        Flushes what it reads."""
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["account.move.line"].flush_model([
            "partner_id", "company_id", "parent_state", "account_id", "reconciled",
            "amount_residual", "date_maturity", "date", "move_id"])
        return SQL(
            """account_move_line line
              JOIN account_account account ON account.id = line.account_id
              JOIN res_partner partner ON partner.id = line.partner_id
             WHERE line.company_id = %s
               AND line.parent_state = 'posted'
               AND account.account_type = 'asset_receivable'
               AND NOT line.reconciled""", company.id)

    @api.model
    def _receivable_due_sql(self, alias="line"):
        """When a receivable item of the journal items ``alias`` falls due: its due date,
        else its accounting date (a payment or a credit note has none)."""
        return SQL("COALESCE(%(line)s.date_maturity, %(line)s.date)",
                   line=SQL.identifier(alias))

    @api.model
    def _receivable_overdue_domain(self):
        """``_receivable_due_sql`` before today, as a domain on the journal items."""
        today = fields.Date.context_today(self)
        return ["|", ("date_maturity", "<", today),
                "&", ("date_maturity", "=", False), ("date", "<", today)]

    def _overdue_receivables(self, company):
        """{commercial partner id: receivables overdue in ``company``} of these commercial
        partners: their open items due before today, net of the unapplied payments and
        credit notes of that age. One grouped query."""
        if not self:
            return {}
        return dict(self.env.execute_query(SQL(
            """
            SELECT partner.commercial_partner_id, SUM(line.amount_residual)
              FROM %(open_items)s
               AND %(due)s < %(today)s
               AND partner.commercial_partner_id = ANY(%(ids)s)
          GROUP BY partner.commercial_partner_id
            """, open_items=self._open_receivables_sql(company),
            due=self._receivable_due_sql(), today=fields.Date.context_today(self),
            ids=self.ids)))

    def _purchase_history(self, today, company=None):
        """{partner id: PurchaseHistory(days, first, last, interval)} of these commercial
        partners with a purchase in ``company`` (default: each one's archive company) up to
        ``today``: their purchase days (``_purchase_condition``, several invoices on one day
        count once), the first and the last, and the usual interval between purchases, the
        average number of days between consecutive purchase days, (last − first) / (days −
        1), None with a single day. The one rule of the archive's overdue purchases, the
        churn detection and the 'no orders' credit signal; each keeps its own minimum of
        purchase days and its own multiple. One query."""
        self.flush_recordset(["archive_company_id"])
        rows = self.env.execute_query(SQL(
            """
            SELECT p.id, COUNT(DISTINCT m.invoice_date), MIN(m.invoice_date),
                   MAX(m.invoice_date)
              FROM res_partner p
              JOIN account_move m ON m.commercial_partner_id = p.id
                                 AND m.company_id = COALESCE(%(company_id)s,
                                                             p.archive_company_id)
             WHERE p.id = ANY(%(ids)s) AND %(purchase)s AND m.invoice_date <= %(today)s
             GROUP BY p.id
            """,
            ids=self.ids, today=today, company_id=company.id if company else None,
            purchase=self.env["account.move"]._purchase_condition("m"),
        ))
        return {partner_id: PurchaseHistory(
                    days, first, last, (last - first).days / (days - 1) if days > 1 else None)
                for partner_id, days, first, last in rows}
