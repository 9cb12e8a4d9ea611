from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.customer_figures import CUSTOMER_DOMAIN

GROUP_ARCHIVE_CUSTODIAN = "customer_archive.group_archive_custodian"


class CustomerArchiveTransfer(models.TransientModel):
    """A salesperson leaves: the custodian moves the salesperson's customers, all or chosen
    ones, to another salesperson. The archives stay with the company; the open activities
    follow the customers; each customer records who moved it, from whom to whom and why."""

    _name = "customer.archive.transfer"
    _description = "Transfer Customers to Another Salesperson"

    source_user_id = fields.Many2one(
        "res.users", "From Salesperson", required=True,
        default=lambda self: self._default_source_user(),
        domain=[("share", "=", False)], context={"active_test": False},
        help="The salesperson who leaves or hands over customers; may already be archived.")
    target_user_id = fields.Many2one(
        "res.users", "To Salesperson", required=True,
        domain=[("share", "=", False), ("active", "=", True)],
        help="The salesperson who takes the customers over.")
    scope = fields.Selection(
        [("all", "All Customers"), ("chosen", "Chosen Customers")], "Customers",
        required=True, default=lambda self: "chosen" if self._default_partners() else "all",
        help="All: every customer of the salesperson. Chosen: only the customers listed.")
    partner_ids = fields.Many2many(
        "res.partner", string="Chosen Customers",
        default=lambda self: self._default_partners(),
        domain="[('user_id', '=', source_user_id), ('parent_id', '=', False)]")
    reason = fields.Text(
        required=True,
        help="Why the customers change salesperson, e.g. the salesperson leaves the company. "
        "Recorded on each customer.")
    customer_count = fields.Integer("Customers to Move", compute="_compute_customer_count")

    @api.model
    def _default_partners(self):
        if self.env.context.get("active_model") != "res.partner":
            return self.env["res.partner"]
        return self.env["res.partner"].browse(self.env.context.get("active_ids", [])).filtered(
            lambda partner: partner.user_id).filtered_domain(CUSTOMER_DOMAIN)

    @api.model
    def _default_source_user(self):
        users = self._default_partners().user_id
        return users if len(users) == 1 else self.env["res.users"]

    @api.depends("scope", "source_user_id", "partner_ids")
    def _compute_customer_count(self):
        for wizard in self:
            wizard.customer_count = len(wizard._customers())

    @api.onchange("source_user_id")
    def _onchange_source_user_id(self):
        self.partner_ids = self.partner_ids.filtered(
            lambda partner: partner.user_id == self.source_user_id)

    def _customers(self):
        """The customers (companies and individuals, not their contacts) to move."""
        self.ensure_one()
        if not self.source_user_id:
            return self.env["res.partner"]
        if self.scope == "all":
            return self.env["res.partner"].search(
                [("user_id", "=", self.source_user_id.id), *CUSTOMER_DOMAIN])
        return self.partner_ids.filtered_domain(
            [("user_id", "=", self.source_user_id.id), *CUSTOMER_DOMAIN])

    def action_transfer(self):
        self.ensure_one()
        if not self.env.user.has_group(GROUP_ARCHIVE_CUSTODIAN):
            raise AccessError(_("Only archive custodians move customers between salespeople."))
        old_user, new_user = self.source_user_id, self.target_user_id
        if old_user == new_user:
            raise UserError(_("The customers already belong to %s: choose another salesperson.",
                              new_user.name))
        if not new_user.active:
            raise UserError(_("%s is archived: choose an active salesperson.", new_user.name))
        customers = self._customers()
        if not customers:
            raise UserError(_("%s has no customer to move.", old_user.name)
                            if self.scope == "all" else _("Choose the customers to move."))
        # Their contacts that carry the same salesperson follow them.
        contacts = customers.child_ids.filtered(lambda contact: contact.user_id == old_user)
        moved = customers | contacts
        # The custodian may not edit partners or sales documents: the move is his decision,
        # checked above, carried out as the system.
        moved.sudo().write({"user_id": new_user.id})
        reviewed = customers.filtered(lambda partner: partner.archive_reviewer_id == old_user)
        if reviewed:
            reviewed.sudo().write({"archive_reviewer_id": new_user.id})
        handed_over = customers._archive_transfer_hook(old_user, new_user)
        activities = self.env["mail.activity"].sudo().search([
            ("res_model", "=", "res.partner"), ("res_id", "in", moved.ids),
            ("user_id", "=", old_user.id)])
        activities.with_context(mail_activity_quick_update=True).write(
            {"user_id": new_user.id})
        # Activities per customer, its contacts' counted with it.
        owner = {contact.id: contact.parent_id.id for contact in contacts}
        counts = {}
        for activity in activities:
            customer_id = owner.get(activity.res_id, activity.res_id)
            counts[customer_id] = counts.get(customer_id, 0) + 1
        bodies = {
            customer.id: Markup("<p>%s</p><p>%s</p>") % (
                _("Salesperson changed from %(old)s to %(new)s by %(user)s; %(count)s open "
                  "activities reassigned, %(documents)s open documents (quotations, orders, "
                  "deliveries, unpaid invoices, plans, limit requests, credit holds) handed "
                  "over.", old=old_user.name, new=new_user.name, user=self.env.user.name,
                  count=counts.get(customer.id, 0), documents=handed_over.get(customer.id, 0)),
                _("Reason: %s", self.reason))
            for customer in customers
        }
        customers.sudo()._message_log_batch(
            bodies=bodies, author_id=self.env.user.partner_id.id)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("%(count)s customers moved from %(old)s to %(new)s.",
                             count=len(customers), old=old_user.name, new=new_user.name),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
