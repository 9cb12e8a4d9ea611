"""Helpers shared by the addons' set-based jobs."""

import threading

from markupsafe import Markup

from odoo.tools import SQL


def run_in_batches(env, batches, work, size=len, commit=True):
    """The batched loop of every nightly job: ``work(batch)`` for each batch, progress
    reported to the cron in items (``size(batch)`` of them per batch), and a commit after
    each batch, so that a job stopped half-way resumes from what is left. Never commits
    inside a test (the thread's ``testing`` flag) or when ``commit`` is False."""
    batches = list(batches)
    total = sum(size(batch) for batch in batches)
    auto_commit = commit and not getattr(threading.current_thread(), "testing", False)
    done = 0
    for batch in batches:
        work(batch)
        done += size(batch)
        env["ir.cron"]._notify_progress(done=done, remaining=total - done)
        if auto_commit:
            env.cr.commit()


def changed_values(records, vals, names):
    """(record, field name, new value in cache format) for each field of ``names`` that a
    write of ``vals`` would change on one of ``records``: a value written as it already is
    changes nothing (a form saved whole, an import of unchanged rows)."""
    for name in names & vals.keys():
        field = records._fields[name]
        for record in records:
            new = field.convert_to_cache(vals[name], record, validate=False)
            if new != field.convert_to_cache(record[name], record, validate=False):
                yield record, name, new


def write_columns(records, columns, rows, company=None):
    """Store figures computed in bulk with one UPDATE of the records' table, bypassing the
    ORM's per-record work (tracking, sanitizing): for untracked figures only. HTML columns
    take only values escaped by construction (``Markup``). ``records``: those written,
    invalidated after.

    :param columns: (field name, SQL type) pairs, the types written in code only
    :param rows: tuples of a record id and its values, in the order of ``columns``
    :param company: the company whose value company-dependent fields get (its key of the
        field's jsonb column; the other companies' values stay)
    """
    if not rows:
        return
    values = list(zip(*rows, strict=True))
    names = [name for name, _sql_type in columns]
    for name, column_values in zip(names, values[1:], strict=True):
        if records._fields[name].type == "html" and not all(
                value is None or isinstance(value, Markup) for value in column_values):
            raise ValueError(f"{records._name}.{name}: only escaped HTML (Markup) is written")
    records.flush_model(names)

    def new_value(name, sql_type):
        column = SQL.identifier(name)
        if not records._fields[name].company_dependent:
            return SQL("v.%s", column)
        assert company, f"{records._name}.{name} is company-dependent: say for which company"
        value = SQL("v.%s", column)
        if sql_type == "timestamp":
            # The ORM's own text form of a datetime in a company-dependent column.
            value = SQL("to_char(%s, 'YYYY-MM-DD HH24:MI:SS')", value)
        # A NULL drops the company's key: the field reads empty there, as after the ORM.
        return SQL(
            "CASE WHEN v.%(column)s IS NULL"
            " THEN COALESCE(t.%(column)s, '{}'::jsonb) - %(key)s"
            " ELSE COALESCE(t.%(column)s, '{}'::jsonb)"
            " || jsonb_build_object(%(key)s, %(value)s) END",
            column=column, key=str(company.id), value=value)

    new_values = [new_value(*column) for column in columns]
    # Rows whose values are already stored are left alone: a nightly job then costs what
    # changed, not the size of the base.
    records.env.cr.execute(SQL(
        "UPDATE %(table)s t SET %(assignments)s FROM unnest(%(arrays)s) AS v(id, %(names)s)"
        " WHERE t.id = v.id AND (%(old)s) IS DISTINCT FROM (%(new)s)",
        table=SQL.identifier(records._table),
        assignments=SQL(", ").join(
            SQL("%s = %s", SQL.identifier(name), value)
            for name, value in zip(names, new_values, strict=True)),
        arrays=SQL(", ").join([SQL("%s::int[]", list(values[0]))] + [
            SQL(f"%s::{sql_type}[]", list(column_values))
            for (_name, sql_type), column_values in zip(columns, values[1:], strict=True)]),
        names=SQL(", ").join(SQL.identifier(name) for name in names),
        old=SQL(", ").join(SQL("t.%s", SQL.identifier(name)) for name in names),
        new=SQL(", ").join(new_values),
    ))
    records.invalidate_recordset(names)
