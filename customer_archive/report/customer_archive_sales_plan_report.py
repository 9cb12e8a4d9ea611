from odoo import fields, models, tools
from odoo.tools import SQL


class CustomerArchiveSalesPlanReport(models.Model):
    """The plan against the sales record (销售计划与销售记录), month by month.

    One row per customer, company, month of a planned year and product key: the product of
    the year's plan lines, or none for every other product. Each year a customer has plan
    lines in gets its twelve months, so that the running totals (cumulative plan and actual
    within the year, by window functions) add up when grouped by month. Actual sales are the
    posted customer invoices less credit notes, untaxed, in the company's currency, by
    invoice date.
    """

    _name = "customer.archive.sales.plan.report"
    _description = "Sales Plan against Sales Record"
    _auto = False
    _order = "date, partner_id, product_id"
    _depends = {
        "account.move": ["commercial_partner_id", "company_id", "invoice_date", "move_type",
                         "state"],
        "account.move.line": ["move_id", "product_id", "quantity", "balance", "display_type"],
        "customer.archive.sales.plan.line": ["partner_id", "company_id", "date", "product_id",
                                             "quantity", "amount"],
    }

    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date = fields.Date("Month", readonly=True)
    year = fields.Integer(readonly=True, aggregator=False)
    product_id = fields.Many2one(
        "product.product", readonly=True,
        help="Empty: every product without a plan line of its own in the year.")
    plan_quantity = fields.Float("Planned Quantity", readonly=True)
    actual_quantity = fields.Float("Sold Quantity", readonly=True)
    plan_amount = fields.Monetary("Plan", readonly=True)
    actual_amount = fields.Monetary(
        "Actual", readonly=True,
        help="Posted invoices less credit notes, untaxed, in the company's currency.")
    difference = fields.Monetary("Actual − Plan", readonly=True)
    cumulative_plan = fields.Monetary(
        readonly=True,
        help="Running total of the plan from January to this month. Group by month to add "
        "up the running totals of several customers or products.")
    cumulative_actual = fields.Monetary(
        readonly=True,
        help="Running total of the actual sales from January to this month.")
    achievement_rate = fields.Float(
        "Achievement (%)", readonly=True, digits=(16, 1),
        help="Actual / plan × 100; undefined (empty) when the plan is 0. Totals are computed "
        "from the summed actual and plan, not averaged.")
    cumulative_rate = fields.Float(
        "Cumulative Achievement (%)", readonly=True, digits=(16, 1),
        help="Cumulative actual / cumulative plan × 100; undefined when the cumulative plan "
        "is 0.")
    rate_defined = fields.Boolean("Has a Plan", readonly=True)

    _RATIOS = {
        "achievement_rate": ("actual_amount", "plan_amount"),
        "cumulative_rate": ("cumulative_actual", "cumulative_plan"),
    }

    def _read_group_select(self, aggregate_spec, query):
        # A rate of a group is the ratio of its sums, not the sum or mean of its rates.
        fname, _dummy, func = models.parse_read_group_spec(aggregate_spec)
        if fname in self._RATIOS and func in ("sum", "avg"):
            actual, plan = (self._field_to_sql(self._table, name, query)
                            for name in self._RATIOS[fname])
            return SQL("100.0 * SUM(%s) / NULLIF(SUM(%s), 0)", actual, plan)
        return super()._read_group_select(aggregate_spec, query)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL(
            """
            CREATE VIEW %(table)s AS (
                WITH plan AS (
                    SELECT partner_id, company_id, date AS month,
                           date_trunc('year', date)::date AS year_start, product_id,
                           SUM(quantity) AS quantity, SUM(amount) AS amount
                      FROM customer_archive_sales_plan_line
                     GROUP BY partner_id, company_id, date, product_id
                ), plan_year AS (
                    SELECT DISTINCT partner_id, company_id, year_start FROM plan
                ), planned_product AS (
                    SELECT DISTINCT partner_id, company_id, year_start, product_id
                      FROM plan WHERE product_id IS NOT NULL
                ), sold AS (
                    SELECT py.partner_id, py.company_id, py.year_start,
                           date_trunc('month', move.invoice_date)::date AS month,
                           line.product_id,
                           SUM(-line.balance) AS amount,
                           SUM(CASE WHEN move.move_type = 'out_refund' THEN -line.quantity
                                    ELSE line.quantity END) AS quantity
                      FROM plan_year py
                      JOIN account_move move
                        ON move.commercial_partner_id = py.partner_id
                       AND move.company_id = py.company_id
                       AND move.invoice_date >= py.year_start
                       AND move.invoice_date < py.year_start + INTERVAL '1 year'
                      JOIN account_move_line line ON line.move_id = move.id
                     WHERE %(sales)s
                       AND line.display_type = 'product'
                     GROUP BY 1, 2, 3, 4, 5
                ), actual AS (
                    SELECT sold.partner_id, sold.company_id, sold.year_start, sold.month,
                           pp.product_id, SUM(sold.amount) AS amount,
                           SUM(sold.quantity) AS quantity
                      FROM sold
                 LEFT JOIN planned_product pp
                        ON pp.partner_id = sold.partner_id
                       AND pp.company_id = sold.company_id
                       AND pp.year_start = sold.year_start
                       AND pp.product_id = sold.product_id
                     GROUP BY 1, 2, 3, 4, 5
                ), product_key AS (
                    SELECT partner_id, company_id, year_start, product_id FROM plan
                     UNION
                    SELECT partner_id, company_id, year_start, product_id FROM actual
                ), grid AS (
                    SELECT k.partner_id, k.company_id, k.year_start, k.product_id,
                           (k.year_start + make_interval(months => m.n))::date AS month
                      FROM product_key k
                     CROSS JOIN generate_series(0, 11) AS m(n)
                ), monthly AS (
                    SELECT grid.*,
                           COALESCE(plan.quantity, 0) AS plan_quantity,
                           COALESCE(plan.amount, 0) AS plan_amount,
                           COALESCE(actual.quantity, 0) AS actual_quantity,
                           COALESCE(actual.amount, 0) AS actual_amount
                      FROM grid
                 LEFT JOIN plan
                        ON plan.partner_id = grid.partner_id
                       AND plan.company_id = grid.company_id
                       AND plan.month = grid.month
                       AND plan.product_id IS NOT DISTINCT FROM grid.product_id
                 LEFT JOIN actual
                        ON actual.partner_id = grid.partner_id
                       AND actual.company_id = grid.company_id
                       AND actual.month = grid.month
                       AND actual.product_id IS NOT DISTINCT FROM grid.product_id
                ), running AS (
                    SELECT monthly.*,
                           SUM(plan_amount) OVER key_year AS cumulative_plan,
                           SUM(actual_amount) OVER key_year AS cumulative_actual
                      FROM monthly
                    WINDOW key_year AS (
                        PARTITION BY partner_id, company_id, year_start, product_id
                        ORDER BY month)
                )
                SELECT row_number() OVER (
                           ORDER BY running.month, running.partner_id, running.company_id,
                                    running.product_id NULLS FIRST) AS id,
                       running.partner_id, partner.user_id, running.company_id,
                       company.currency_id, running.month AS date,
                       EXTRACT(YEAR FROM running.month)::int AS year, running.product_id,
                       running.plan_quantity, running.actual_quantity,
                       running.plan_amount, running.actual_amount,
                       running.actual_amount - running.plan_amount AS difference,
                       running.cumulative_plan, running.cumulative_actual,
                       100.0 * running.actual_amount
                           / NULLIF(running.plan_amount, 0) AS achievement_rate,
                       100.0 * running.cumulative_actual
                           / NULLIF(running.cumulative_plan, 0) AS cumulative_rate,
                       running.plan_amount <> 0 AS rate_defined
                  FROM running
                  JOIN res_partner partner ON partner.id = running.partner_id
                  JOIN res_company company ON company.id = running.company_id
            )
            """,
            table=SQL.identifier(self._table),
            sales=self.env["account.move"]._sales_condition("move"),
        ))
