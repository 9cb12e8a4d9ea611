from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.customer_satisfaction_attribute import DIMENSIONS

# The customer attributes (res.partner fields) a population can be segmented by.
SEGMENT_FIELDS = [
    ("archive_tier", "Tier"),
    ("archive_volume_class", "Volume Class"),
    ("archive_time_class", "By Time"),
    ("customer_nature", "Nature"),
    ("user_id", "Salesperson"),
    ("country_id", "Country"),
    ("industry_id", "Industry"),
]


class CustomerSatisfactionIndex(models.TransientModel):
    """The company-wide satisfaction index (DOMAIN §3): the customers of a company are split
    into segments by one attribute; the index is Σ (share of the customers in segment i ×
    satisfaction of the customers of segment i), a segment-weighted mean that corrects for
    segments answering more or less often than others."""

    _name = "customer.satisfaction.index"
    _inherit = ["customer.satisfaction.analysis"]
    _description = "Company Satisfaction Index"

    segment_field = fields.Selection(
        SEGMENT_FIELDS, "Segment By", required=True, default="archive_tier",
        help="The customer attribute that splits the customers into segments. Customers "
        "without a value form the segment 'Undefined'.")
    date_from = fields.Date(
        default=lambda self: fields.Date.context_today(self) - relativedelta(years=1, days=-1))
    company_id = fields.Many2one(
        help="The customers are the commercial partners whose archive belongs to this "
        "company (active ones).")
    dimension = fields.Selection(
        DIMENSIONS,
        help="Empty: the overall satisfaction. A dimension: the satisfaction of that dimension "
        "instead, from the latest answer of each customer that rated it.")

    # Results
    satisfaction_index = fields.Float(
        digits=(16, 2), readonly=True,
        help="Σ (share of the customers in the segment × mean satisfaction of the segment's "
        "respondents), 0-100. Segments without any answer in the period have no satisfaction: "
        "the shares are renormalised over the segments that have one.")
    has_index = fields.Boolean(readonly=True)
    customer_count = fields.Integer(
        "Customers", readonly=True, help="Customers of the company (the population).")
    respondent_count = fields.Integer(
        "Respondents", readonly=True,
        help="Customers with at least one scored answer in the period (for a dimension: one "
        "that rated the dimension).")
    coverage = fields.Float(
        "Response Coverage (%)", digits=(16, 2), readonly=True,
        help="Respondents / customers.")
    line_ids = fields.One2many("customer.satisfaction.index.line", "index_id", "Segments",
                               readonly=True)

    # ------------------------------------------------------------------
    # Onchanges
    # ------------------------------------------------------------------
    @api.onchange("segment_field", "date_from", "date_to", "company_id", "dimension")
    def _onchange_parameters(self):
        self.computed = False

    # ------------------------------------------------------------------
    # Segments (shared with the retention analysis)
    # ------------------------------------------------------------------
    @api.model
    def _segment_sql(self, field_name, company, alias):
        """SQL expression of the customer attribute ``field_name`` on the res_partner
        ``alias`` (company-dependent fields as seen from ``company``)."""
        if field_name not in self._fields["segment_field"].get_values(self.env):
            raise UserError(_("Customers cannot be segmented by %(field)s.", field=field_name))
        return self.env["res.partner"].with_company(company)._field_to_sql(alias, field_name)

    @api.model
    def _segment_labels(self, field_name, values):
        """[(value, label)] of the segment values in display order: a selection in its own
        order, records by name, the empty value last as 'Undefined'."""
        field = self.env["res.partner"]._fields[field_name]
        values = set(values)
        result = []
        if field.type == "selection":
            for value, label in field._description_selection(self.env):
                if value in values:
                    result.append((value, label))
        else:
            records = self.env[field.comodel_name].sudo().with_context(
                active_test=False).browse(sorted(value for value in values if value))
            result = sorted(((record.id, record.display_name) for record in records),
                            key=lambda item: (item[1] or "").lower())
        known = {value for value, __ in result}
        result += [(value, str(value)) for value in values if value and value not in known]
        if None in values or False in values:
            result.append((False, _("Undefined")))
        return result

    @api.model
    def _segment_domain(self, field_name, value, company):
        """Domain of res.partner for the customers of the segment ``value``."""
        field = self.env["res.partner"]._fields[field_name]
        if field.type == "many2one":
            value = int(value) if value else False
        if field.company_dependent:
            partners = self.env["res.partner"].with_company(company).with_context(
                active_test=False).search(
                self._customer_domain(company) + [(field_name, "=", value or False)])
            return [("id", "in", partners.ids)]
        return self._customer_domain(company) + [(field_name, "=", value or False)]

    @api.model
    def _customer_domain(self, company):
        """The customers of a company: those whose archive it owns."""
        return self.env["res.partner"]._customer_domain(company)

    @api.model
    # ------------------------------------------------------------------
    # Computation
    # ------------------------------------------------------------------
    def _get_segments(self):
        """[{value, customers, respondents, satisfaction}] per segment, in one SQL statement:
        the population per segment joined to the latest score of each customer in the
        period (for a dimension: the latest score that rated the dimension)."""
        self.ensure_one()
        self.company_id._archive_check_allowed()
        self.env["customer.satisfaction.score"].check_access("read")
        Score = self.env["customer.satisfaction.score"]
        Score.flush_model(["partner_id", "company_id", "date", "overall", "score_product",
                           "score_service", "score_economy", "score_image",
                           "answered_dimensions"])
        self.env["res.partner"].flush_model(["archive_company_id", "active", "is_company",
                                             "parent_id"])
        if self.dimension:
            value_column = SQL.identifier("score", f"score_{self.dimension}")
            answered = SQL("%s = ANY(string_to_array(score.answered_dimensions, ','))",
                           self.dimension)
        else:
            value_column = SQL.identifier("score", "overall")
            answered = SQL("COALESCE(score.answered_dimensions, '') != ''")
        segment = self._segment_sql(self.segment_field, self.company_id, "partner")
        rows = self.env.execute_query(SQL(
            """
            WITH latest AS (
                SELECT DISTINCT ON (score.partner_id) score.partner_id, %(value)s AS value
                  FROM customer_satisfaction_score score
                 WHERE score.company_id = %(company_id)s
                   AND score.date BETWEEN %(date_from)s AND %(date_to)s
                   AND %(answered)s
              ORDER BY score.partner_id, score.date DESC, score.id DESC
            )
            SELECT %(segment)s AS segment, COUNT(*), COUNT(latest.partner_id),
                   AVG(latest.value)
              FROM res_partner partner
         LEFT JOIN latest ON latest.partner_id = partner.id
             WHERE partner.archive_company_id = %(company_id)s
               AND partner.archive_number IS NOT NULL
               AND partner.active
               AND %(customer)s
          GROUP BY 1
            """,
            customer=self.env["res.partner"]._customer_sql("partner"), value=value_column,
            answered=answered, segment=segment,
            company_id=self.company_id.id, date_from=self.date_from, date_to=self.date_to))
        by_value = {value or False: (customers, respondents, mean)
                    for value, customers, respondents, mean in rows}
        return [{"value": value, "label": label, "customers": by_value[value][0],
                 "respondents": by_value[value][1], "satisfaction": by_value[value][2]}
                for value, label in self._segment_labels(self.segment_field, by_value)]

    @api.model
    def _weigh_segments(self, segments):
        """Add share, weight and contribution to each segment and return the totals: share =
        customers of the segment / all customers; weight = the share renormalised over the
        segments with a satisfaction; contribution = weight × satisfaction; the index is
        Σ contributions (None without any answer)."""
        customers = sum(segment["customers"] for segment in segments)
        answered = sum(segment["customers"] for segment in segments
                       if segment["respondents"])
        respondents = sum(segment["respondents"] for segment in segments)
        index = None
        for segment in segments:
            segment["share"] = segment["customers"] / customers * 100 if customers else 0.0
            if segment["respondents"]:
                segment["weight"] = segment["customers"] / answered * 100
                segment["contribution"] = segment["weight"] * segment["satisfaction"] / 100
                index = (index or 0.0) + segment["contribution"]
            else:
                segment["weight"] = segment["contribution"] = 0.0
        return {
            "index": index,
            "customers": customers,
            "respondents": respondents,
            "coverage": respondents / customers * 100 if customers else 0.0,
        }

    def action_compute(self):
        """Compute the index and its segments (the form shows them)."""
        no_answers = _("No answers")
        for wizard in self:
            segments = wizard._get_segments()
            totals = wizard._weigh_segments(segments)
            wizard.write({
                "computed": True,
                "satisfaction_index": totals["index"] or 0.0,
                "has_index": totals["index"] is not None,
                "customer_count": totals["customers"],
                "respondent_count": totals["respondents"],
                "coverage": totals["coverage"],
                "line_ids": [Command.clear()] + [Command.create({
                    "sequence": sequence,
                    "segment_value": str(segment["value"]) if segment["value"] else False,
                    "name": segment["label"],
                    "customer_count": segment["customers"],
                    "share": segment["share"],
                    "respondent_count": segment["respondents"],
                    "has_answers": bool(segment["respondents"]),
                    "note": False if segment["respondents"] else no_answers,
                    "satisfaction": segment["satisfaction"] or 0.0,
                    "weight": segment["weight"],
                    "contribution": segment["contribution"],
                }) for sequence, segment in enumerate(segments)],
            })
        return True

    def action_open_chart(self):
        """The contributions of the segments as a chart."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_satisfaction.customer_satisfaction_index_line_action")
        action["domain"] = [("index_id", "=", self.id)]
        return action
