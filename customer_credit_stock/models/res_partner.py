from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _archive_transfer_documents(self, old_user):
        """Deliveries not done go to the new salesperson with the customers (the seed's
        worry: a salesperson leaving with the delivery notes, 发货单据)."""
        pickings = self.env["stock.picking"].sudo().search([
            ("partner_id", "child_of", self.ids), ("user_id", "=", old_user.id),
            ("picking_type_code", "=", "outgoing"), ("state", "not in", ("done", "cancel"))])
        return [*super()._archive_transfer_documents(old_user), (pickings, "user_id")]
