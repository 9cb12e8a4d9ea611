from odoo import fields, models, tools
from odoo.tools import SQL


class CustomerArchiveReturnsRegister(models.Model):
    """Part 4 of the archive (退赔折价): every posted credit note of the customer with its
    reason and who was at fault."""

    _name = "customer.archive.returns.register"
    _description = "Customer Returns and Discounts Register"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "account.move": ["commercial_partner_id", "company_id", "invoice_date", "move_type",
                         "state", "archive_return_reason_id", "archive_fault", "ref",
                         "amount_total_signed", "amount_untaxed_signed"],
    }

    partner_id = fields.Many2one("res.partner", "Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    move_id = fields.Many2one("account.move", "Credit Note", readonly=True)
    date = fields.Date(readonly=True)
    reason_id = fields.Many2one("customer.archive.return.reason", readonly=True)
    fault = fields.Selection(
        selection=lambda self: self.env["account.move"]._fields["archive_fault"].selection,
        string="At Fault", readonly=True)
    explanation = fields.Char(readonly=True)
    amount = fields.Monetary(readonly=True, help="Tax included, company currency.")
    amount_untaxed = fields.Monetary("Untaxed Amount", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL(
            """
            CREATE VIEW %(table)s AS (
                SELECT move.id, move.commercial_partner_id AS partner_id, move.company_id,
                       company.currency_id, move.id AS move_id, move.invoice_date AS date,
                       move.archive_return_reason_id AS reason_id, move.archive_fault AS fault,
                       move.ref AS explanation, -move.amount_total_signed AS amount,
                       -move.amount_untaxed_signed AS amount_untaxed
                  FROM account_move move
                  JOIN res_company company ON company.id = move.company_id
                 WHERE move.move_type = 'out_refund'
                   AND move.state = 'posted'
            )
            """,
            table=SQL.identifier(self._table),
        ))
