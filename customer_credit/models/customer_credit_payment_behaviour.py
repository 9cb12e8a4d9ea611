"""The payment behaviour of customers over a period, set-based: invoices, days to pay,
days late, share paid late, payment cycle, large bills late and the on-time amount of the
payment record. Inherited by res.partner; the evaluations and the signals use it too."""
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

# The payment cycle of _credit_behaviour_query: days between the dates on which the
# target's invoices were reconciled with a payment (credit notes left out).
CYCLE_CTES = """
            payment_day AS (
                SELECT DISTINCT t.tid, partial.max_date AS day
                  FROM target t
                  JOIN account_move move
                    ON move.commercial_partner_id = t.partner_id
                   AND move.company_id = t.company_id
                  JOIN account_move_line aml ON aml.move_id = move.id
                  JOIN account_partial_reconcile partial ON partial.debit_move_id = aml.id
                  JOIN account_move_line counterpart ON counterpart.id = partial.credit_move_id
                  JOIN account_move counter_move ON counter_move.id = counterpart.move_id
                 WHERE move.move_type = 'out_invoice'
                   AND move.state = 'posted'
                   AND counter_move.move_type != 'out_refund'
                   AND partial.max_date > t.date_from
                   AND partial.max_date <= LEAST(t.date_to, t.as_of)
            ),
            cycle AS MATERIALIZED (
                SELECT tid, (MAX(day) - MIN(day))::float / NULLIF(COUNT(*) - 1, 0) AS cycle
                  FROM payment_day
              GROUP BY tid
            ),
"""


