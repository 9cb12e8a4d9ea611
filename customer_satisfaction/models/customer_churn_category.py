from odoo import _, fields, models


class CustomerChurnCategory(models.Model):
    """A kind of churn (客户流失的种类) and the remedy the company applies to it."""

    _name = "customer.churn.category"
    _description = "Churn Category"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True, help="Which customers leave for this cause.")
    remedy = fields.Text(translate=True, help="What the company does to win them back and "
                         "to keep the others (弥补措施).")
    lost_count = fields.Integer(
        "Lost Customers", compute="_compute_lost_count",
        groups="customer_satisfaction.group_satisfaction_user",
        help="Confirmed lost customers of this category (not won back), in the companies of "
        "the user.")

    def _compute_lost_count(self):
        counts = dict(self.env["customer.churn"]._read_group(
            [("category_id", "in", self.ids), ("state", "=", "lost")],
            ["category_id"], ["__count"]))
        for category in self:
            category.lost_count = counts.get(category, 0)

    def action_view_lost_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_satisfaction.customer_churn_action_lost")
        action["domain"] = [("category_id", "=", self.id), ("state", "=", "lost")]
        action["context"] = {"default_category_id": self.id}
        action["display_name"] = _("Lost Customers: %s", self.name)
        return action
