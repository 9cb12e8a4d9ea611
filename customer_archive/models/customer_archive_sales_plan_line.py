from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CustomerArchiveSalesPlanLine(models.Model):
    """One line of a customer's monthly sales plan (销售计划): what we plan to sell to the
    customer in a month, for one product or, without a product, for everything else."""

    _name = "customer.archive.sales.plan.line"
    _description = "Customer Sales Plan Line"
    _order = "partner_id, date, product_id, id"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, ondelete="cascade", index=True,
        domain="[('parent_id', '=', False)]")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(
        "Month", required=True, default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="The planned month; any day is stored as the first day of its month.")
    year = fields.Integer(compute="_compute_year", store=True)
    product_id = fields.Many2one(
        "product.product", ondelete="restrict",
        help="Compared with the sales of this product. Without a product, the line plans "
        "the customer's sales of every product that has no plan line of its own in the year.")
    quantity = fields.Float("Planned Quantity", digits="Product Unit of Measure")
    amount = fields.Monetary(
        "Planned Amount", help="Untaxed, in the company's currency, like the sales record.")
    support = fields.Text(
        "Support and Notes", help="Support promised to the customer for this plan (promotion, "
        "samples, training, delivery schedule) and other notes.")

    @api.depends("date")
    def _compute_year(self):
        for line in self:
            line.year = line.date.year if line.date else 0

    @api.constrains("quantity", "amount")
    def _check_amounts(self):
        for line in self:
            if line.quantity < 0 or line.amount < 0:
                raise ValidationError(_("A planned quantity or amount cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._first_of_month(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._first_of_month(vals)
        return super().write(vals)

    @api.model
    def _first_of_month(self, vals):
        if vals.get("date"):
            vals["date"] = fields.Date.to_date(vals["date"]).replace(day=1)