class CustomerCreditPaymentBehaviour(models.AbstractModel):
    _name = "customer.credit.payment.behaviour"
    _description = "Payment Behaviour (engine of the customers)"

    @api.model
    def _credit_behaviour_zero(self):
        return {"invoice_count": 0, "total": 0.0, "avg_amount": 0.0, "on_time": 0.0,
                "paid_count": 0,
                "days_to_pay": None, "days_late": None, "known_count": 0, "late_count": 0,
                "late_share": None, "cycle": None, "median": None, "large_count": 0,
                "large_late_share": None, "small_count": 0, "small_late_share": None,
                "large_bills_late": False}

    def _credit_payment_behaviour(self, company=None, date=None, months=12):
        """{commercial partner id: behaviour dict} of the partners in ``company`` over the
        posted invoices of the ``months`` months up to ``date`` (default today), as of
        ``date``. See ``_credit_behaviour_query`` for the figures."""
        company = company or self.env.company
        date = date or fields.Date.context_today(self)
        commercials = self.commercial_partner_id
        if not commercials:
            return {}
        date_from = date - relativedelta(months=months)
        targets = [(partner_id, company.id, date_from, date, date)
                   for partner_id in commercials.ids]
        result = self._credit_behaviour_query(targets)
        return {target[0]: values for target, values in result.items()}

    @api.model
    def _credit_behaviour_query(self, targets, with_cycle=True, split_date=None):
        """Payment behaviour for many targets in one query.

        ``targets``: (commercial partner id, company id, date_from, date_to, as_of); the
        invoices are the posted customer invoices of the partner in the company dated
        after date_from up to date_to; payments (account.partial.reconcile max_date) count
        up to as_of. Returns {target: dict} with, in the company's currency:

        - invoice_count, total, avg_amount: invoices and their receivable amount;
        - on_time: the receivable amount paid in full by its due date as of as_of, or
          still open and not yet due (the evaluation's payment record);
        - paid_count, days_to_pay: invoices paid in full as of as_of and their average days
          from invoice date to last payment date;
        - days_late: Σ amount × days late / Σ amount over the paid items (days after the due
          date, at least 0) and the open overdue items (as_of − due date); None when no item
          is paid or due;
        - known_count, late_count, late_share (%): invoices paid or due, those paid late or
          overdue, and their share by count;
        - cycle: average days between consecutive payment dates (dates after date_from up to
          date_to on which the partner's invoices were reconciled with something else than a
          credit note);
        - median, large/small_count, large/small_late_share (%), large_bills_late: the
          invoices paid or due above / at or below the partner's median amount, their share
          paid late, and whether the large ones' share exceeds the small ones' by at least
          the company's ``credit_pattern_gap`` points.

        ``with_cycle=False`` leaves the cycle out (None), more than half of the query's work.
        ``split_date`` adds days_late_to_split and days_late_after_split: the days_late of
        the invoices dated up to and after that date (None without it), so that two
        adjacent periods need one target instead of two.
        """
        targets = list(dict.fromkeys(targets))
        if not targets:
            return {}
        for model, fnames in (
                ("account.move", ["commercial_partner_id", "company_id", "state", "move_type",
                                  "invoice_date"]),
                ("account.move.line", ["move_id", "account_id", "balance", "date_maturity"]),
                ("account.partial.reconcile", ["debit_move_id", "credit_move_id", "amount",
                                               "max_date"])):
            self.env[model].flush_model(fnames)
        columns = list(zip(*targets, strict=True))
        # Every step is keyed by the target's position (tid) and aggregated once: the
        # median split is done on the per-target arrays below, not by joining the invoices
        # back to their medians (the planner, estimating one row per target, nested such
        # joins and re-ran the payment cycle per invoice: quadratic in the batch size).
        rows = self.env.execute_query(SQL(
            """
            WITH target AS (
                SELECT *
                  FROM unnest(%(partner_ids)s::int[], %(company_ids)s::int[],
                              %(date_froms)s::date[], %(date_tos)s::date[],
                              %(as_ofs)s::date[]) WITH ORDINALITY
                       AS t(partner_id, company_id, date_from, date_to, as_of, tid)
            ),
            line AS (
                SELECT t.tid, t.as_of, aml.id, aml.move_id, move.invoice_date, aml.balance,
                       %(due)s AS due_date
                  FROM target t
                  JOIN account_move move
                    ON move.commercial_partner_id = t.partner_id
                   AND move.company_id = t.company_id
                  JOIN account_move_line aml ON aml.move_id = move.id
                  JOIN account_account account ON account.id = aml.account_id
                 WHERE move.move_type = 'out_invoice'
                   AND move.state = 'posted'
                   AND move.invoice_date > t.date_from
                   AND move.invoice_date <= t.date_to
                   AND account.account_type = 'asset_receivable'
                   AND aml.balance > 0
            ),
            line_state AS (
                SELECT line.*, pay.paid_date,
                       COALESCE(pay.paid_amount, 0) >= line.balance - 0.005 AS settled
                  FROM line
             LEFT JOIN LATERAL (
                    SELECT SUM(partial.amount) AS paid_amount,
                           MAX(partial.max_date) AS paid_date
                      FROM account_partial_reconcile partial
                     WHERE partial.debit_move_id = line.id
                       AND partial.max_date <= line.as_of
                    ) pay ON TRUE
            ),
            line_late AS (
                SELECT line_state.*,
                       CASE WHEN settled THEN GREATEST(paid_date - due_date, 0)
                            WHEN due_date < as_of THEN as_of - due_date
                       END AS late_days
                  FROM line_state
            ),
            invoice AS (
                SELECT tid, move_id,
                       MIN(invoice_date) AS invoice_date,
                       SUM(balance) AS amount,
                       SUM(balance) FILTER (WHERE (settled AND paid_date <= due_date)
                                           OR (NOT settled AND due_date >= as_of))
                           AS on_time_amount,
                       BOOL_AND(settled) AS settled,
                       MAX(paid_date) AS paid_date,
                       SUM(balance * late_days) AS late_amount_days,
                       SUM(balance) FILTER (WHERE late_days IS NOT NULL) AS known_amount,
                       BOOL_OR(late_days IS NOT NULL) AS known,
                       COALESCE(BOOL_OR(late_days > 0), FALSE) AS late
                  FROM line_late
              GROUP BY tid, move_id
            ),
%(cycle)s            figures AS MATERIALIZED (
                SELECT tid, COUNT(*) AS invoice_count, SUM(amount) AS total,
                       SUM(on_time_amount) AS on_time,
                       COUNT(*) FILTER (WHERE settled) AS paid_count,
                       AVG(paid_date - invoice_date) FILTER (WHERE settled) AS days_to_pay,
                       SUM(late_amount_days) / NULLIF(SUM(known_amount), 0) AS days_late,
                       SUM(late_amount_days) FILTER (WHERE invoice_date <= %(split_date)s)
                           / NULLIF(SUM(known_amount)
                                    FILTER (WHERE invoice_date <= %(split_date)s), 0)
                           AS days_late_to_split,
                       SUM(late_amount_days) FILTER (WHERE invoice_date > %(split_date)s)
                           / NULLIF(SUM(known_amount)
                                    FILTER (WHERE invoice_date > %(split_date)s), 0)
                           AS days_late_after_split,
                       COUNT(*) FILTER (WHERE known) AS known_count,
                       COUNT(*) FILTER (WHERE known AND late) AS late_count,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY amount)
                           FILTER (WHERE known) AS median,
                       ARRAY_AGG(amount::float) FILTER (WHERE known) AS known_amounts,
                       ARRAY_AGG(late) FILTER (WHERE known) AS known_late
                  FROM invoice
              GROUP BY tid
            )
            SELECT f.tid, f.invoice_count, f.total, f.on_time, f.paid_count, f.days_to_pay,
                   f.days_late,
                   f.days_late_to_split, f.days_late_after_split, f.known_count,
                   f.late_count, f.median, f.known_amounts, f.known_late,
                   %(cycle_column)s
              FROM figures f
                   %(cycle_join)s
            """,
            cycle=SQL(CYCLE_CTES) if with_cycle else SQL(),
            cycle_column=SQL("c.cycle") if with_cycle else SQL("NULL::float"),
            cycle_join=SQL("LEFT JOIN cycle c ON c.tid = f.tid") if with_cycle else SQL(),
            split_date=split_date, due=self._receivable_due_sql("aml"),
            partner_ids=list(columns[0]), company_ids=list(columns[1]),
            date_froms=list(columns[2]), date_tos=list(columns[3]), as_ofs=list(columns[4]),
        ))
        companies = self.env["res.company"].browse(set(columns[1]))
        result = {}

        def days(value):
            return round(float(value), 1) if value is not None else None

        def share(part, whole):
            return round(100.0 * part / whole, 1) if whole else None

        for (tid, count, total, on_time, paid_count, days_to_pay, days_late, days_late_to_split,
             days_late_after_split, known_count, late_count, median, known_amounts, known_late,
             cycle) in rows:
            target = targets[tid - 1]
            company = companies.browse(target[1])
            currency = company.currency_id
            lateness = {True: [], False: []}  # of the invoices above the median or not
            for amount, late in zip(known_amounts or [], known_late or [], strict=True):
                lateness[amount > median].append(late)
            large, small = lateness[True], lateness[False]
            large_share = share(sum(large), len(large))
            small_share = share(sum(small), len(small))
            result[target] = {
                "invoice_count": count,
                "total": currency.round(total or 0.0),
                "avg_amount": currency.round((total or 0.0) / count) if count else 0.0,
                "on_time": currency.round(on_time or 0.0),
                "paid_count": paid_count,
                "days_to_pay": days(days_to_pay),
                "days_late": days(days_late),
                "days_late_to_split": days(days_late_to_split),
                "days_late_after_split": days(days_late_after_split),
                "known_count": known_count,
                "late_count": late_count,
                "late_share": share(late_count, known_count),
                "cycle": days(cycle),
                "median": currency.round(median) if median is not None else None,
                "large_count": len(large),
                "large_late_share": large_share,
                "small_count": len(small),
                "small_late_share": small_share,
                "large_bills_late": large_share is not None and small_share is not None
                and large_share - small_share >= company.credit_pattern_gap,
            }
        return result
