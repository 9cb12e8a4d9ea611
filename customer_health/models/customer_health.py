"""Customer health (客户健康), set-based: the tier, credit, satisfaction, complaints, churn
and warning signals of each customer joined into one status with its reasons, and the
cross-signals between credit and satisfaction. Inherited by res.partner."""
import json
import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.addons.customer_archive.tools import run_in_batches, write_columns
from odoo.addons.customer_satisfaction.models.customer_churn import OPEN_STATES
from odoo.tools import LazyTranslate, formatLang, split_every

_lt = LazyTranslate(__name__)

HEALTH_BY_LEVEL = {0: "good", 1: "watch", 2: "at_risk", 3: "critical"}
HEALTH_FIELDS = [
    "health_status", "health_level", "health_reason_data", "health_date", "health_company_id",
    "health_credit_grade_id", "health_credit_exposure", "health_credit_limit",
    "health_complaint_count", "health_churn_state", "health_signal_count"]
HEALTH_BATCH = 1000
COMPLAINT_TYPES = ("complaint", "own_fault")
OPEN_FEEDBACK_STATES = ("new", "in_progress")
OPEN_SIGNAL_STATES = ("open", "acknowledged")
# Credit warning signals telling of a customer about to leave: each opens a churn-risk record.
CHURN_SIGNAL_TYPES = ("orders_falling", "no_orders", "management_change", "staff_leaving")

# The reasons of a customer's health, stored as codes and figures and read in the reader's
# language (res.partner.health_reasons).
HEALTH_REASONS = {
    "satisfaction_low": _lt("Satisfaction %(score)s (below %(threshold)s)"),
    "satisfaction_drop": _lt(
        "Satisfaction dropped %(drop)s points (from %(previous)s to %(score)s)"),
    "complaint": _lt("1 open complaint"),
    "complaints": _lt("%(count)s open complaints"),
    "churn_lost": _lt("Churn: lost since %(date)s"),
    "churn_to_confirm": _lt("Churn: lost, to be confirmed, since %(date)s"),
    "churn_at_risk": _lt("Churn: at risk since %(date)s"),
    "grade_low": _lt("Credit grade %(grade)s"),
    "grade_block": _lt("Credit grade %(grade)s (control level Block)"),
    "grade_expired": _lt("Credit grade expired on %(date)s"),
    "hold_note": _lt("On credit hold: %(note)s"),
    "hold": _lt("On credit hold"),
    "over_limit": _lt("Over credit limit by %(amount)s"),
    "overdue": _lt("Overdue beyond %(days)s days: %(amount)s"),
    "signals": _lt("Open credit signals: %(types)s"),
    "escalated": _lt("Important tier: each reason counts one level higher"),
}

_logger = logging.getLogger(__name__)


def _health_number(value, digits=None, signed=False):
    """A figure of a health reason: with ``digits`` decimals, else as short as possible."""
    text = f"{value:.{digits}f}" if digits is not None else f"{value:g}"
    return f"+{text}" if signed and value > 0 else text


