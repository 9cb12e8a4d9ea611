from odoo import fields, models, tools
from odoo.tools import SQL


class CustomerArchiveTradeRegister(models.Model):
    """Part 3 of the archive (交易): every posted invoice line of the customer, with what of it
    is paid and still owed (the invoice's open share, spread over its lines)."""

    _name = "customer.archive.trade.register"
    _description = "Customer Trade Register"
    _auto = False
    _order = "date desc, move_id desc, id"
    _depends = {
        "account.move": ["commercial_partner_id", "company_id", "invoice_date", "move_type",
                         "state", "amount_total", "amount_total_signed", "amount_residual_signed"],
        "account.move.line": ["move_id", "product_id", "name", "quantity", "price_total",
                              "display_type"],
        "product.product": ["product_tmpl_id"],
    }

    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    move_id = fields.Many2one("account.move", "Invoice", readonly=True)
    date = fields.Date(readonly=True)
    product_tmpl_id = fields.Many2one("product.template", "Product", readonly=True)
    product_id = fields.Many2one("product.product", "Variant", readonly=True)
    name = fields.Char("Description", readonly=True)
    quantity = fields.Float(readonly=True, digits="Product Unit of Measure")
    amount = fields.Monetary(readonly=True, help="Tax included, company currency.")
    paid = fields.Monetary(readonly=True)
    owing = fields.Monetary("Still Owing", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL(
            """
            CREATE VIEW %(table)s AS (
                SELECT line.id, move.commercial_partner_id AS partner_id, move.company_id,
                       company.currency_id, move.id AS move_id, move.invoice_date AS date,
                       product.product_tmpl_id, line.product_id, line.name, line.quantity,
                       amounts.amount, amounts.amount - amounts.owing AS paid, amounts.owing
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
                  JOIN res_company company ON company.id = move.company_id
             LEFT JOIN product_product product ON product.id = line.product_id
                 CROSS JOIN LATERAL (
                     SELECT CASE WHEN move.amount_total = 0 THEN 0
                                 ELSE line.price_total * move.amount_total_signed
                                      / move.amount_total END AS amount
                 ) AS converted
                 CROSS JOIN LATERAL (
                     SELECT converted.amount,
                            CASE WHEN move.amount_total_signed = 0 THEN 0
                                 ELSE converted.amount * move.amount_residual_signed
                                      / move.amount_total_signed END AS owing
                 ) AS amounts
                 WHERE move.move_type = 'out_invoice'
                   AND move.state = 'posted'
                   AND line.display_type = 'product'
            )
            """,
            table=SQL.identifier(self._table),
        ))
