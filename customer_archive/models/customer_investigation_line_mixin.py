from odoo import api, models


class CustomerInvestigationLineMixin(models.AbstractModel):
    """Lines of an investigation freeze with it once it is reviewed."""

    _name = "customer.investigation.line.mixin"
    _description = "Customer Investigation Line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.investigation_id._check_not_reviewed()
        return lines

    def write(self, vals):
        self.investigation_id._check_not_reviewed()
        result = super().write(vals)
        self.investigation_id._check_not_reviewed()
        return result

    def unlink(self):
        self.investigation_id._check_not_reviewed()
        return super().unlink()
