"""Classification of the archives (客户分类), set-based and nightly: by time, trade stage,
volume (Pareto or thresholds) and core customers, with the sales figures behind them, in
the company that owns each archive. Inherited by res.partner."""
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import split_every

from ..tools import run_in_batches, write_columns


class CustomerArchiveClassification(models.AbstractModel):
    _name = "customer.archive.classification"
    _description = "Archive Classification (engine of the customers)"

    # ------------------------------------------------------------------
    # Yearly figures and classification refresh (set-based)
    # ------------------------------------------------------------------
    @api.model
    def _cron_refresh_archive(self, batch_size=2000):
        """Daily: refresh yearly figures and classes of every archive, in committed batches."""
        partner_ids = self.search([("archive_number", "!=", False)], order="id").ids
        # The Pareto ranking covers each company's whole customer base: rank once per run.
        volume_classes = {}
        started = fields.Datetime.now()
        run_in_batches(self.env, split_every(batch_size, partner_ids, self.browse),
                       lambda batch: batch._refresh_archive(volume_classes))
        # Every archive of these companies was looked at: one stamp per company.
        self.env["res.company"].browse([company.id for company in volume_classes]).sudo().write(
            {"archive_classified_on": started})

    def _refresh_archive(self, volume_classes=None):
        """Refresh yearly figures and classifications of these archived partners.

        A few grouped queries per call whatever the number of partners or invoices: callers
        pass batches, and may share ``volume_classes`` (company: Pareto ranking) between
        batches of one run.
        """
        # Only the archive's owner: the partner table is wide and most columns are jsonb.
        self.fetch(["archive_number", "archive_company_id"])
        partners = self.filtered("archive_number")
        if not partners:
            return
        volume_classes = {} if volume_classes is None else volume_classes
        today = fields.Date.context_today(self)
        self.env["customer.archive.year"]._refresh_sales(partners)
        for company, company_partners in partners._archive_by_company():
            if company not in volume_classes:
                volume_classes[company] = self._archive_volume_classes(company, today)
            company_partners._classify_archive(company, volume_classes[company], today)

    def _archive_by_company(self):
        """(company, its archives of these partners seen from it) pairs: the archive's
        figures are company-dependent, read and written in the company that owns it. As
        superuser: the engines refresh every company's archives, whoever runs them."""
        return [(company, partners.sudo().with_company(company))
                for company, partners in self.grouped("archive_company_id").items() if company]

    def _classify_archive(self, company, volume_classes, today):
        """Classify these archives of ``company``, read and written as seen from it."""
        history = self._archive_sales_history(company)
        new_since = today - relativedelta(months=company.archive_new_customer_months)
        active_since = today - relativedelta(months=company.archive_active_months)
        figures, classes = [], {}
        self.fetch(["trade_start_date", "archive_time_class", "archive_trade_stage",
                    "archive_volume_class", "archive_is_core", "customer_nature", "is_company",
                    "category_id"])
        for partner in self:
            total, first, last = history.get(partner.id, (0.0, None, None))
            time_class = "future" if not first else ("new" if first >= new_since else "old")
            stage = ("about_to_trade" if not last
                     else "trading_now" if last >= active_since else "traded_before")
            start = min(filter(None, [first, partner.trade_start_date]), default=None)
            years = (today - start).days / 365.25 if start else 0.0
            average = total / max(years, 1.0)
            is_core = bool(total > 0 and years >= company.archive_core_min_years
                           and average >= company.archive_core_min_yearly_sales)
            period_sales, volume_class = volume_classes.get(partner.id, (0.0, False))
            figures.append((partner.id, first, last, period_sales, total, round(years, 1), average))
            values = (time_class, stage, volume_class, is_core)
            current = (partner.archive_time_class, partner.archive_trade_stage,
                       partner.archive_volume_class, partner.archive_is_core)
            if values != current:
                first = not (partner.archive_time_class or partner.archive_trade_stage)
                classes.setdefault((values, first), []).append(partner.id)
        write_columns(self, [
            ("archive_first_invoice_date", "date"), ("archive_last_invoice_date", "date"),
            ("archive_period_sales", "numeric"), ("archive_total_sales", "numeric"),
            ("archive_relationship_years", "numeric"), ("archive_avg_yearly_sales", "numeric"),
        ], figures, company=company)
        # Classes are tracked: write them through the ORM, one write per distinct combination.
        # Classes given for the first time (a new archive, an installation) are no change to
        # announce: no chatter message per customer; later changes are tracked.
        for ((time_class, stage, volume_class, is_core), first), ids in classes.items():
            self.browse(ids).with_context(tracking_disable=first).write({
                "archive_time_class": time_class,
                "archive_trade_stage": stage,
                "archive_volume_class": volume_class,
                "archive_is_core": is_core,
            })
        # The nature hangs on the settings' tags, no dependency: recompute those it changed.
        tag_natures = self._archive_tag_natures()
        self.env.add_to_compute(self._fields["customer_nature"], self.filtered(
            lambda partner: partner.customer_nature != partner._archive_nature(tag_natures)))

    def _archive_sales_history(self, company):
        """{partner id: (total sales, first invoice date, last invoice date)} in ``company``.

        Aggregates only: classes are the archive's, whoever may or may not read invoices.
        """
        groups = self.env["account.move"].sudo()._read_group(
            [("company_id", "=", company.id), *self.env["account.move"]._sales_domain(),
             ("commercial_partner_id", "in", self.ids)],
            ["commercial_partner_id"],
            ["amount_untaxed_signed:sum", "invoice_date:min", "invoice_date:max"])
        return {partner.id: (total, first, last) for partner, total, first, last in groups}

    @api.model
    def _archive_volume_classes(self, company, today):
        """{partner id: (sales of the period, volume class)} for every customer of ``company``.

        The Pareto ranking needs the whole company's sales: one grouped query.
        """
        date_from = today - relativedelta(months=company.archive_volume_period_months)
        groups = self.env["account.move"].sudo()._read_group(
            [("company_id", "=", company.id), *self.env["account.move"]._sales_domain(),
             ("invoice_date", ">=", date_from),
             ("invoice_date", "<=", today)],
            ["commercial_partner_id"], ["amount_untaxed_signed:sum"])
        ranked = sorted(((total, partner.id) for partner, total in groups if total > 0),
                        key=lambda item: (-item[0], item[1]))
        classes = {partner.id: (total, False) for partner, total in groups if total <= 0}
        if company.archive_volume_method == "threshold":
            for total, partner_id in ranked:
                classes[partner_id] = (total, "major" if total >= company.archive_major_amount
                                       else "ordinary" if total >= company.archive_ordinary_amount
                                       else "scattered")
            return classes
        grand_total = sum(total for total, _partner_id in ranked)
        major_limit = grand_total * company.archive_major_share / 100.0
        ordinary_limit = grand_total * company.archive_ordinary_share / 100.0
        before = 0.0
        for total, partner_id in ranked:
            classes[partner_id] = (total, "major" if before < major_limit
                                   else "ordinary" if before < ordinary_limit else "scattered")
            before += total
        return classes
