from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.addons.customer_archive.tools import run_in_batches, write_columns
from odoo.tools import SQL, format_amount, format_date, split_every

GROUPS = ("overdue", "today", "tomorrow", "week")
# Items listed per group in a reminder note; a customer with thousands of open invoices
# gets the oldest ones and the count and total of the others.
NOTE_ITEMS = 10


class CustomerCreditReminder(models.Model):
    """The follow-up state of a customer in a company: its receivable reminder activity,
    the last overdue step escalated to the credit manager and the grant expiry already
    sent for review. Kept by the daily crons so that nothing is sent twice."""

    _name = "customer.credit.reminder"
    _description = "Customer Credit Follow-up"
    _order = "overdue_amount desc, id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, ondelete="cascade")
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(related="partner_id.user_id", string="Salesperson")
    activity_id = fields.Many2one(
        "mail.activity", "Reminder Activity", ondelete="set null", readonly=True,
        help="The open receivable reminder of the customer, updated by every run.")
    reminder_date = fields.Date("Last Reminder", readonly=True)
    due_today = fields.Monetary(readonly=True)
    due_tomorrow = fields.Monetary(readonly=True)
    due_week = fields.Monetary("Due This Week", readonly=True)
    overdue_amount = fields.Monetary("Overdue", readonly=True)
    overdue_days = fields.Integer(
        "Days Overdue", readonly=True, help="Of the oldest overdue item.")
    escalated_step = fields.Integer(
        "Escalated Step (Days)", readonly=True,
        help="The highest escalation step reached in the current overdue period; reset when "
        "nothing is overdue any more.")
    escalation_date = fields.Date("Escalated On", readonly=True)
    review_expiry_date = fields.Date(
        "Review Requested for Expiry", readonly=True,
        help="The grant expiry date for which a credit review activity was created.")

    _sql_constraints = [
        ("partner_company_unique", "UNIQUE(partner_id, company_id)",
         "A customer has one follow-up per company."),
    ]

    # ------------------------------------------------------------------
    # Receivable reminders
    # ------------------------------------------------------------------
    @api.model
    def _reminder_horizon(self, today):
        """The last due date reminded of: the end of this week (Sunday), and at least
        tomorrow, so that on a Sunday the items due on Monday are 'due tomorrow'."""
        return max(today + timedelta(days=6 - today.weekday()), today + timedelta(days=1))

    @api.model
    def _open_items(self, company, partner_ids, today):
        """{commercial partner id: [(group, move, due date, residual)]} of the open
        receivable items (posted, unreconciled, residual > 0) of the customers in
        ``company``, due by the end of this week or overdue. One grouped query."""
        week_end = self._reminder_horizon(today)
        rows = self.env.execute_query(SQL(
            """
            SELECT partner.commercial_partner_id, line.move_id,
                   %(due)s AS due,
                   SUM(line.amount_residual)
              FROM %(open_items)s
               AND line.amount_residual > 0
               AND %(due)s <= %(week_end)s
               AND partner.commercial_partner_id IN %(partner_ids)s
          GROUP BY partner.commercial_partner_id, line.move_id,
                   %(due)s
          ORDER BY partner.commercial_partner_id, due, line.move_id
            """, week_end=week_end, partner_ids=tuple(partner_ids),
            due=self.env["res.partner"]._receivable_due_sql(),
            open_items=self.env["res.partner"]._open_receivables_sql(company)))
        moves = self.env["account.move"].browse({row[1] for row in rows})
        moves.fetch(["name"])
        items = defaultdict(list)
        for partner_id, move_id, due, residual in rows:
            if due < today:
                group = "overdue"
            elif due == today:
                group = "today"
            elif due == today + timedelta(days=1):
                group = "tomorrow"
            else:
                group = "week"
            items[partner_id].append((group, moves.browse(move_id), due, residual))
        return items

    @api.model
    def _customers_to_remind(self, company, today):
        """Ids of the commercial partners with open receivable items in ``company`` due by
        the end of this week or overdue."""
        week_end = self._reminder_horizon(today)
        return [row[0] for row in self.env.execute_query(SQL(
            """
            SELECT DISTINCT partner.commercial_partner_id
              FROM %(open_items)s
               AND line.amount_residual > 0
               AND %(due)s <= %(week_end)s
          ORDER BY 1
            """, week_end=week_end,
            due=self.env["res.partner"]._receivable_due_sql(),
            open_items=self.env["res.partner"]._open_receivables_sql(company)))]

    @api.model
    def _group_labels(self):
        return {"overdue": _("Overdue"), "today": _("Due Today"),
                "tomorrow": _("Due Tomorrow"), "week": _("Due This Week")}

    @api.model
    def _reminder_texts(self):
        """The translated lines of the reminder notes, looked up once per batch. With
        ``_`` like the summaries: a cron's context has no language, and ``_`` then falls
        back to the user's where ``env._`` would give English."""
        return {
            "groups": self._group_labels(),
            "overdue": _("%(move)s due %(date)s, %(days)s days overdue: %(amount)s"),
            "due": _("%(move)s due %(date)s: %(amount)s"),
            "more": _("… and %(count)s more items: %(amount)s"),
        }

    def _reminder_note(self, items, today, texts=None):
        """The HTML note of a reminder: the items by group with their amounts, at most
        NOTE_ITEMS per group (the oldest due first), the others counted with their total."""
        self.ensure_one()
        texts = texts or self._reminder_texts()
        currency = self.company_id.currency_id

        def amount(value):
            return format_amount(self.env, value, currency)

        parts = []
        for group in GROUPS:
            group_items = [item for item in items if item[0] == group]
            if not group_items:
                continue
            shown, rest = group_items[:NOTE_ITEMS], group_items[NOTE_ITEMS:]
            lines = [texts["overdue" if group == "overdue" else "due"] % {
                "move": move.name, "date": format_date(self.env, due),
                "days": (today - due).days, "amount": amount(residual)}
                for _group, move, due, residual in shown]
            if rest:
                lines.append(texts["more"] % {
                    "count": len(rest), "amount": amount(sum(item[3] for item in rest))})
            rows = Markup("").join(Markup("<li>%s</li>") % line for line in lines)
            parts.append(Markup("<p><b>%s: %s</b></p><ul>%s</ul>") % (
                texts["groups"][group], amount(sum(item[3] for item in group_items)), rows))
        return Markup("").join(parts)

    @api.model
    def _cron_receivable_reminders(self, batch_size=2000, commit=True):
        """Daily: one receivable reminder activity per customer and company (items due today,
        tomorrow, this week and overdue), updated on later runs, and escalation to the credit
        manager at each overdue step, once per step. Committed in batches with progress."""
        self = self.sudo()
        today = fields.Date.context_today(self)
        work = []
        for company in self.env["res.company"].search([]):
            remind_ids = self._customers_to_remind(company, today)
            work += [(company, ids) for ids in split_every(batch_size, remind_ids, list)]
            # Customers with nothing to remind any more: their reminder is obsolete.
            stale = self.search([("company_id", "=", company.id),
                                 ("partner_id", "not in", remind_ids),
                                 "|", ("activity_id", "!=", False),
                                 ("escalated_step", "!=", 0)])
            stale.activity_id.sudo().unlink()
            stale.write({"due_today": 0.0, "due_tomorrow": 0.0, "due_week": 0.0,
                         "overdue_amount": 0.0, "overdue_days": 0, "escalated_step": 0})
        run_in_batches(
            self.env, work,
            lambda batch: self.with_company(batch[0])._remind_batch(*batch, today),
            size=lambda batch: len(batch[1]), commit=commit)

    def _follow_ups(self, company, partner_ids):
        """{partner id: follow-up} of the customers in ``company``, created if missing."""
        follow_ups = {rem.partner_id.id: rem for rem in self.search([
            ("company_id", "=", company.id), ("partner_id", "in", list(partner_ids))])}
        missing = [pid for pid in partner_ids if pid not in follow_ups]
        if missing:
            for rem in self.create([{"partner_id": pid, "company_id": company.id}
                                    for pid in missing]):
                follow_ups[rem.partner_id.id] = rem
        return follow_ups

    @api.model
    def _remind_batch(self, company, partner_ids, today):
        # Only the columns read: the partner table is wide and most columns are jsonb.
        self.env["res.partner"].browse(partner_ids).fetch(["name", "user_id"])
        items_by_partner = self._open_items(company, partner_ids, today)
        follow_ups = self._follow_ups(company, partner_ids)
        activity_type = self.env.ref("customer_credit.mail_activity_type_receivable_reminder")
        escalation_type = self.env.ref("customer_credit.mail_activity_type_credit_escalation")
        steps = company._credit_escalation_steps()
        managers = company._credit_managers()
        currency = company.currency_id
        partner_model = self.env["ir.model"]._get_id("res.partner")
        Activity = self.env["mail.activity"]
        in_language = {}  # language: (this model in it, the note's texts in it)

        def for_user(user):
            """The texts for ``user`` are built in his language, whoever runs the job."""
            lang = user.lang or "en_US"
            if lang not in in_language:
                model = self.with_context(lang=lang)
                in_language[lang] = (model, model._reminder_texts())
            return in_language[lang]

        now = fields.Datetime.now()
        new_activities = []
        updates = []
        escalations = []
        for partner_id in partner_ids:
            rem = follow_ups[partner_id]
            items = items_by_partner.get(partner_id, [])
            totals = {group: currency.round(sum(i[3] for i in items if i[0] == group))
                      for group in GROUPS}
            overdue_dues = [i[2] for i in items if i[0] == "overdue"]
            overdue_days = (today - min(overdue_dues)).days if overdue_dues else 0
            partner = rem.partner_id
            user = partner.user_id or managers[:1] or self.env.user
            local, texts = for_user(user)
            summary = local.env._(
                "Receivables of %(partner)s: %(overdue)s overdue, %(due)s due this week",
                partner=partner.name,
                overdue=format_amount(local.env, totals["overdue"], currency),
                due=format_amount(local.env, totals["today"] + totals["tomorrow"]
                                  + totals["week"], currency))
            note = (Markup("<p>%s</p>") % company.name) + rem.with_env(
                local.env)._reminder_note(items, today, texts)
            values = {"summary": summary, "note": note, "date_deadline": today,
                      "user_id": user.id or self.env.uid}
            if rem.activity_id.active and rem.activity_id.user_id.id == values["user_id"]:
                updates.append((rem.activity_id.id, summary, note, today, self.env.uid,
                                now))
            elif rem.activity_id.active:  # a new assignee: notified and subscribed
                rem.activity_id.sudo().write(values)
            else:
                new_activities.append((rem, {
                    **values, "activity_type_id": activity_type.id,
                    "res_model_id": partner_model, "res_id": partner_id}))
            step = max([s for s in steps if s <= overdue_days], default=0)
            rem_values = {
                "reminder_date": today, "due_today": totals["today"],
                "due_tomorrow": totals["tomorrow"], "due_week": totals["week"],
                "overdue_amount": totals["overdue"], "overdue_days": overdue_days,
            }
            if not overdue_dues:
                rem_values["escalated_step"] = 0
            elif step > rem.escalated_step:
                rem_values.update({"escalated_step": step, "escalation_date": today})
                for manager in managers[:1] or self.env.user:
                    local, texts = for_user(manager)
                    escalations.append({
                        "activity_type_id": escalation_type.id,
                        "res_model_id": partner_model, "res_id": partner_id,
                        "user_id": manager.id, "date_deadline": today,
                        "summary": local.env._(
                            "%(partner)s: %(amount)s overdue for %(days)s days "
                            "(step %(step)s days)", partner=partner.name,
                            amount=format_amount(local.env, totals["overdue"], currency),
                            days=overdue_days, step=step),
                        "note": (Markup("<p>%s</p>") % local.env._(
                            "Escalated from the receivable reminders of %(company)s; "
                            "salesperson: %(user)s.", company=company.name,
                            user=partner.user_id.name or "-"))
                        + rem.with_env(local.env)._reminder_note(
                            [i for i in items if i[0] == "overdue"], today, texts),
                    })
            rem.write(rem_values)
        # Existing reminders in one UPDATE: the ORM would sanitize and write each note on
        # its own, tens of thousands a night; the notes are built from escaped values.
        write_columns(Activity.browse([row[0] for row in updates]), [
            ("summary", "varchar"), ("note", "text"), ("date_deadline", "date"),
            ("write_uid", "int"), ("write_date", "timestamp")], updates)
        if new_activities:
            created = Activity._create_scheduled([values for _rem, values in new_activities])
            for (rem, _values), activity in zip(new_activities, created, strict=True):
                rem.activity_id = activity
        if escalations:
            Activity._create_scheduled(escalations)

    # ------------------------------------------------------------------
    # Weekly digest for the credit managers
    # ------------------------------------------------------------------
    @api.model
    def _digest_values(self, company, today=None):
        """The figures of the weekly digest of ``company``: overdue total and customers,
        newly overdue in the week, customers escalated in the week, biggest overdue."""
        today = today or fields.Date.context_today(self)
        week_start = today - timedelta(days=7)
        rows = self.env.execute_query(SQL(
            """
            SELECT partner.commercial_partner_id,
                   SUM(line.amount_residual),
                   SUM(line.amount_residual) FILTER (
                       WHERE %(due)s >= %(week_start)s),
                   MIN(%(due)s)
              FROM %(open_items)s
               AND line.amount_residual > 0
               AND %(due)s < %(today)s
          GROUP BY partner.commercial_partner_id
          ORDER BY 2 DESC, 1
            """, today=today, week_start=week_start,
            due=self.env["res.partner"]._receivable_due_sql(),
            open_items=self.env["res.partner"]._open_receivables_sql(company)))
        currency = company.currency_id
        partners = self.env["res.partner"].browse([row[0] for row in rows])
        escalated = self.search([("company_id", "=", company.id),
                                 ("escalation_date", ">", week_start),
                                 ("escalation_date", "<=", today)],
                                order="escalated_step desc, overdue_amount desc")
        return {
            "company": company,
            "date": today,
            "overdue_total": currency.round(sum(row[1] for row in rows)),
            "overdue_count": len(rows),
            "new_overdue": currency.round(sum(row[2] or 0.0 for row in rows)),
            "escalated": [{"partner": rem.partner_id, "step": rem.escalated_step,
                           "amount": rem.overdue_amount, "days": rem.overdue_days}
                          for rem in escalated],
            "biggest": [{"partner": partners.browse(row[0]), "amount": row[1],
                         "days": (today - row[3]).days} for row in rows[:10]],
            "format": lambda amount: format_amount(self.env, amount, currency),
        }

    @api.model
    def _cron_weekly_digest(self, commit=True):
        """Weekly: queue the digest e-mail of each company to its credit managers, once per
        ISO week and company: the mark is committed with the queued mail, so a second run or
        a run resumed after a crash skips the companies already served."""
        self = self.sudo()
        template = self.env.ref("customer_credit.mail_template_credit_weekly_digest")
        year, week, _weekday = fields.Date.context_today(self).isocalendar()
        this_week = f"{year}-W{week:02d}"

        def send(company):
            partners = company._credit_managers().partner_id.filtered("email")
            # One mail per language of the managers, each in its readers' language.
            for lang, readers in partners.grouped(lambda partner: partner.lang).items():
                template.with_company(company).with_context(lang=lang).send_mail(
                    company.id, email_values={
                        "recipient_ids": [(4, partner.id) for partner in readers]})
            company.credit_digest_week = this_week

        run_in_batches(self.env, self.env["res.company"].search(
            [("credit_digest_week", "!=", this_week)]), send, commit=commit)

    # ------------------------------------------------------------------
    # Review cycle: grants and investigation reports about to expire
    # ------------------------------------------------------------------
    @api.model
    def _cron_credit_reviews(self, batch_size=2000, commit=True):
        """Daily: a 'Credit Review' activity for each grant and each valid investigation
        report expiring within the company's review days, once per grant and report."""
        self = self.sudo()
        today = fields.Date.context_today(self)
        review_type = self.env.ref("customer_credit.mail_activity_type_credit_review")
        work = []
        for company in self.env["res.company"].search([]):
            horizon = today + timedelta(days=company.credit_review_days)
            partners = self.env["res.partner"].with_company(company).sudo().search([
                ("credit_expiry_date", "!=", False), ("credit_expiry_date", "<=", horizon),
                ("credit_grade_id", "!=", False)], order="id")
            work += [(company, "grant", batch.ids)
                     for batch in split_every(batch_size, partners.ids, partners.browse)]
            reports = self.env["customer.credit.report"].sudo().search([
                ("company_id", "=", company.id), ("state", "=", "confirmed"),
                ("review_requested", "=", False), ("expiry_date", "<=", horizon)], order="id")
            work += [(company, "report", batch.ids)
                     for batch in split_every(batch_size, reports.ids, reports.browse)]
        def review(batch):
            company, kind, ids = batch
            if kind == "grant":
                self._review_grants(company, ids, review_type)
            else:
                self._review_reports(company, ids, review_type)

        run_in_batches(self.env, work, review, size=lambda batch: len(batch[2]),
                       commit=commit)

    @api.model
    def _review_grants(self, company, partner_ids, review_type):
        partners = self.env["res.partner"].with_company(company).sudo().browse(partner_ids)
        partners.fetch(["name", "credit_expiry_date", "credit_evaluation_id", "credit_grade_id"])
        follow_ups = self._follow_ups(company, partner_ids)
        managers = company._credit_managers()
        partner_model = self.env["ir.model"]._get_id("res.partner")
        activities = []
        expiry_actions = {}  # language: {expiry action: its label in that language}
        for partner in partners:
            rem = follow_ups[partner.id]
            if rem.review_expiry_date == partner.credit_expiry_date:
                continue
            analyst = partner.credit_evaluation_id.analyst_id
            user = analyst if analyst and analyst.active else managers[:1] or self.env.user
            grade = partner.credit_grade_id
            env = self.with_context(lang=user.lang).env  # the texts in the recipient's language
            if env.lang not in expiry_actions:
                expiry_actions[env.lang] = dict(
                    grade._fields["expiry_action"]._description_selection(env))
            activities.append({
                "activity_type_id": review_type.id, "res_model_id": partner_model,
                "res_id": partner.id, "user_id": user.id,
                "date_deadline": partner.credit_expiry_date,
                "summary": env._("Review the credit of %(partner)s: grade %(grade)s expires on "
                                 "%(date)s", partner=partner.name, grade=grade.name,
                                 date=format_date(env, partner.credit_expiry_date)),
                "note": Markup("<p>%s</p>") % env._(
                    "The grant in %(company)s expires on %(date)s. At expiry: %(action)s.",
                    company=company.name,
                    date=format_date(env, partner.credit_expiry_date),
                    action=expiry_actions[env.lang][grade.expiry_action]),
            })
            rem.review_expiry_date = partner.credit_expiry_date
        if activities:
            self.env["mail.activity"]._create_scheduled(activities)

    @api.model
    def _review_reports(self, company, report_ids, review_type):
        reports = self.env["customer.credit.report"].sudo().browse(report_ids)
        managers = company._credit_managers()
        report_model = self.env["ir.model"]._get_id("customer.credit.report")
        activities = []
        for report in reports:
            user = report.user_id if report.user_id.active else managers[:1] or self.env.user
            env = self.with_context(lang=user.lang).env  # the texts in the recipient's language
            activities.append({
                "activity_type_id": review_type.id, "res_model_id": report_model,
                "res_id": report.id, "user_id": user.id,
                "date_deadline": report.expiry_date,
                "summary": env._("Investigate %(partner)s again: report %(report)s expires on "
                                 "%(date)s", partner=report.partner_id.name,
                                 report=report.name, date=format_date(env, report.expiry_date)),
            })
        reports.write({"review_requested": True})
        if activities:
            self.env["mail.activity"]._create_scheduled(activities)
