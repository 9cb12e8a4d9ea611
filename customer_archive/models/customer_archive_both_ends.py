"""Both ends (抓两头、放中间), set-based and nightly: falling sales and overdue purchases of
the archives, and the salespeople's reminders (overdue purchases, care dates of the key
customers). Inherited by res.partner."""
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, fields, models
from odoo.tools import SQL, format_date, formatLang, split_every

from ..tools import run_in_batches, write_columns
from .customer_archive_care_day import next_occurrences

CARE_ACTIVITY_TYPE = "customer_archive.mail_activity_type_archive_care"
PURCHASE_ACTIVITY_TYPE = "customer_archive.mail_activity_type_archive_purchase_overdue"
# The key customers of the care reminders; the ready filter "Key Customers" uses the same rule.
# The company-dependent figures the job reads, fetched per company.
BOTH_ENDS_FIELDS = ["archive_falling_sales", "archive_purchase_overdue",
                    "archive_purchase_due_date", "archive_purchase_interval",
                    "archive_volume_class", "archive_is_core"]
KEY_CUSTOMER_DOMAIN = [
    ("archive_number", "!=", False), "|", "|", ("archive_volume_class", "=", "major"),
    ("archive_is_core", "=", True), ("archive_tier", "=", "important"),
]


class CustomerArchiveBothEnds(models.AbstractModel):
    _name = "customer.archive.both.ends"
    _description = "Both Ends of the Archives (engine of the customers)"

    def _cron_archive_both_ends(self, batch_size=2000):
        """Daily: refresh the falling-sales and purchase-overdue flags of every archive and
        give the salespeople their reminders (overdue purchases, care dates of the key
        customers), in committed batches. A second run creates no duplicate."""
        partner_ids = self.search([("archive_number", "!=", False)], order="id").ids

        def refresh(batch):
            # Only what the figures and reminders read: the partner table is wide and most
            # of its columns are jsonb.
            batch.fetch(["archive_number", "archive_company_id", "user_id", "founding_date",
                         "archive_tier"])
            for company, partners in batch._archive_by_company():
                partners.fetch(BOTH_ENDS_FIELDS)
                partners._archive_refresh_both_ends_of(company)
                partners._archive_remind_purchases()
                partners._archive_remind_care_dates()

        run_in_batches(self.env, split_every(batch_size, partner_ids, self.browse), refresh)

    def _archive_refresh_both_ends(self):
        """Sales of the last 12 months against the 12 before, usual purchase interval and
        purchase due date of these archives: two queries and a few writes per company."""
        for company, partners in self.filtered("archive_number")._archive_by_company():
            partners._archive_refresh_both_ends_of(company)

    def _archive_refresh_both_ends_of(self, company):
        """The both-ends figures of these archives of ``company``, seen from it."""
        today = fields.Date.context_today(self)
        sales = self._archive_sales_two_years(today)
        history = self._purchase_history(today, company)
        figures, falling = [], {True: [], False: []}
        for partner in self:
            last, previous = sales.get(partner.id, (0.0, 0.0))
            threshold = previous * (1 - company.archive_falling_sales_percent / 100.0)
            is_falling = bool(previous > 0 and last <= threshold)
            purchases = history.get(partner.id)
            # A usual rhythm needs three purchase days (two intervals) at least.
            interval = purchases.interval if purchases and purchases.days >= 3 else 0.0
            last_date = purchases and purchases.last
            due_date = overdue = None
            if interval:
                # Overdue once more days than multiple × interval have passed since the last
                # purchase: the due date is the last whole day still within that span.
                factor = company.archive_purchase_overdue_factor
                due_date = last_date + timedelta(days=int(interval * factor))
                overdue = today > due_date
            figures.append((partner.id, last, previous, interval or None, due_date,
                            bool(overdue)))
            if is_falling != partner.archive_falling_sales:
                falling[is_falling].append(partner.id)
        write_columns(self, [
            ("archive_sales_last_12", "numeric"), ("archive_sales_previous_12", "numeric"),
            ("archive_purchase_interval", "numeric"), ("archive_purchase_due_date", "date"),
            ("archive_purchase_overdue", "bool"),
        ], figures, company=company)
        # The flag is tracked: write it through the ORM, at most two writes.
        for value, ids in falling.items():
            if ids:
                self.browse(ids).write({"archive_falling_sales": value})

    def _archive_sales_two_years(self, today):
        """{partner id: (sales of the last 12 months, sales of the 12 months before)} in the
        archive's company: one grouped query."""
        last_from = today - relativedelta(months=12)
        previous_from = today - relativedelta(months=24)
        self.flush_recordset(["archive_company_id"])
        rows = self.env.execute_query(SQL(
            """
            SELECT p.id,
                   COALESCE(SUM(m.amount_untaxed_signed)
                            FILTER (WHERE m.invoice_date >= %(last_from)s), 0),
                   COALESCE(SUM(m.amount_untaxed_signed)
                            FILTER (WHERE m.invoice_date < %(last_from)s), 0)
              FROM res_partner p
              JOIN account_move m ON m.commercial_partner_id = p.id
                                 AND m.company_id = p.archive_company_id
             WHERE p.id = ANY(%(ids)s)
               AND %(sales)s
               AND m.invoice_date >= %(previous_from)s AND m.invoice_date <= %(today)s
             GROUP BY p.id
            """,
            ids=self.ids, sales=self.env["account.move"]._sales_condition("m"),
            last_from=last_from,
            previous_from=previous_from, today=today,
        ))
        return {partner_id: (last, previous) for partner_id, last, previous in rows}

    def _archive_reminder_user(self):
        """Who gets the reminders of the customer: its salesperson, else its reviewer."""
        self.ensure_one()
        if self.user_id.active and not self.user_id.share:
            return self.user_id
        return self._archive_reviewer()

    def _archive_remind_purchases(self):
        """One reminder per overdue episode for the customers overdue for their next
        purchase: the activity is due the first overdue day; an activity of that day, open or
        done, is never created again. Return the activities created."""
        activities = self.env["mail.activity"].sudo()
        activity_type = self.env.ref(PURCHASE_ACTIVITY_TYPE, raise_if_not_found=False)
        self.fetch(["archive_number", "archive_purchase_overdue", "archive_purchase_due_date",
                    "archive_purchase_interval"])
        overdue = self.filtered(lambda partner: partner.archive_number
                                and partner.archive_purchase_overdue)
        if not (overdue and activity_type):
            return activities
        planned = set(activities.with_context(active_test=False)._read_group(
            [("res_model", "=", self._name), ("res_id", "in", overdue.ids),
             ("activity_type_id", "=", activity_type.id)], ["res_id", "date_deadline:day"]))
        model_id = self.env["ir.model"]._get_id(self._name)
        values = []
        for partner in overdue:
            deadline = partner.archive_purchase_due_date + timedelta(days=1)
            user = partner._archive_reminder_user()
            if (partner.id, deadline) in planned or not user:
                continue
            values.append({
                "res_model_id": model_id,
                "res_id": partner.id,
                "activity_type_id": activity_type.id,
                "summary": activity_type.with_context(lang=user.lang).summary,
                "note": partner.with_context(lang=user.lang)._archive_purchase_note(),
                "user_id": user.id,
                "date_deadline": deadline,
                "automated": True,
            })
        return activities._create_scheduled(values)

    def _archive_purchase_note(self):
        """The overdue purchase reminder's note, in the language of this record's env (the
        recipient's)."""
        return _("Usually buys every %(interval)s days; the next purchase was due by %(date)s.",
                 interval=formatLang(self.env, self.archive_purchase_interval, digits=1),
                 date=format_date(self.env, self.archive_purchase_due_date))

    def _archive_remind_care_dates(self):
        """Care reminders of the key customers among these archives, for the dates within
        the number of days ahead of the settings: birthdays of their key persons (on the key
        person, which stays confidential), the care days of the configuration and the
        customer's founding anniversary. A reminder of the same record, day and occasion,
        open or done, is never created again. Return the activities created."""
        activities = self.env["mail.activity"].sudo()
        activity_type = self.env.ref(CARE_ACTIVITY_TYPE, raise_if_not_found=False)
        key = self.filtered_domain(KEY_CUSTOMER_DOMAIN)
        if not (key and activity_type):
            return activities
        today = fields.Date.context_today(self)
        care_days = self.env["customer.archive.care.day"].sudo().search([])
        persons = self.env["customer.archive.person"].sudo().search(
            [("partner_id", "in", key.ids), ("birth_date", "!=", False)])
        persons_by_partner = persons.grouped("partner_id")
        occasions = []  # (record, date, summary, user)
        for partner in key:
            user = partner._archive_reminder_user()
            if not user:
                continue
            until = today + timedelta(days=partner.archive_company_id.archive_care_days_ahead)
            # The occasions read in the language of the salesperson they are for.
            env = partner.with_context(lang=user.lang).env
            for care_day, day in care_days.with_env(env)._next_dates(today, until):
                occasions.append((partner, day, care_day.name, user))
            if partner.founding_date:
                for day in next_occurrences(partner.founding_date.month,
                                            partner.founding_date.day, today, until):
                    years = day.year - partner.founding_date.year
                    if years > 0:
                        occasions.append((partner, day, env._(
                            "Founding anniversary (%s years)", years), user))
            for person in persons_by_partner.get(partner, []):
                for day in next_occurrences(person.birth_date.month, person.birth_date.day,
                                            today, until):
                    occasions.append((person, day, env._("Birthday of %s", person.name), user))
        if not occasions:
            return activities
        planned = set()
        for records in {record.browse() for record, _day, _summary, _user in occasions}:
            ids = list({record.id for record, _day, _summary, _user in occasions
                        if record._name == records._name})
            planned.update(
                (records._name, res_id, day, summary)
                for res_id, day, summary in activities.with_context(active_test=False)
                ._read_group([("res_model", "=", records._name), ("res_id", "in", ids),
                              ("activity_type_id", "=", activity_type.id),
                              ("date_deadline", ">=", today)],
                             ["res_id", "date_deadline:day", "summary"]))
        values = []
        for record, day, summary, user in occasions:
            if (record._name, record.id, day, summary) in planned:
                continue
            planned.add((record._name, record.id, day, summary))
            values.append({
                "res_model_id": self.env["ir.model"]._get_id(record._name),
                "res_id": record.id,
                "activity_type_id": activity_type.id,
                "summary": summary,
                "user_id": user.id,
                "date_deadline": day,
                "automated": True,
            })
        return activities._create_scheduled(values)
