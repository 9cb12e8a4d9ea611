from odoo import fields, models


class CustomerArchiveConfidentialMixin(models.AbstractModel):
    """A confidential part of the archive: what others than the customer's salesperson and the
    custodians read of it (through a loan) is logged."""

    _name = "customer.archive.confidential.mixin"
    _description = "Confidential Part of a Customer Archive"

    def _archive_partner(self):
        return self.partner_id

    def _read_format(self, fnames, load="_classic_read"):
        # The common path of read(), search_read() and the web client's web_read().
        result = super()._read_format(fnames, load=load)
        self._log_archive_reads()
        return result

    def _log_archive_reads(self):
        user = self.env.user
        if self.env.su or user.has_group("customer_archive.group_archive_custodian"):
            return
        others = self.filtered(lambda record: record._archive_partner().user_id != user)
        if not others:
            return
        loans = self.env["customer.archive.loan"].sudo().search([
            ("borrower_id", "=", user.id), ("is_current", "=", True),
            ("partner_id", "in", others.sudo()._archive_partner().ids)])
        loan_by_partner = {loan.partner_id: loan for loan in loans}
        now = fields.Datetime.now()
        self.env["customer.archive.access.log"].sudo().create([{
            "user_id": user.id,
            "partner_id": record.sudo()._archive_partner().id,
            "loan_id": loan_by_partner.get(record.sudo()._archive_partner(), loans.browse()).id,
            "res_model": record._name,
            "res_id": record.id,
            "record_name": record.sudo().display_name,
            "read_on": now,
        } for record in others])
