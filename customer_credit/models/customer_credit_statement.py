from odoo import _, api, fields, models
from odoo.addons.customer_archive.models.customer_figures import CUSTOMER_DOMAIN
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_is_zero
from odoo.tools.misc import formatLang

# The lines of the statements (seed 002 §四.6), in the order of the paper forms.
BALANCE_SHEET_ASSETS = [
    "current_assets", "cash", "receivables", "inventory", "long_term_investment",
    "fixed_assets", "intangible_assets", "total_assets",
]
BALANCE_SHEET_LIABILITIES = [
    "current_liabilities", "payables", "short_term_loans", "long_term_liabilities",
    "total_liabilities", "equity",
]
INCOME_STATEMENT = ["sales", "profit_before_tax", "profit_after_tax"]
# Lines that are part of the line above them (shown indented).
SUB_LINES = {"cash", "receivables", "inventory", "payables", "short_term_loans"}
# Each ratio: (field, numerator, denominator). A ratio whose denominator is zero is undefined.
RATIOS = [
    ("current_ratio", lambda s: s.current_assets, lambda s: s.current_liabilities),
    ("quick_ratio", lambda s: s.current_assets - s.inventory, lambda s: s.current_liabilities),
    ("working_capital_to_debt", lambda s: s.current_assets - s.current_liabilities,
     lambda s: s.total_liabilities),
    ("debt_ratio", lambda s: s.total_liabilities, lambda s: s.total_assets),
    ("equity_ratio", lambda s: s.equity, lambda s: s.total_assets),
    ("debt_to_equity", lambda s: s.total_liabilities, lambda s: s.equity),
    ("inventory_turnover", lambda s: s.sales, lambda s: s.inventory),
    ("receivables_turnover", lambda s: s.sales, lambda s: s.receivables),
    ("fixed_asset_turnover", lambda s: s.sales, lambda s: s.fixed_assets),
    ("total_asset_turnover", lambda s: s.sales, lambda s: s.total_assets),
    ("return_on_capital", lambda s: s.profit_after_tax, lambda s: s.equity),
]
RATIO_FIELDS = [fname for fname, _numerator, _denominator in RATIOS]
# Figures that cannot be negative (equity and profits can).
NON_NEGATIVE = [
    "current_assets", "cash", "receivables", "inventory", "long_term_investment",
    "fixed_assets", "intangible_assets", "total_assets", "current_liabilities", "payables",
    "short_term_loans", "long_term_liabilities", "sales",
]
FIGURES = BALANCE_SHEET_ASSETS + BALANCE_SHEET_LIABILITIES + INCOME_STATEMENT
ENTERED_FIGURES = [fname for fname in FIGURES if fname != "total_liabilities"]


def _ratio(**kwargs):
    return fields.Float(
        digits=(16, 4), compute="_compute_ratios", store=True, aggregator=None, **kwargs)


