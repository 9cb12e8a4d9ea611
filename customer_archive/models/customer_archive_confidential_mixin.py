from odoo import api, fields, models


class CustomerArchiveConfidentialMixin(models.AbstractModel):
    """A confidential part of the archive: what others than the customer's salesperson and the
    custodians read of it (through a loan) is logged, whatever the path: read, search_read
    and the web client's web_read (all through _read_format), grouped reads, exports and
    name searches."""

    _name = "customer.archive.confidential.mixin"
    _description = "Confidential Part of a Customer Archive"

    def _archive_partner(self):
        return self.partner_id

    def _read_format(self, fnames, load="_classic_read"):
        # The common path of read(), search_read() and the web client's web_read().
        result = super()._read_format(fnames, load=load)
        self._log_archive_reads("read")
        return result

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False,
                   lazy=True):
        # The web client's grouped lists, pivots and graphs: the records in the groups.
        result = super().read_group(domain, fields, groupby, offset=offset, limit=limit,
                                    orderby=orderby, lazy=lazy)
        if self._archive_reads_logged():
            self.search(domain)._log_archive_reads("group")
        return result

    def export_data(self, fields_to_export):
        self._log_archive_reads("export")
        return super().export_data(fields_to_export)

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        result = super().name_search(name=name, args=args, operator=operator, limit=limit)
        self.browse([record_id for record_id, _name in result])._log_archive_reads("search")
        return result

    @api.model
    def _archive_reads_logged(self):
        """Whether the current user's reads are logged: not for custodians, nor for server
        code running as superuser."""
        return not self.env.su and not self.env.user.has_group(
            "customer_archive.group_archive_custodian")

    def _log_archive_reads(self, method):
        if not self or not self._archive_reads_logged():
            return
        user = self.env.user
        others = self.filtered(
            lambda record: record.sudo()._archive_partner().user_id != user)
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
            "access_method": method,
        } for record in others])
