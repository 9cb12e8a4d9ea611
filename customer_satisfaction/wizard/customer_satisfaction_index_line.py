from odoo import _, fields, models


class CustomerSatisfactionIndexLine(models.TransientModel):
    """One segment of the company satisfaction index."""

    _name = "customer.satisfaction.index.line"
    _description = "Company Satisfaction Index: Segment"
    _order = "sequence, id"

    index_id = fields.Many2one("customer.satisfaction.index", required=True,
                               ondelete="cascade", index=True)
    company_id = fields.Many2one(related="index_id.company_id", store=True)
    sequence = fields.Integer()
    segment_value = fields.Char(help="Technical value of the segment (empty: Undefined).")
    name = fields.Char("Segment", required=True)
    customer_count = fields.Integer("Customers")
    share = fields.Float("Share (%)", digits=(16, 2),
                         help="Customers of the segment / all customers.")
    respondent_count = fields.Integer(
        "Respondents", help="Customers of the segment with a scored answer in the period.")
    has_answers = fields.Boolean()
    note = fields.Char(help="'No answers': the segment has no satisfaction and its "
                       "share is left out of the index.")
    satisfaction = fields.Float(
        "Mean Satisfaction", digits=(16, 2), aggregator="avg",
        help="Mean of the latest scores of the segment's respondents in the period.")
    weight = fields.Float(
        "Weight (%)", digits=(16, 2),
        help="The share renormalised over the segments with answers (equal to the share when "
        "every segment answered).")
    contribution = fields.Float(
        digits=(16, 2), help="Weight × mean satisfaction; they add up to the "
        "index.")

    def action_open_scores(self):
        """The satisfaction scores of the segment's customers in the period."""
        self.ensure_one()
        wizard = self.index_id
        partners_domain = wizard._segment_domain(
            wizard.segment_field, self.segment_value, wizard.company_id)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_satisfaction.customer_satisfaction_score_action")
        action["name"] = _("Satisfaction Scores: %(segment)s", segment=self.name)
        action["domain"] = [
            ("company_id", "=", wizard.company_id.id),
            ("date", ">=", wizard.date_from), ("date", "<=", wizard.date_to),
            ("partner_id", "any", partners_domain),
        ]
        action["context"] = {"search_default_group_partner": 1}
        return action