class CustomerCreditStatement(models.Model):
    """The financial statements of a customer for one year (seed 002 §四.6): balance sheet,
    income statement and the ratios computed from them. Compared over three years."""

    _name = "customer.credit.statement"
    _description = "Customer Financial Statements"
    _inherit = ["mail.thread"]
    _order = "partner_id, year desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, tracking=True,
        check_company=True, domain=CUSTOMER_DOMAIN)
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.company)
    year = fields.Integer(
        required=True, tracking=True, aggregator=None,
        default=lambda self: fields.Date.context_today(self).year - 1,
        help="The financial year the statements close.")
    currency_id = fields.Many2one(
        "res.currency", required=True, tracking=True,
        default=lambda self: self.env.company.currency_id,
        help="The currency of the statements, by default the company's.")
    report_id = fields.Many2one(
        "customer.credit.report", "Investigation Report", index="btree_not_null",
        check_company=True, domain="[('partner_id', '=', partner_id)]",
        help="The credit investigation report these statements support.")
    note = fields.Text("Notes", help="Source of the statements, audit, remarks.")

    # Balance sheet: assets
    current_assets = fields.Monetary(tracking=True)
    cash = fields.Monetary(help="Cash and bank deposits (货币资金).")
    receivables = fields.Monetary()
    inventory = fields.Monetary()
    long_term_investment = fields.Monetary("Long-Term Investment")
    fixed_assets = fields.Monetary(help="Net value of the fixed assets.")
    intangible_assets = fields.Monetary()
    total_assets = fields.Monetary(tracking=True)
    # Balance sheet: liabilities and equity
    current_liabilities = fields.Monetary(tracking=True)
    payables = fields.Monetary()
    short_term_loans = fields.Monetary("Short-Term Loans")
    long_term_liabilities = fields.Monetary("Long-Term Liabilities", tracking=True)
    total_liabilities = fields.Monetary(
        compute="_compute_ratios", store=True,
        help="Total liabilities = current liabilities + long-term liabilities.")
    equity = fields.Monetary(tracking=True, help="Owners' equity (所有者权益).")
    # Income statement
    sales = fields.Monetary(tracking=True)
    profit_before_tax = fields.Monetary()
    profit_after_tax = fields.Monetary(tracking=True)

    # Checks (warnings, not blocking)
    balance_difference = fields.Monetary(
        compute="_compute_checks", store=True,
        help="Total assets − (total liabilities + equity); zero when the balance sheet "
        "balances.")
    is_balanced = fields.Boolean(
        "Balanced", compute="_compute_checks", store=True,
        help="Total assets = total liabilities + equity.")
    check_warnings = fields.Text("Warnings", compute="_compute_checks", store=True)

    # Ratios
    current_ratio = _ratio(
        string="Current Ratio",
        help="Current ratio = current assets / current liabilities.")
    quick_ratio = _ratio(
        string="Quick Ratio",
        help="Quick ratio = (current assets − inventory) / current liabilities.")
    working_capital_to_debt = _ratio(
        string="Working Capital to Debt",
        help="Working capital to debt = (current assets − current liabilities) / total "
        "liabilities.")
    debt_ratio = _ratio(
        string="Debt Ratio", help="Debt ratio = total liabilities / total assets.")
    equity_ratio = _ratio(
        string="Equity Ratio", help="Equity ratio = equity / total assets.")
    debt_to_equity = _ratio(
        string="Debt to Equity", help="Debt to equity = total liabilities / equity.")
    inventory_turnover = _ratio(
        string="Inventory Turnover", help="Inventory turnover = sales / inventory.")
    receivables_turnover = _ratio(
        string="Receivables Turnover", help="Receivables turnover = sales / receivables.")
    fixed_asset_turnover = _ratio(
        string="Fixed-Asset Turnover", help="Fixed-asset turnover = sales / fixed assets.")
    total_asset_turnover = _ratio(
        string="Total-Asset Turnover", help="Total-asset turnover = sales / total assets.")
    return_on_capital = _ratio(
        string="Return on Capital", help="Return on capital = profit after tax / equity.")
    undefined_ratios = fields.Char(
        "Undefined Ratios (Technical)", compute="_compute_ratios", store=True,
        help="The ratios whose denominator is zero, comma-separated: they have no value.")
    undefined_ratio_names = fields.Char(
        "Undefined Ratios", compute="_compute_undefined_ratio_names",
        help="Ratios without value because their denominator is zero.")
    comparison_html = fields.Html(
        "Three Years", compute="_compute_comparison_html", sanitize=False,
        help="The statements of this year and the two years before, side by side.")

    _sql_constraints = [
        ("partner_company_year_unique", "UNIQUE(partner_id, company_id, year)",
         "A customer has one set of financial statements per year and company."),
    ]

    # ------------------------------------------------------------------
    # Compute methods
    # ------------------------------------------------------------------
    @api.depends("partner_id", "year")
    def _compute_display_name(self):
        for statement in self:
            statement.display_name = _(
                "%(customer)s %(year)s", customer=statement.partner_id.display_name or "",
                year=statement.year or "")

    @api.depends(*ENTERED_FIGURES, "currency_id")
    def _compute_ratios(self):
        for statement in self:
            statement.total_liabilities = (statement.current_liabilities
                                           + statement.long_term_liabilities)
            undefined = []
            for fname, numerator, denominator in RATIOS:
                base = denominator(statement)
                if statement._is_zero(base):
                    statement[fname] = 0.0
                    undefined.append(fname)
                else:
                    statement[fname] = numerator(statement) / base
            statement.undefined_ratios = ",".join(undefined)

    @api.depends("undefined_ratios")
    def _compute_undefined_ratio_names(self):
        for statement in self:
            statement.undefined_ratio_names = ", ".join(
                self._fields[fname]._description_string(self.env)
                for fname in statement._undefined_ratio_list())

    @api.depends("total_assets", "total_liabilities", "equity", "current_assets", "cash",
                 "receivables", "inventory", "current_liabilities", "payables",
                 "short_term_loans", "long_term_investment", "fixed_assets",
                 "intangible_assets", "currency_id")
    def _compute_checks(self):
        for statement in self:
            difference = statement.total_assets - statement.total_liabilities - statement.equity
            statement.balance_difference = difference
            statement.is_balanced = statement._is_zero(difference)
            warnings = []
            if not statement.is_balanced:
                warnings.append(_(
                    "Total assets differ from total liabilities plus equity by %s.",
                    statement._format(difference)))
            if statement.cash + statement.receivables + statement.inventory \
                    > statement.current_assets and not statement._is_zero(
                        statement.cash + statement.receivables + statement.inventory
                        - statement.current_assets):
                warnings.append(_("Cash, receivables and inventory exceed the current assets."))
            if statement.payables + statement.short_term_loans > statement.current_liabilities \
                    and not statement._is_zero(statement.payables + statement.short_term_loans
                                               - statement.current_liabilities):
                warnings.append(_(
                    "Payables and short-term loans exceed the current liabilities."))
            assets = (statement.current_assets + statement.long_term_investment
                      + statement.fixed_assets + statement.intangible_assets)
            if assets > statement.total_assets and not statement._is_zero(
                    assets - statement.total_assets):
                warnings.append(_(
                    "Current assets, long-term investment, fixed and intangible assets exceed "
                    "the total assets."))
            statement.check_warnings = "\n".join(warnings) or False

    @api.depends(*FIGURES, "partner_id", "company_id", "year", "currency_id")
    def _compute_comparison_html(self):
        years_by_statement = self._comparison_statements()
        for statement in self:
            statement.comparison_html = statement._render_comparison(
                years_by_statement[statement])

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains(*NON_NEGATIVE)
    def _check_non_negative(self):
        labels = {fname: self._fields[fname]._description_string(self.env)
                  for fname in NON_NEGATIVE}
        for statement in self:
            negative = [labels[fname] for fname in NON_NEGATIVE if statement[fname] < 0]
            if negative:
                raise ValidationError(_(
                    "%(statement)s: these figures cannot be negative: %(figures)s.",
                    statement=statement.display_name, figures=", ".join(negative)))

    @api.constrains("year")
    def _check_year(self):
        this_year = fields.Date.context_today(self).year
        for statement in self:
            if not 1900 <= statement.year <= this_year:
                raise ValidationError(_(
                    "%(year)s is not a closed financial year: enter a year from 1900 to "
                    "%(this_year)s.", year=statement.year, this_year=this_year))

    @api.constrains("partner_id")
    def _check_commercial_partner(self):
        for statement in self:
            partner = statement.partner_id
            if partner != partner.commercial_partner_id:
                raise ValidationError(_(
                    "Financial statements belong to customers (companies and individuals), "
                    "not to their contacts (%s).", partner.display_name))

    @api.constrains("report_id", "partner_id")
    def _check_report(self):
        for statement in self:
            if statement.report_id and statement.report_id.partner_id != statement.partner_id:
                raise ValidationError(_(
                    "%(statement)s: the investigation report %(report)s is about another "
                    "customer.", statement=statement.display_name,
                    report=statement.report_id.name))

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _is_zero(self, amount):
        if self.currency_id:
            return self.currency_id.is_zero(amount)
        return float_is_zero(amount, precision_digits=2)

    def _format(self, amount):
        return formatLang(self.env, amount, currency_obj=self.currency_id or None)

    def _undefined_ratio_list(self):
        self.ensure_one()
        return [fname for fname in (self.undefined_ratios or "").split(",") if fname]

    def _ratio_display(self, fname):
        """The ratio as shown to users: 'undefined' when its denominator is zero."""
        self.ensure_one()
        if fname in self._undefined_ratio_list():
            return _("undefined")
        return formatLang(self.env, self[fname], digits=2)

    @api.model
    def _latest_by_partner(self, partners, company=None):
        """{partner_id: the partner's statement of its latest year in ``company``}, for the
        statements the user may read, in ONE query."""
        company = company or self.env.company
        if not partners:
            return {}
        query = self._search([("partner_id", "in", partners.ids),
                              ("company_id", "=", company.id)], order="id")
        partner_column = SQL.identifier(query.table, "partner_id")
        query.order = SQL("%s, %s DESC, %s DESC", partner_column,
                          SQL.identifier(query.table, "year"),
                          SQL.identifier(query.table, "id"))
        rows = self.env.execute_query(query.select(SQL(
            "DISTINCT ON (%s) %s, %s", partner_column, partner_column,
            SQL.identifier(query.table, "id"))))
        return {partner_id: self.browse(statement_id) for partner_id, statement_id in rows}

    def _comparison_statements(self):
        """{statement: [its statements of year − 2, year − 1 (or empty), itself]}: the same
        customer and company; one search for all."""
        if not self:
            return {}
        years = [year for year in self.mapped("year") if year] or [0]
        others = self.search([
            ("partner_id", "in", self.partner_id.ids),
            ("company_id", "in", self.company_id.ids),
            ("year", ">=", min(years) - 2),
            ("year", "<", max(years)),
            # Being edited: the saved version is not a year of its own.
            ("id", "not in", [statement._origin.id for statement in self
                              if not statement.id and statement._origin]),
        ])
        by_key = {(other.partner_id.id, other.company_id.id, other.year): other
                  for other in others}
        return {
            statement: [by_key.get((statement.partner_id.id, statement.company_id.id,
                                    statement.year - offset), self.browse())
                        for offset in (2, 1)] + [statement]
            for statement in self
        }

    def _comparison_rows(self, columns):
        """The rows of the side-by-side table: sections, lines with one formatted value per
        column (empty column: no statement that year), ratios with their formula."""
        def label(fname):
            return self._fields[fname]._description_string(self.env)

        def line(fname, statement):
            return statement._format(statement[fname]) if statement else "—"

        def ratio(fname, statement):
            return statement._ratio_display(fname) if statement else "—"

        rows = []
        for title, fnames, formatter in (
                (_("Balance Sheet: Assets"), BALANCE_SHEET_ASSETS, line),
                (_("Balance Sheet: Liabilities and Equity"), BALANCE_SHEET_LIABILITIES, line),
                (_("Income Statement"), INCOME_STATEMENT, line),
                (_("Ratios"), RATIO_FIELDS, ratio)):
            rows.append({"section": title})
            for fname in fnames:
                rows.append({
                    "label": label(fname),
                    "indent": fname in SUB_LINES,
                    "total": fname in ("total_assets", "total_liabilities", "equity"),
                    "help": self._fields[fname].help if formatter is ratio else "",
                    "values": [formatter(fname, statement) for statement in columns],
                    "undefined": [bool(statement) and formatter is ratio
                                  and fname in statement._undefined_ratio_list()
                                  for statement in columns],
                })
        return rows

    def _render_comparison(self, columns, formulas=False):
        self.ensure_one()
        return self.env["ir.qweb"]._render("customer_credit.statement_comparison_table", {
            "statement": self,
            "columns": columns,
            "years": [self.year - 2, self.year - 1, self.year],
            "rows": self._comparison_rows(columns),
            "formulas": formulas,
        })

    def _render_comparison_pdf(self):
        """The side-by-side table for print, with the formulas of the ratios."""
        self.ensure_one()
        return self._render_comparison(self._comparison_statements()[self], formulas=True)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_print_comparison(self):
        return self.env.ref(
            "customer_credit.action_report_credit_statement_comparison").report_action(self)

    def action_view_report(self):
        self.ensure_one()
        if not self.report_id:
            raise UserError(_("These statements are not linked to an investigation report."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "customer.credit.report",
            "res_id": self.report_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