class CustomerHealth(models.AbstractModel):
    _name = "customer.health"
    _description = "Customer Health (engine of the customers)"

    # ------------------------------------------------------------------
    # Health refresh (set-based)
    # ------------------------------------------------------------------
    @api.model
    def _cron_health_refresh(self, batch_size=HEALTH_BATCH):
        """Daily: refresh the health of every customer with an archive in batches, reporting
        progress and committing each batch outside tests."""
        return self._health_refresh_all(batch_size=batch_size, commit=True)

    @api.model
    def _health_refresh_of(self, records):
        """Refresh the health of the customers of ``records`` (credit signals, churn records,
        feedback: anything with partner_id and company_id) in the records' companies; not
        for records made by the health refresh itself."""
        if not records or self.env.context.get("health_no_refresh"):
            return
        for company, company_records in records.sudo().grouped("company_id").items():
            company_records.partner_id.with_company(company)._health_refresh()

    @api.model
    def _health_refresh_all(self, batch_size=HEALTH_BATCH, commit=False):
        partner_ids = self.sudo().search([("archive_number", "!=", False)], order="id").ids
        batches = list(split_every(batch_size, partner_ids, self.browse))
        run_in_batches(self.env, batches, lambda batch: batch._health_refresh(), commit=commit)
        _logger.info("Customer health: %s customers refreshed in %s batches.",
                     len(partner_ids), len(batches))
        return len(partner_ids)

    def _health_refresh(self):
        """Refresh the health status, reasons and figures of these partners' commercial
        partners, each in its archive's company (else the current company), and open the
        cross-signals: a credit warning signal 'Satisfaction Dropping' or 'Churn Risk', and
        a churn-risk record for an open credit signal telling of a customer about to leave.

        A fixed number of queries whatever the number of partners: one read of the
        partners, one of the company-dependent credit fields and one exposure call per
        company, three grouped reads (complaints, churn records, signals), at most two
        reads and one creation per kind of cross-signal, and one UPDATE per company."""
        # Only the columns read: the partner table is wide and most columns are jsonb.
        self.sudo().fetch(["commercial_partner_id"])
        partners = self.sudo().commercial_partner_id
        if not partners:
            return partners
        today = fields.Date.context_today(self)
        default_company = self.env.company
        partners.fetch(["archive_company_id", "archive_tier"])
        # Each customer seen from its health company: its satisfaction figures and the
        # health written are that company's (company-dependent).
        by_company = {
            company: members.with_company(company)
            for company, members in partners.grouped(
                lambda partner: partner.archive_company_id or default_company).items()}
        for members in by_company.values():
            members.fetch(["satisfaction_score", "satisfaction_trend", "satisfaction_date",
                           "satisfaction_score_count"])
        company_of = {partner.id: company.id
                      for company, members in by_company.items() for partner in members}
        inputs = partners._health_inputs(company_of)
        partners._health_open_churn_from_signals(inputs, today)
        partners._health_open_signals(by_company, inputs, today)
        partners.flush_recordset(HEALTH_FIELDS)
        for company, members in by_company.items():
            exposure = members._credit_exposure(company)
            members.fetch(["credit_grade_id", "credit_on_hold", "credit_hold_note",
                           "credit_expiry_date"])
            rows = members._health_rows(company, inputs, exposure, today)
            # Untracked figures: one UPDATE per company, like the archive's classification.
            write_columns(members, [
                ("health_status", "varchar"), ("health_level", "int4"),
                ("health_reason_data", "text"), ("health_date", "timestamp"),
                ("health_company_id", "int4"), ("health_credit_grade_id", "int4"),
                ("health_credit_exposure", "numeric"), ("health_credit_limit", "numeric"),
                ("health_complaint_count", "int4"), ("health_churn_state", "varchar"),
                ("health_signal_count", "int4"),
            ], rows, company=company)
        # Read again in the reader's language from the codes just written.
        partners.invalidate_recordset(["health_reasons", "health_summary"])
        return partners

    def _health_inputs(self, company_of):
        """Grouped reads of the open complaints, churn records and credit signals of these
        commercial partners, kept in the company of each partner's health."""
        sudo = self.env(su=True)
        ids = self.ids
        complaints = defaultdict(int)
        for partner, company, count in sudo["customer.satisfaction.feedback"]._read_group(
                [("partner_id", "in", ids), ("feedback_type", "in", COMPLAINT_TYPES),
                 ("state", "in", OPEN_FEEDBACK_STATES)],
                ["partner_id", "company_id"], ["__count"]):
            if company_of[partner.id] == company.id:
                complaints[partner.id] += count
        # Open churn records {partner: {state: (source set, first date, last date, loss)}}
        # and the last churn date whatever the state, flagging or buying again (guard of the
        # signal → churn path).
        churn_open, churn_last = defaultdict(dict), {}
        for partner, company, state, source, first, last, loss, recovered in sudo[
                "customer.churn"]._read_group(
                [("partner_id", "in", ids)], ["partner_id", "company_id", "state", "source"],
                ["date:min", "date:max", "loss_date:max", "recovered_date:max"]):
            if company_of[partner.id] != company.id:
                continue
            churn_last[partner.id] = max(filter(None, (churn_last.get(partner.id), last,
                                                       recovered)))
            if state in OPEN_STATES:
                sources, first_, last_, loss_ = churn_open[partner.id].get(
                    state, (set(), first, last, loss))
                churn_open[partner.id][state] = (
                    sources | {source}, min(first_, first), max(last_, last),
                    max(filter(None, (loss_, loss)), default=None))
        # Signals: {partner: {type: (count, last date)}} open ones and last date of any.
        signals_open, signals_last = defaultdict(dict), defaultdict(dict)
        for partner, company, signal_type, state, count, last in sudo[
                "customer.credit.signal"]._read_group(
                [("partner_id", "in", ids)],
                ["partner_id", "company_id", "signal_type", "state"], ["__count", "date:max"]):
            if company_of[partner.id] != company.id:
                continue
            previous = signals_last[partner.id].get(signal_type)
            signals_last[partner.id][signal_type] = max(filter(None, (previous, last)))
            if state in OPEN_SIGNAL_STATES:
                count_, last_ = signals_open[partner.id].get(signal_type, (0, last))
                signals_open[partner.id][signal_type] = (count_ + count, max(last_, last))
        return {"company_of": company_of, "complaints": complaints, "churn_open": churn_open,
                "churn_last": churn_last, "signals_open": signals_open,
                "signals_last": signals_last}

    def _health_open_churn_from_signals(self, inputs, today):
        """A churn-risk record (source 'signal') for each customer with an open credit
        signal telling it may leave (orders falling, no orders, management change, key
        staff leaving) and no open churn record, unless a churn record was flagged, or its
        customer bought again, on or after the latest such signal. One read of
        the signals' evidence and one creation."""
        signals_open, churn_open = inputs["signals_open"], inputs["churn_open"]
        churn_last = inputs["churn_last"]
        needed = []
        for partner in self:
            types = {signal_type: last for signal_type, (__, last)
                     in signals_open.get(partner.id, {}).items()
                     if signal_type in CHURN_SIGNAL_TYPES}
            if not types or churn_open.get(partner.id):
                continue
            if churn_last.get(partner.id) and churn_last[partner.id] >= max(types.values()):
                continue
            needed.append(partner.id)
        if not needed:
            return self.env["customer.churn"]
        Signal = self.env["customer.credit.signal"].sudo()
        reasons = defaultdict(list)
        labels_by_lang = {}  # language: {signal type: its label}, read once per language
        for signal in Signal.search_fetch(
                [("partner_id", "in", needed), ("state", "in", OPEN_SIGNAL_STATES),
                 ("signal_type", "in", CHURN_SIGNAL_TYPES)],
                ["partner_id", "company_id", "signal_type", "date", "evidence"],
                order="date, id"):
            if inputs["company_of"][signal.partner_id.id] == signal.company_id.id:
                # In the language of whom the churn record is for (churn manager, else the
                # salesperson), like the records churn detection opens.
                recipient = signal.company_id.churn_manager_id or signal.partner_id.user_id
                env = self.with_context(lang=recipient.lang or self.env.lang).env
                if env.lang not in labels_by_lang:
                    labels_by_lang[env.lang] = dict(
                        Signal._fields["signal_type"]._description_selection(env))
                labels = labels_by_lang[env.lang]
                reasons[signal.partner_id.id].append(env._(
                    "Credit signal %(type)s of %(date)s: %(evidence)s",
                    type=labels.get(signal.signal_type, signal.signal_type),
                    date=fields.Date.to_string(signal.date), evidence=signal.evidence or "-"))
        churns = self.env["customer.churn"].sudo().with_context(
            mail_create_nosubscribe=True, mail_create_nolog=True,
            health_no_refresh=True).create([{
                "partner_id": partner_id,
                "company_id": inputs["company_of"][partner_id],
                "state": "at_risk",
                "source": "signal",
                "date": today,
                "reason": "\n".join(reasons[partner_id]),
            } for partner_id in needed])
        for churn in churns:
            inputs["churn_open"][churn.partner_id.id]["at_risk"] = (
                {"signal"}, today, today, None)
            inputs["churn_last"][churn.partner_id.id] = today
        return churns

    def _health_signal_needs(self, by_company, inputs):
        """{(partner id, signal type)}: the credit signals to open. 'Satisfaction Dropping'
        when the latest score is below the company's low threshold or the trend is the drop
        that counts or worse; 'Churn Risk' for an open churn record not itself opened by a
        credit signal. Not when a signal of the type is open, nor when one was already
        raised on or after the score or churn record (closed after review: not again)."""
        needs = {}
        for company, members in by_company.items():
            threshold = company.satisfaction_low_threshold
            drop = company.health_satisfaction_drop
            for partner in members:
                opened = inputs["signals_open"].get(partner.id, {})
                last = inputs["signals_last"].get(partner.id, {})
                if partner.satisfaction_score_count and "satisfaction_drop" not in opened and (
                        partner.satisfaction_score < threshold
                        or round(partner.satisfaction_trend, 2) <= -drop) and not (
                        last.get("satisfaction_drop") and partner.satisfaction_date
                        and last["satisfaction_drop"] >= partner.satisfaction_date):
                    needs[partner.id, "satisfaction_drop"] = partner.satisfaction_date
                churn = {state: values for state, values in
                         inputs["churn_open"].get(partner.id, {}).items()
                         if values[0] - {"signal"}}
                if churn and "churn_risk" not in opened:
                    flagged = max(values[2] for values in churn.values())
                    if not (last.get("churn_risk") and last["churn_risk"] >= flagged):
                        needs[partner.id, "churn_risk"] = flagged
        return needs

    def _health_open_signals(self, by_company, inputs, today):
        """Open the credit warning signals of _health_signal_needs, with their evidence, in
        one creation; they mark the customers for credit review and give the credit manager
        a review activity like every signal."""
        needs = self._health_signal_needs(by_company, inputs)
        Signal = self.env["customer.credit.signal"].sudo()
        if not needs:
            return Signal
        root = self.env.ref("base.user_root")
        churn_ids = [partner_id for partner_id, kind in needs if kind == "churn_risk"]
        churns = {}
        if churn_ids:
            for churn in self.env["customer.churn"].sudo().search_fetch(
                    [("partner_id", "in", churn_ids), ("state", "in", OPEN_STATES),
                     ("source", "!=", "signal")],
                    ["partner_id", "company_id", "state", "date", "reason"],
                    order="date desc, id desc"):
                if inputs["company_of"][churn.partner_id.id] == churn.company_id.id:
                    churns.setdefault(churn.partner_id.id, churn)
        vals_list = []
        # The evidence reads in the language of the company's credit manager, who reviews
        # the signals: one lookup per company and one read of the labels per language.
        env_by_company, states_by_lang = {}, {}
        for (partner_id, kind), __ in sorted(needs.items()):
            partner = self.browse(partner_id)
            company = self.env["res.company"].browse(inputs["company_of"][partner_id])
            if company not in env_by_company:
                manager = company._credit_signal_manager()
                env_by_company[company] = self.with_context(
                    lang=manager.lang or self.env.lang).env
            env = env_by_company[company]
            if kind == "satisfaction_drop":
                evidence = env._(
                    "Latest satisfaction index %(score)s of %(date)s, change %(trend)s points "
                    "against the previous answer; low threshold %(threshold)s, drop that "
                    "counts %(drop)s points.",
                    score=_health_number(partner.satisfaction_score, 1),
                    date=fields.Date.to_string(partner.satisfaction_date),
                    trend=_health_number(partner.satisfaction_trend, 1, signed=True),
                    threshold=_health_number(company.satisfaction_low_threshold),
                    drop=_health_number(company.health_satisfaction_drop))
            else:
                churn = churns.get(partner_id)
                if not churn:
                    continue
                if env.lang not in states_by_lang:
                    states_by_lang[env.lang] = dict(
                        churn._fields["state"]._description_selection(env))
                states = states_by_lang[env.lang]
                evidence = env._("Churn record: %(state)s since %(date)s. %(reason)s",
                                 state=states.get(churn.state, churn.state),
                                 date=fields.Date.to_string(churn.date),
                                 reason=churn.reason or "").strip()
            vals_list.append({
                "partner_id": partner_id,
                "company_id": company.id,
                "signal_type": kind,
                "date": today,
                "source": "detected",
                "user_id": root.id,
                "evidence": evidence,
            })
        signals = Signal.with_context(health_no_refresh=True, mail_create_nosubscribe=True,
                                      mail_create_nolog=True).create(vals_list)
        for signal in signals:
            opened = inputs["signals_open"][signal.partner_id.id]
            count, __ = opened.get(signal.signal_type, (0, today))
            opened[signal.signal_type] = (count + 1, today)
            inputs["signals_last"][signal.partner_id.id][signal.signal_type] = today
        return signals

    def _health_rows(self, company, inputs, exposure, today):
        """The rows written by _health_refresh for these partners of ``company`` (with the
        company in the env for the company-dependent credit fields). The reasons are stored
        as codes and figures (``health_reason_data``) and read in the reader's language."""
        threshold = company.satisfaction_low_threshold
        drop = company.health_satisfaction_drop
        at_risk_complaints = max(company.health_complaint_count, 1)
        currency = company.currency_id
        now = fields.Datetime.now()
        rows = []
        for partner in self:
            reasons = []  # (level, code, figures)
            # Satisfaction
            if partner.satisfaction_score_count:
                score = partner.satisfaction_score
                if score < threshold:
                    reasons.append((2, "satisfaction_low", {
                        "score": _health_number(score, 1),
                        "threshold": _health_number(threshold)}))
                trend = round(partner.satisfaction_trend, 2)
                if trend <= -drop:
                    reasons.append((1, "satisfaction_drop", {
                        "drop": _health_number(-trend, 1),
                        "previous": _health_number(score - partner.satisfaction_trend, 1),
                        "score": _health_number(score, 1)}))
            # Complaints
            complaints = inputs["complaints"].get(partner.id, 0)
            if complaints:
                reasons.append((2 if complaints >= at_risk_complaints else 1,
                                "complaint" if complaints == 1 else "complaints",
                                {"count": complaints}))
            # Churn
            churn = inputs["churn_open"].get(partner.id, {})
            churn_state = next((state for state in ("lost", "to_confirm", "at_risk")
                                if state in churn), None)
            if churn_state == "lost":
                __, first, __, loss = churn["lost"]
                reasons.append((3, "churn_lost", {"date": fields.Date.to_string(loss or first)}))
            elif churn_state in ("to_confirm", "at_risk"):
                reasons.append((2, f"churn_{churn_state}",
                                {"date": fields.Date.to_string(churn[churn_state][1])}))
            # Credit
            figures = exposure.get(partner.id) or self._credit_exposure_zero()
            grade = partner.credit_grade_id
            if grade and grade.min_level < company.health_low_grade_level:
                reasons.append((2, "grade_low", {"grade": grade.id}))
            elif grade and grade.control_level == "block":
                reasons.append((1, "grade_block", {"grade": grade.id}))
            if partner.credit_grade_expired:
                reasons.append((1, "grade_expired",
                                {"date": fields.Date.to_string(partner.credit_expiry_date)}))
            if partner.credit_on_hold:
                reasons.append((2, "hold_note", {"note": partner.credit_hold_note})
                               if partner.credit_hold_note else (2, "hold", {}))
            if figures["limit"] and currency.compare_amounts(
                    figures["exposure"], figures["limit"]) > 0:
                reasons.append((2, "over_limit", {
                    "amount": figures["exposure"] - figures["limit"]}))
            if currency.compare_amounts(figures["overdue_late"], 0.0) > 0:
                reasons.append((1, "overdue", {"days": company.credit_overdue_days,
                                               "amount": figures["overdue_late"]}))
            # Open credit signals
            opened = inputs["signals_open"].get(partner.id, {})
            if opened:
                reasons.append((1, "signals", {"types": sorted(opened)}))
            # Important customers escalate one level
            escalate = bool(reasons and company.health_escalate_important
                            and partner.archive_tier == "important")
            if escalate:
                reasons = [(min(level + 1, 3), code, values) for level, code, values in reasons]
            reasons.sort(key=lambda reason: -reason[0])
            if escalate:
                reasons.append((0, "escalated", {}))
            level = max((level for level, __, __ in reasons), default=0)
            rows.append((
                partner.id, HEALTH_BY_LEVEL[level], level,
                json.dumps([[code, values] for __, code, values in reasons]) if reasons
                else None, now, company.id, grade.id or None, figures["exposure"],
                figures["limit"], complaints, churn_state,
                sum(count for count, __ in opened.values())))
        return rows

    def _health_reason_texts(self):
        """{partner: its reasons (``health_reason_data``) as lines in the env's language},
        the labels and grades read once for all these partners."""
        reasons = {partner: json.loads(partner.health_reason_data or "[]") for partner in self}
        currency = self.env.company.currency_id
        signal_labels = dict(self.env["customer.credit.signal"]._fields[
            "signal_type"]._description_selection(self.env))
        grade_names = {grade.id: grade.name for grade in self.env["customer.credit.grade"].sudo(
        ).browse({values["grade"] for data in reasons.values() for __, values in data
                  if "grade" in values}).exists()}
        texts = {}
        for partner, data in reasons.items():
            lines = []
            for code, values in data:
                values = dict(values)
                if "amount" in values:
                    values["amount"] = formatLang(self.env, values["amount"],
                                                  digits=currency.decimal_places)
                if "grade" in values:
                    values["grade"] = grade_names.get(values["grade"], "")
                if "types" in values:
                    values["types"] = ", ".join(signal_labels.get(value, value)
                                                for value in values["types"])
                lines.append(HEALTH_REASONS[code]._translate(self.env.lang) % values)
            texts[partner] = lines
        return texts
