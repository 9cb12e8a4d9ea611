from odoo import _, api, fields, models
from odoo.exceptions import AccessError

# Opened by the customer health refresh (res.partner._health_refresh), never by hand.
HEALTH_SIGNAL_TYPES = [
    ("satisfaction_drop", "Satisfaction Dropping"),
    ("churn_risk", "Churn Risk"),
]
GROUP_CREDIT_ANALYST = "customer_credit.group_credit_analyst"


class CustomerCreditSignal(models.Model):
    """Credit warning signals of the customer health: a dropping satisfaction or a churn
    risk opens a signal; a new or reopened signal refreshes the customer's health, which
    opens a churn-risk record when the signal tells of a customer about to leave."""

    _inherit = "customer.credit.signal"

    signal_type = fields.Selection(
        selection_add=HEALTH_SIGNAL_TYPES,
        ondelete={signal_type: "cascade" for signal_type, __ in HEALTH_SIGNAL_TYPES})

    @api.model_create_multi
    def create(self, vals_list):
        health_types = dict(HEALTH_SIGNAL_TYPES)
        if not (self.env.su or self.env.user.has_group(GROUP_CREDIT_ANALYST)) and any(
                vals.get("signal_type") in health_types for vals in vals_list):
            raise AccessError(_("Satisfaction dropping and churn risk signals are opened by "
                                "the customer health, not by hand."))
        signals = super().create(vals_list)
        self.env["res.partner"]._health_refresh_of(signals)
        return signals

    @api.model
    def _detect_all_signals(self, commit=False):
        # The daily health refresh (03:00, after the 01:30 detection) refreshes every
        # customer and opens the cross-signals of the new signals the same night; doing it
        # for each batch here would refresh the flagged customers twice.
        return super(CustomerCreditSignal, self.with_context(
            health_no_refresh=True))._detect_all_signals(commit=commit)

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals:
            self.env["res.partner"]._health_refresh_of(self)
        return result
