import logging

from odoo import models
from odoo.tools.sql import create_index

_logger = logging.getLogger(__name__)
# On account_move, a table the addon does not own: dropped by the uninstall hook.
SALES_INDEX = "account_move_sale_commercial_partner_idx"


class AccountMove(models.Model):
    _inherit = "account.move"

    # ------------------------------------------------------------------
    # Churn: the customer buys again (point 5)
    # ------------------------------------------------------------------
    def init(self):
        result = super().init()
        # The churn detection, the reactivation, the yearly sales lost and the loyalty
        # figures read a customer's posted sales documents by commercial partner and date.
        create_index(
            self.env.cr, SALES_INDEX, self._table,
            ["commercial_partner_id", "company_id", "invoice_date"],
            where="state = 'posted' AND move_type IN ('out_invoice', 'out_refund')")
        return result

    def _post(self, soft=True):
        posted = super()._post(soft)
        invoices = posted.filtered(lambda move: move.move_type == "out_invoice")
        if invoices:
            self.env["customer.churn"]._reactivate_partners(
                invoices.commercial_partner_id, invoices.company_id)
        return posted

    # ------------------------------------------------------------------
    # Automatic satisfaction survey after a paid invoice (point 2)
    # ------------------------------------------------------------------
    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        self._send_satisfaction_survey()
        return res

    def _send_satisfaction_survey(self):
        """After customer invoices are fully paid: the satisfaction survey of the company's
        settings to their customers, once per customer however many invoices, never twice for
        the same invoice (the hook runs again when an invoice goes from in payment to paid),
        and not to customers surveyed in the company's minimum number of days. Customers
        without an e-mail are skipped silently (logged on the server only)."""
        invoices = self.filtered(
            lambda move: move.move_type == "out_invoice" and move.state == "posted"
            and move.company_id.sudo().satisfaction_survey_invoice_id)
        if not invoices:
            return
        UserInput = self.env["survey.user_input"].sudo()
        surveyed = {invoice for (invoice,) in UserInput._read_group(
            [("satisfaction_invoice_id", "in", invoices.ids)], ["satisfaction_invoice_id"])}
        for company, company_invoices in invoices.filtered(
                lambda move: move not in surveyed).grouped("company_id").items():
            sources = {}
            for invoice in company_invoices.sorted("id"):
                sources[invoice.commercial_partner_id] = {"satisfaction_invoice_id": invoice.id}
            __, skipped = self.env["survey.invite"]._satisfaction_send_automatic(
                company.sudo().satisfaction_survey_invoice_id,
                company_invoices.commercial_partner_id,
                "invoice", company, sources=sources)
            for customer, reason in skipped.items():
                _logger.info("No satisfaction survey after the paid invoice of %s: %s",
                             customer.display_name, reason)
