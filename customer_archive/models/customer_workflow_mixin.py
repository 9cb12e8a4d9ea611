from odoo import _, api, models
from odoo.exceptions import AccessError, UserError

from ..tools import changed_values


class CustomerWorkflowMixin(models.AbstractModel):
    """A record whose workflow fields (state, decision, who decided and when) change only
    through its action methods.

    The actions check who may take the step, then write these fields with ``sudo()``. A
    client can send any context key but never a superuser environment, so ``env.su`` is
    the path only server code reaches: a ``write``, ``create``, ``load`` or ``copy`` from
    any client that would set a workflow field is refused with an AccessError."""

    _name = "customer.workflow.mixin"
    _description = "Record Changed Only Through Its Actions"

    @api.model
    def _workflow_fields(self):
        """Names of the fields only the record's actions write."""
        return set()

    @api.model
    def _workflow_draft_fields(self):
        """Names of the fields fixed once the record is no longer a draft (what was asked
        for, who investigated): another request is a new record."""
        return set()

    def _workflow_labels(self, names):
        return ", ".join(sorted(self._fields[name]._description_string(self.env)
                                for name in names))

    def _workflow_refuse(self, names):
        raise AccessError(_(
            "%(fields)s of %(model)s change only through its buttons (actions), which check "
            "who may take each step: they cannot be written directly.",
            fields=self._workflow_labels(names), model=self._description))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            names = self._workflow_fields()
            defaults = self.default_get(list(names))
            for vals in vals_list:
                preset = {name for name in names & vals.keys()
                          if vals[name] and vals[name] != defaults.get(name)}
                if preset:
                    self._workflow_refuse(preset)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            changed = {name for _record, name, _value in changed_values(
                self, vals, self._workflow_fields())}
            if changed:
                self._workflow_refuse(changed)
            frozen = self._workflow_draft_fields() & vals.keys()
            submitted = self.filtered(lambda record: record.state != "draft") if frozen \
                else self.browse()
            if submitted:
                raise UserError(_(
                    "%(records)s: %(fields)s can only change while it is a draft; for other "
                    "terms make a new one.",
                    records=", ".join(submitted.mapped("display_name")),
                    fields=self._workflow_labels(frozen)))
        return super().write(vals)

    def copy_data(self, default=None):
        """A copy starts the workflow afresh: its workflow fields take their defaults."""
        vals_list = super().copy_data(default)
        names = self._workflow_fields() - set(default or ())
        for vals in vals_list:
            for name in names & vals.keys():
                del vals[name]
        return vals_list
