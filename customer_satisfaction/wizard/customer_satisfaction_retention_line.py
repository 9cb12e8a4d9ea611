from odoo import _, fields, models


class CustomerSatisfactionRetentionLine(models.TransientModel):
    """The retention figures of one group (churn category, segment or salesperson)."""

    _name = "customer.satisfaction.retention.line"
    _description = "Customer Retention: Group"
    _order = "sequence, id"

    retention_id = fields.Many2one("customer.satisfaction.retention", required=True,
                                   ondelete="cascade", index=True)
    company_id = fields.Many2one(related="retention_id.company_id", store=True)
    currency_id = fields.Many2one(related="retention_id.currency_id")
    sequence = fields.Integer()
    group_value = fields.Char(help="Technical value of the group (empty: Undefined).")
    name = fields.Char("Group", required=True)
    customers_start = fields.Integer("Customers at the Start")
    customers_new = fields.Integer("New Customers")
    customers_lost = fields.Integer("Lost Customers")
    customers_end = fields.Integer("Customers at the End")
    retention_rate = fields.Float(
        "Retention Rate (%)", digits=(16, 2), aggregator=None,
        help="(Customers at the end − new customers) / customers at the start; empty without "
        "customers at the start.")
    has_retention_rate = fields.Boolean()
    sales_lost = fields.Monetary("Sales Lost to Churn")
    lost_churn_ids = fields.Many2many(
        "customer.churn", "customer_satisfaction_retention_line_churn_rel", "line_id",
        "churn_id", "Lost Customer Records")

    def action_open_lost(self):
        """The loss records of the group's customers lost in the period."""
        self.ensure_one()
        return self.retention_id._action_open_churns(
            self.lost_churn_ids, _("Lost Customers: %(group)s", group=self.name))
