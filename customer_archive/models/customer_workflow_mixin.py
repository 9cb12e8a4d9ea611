from odoo import _, api, models
from odoo.exceptions import AccessError


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

    def _workflow_changed(self, vals):
        """The workflow fields of ``vals`` whose value differs from a record's."""
        changed = set()
        for name in self._workflow_fields() & vals.keys():
            field = self._fields[name]
            for record in self:
                new = field.convert_to_cache(vals[name], record, validate=False)
                if new != field.convert_to_cache(record[name], record, validate=False):
                    changed.add(name)
                    break
        return changed

    def _workflow_refuse(self, names):
        labels = ", ".join(sorted(self._fields[name]._description_string(self.env)
                                  for name in names))
        raise AccessError(_(
            "%(fields)s of %(model)s change only through its buttons (actions), which check "
            "who may take each step: they cannot be written directly.",
            fields=labels, model=self._description))

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
            changed = self._workflow_changed(vals)
            if changed:
                self._workflow_refuse(changed)
        return super().write(vals)

    def copy_data(self, default=None):
        """A copy starts the workflow afresh: its workflow fields take their defaults."""
        vals_list = super().copy_data(default)
        names = self._workflow_fields() - set(default or ())
        for vals in vals_list:
            for name in names & vals.keys():
                del vals[name]
        return vals_list
