from odoo import _, models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def write(self, vals):
        self._check_not_in_closed_volume()
        return super().write(vals)

    def unlink(self):
        self._check_not_in_closed_volume()
        return super().unlink()

    def _check_not_in_closed_volume(self):
        """The files of a bound document are as closed as the document."""
        if not self.ids:
            return
        bound = self.env["customer.archive.document"].sudo().search(
            [("attachment_ids", "in", self.ids), ("volume_id", "!=", False)], limit=1)
        if bound:
            raise UserError(_(
                "This file belongs to %s, bound into a closed volume: it can only be read.",
                bound.catalogue_number))
