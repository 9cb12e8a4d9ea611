from odoo import api, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    @api.model
    def _create_scheduled(self, vals_list):
        """Create the activities of a scheduled job in one batch, as superuser.

        Odoo e-mails the assignee of each activity created for someone else, one rendered
        message per activity (about fifteen queries each). A daily job assigns hundreds of
        activities per salesperson on a large customer base: its activities appear in the
        assignees' activity menus without those e-mails, as Odoo's own bulk updates do with
        ``mail_activity_quick_update``.
        """
        return self.sudo().with_context(mail_activity_quick_update=True).create(vals_list)
