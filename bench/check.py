"""Check a generated database against Odoo's own computations.

    python3 -m bench.check --db NAME [--sample N]

Recomputes through the ORM, in a transaction rolled back at the end, what the generator
wrote with SQL: residuals and reconciled flags of the journal items, totals, residuals and
payment states of the invoices and credit notes; checks that Odoo's `credit` of each customer
is the sum of its open receivables and that debits equal credits per entry and overall.
Exits 1 and lists the mismatches when anything differs.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MOVE_FIELDS = ["amount_untaxed", "amount_tax", "amount_total", "amount_residual",
               "amount_untaxed_signed", "amount_untaxed_in_currency_signed",
               "amount_tax_signed", "amount_total_signed", "amount_total_in_currency_signed",
               "amount_residual_signed", "payment_state"]
LINE_FIELDS = ["amount_residual", "amount_residual_currency", "reconciled"]
SHOWN = 20


def stored(cr, table, fields, ids):
    cr.execute(f"SELECT id, {', '.join(fields)} FROM {table} WHERE id = ANY(%s)", [list(ids)])
    return {row[0]: dict(zip(fields, row[1:], strict=True)) for row in cr.fetchall()}


def differs(expected, actual):
    if not isinstance(expected, int | float) or isinstance(expected, bool):
        return expected != actual
    return abs(float(expected) - float(actual or 0.0)) > 0.005


def compare(label, records, fields, written, problems):
    for record in records:
        for field in fields:
            computed = record[field]
            if differs(computed, written[record.id][field]):
                problems.append(f"{label} {record.id} {field}: generator wrote "
                                f"{written[record.id][field]!r}, Odoo computes {computed!r}")


def check(env, sample):
    cr = env.cr
    problems = []
    cr.execute("SELECT id FROM account_move WHERE move_type IN ('out_invoice', 'out_refund') "
               "AND state = 'posted' ORDER BY id" + (f" LIMIT {int(sample)}" if sample else ""))
    move_ids = [row[0] for row in cr.fetchall()]
    # Every journal item when checking all; else the sample's and their counterparts.
    cr.execute("SELECT id FROM account_move_line WHERE %s OR move_id = ANY(%s) OR id IN ("
               "SELECT credit_move_id FROM account_partial_reconcile part JOIN "
               "account_move_line line ON line.id = part.debit_move_id "
               "WHERE line.move_id = ANY(%s))", [not sample, move_ids, move_ids])
    line_ids = [row[0] for row in cr.fetchall()]
    written_moves = stored(cr, "account_move", MOVE_FIELDS, move_ids)
    written_lines = stored(cr, "account_move_line", LINE_FIELDS, line_ids)
    env.invalidate_all()
    lines = env["account.move.line"].browse(line_ids)
    moves = env["account.move"].browse(move_ids)
    # compute_value runs the compute as a recomputation does: values go to the cache only
    # (what is flushed later is rolled back).
    lines._fields["amount_residual"].compute_value(lines)
    compare("journal item", lines, LINE_FIELDS, written_lines, problems)
    moves._fields["amount_total"].compute_value(moves)
    moves._fields["payment_state"].compute_value(moves)
    compare("invoice", moves, MOVE_FIELDS, written_moves, problems)
    env.invalidate_all()

    cr.execute("SELECT move_id, SUM(debit), SUM(credit) FROM account_move_line GROUP BY move_id "
               "HAVING ROUND(SUM(debit) - SUM(credit), 2) != 0")
    problems += [f"entry {move}: debit {debit} != credit {credit}"
                 for move, debit, credit in cr.fetchall()]
    cr.execute("SELECT SUM(debit), SUM(credit), COUNT(*) FILTER (WHERE balance != debit - credit)"
               " FROM account_move_line WHERE parent_state = 'posted'")
    debit, credit, split_errors = cr.fetchone()
    if not move_ids or debit is None:
        problems.append("no posted invoice: the database was not generated")
    elif round(debit - credit, 2):
        problems.append(f"overall: debit {debit} != credit {credit}")
    if split_errors:
        problems.append(f"{split_errors} journal items with balance != debit - credit")

    cr.execute("SELECT line.partner_id, SUM(line.amount_residual) FROM account_move_line line "
               "JOIN account_account account ON account.id = line.account_id "
               "WHERE account.account_type = 'asset_receivable' AND line.parent_state = 'posted'"
               " AND NOT line.reconciled GROUP BY line.partner_id")
    open_receivables = dict(cr.fetchall())
    partners = env["res.partner"].search([("archive_number", "!=", False)])
    for partner in partners:
        expected = open_receivables.get(partner.id, 0.0)
        if differs(expected, partner.credit):
            problems.append(f"customer {partner.id} credit: Odoo {partner.credit}, open "
                            f"receivables {expected}")
    problems += check_own_data(env, partners)
    return problems, len(move_ids), len(line_ids), len(partners)


def check_own_data(env, partners):
    """Stored computed fields of our addons that the generator wrote itself."""
    problems = []
    cr = env.cr
    checks = [
        ("customer", partners, ["archive_next_review_date", "churn_state"]),
        ("archive document", env["customer.archive.document"].search([]), ["year",
                                                                        "company_id"]),
        ("sale order", env["sale.order"].search([]), ["amount_untaxed", "amount_tax",
                                                      "amount_total", "invoice_status"]),
        ("sale order line", env["sale.order.line"].search([]), [
            "price_subtotal", "price_tax", "price_total", "qty_to_invoice",
            "untaxed_amount_to_invoice", "invoice_status"]),
        ("credit evaluation line", env["customer.credit.evaluation.line"].search([]),
         ["score", "maximum", "company_id"]),
        ("credit evaluation", env["customer.credit.evaluation"].search([]), [
            "total_weight", "total_score", "total_maximum", "credit_level", "grade_id",
            "expiry_date"]),
        ("satisfaction score line", env["customer.satisfaction.score.line"].search([]),
         ["partner_id", "date", "dimension", "company_id", "survey_id"]),
    ]
    for label, records, fields in checks:
        table = records._table
        written = stored(cr, table, fields, records.ids)
        env.invalidate_all()
        for field in fields:
            records._fields[field].compute_value(records)
        for record in records:
            for field in fields:
                value = record[field]
                value = value.id if hasattr(value, "_name") else value
                expected = written[record.id][field]
                if differs(value or None, expected or None):
                    problems.append(f"{label} {record.id} {field}: generator wrote "
                                    f"{expected!r}, Odoo computes {value!r}")
        env.invalidate_all()
    # Company-dependent fields are jsonb keyed by company id: read back through the ORM.
    # Company-dependent fields are jsonb keyed by company id: read back through the ORM. The
    # grant is the approved evaluation's.
    cr.execute("SELECT id, (credit_grade_id->>%s)::int FROM res_partner "
               "WHERE credit_grade_id IS NOT NULL", [str(env.company.id)])
    grades = dict(cr.fetchall())
    for partner in env["res.partner"].browse(list(grades)):
        evaluation = partner.credit_evaluation_id
        if partner.credit_grade_id.id != grades[partner.id]:
            problems.append(f"customer {partner.id} credit_grade_id: stored {grades[partner.id]}"
                            f", the ORM reads {partner.credit_grade_id.id}")
        granted = (partner.credit_grade_id, partner.credit_level, partner.credit_grant_date,
                   partner.credit_expiry_date, partner.credit_limit)
        if evaluation.partner_id != partner or evaluation.state != "approved" or granted != (
                evaluation.grade_id, evaluation.credit_level, evaluation.approved_date,
                evaluation.expiry_date, evaluation.approved_limit):
            problems.append(f"customer {partner.id}: grant {granted} is not that of its "
                            f"approved evaluation {evaluation.id}")
    if not grades:
        problems.append("no customer has a credit grade")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--sample", type=int, default=0,
                        help="check the first N invoices only (default: all)")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.generate import open_registry
    from odoo import SUPERUSER_ID, api

    started = time.monotonic()
    registry = open_registry(options.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        problems, moves, lines, partners = check(env, options.sample)
        cr.rollback()
    print(f"checked {moves} invoices and credit notes, {lines} journal items, {partners} "
          f"customers' credit in {time.monotonic() - started:.1f} s")
    if problems:
        print(f"FAILED: {len(problems)} mismatches", file=sys.stderr)
        for problem in problems[:SHOWN]:
            print("  " + problem, file=sys.stderr)
        sys.exit(1)
    print("OK: the generated data is what Odoo computes")


if __name__ == "__main__":
    main()
