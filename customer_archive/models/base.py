from odoo import models
from odoo.tools import SQL


class Base(models.AbstractModel):
    _inherit = "base"

    def _write_columns(self, columns, rows):
        """Store values computed in bulk with one UPDATE of the model's table, bypassing
        the ORM's per-record work (tracking, sanitizing): for untracked figures and texts
        built from escaped values only. ``self``: the records written, invalidated after.

        :param columns: (field name, SQL type) pairs, the types written in code only
        :param rows: tuples of a record id and its values, in the order of ``columns``
        """
        if not rows:
            return
        values = list(zip(*rows, strict=True))
        names = [name for name, _sql_type in columns]
        self.flush_model(names)
        self.env.cr.execute(SQL(
            "UPDATE %(table)s t SET %(assignments)s FROM unnest(%(arrays)s) AS v(id, %(names)s)"
            " WHERE t.id = v.id",
            table=SQL.identifier(self._table),
            assignments=SQL(", ").join(
                SQL("%s = v.%s", SQL.identifier(name), SQL.identifier(name)) for name in names),
            arrays=SQL(", ").join([SQL("%s::int[]", list(values[0]))] + [
                SQL(f"%s::{sql_type}[]", list(column_values))
                for (_name, sql_type), column_values in zip(columns, values[1:], strict=True)]),
            names=SQL(", ").join(SQL.identifier(name) for name in names),
        ))
        self.invalidate_recordset(names)
