"""Helpers shared by the addons' set-based jobs."""

import threading


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
