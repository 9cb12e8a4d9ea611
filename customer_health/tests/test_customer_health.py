import json

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.addons.customer_health import post_init_hook
from odoo.addons.customer_satisfaction.tests.common import CustomerSatisfactionCommon
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestCustomerHealth(CustomerSatisfactionCommon):
    """Customer health: each reason has a severity, the status is the highest one (Good
    without any reason). The company settings of the fixture are the defaults: low
    satisfaction threshold 60, drop that counts 10 points, 2 open complaints for at risk, low
    credit grades below 40 %, important customers escalate, overdue tolerance 30 days.

    ==============================================  =========  ============================
    reason                                          severity   example of the reason
    ==============================================  =========  ============================
    latest satisfaction below the low threshold     at risk    Satisfaction 50.0 (below 60)
    trend <= -drop that counts                      watch      Satisfaction dropped 10.0 ...
    open complaints below the at-risk number        watch      1 open complaint
    open complaints at or above it                  at risk    2 open complaints
    churn at risk / lost to be confirmed            at risk    Churn: at risk since <date>
    churn lost (confirmed)                          critical   Churn: lost since <date>
    open or acknowledged credit signals             watch      Open credit signals: Rumours
    credit grade starting below 40 %                at risk    Credit grade CCC
    other credit grade with control level Block     watch      Credit grade BBB (control...)
    credit grade expired                            watch      Credit grade expired on <d>
    over the credit limit                           at risk    Over credit limit by 500.00
    overdue beyond the tolerance                    watch      Overdue beyond 30 days: ...
    on credit hold                                  at risk    On credit hold: <reason>
    important tier                                  each reason one level higher
    ==============================================  =========  ============================

    Cross-signals: a satisfaction below the threshold or dropping opens a credit signal
    'Satisfaction Dropping', an open churn record (not itself opened by a signal) a signal
    'Churn Risk'; an open signal orders falling / no orders / management change / staff
    leaving opens a churn record at risk (source signal) when there is none open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.archive_company
        cls.company.write({
            "satisfaction_low_threshold": 60.0,
            "health_satisfaction_drop": 10.0,
            "health_complaint_count": 2,
            "health_low_grade_level": 40.0,
            "health_escalate_important": True,
            "credit_overdue_days": 30,
        })
        common = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.credit_manager = new_test_user(
            cls.env, "health_credit_manager", name="Health Credit Manager",
            groups="base.group_user,customer_credit.group_credit_manager", **common)
        cls.credit_analyst = new_test_user(
            cls.env, "health_credit_analyst", name="Health Credit Analyst",
            groups="base.group_user,customer_credit.group_credit_analyst", **common)
        cls.salesperson = new_test_user(
            cls.env, "health_sales", name="Health Salesperson",
            groups="base.group_user,sales_team.group_sale_salesman,"
                   "customer_satisfaction.group_satisfaction_user", **common)
        cls.customer = cls._create_customer("Health Customer", cls.salesperson)
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.today_str = fields.Date.to_string(cls.today)
        cls.grade_a = cls.env.ref("customer_credit.grade_a")      # 70 %, warn
        cls.grade_bbb = cls.env.ref("customer_credit.grade_bbb")  # 60 %, block
        cls.grade_ccc = cls.env.ref("customer_credit.grade_ccc")  # 30 %, block
        cls.category_price = cls.env.ref("customer_satisfaction.churn_category_price")

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _complaint(self, partner, state="new", feedback_type="complaint"):
        complaint = self.env["customer.satisfaction.feedback"].create({
            "partner_id": partner.id, "company_id": self.company.id,
            "feedback_type": feedback_type, "dimension": "service",
            "summary": "Late delivery"})
        if state != "new":
            complaint.sudo().state = state
        return complaint

    def _churn(self, partner, state="at_risk", **values):
        vals = {"partner_id": partner.id, "company_id": self.company.id, "state": state,
                "source": "manual", **values}
        if state == "lost":
            vals.setdefault("category_id", self.category_price.id)
        return self.env["customer.churn"].sudo().create(vals)

    def _signal(self, partner, signal_type, **values):
        return self.env["customer.credit.signal"].sudo().create({
            "partner_id": partner.id, "company_id": self.company.id,
            "signal_type": signal_type, "evidence": "Seen by the salesperson", **values})

    def _signals(self, partner, signal_type=None):
        domain = [("partner_id", "=", partner.id)]
        if signal_type:
            domain.append(("signal_type", "=", signal_type))
        return self.env["customer.credit.signal"].sudo().search(domain)

    def _churns(self, partner):
        return self.env["customer.churn"].sudo().search([("partner_id", "=", partner.id)])

    def _health(self, partner, refresh=True):
        if refresh:
            partner._health_refresh()
        return partner.health_status, partner.health_reasons or ""

    def _invoice_due(self, partner, day, amount):
        """A posted invoice of ``amount`` dated and due on ``day``."""
        move = self.env["account.move"].create({
            "move_type": "out_invoice", "partner_id": partner.id, "invoice_date": day,
            "invoice_payment_term_id": False, "invoice_date_due": day,
            "invoice_line_ids": [Command.create({
                "name": "Goods", "quantity": 1, "price_unit": amount,
                "tax_ids": [Command.clear()]})],
        })
        move.action_post()
        return move

    def _credit(self, partner):
        return partner.with_company(self.company).sudo()

    # ------------------------------------------------------------------
    # Status and reasons
    # ------------------------------------------------------------------
    def test_good_without_reason(self):
        self.assertFalse(self.customer.health_status)
        self.assertEqual(self._health(self.customer), ("good", ""))
        self.assertEqual(self.customer.health_company_id, self.company)
        self.assertEqual(self.customer.health_level, 0)
        self.assertFalse(self.customer.health_summary)
        self.assertTrue(self.customer.health_date)
        self.assertEqual(self.customer.health_complaint_count, 0)
        self.assertFalse(self.customer.health_churn_state)
        self.assertEqual(self.customer.health_signal_count, 0)
        self.assertFalse(self._signals(self.customer))

    def test_satisfaction_below_threshold(self):
        # One answer: only "Quality" (scale 0..10) answered, 5 → product 50 → overall 50.0.
        self._answer(self.customer, {self.q_quality: 5})
        # The new score refreshed the health by itself.
        self.assertEqual(self._health(self.customer, refresh=False), (
            "at_risk",
            "Satisfaction 50.0 (below 60)\nOpen credit signals: Satisfaction Dropping"))
        signal = self._signals(self.customer)
        self.assertEqual(signal.signal_type, "satisfaction_drop")
        self.assertEqual(signal.source, "detected")
        self.assertEqual(signal.state, "open")
        self.assertEqual(signal.company_id, self.company)
        self.assertEqual(signal.evidence, (
            f"Latest satisfaction index 50.0 of {self.today_str}, change 0.0 points against "
            "the previous answer; low threshold 60, drop that counts 10 points."))
        self.assertTrue(self._credit(self.customer).credit_review_needed)
        self.assertEqual(self.customer.health_signal_count, 1)
        # A second refresh opens no second signal.
        self._health(self.customer)
        self.assertEqual(len(self._signals(self.customer)), 1)

    def test_satisfaction_at_threshold(self):
        # 6 → 60.0: not below 60 → good, no signal.
        self._answer(self.customer, {self.q_quality: 6})
        self.assertEqual(self._health(self.customer), ("good", ""))
        self.assertFalse(self._signals(self.customer))
        # Threshold 60.5: 60.0 is below it.
        self.company.satisfaction_low_threshold = 60.5
        self.assertEqual(self._health(self.customer), (
            "at_risk",
            "Satisfaction 60.0 (below 60.5)\nOpen credit signals: Satisfaction Dropping"))

    def test_satisfaction_drop(self):
        # 80.0 then 70.0: trend −10 = −(drop that counts) → watch and a signal.
        self._answer(self.customer, {self.q_quality: 8})
        self._answer(self.customer, {self.q_quality: 7})
        self.assertAlmostEqual(self.customer.satisfaction_trend, -10.0)
        self.assertEqual(self._health(self.customer), (
            "watch",
            "Satisfaction dropped 10.0 points (from 80.0 to 70.0)\n"
            "Open credit signals: Satisfaction Dropping"))
        self.assertEqual(self._signals(self.customer).signal_type, "satisfaction_drop")

    def test_satisfaction_drop_below_setting(self):
        # Drop that counts 10.5: a drop of 10 points is no reason, no signal.
        self.company.health_satisfaction_drop = 10.5
        self._answer(self.customer, {self.q_quality: 8})
        self._answer(self.customer, {self.q_quality: 7})
        self.assertEqual(self._health(self.customer), ("good", ""))
        self.assertFalse(self._signals(self.customer))

    def test_complaints(self):
        self._complaint(self.customer, state="resolved")
        self._complaint(self.customer, feedback_type="suggestion")
        self._complaint(self.customer, feedback_type="praise")
        self.assertEqual(self._health(self.customer), ("good", ""))
        # One open complaint: watch.
        self._complaint(self.customer, state="in_progress")
        self.assertEqual(self._health(self.customer), ("watch", "1 open complaint"))
        # Two (one about our own fault): at risk, the at-risk number of the settings.
        self._complaint(self.customer, feedback_type="own_fault")
        self.assertEqual(self._health(self.customer), ("at_risk", "2 open complaints"))
        self.assertEqual(self.customer.health_complaint_count, 2)
        # At-risk number 3: two open complaints are a watch.
        self.company.health_complaint_count = 3
        self.assertEqual(self._health(self.customer), ("watch", "2 open complaints"))
        # Complaints of another company do not count.
        other = self.env["res.company"].create({"name": "Other Health Co"})
        self.env["customer.satisfaction.feedback"].sudo().create({
            "partner_id": self.customer.id, "company_id": other.id,
            "feedback_type": "complaint", "dimension": "product", "summary": "Broken"})
        self.assertEqual(self._health(self.customer), ("watch", "2 open complaints"))

    def test_reasons_in_the_readers_language(self):
        """The reasons are stored as codes and figures: each reader reads them in his own
        language, whoever's language the night's job ran in."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["customer_health"], ["zh_CN"])
        self._complaint(self.customer)
        self.customer.with_context(lang="zh_CN")._health_refresh()
        self.assertEqual(self.customer.with_context(lang="en_US").health_reasons,
                         "1 open complaint")
        self.assertEqual(self.customer.with_context(lang="zh_CN").health_reasons,
                         "1 项未结投诉")
        self.assertEqual(json.loads(self.customer.health_reason_data),
                         [["complaint", {"count": 1}]])

    def test_install_over_the_health_of_customer_satisfaction(self):
        """Installed where customer_satisfaction kept the health with its reasons as
        sentences: the sentences' column goes and the reasons are stored again as codes."""
        self._complaint(self.customer)
        self.env.cr.execute("ALTER TABLE res_partner ADD COLUMN health_reasons jsonb")
        self.env.cr.execute(
            "UPDATE res_partner SET health_reason_data = NULL WHERE id = %s", [self.customer.id])
        self.customer.invalidate_recordset()
        post_init_hook(self.env)
        self.env.cr.execute("SELECT 1 FROM information_schema.columns WHERE table_name = "
                            "'res_partner' AND column_name = 'health_reasons'")
        self.assertFalse(self.env.cr.fetchone())
        self.assertEqual(self.customer.health_reasons, "1 open complaint")

    def test_live_refresh_on_complaints_and_churn(self):
        """The health follows a complaint and a churn record as soon as they change, without
        waiting for the daily refresh."""
        self.assertEqual(self._health(self.customer), ("good", ""))
        complaint = self._complaint(self.customer)
        self.assertEqual(self._health(self.customer, refresh=False),
                         ("watch", "1 open complaint"))
        complaint.resolution = "<p>Redelivered</p>"
        complaint.action_resolve()
        self.assertEqual(self._health(self.customer, refresh=False), ("good", ""))
        flagged = self.today - relativedelta(days=5)
        churn = self.env["customer.churn"].create({
            "partner_id": self.customer.id, "company_id": self.company.id,
            "category_id": self.category_price.id, "date": flagged})
        status, reasons = self._health(self.customer, refresh=False)
        self.assertEqual(status, "at_risk")
        self.assertIn(f"Churn: at risk since {fields.Date.to_string(flagged)}", reasons)
        churn.action_mark_lost()
        self.assertEqual(self._health(self.customer, refresh=False)[0], "critical")
        # Buying again wins the customer back when its invoice is posted.
        self._invoice_due(self.customer, self.today, 100.0)
        self.assertEqual(churn.state, "won_back")
        self.assertNotEqual(self._health(self.customer, refresh=False)[0], "critical")

    def test_churn_states(self):
        churn = self._churn(self.customer, date=self.today - relativedelta(days=3))
        since = fields.Date.to_string(self.today - relativedelta(days=3))
        self.assertEqual(self._health(self.customer), (
            "at_risk", f"Churn: at risk since {since}\nOpen credit signals: Churn Risk"))
        self.assertEqual(self.customer.health_churn_state, "at_risk")
        churn.sudo().state = "to_confirm"
        self.assertEqual(self._health(self.customer), (
            "at_risk", f"Churn: lost, to be confirmed, since {since}\n"
            "Open credit signals: Churn Risk"))
        loss = self.today - relativedelta(days=40)
        churn.sudo().write({"state": "lost", "loss_date": loss,
                            "category_id": self.category_price.id})
        self.assertEqual(self._health(self.customer), (
            "critical", f"Churn: lost since {fields.Date.to_string(loss)}\n"
            "Open credit signals: Churn Risk"))
        self.assertEqual(self.customer.health_churn_state, "lost")
        # Won back: not open any more; the churn-risk signal stays until the credit review.
        churn.sudo().state = "won_back"
        self.assertEqual(self._health(self.customer), (
            "watch", "Open credit signals: Churn Risk"))
        self.assertFalse(self.customer.health_churn_state)

    def test_credit_grades(self):
        credit = self._credit(self.customer)
        credit.credit_grade_id = self.grade_a
        self.assertEqual(self._health(self.customer), ("good", ""))
        self.assertEqual(self.customer.health_credit_grade_id, self.grade_a)
        credit.credit_grade_id = self.grade_bbb
        self.assertEqual(self._health(self.customer), (
            "watch", "Credit grade BBB (control level Block)"))
        credit.credit_grade_id = self.grade_ccc
        self.assertEqual(self._health(self.customer), ("at_risk", "Credit grade CCC"))
        # Low grades below 30 %: CCC (from 30 %) is no longer low, but blocks.
        self.company.health_low_grade_level = 30.0
        self.assertEqual(self._health(self.customer), (
            "watch", "Credit grade CCC (control level Block)"))
        # An expired grant of a good grade.
        expired = self.today - relativedelta(days=1)
        credit.write({"credit_grade_id": self.grade_a.id, "credit_expiry_date": expired})
        self.assertEqual(self._health(self.customer), (
            "watch", f"Credit grade expired on {fields.Date.to_string(expired)}"))
        # The grade of another company is not the customer's company's.
        credit.write({"credit_grade_id": False, "credit_expiry_date": False})
        other = self.env["res.company"].create({"name": "Other Grade Co"})
        self.customer.with_company(other).sudo().credit_grade_id = self.grade_ccc
        self.assertEqual(self._health(self.customer), ("good", ""))

    def test_credit_limit_and_overdue(self):
        # Invoices are posted without a limit (the credit checks of posting stay out).
        self._invoice(self.customer, self.today, 1000.0)
        self._credit(self.customer).credit_limit = 1000.0
        # Exposure 1,000.00 = limit: not over.
        self.assertEqual(self._health(self.customer), ("good", ""))
        self.assertAlmostEqual(self.customer.health_credit_exposure, 1000.0)
        self.assertAlmostEqual(self.customer.health_credit_limit, 1000.0)
        self._credit(self.customer).credit_limit = 500.0
        self.assertEqual(self._health(self.customer), (
            "at_risk", "Over credit limit by 500.00"))
        # An invoice due 31 days ago is overdue beyond 30 days.
        self._credit(self.customer).credit_limit = 0.0
        self._invoice_due(self.customer, self.today - relativedelta(days=31), 250.0)
        self.assertEqual(self._health(self.customer), (
            "watch", "Overdue beyond 30 days: 250.00"))
        self._credit(self.customer).credit_limit = 500.0
        self.assertEqual(self._health(self.customer), (
            "at_risk", "Over credit limit by 750.00\nOverdue beyond 30 days: 250.00"))
        self.assertAlmostEqual(self.customer.health_credit_exposure, 1250.0)
        self.assertAlmostEqual(self.customer.health_credit_limit, 500.0)

    def test_overdue_at_tolerance(self):
        # Due exactly 30 days ago: within the tolerance; no limit: never over it.
        self._invoice_due(self.customer, self.today - relativedelta(days=30), 250.0)
        self.assertEqual(self._health(self.customer), ("good", ""))
        self._invoice_due(self.customer, self.today - relativedelta(days=31), 100.0)
        self.assertEqual(self._health(self.customer), (
            "watch", "Overdue beyond 30 days: 100.00"))

    def test_credit_hold(self):
        self.customer.with_user(self.credit_manager)._credit_set_on_hold(
            True, "Cheque bounced", self.company)
        self.assertEqual(self._health(self.customer), (
            "at_risk", "On credit hold: Cheque bounced"))

    def test_open_signals(self):
        # A signal refreshes the health of its customer when created and when closed.
        signal = self._signal(self.customer, "rumours")
        self.assertEqual(self._health(self.customer, refresh=False), (
            "watch", "Open credit signals: Rumours"))
        self._signal(self.customer, "paying_later", source="detected")
        self.assertEqual(self._health(self.customer, refresh=False), (
            "watch", "Open credit signals: Payments Getting Later, Rumours"))
        self.assertEqual(self.customer.health_signal_count, 2)
        signal.with_user(self.credit_analyst).action_acknowledge()
        self.assertEqual(self.customer.health_signal_count, 2)
        (signal | self._signals(self.customer, "paying_later")).with_user(
            self.credit_analyst).action_close()
        self.assertEqual(self._health(self.customer, refresh=False), ("good", ""))
        # No churn record for signals that do not tell of a leaving customer.
        self.assertFalse(self._churns(self.customer))

    def test_highest_severity_first(self):
        self._complaint(self.customer)
        self._credit(self.customer).credit_grade_id = self.grade_ccc
        self._signal(self.customer, "rumours")
        self.assertEqual(self._health(self.customer), (
            "at_risk", "Credit grade CCC\n1 open complaint\nOpen credit signals: Rumours"))
        self.assertEqual(self.customer.health_level, 2)
        self.assertEqual(self.customer.health_summary, "Credit grade CCC (+2 more)")

    def test_important_tier_escalates(self):
        self.customer.archive_tier = "important"
        self._complaint(self.customer)
        self.assertEqual(self._health(self.customer), (
            "at_risk",
            "1 open complaint\nImportant tier: each reason counts one level higher"))
        self._complaint(self.customer)
        self.assertEqual(self._health(self.customer)[0], "critical")
        # A good important customer stays good.
        self.assertEqual(self._health(self.customer_b), ("good", ""))
        # Setting off: no escalation.
        self.company.health_escalate_important = False
        self.assertEqual(self._health(self.customer), ("at_risk", "2 open complaints"))

    def test_refresh_contacts_and_companies(self):
        """A contact refreshes its company; a customer without archive is computed in the
        current company."""
        contact = self.env["res.partner"].create({
            "name": "Buyer", "parent_id": self.customer.id})
        self._complaint(self.customer)
        contact._health_refresh()
        self.assertEqual(self.customer.health_status, "watch")
        self.assertFalse(contact.health_status)
        loose = self._create_customer("No Archive", archive=False)
        self.assertEqual(self._health(loose), ("good", ""))
        self.assertEqual(loose.health_company_id, self.env.company)

    def test_bad_settings(self):
        for values in ({"health_satisfaction_drop": 0.0}, {"health_complaint_count": 0},
                       {"health_low_grade_level": 101.0}, {"health_low_grade_level": -1.0}):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self.company.write(values)

    # ------------------------------------------------------------------
    # Cross-signals
    # ------------------------------------------------------------------
    def test_signal_opens_churn(self):
        signal = self._signal(self.customer, "orders_falling", source="detected",
                              evidence="Invoiced in the last 3 months: 100.00")
        churn = self._churns(self.customer)
        self.assertEqual(len(churn), 1)
        self.assertEqual(churn.state, "at_risk")
        self.assertEqual(churn.source, "signal")
        self.assertEqual(churn.company_id, self.company)
        self.assertEqual(churn.date, self.today)
        self.assertEqual(churn.reason, (
            f"Credit signal Orders Falling Sharply of {self.today_str}: "
            "Invoiced in the last 3 months: 100.00"))
        # The churn record opened by the signal opens no churn-risk signal back.
        self.assertEqual(self._signals(self.customer), signal)
        self.assertEqual(self._health(self.customer, refresh=False), (
            "at_risk", f"Churn: at risk since {self.today_str}\n"
            "Open credit signals: Orders Falling Sharply"))
        # Refresh again, a second signal of the kind: no second churn record.
        self._health(self.customer)
        self._signal(self.customer, "staff_leaving")
        self.assertEqual(self._churns(self.customer), churn)
        self.assertEqual(len(self._signals(self.customer)), 2)
        # Recovered since the signals: not flagged again while they stay open.
        churn.sudo().state = "recovered"
        self._health(self.customer)
        self.assertEqual(self._churns(self.customer), churn)

    def test_signals_without_churn(self):
        for signal_type in ("rumours", "returns", "paying_later", "other"):
            self._signal(self.customer, signal_type, source="detected"
                         if signal_type in ("returns", "paying_later") else "manual")
        self.assertFalse(self._churns(self.customer))
        self._signal(self.customer_b, "management_change")
        self._signal(self.customer_a, "no_orders", source="detected")
        self.assertEqual(self._churns(self.customer_b).source, "signal")
        self.assertEqual(self._churns(self.customer_a).source, "signal")

    def test_churn_opens_signal(self):
        churn = self._churn(self.customer, reason="Competitor cheaper",
                            date=self.today - relativedelta(days=2))
        self._health(self.customer)
        signal = self._signals(self.customer)
        self.assertEqual(signal.signal_type, "churn_risk")
        self.assertEqual(signal.source, "detected")
        self.assertEqual(signal.evidence, (
            f"Churn record: At Risk since "
            f"{fields.Date.to_string(self.today - relativedelta(days=2))}. Competitor cheaper"))
        self.assertTrue(self._credit(self.customer).credit_review_needed)
        # The credit manager of the company gets the review activity of the signal.
        self.assertEqual(len(signal.activity_ids), int(bool(
            self.company._credit_signal_manager())))
        # No duplicate, and no churn record back.
        self._health(self.customer)
        self.assertEqual(self._signals(self.customer), signal)
        self.assertEqual(self._churns(self.customer), churn)
        # Closed after review: not reopened for the same churn record.
        signal.with_user(self.credit_analyst).action_close()
        self._health(self.customer)
        self.assertEqual(self._signals(self.customer), signal)
        # A new churn record after the review opens a new signal.
        signal.sudo().date = self.today - relativedelta(days=1)
        churn.sudo().state = "recovered"
        self._churn(self.customer)
        self._health(self.customer)
        self.assertEqual(len(self._signals(self.customer, "churn_risk")), 2)

    def test_satisfaction_signal_once_per_score(self):
        self._answer(self.customer, {self.q_quality: 4})
        signal = self._signals(self.customer)
        signal.with_user(self.credit_analyst).action_close()
        self.assertEqual(self.customer.health_status, "at_risk")
        self._health(self.customer)
        self.assertEqual(self._signals(self.customer), signal)
        # A new low score (another day) opens a new signal.
        signal.sudo().date = self.today - relativedelta(days=1)
        self._answer(self.customer, {self.q_quality: 3})
        self.assertEqual(len(self._signals(self.customer, "satisfaction_drop")), 2)

    # ------------------------------------------------------------------
    # Cron and queries
    # ------------------------------------------------------------------
    def test_cron(self):
        loose = self._create_customer("No Archive", archive=False)
        self._complaint(self.customer_a)
        self._churn(self.customer_b, state="lost")
        self.env["res.partner"]._cron_health_refresh(batch_size=2)
        self.assertEqual(self.customer_a.health_status, "watch")
        self.assertEqual(self.customer_b.health_status, "critical")
        self.assertEqual(self._signals(self.customer_b).signal_type, "churn_risk")
        self.assertEqual(self.customer.health_status, "good")
        self.assertFalse(loose.health_status)
        archived = self.env["res.partner"].search([("archive_number", "!=", False)])
        # Each in its archive's company (the demo's are in another one).
        self.assertFalse(archived.sudo().filtered(
            lambda partner: not partner.with_company(partner.archive_company_id).health_date))
        # A second run creates nothing new.
        self.env["res.partner"]._cron_health_refresh(batch_size=2)
        self.assertEqual(len(self._signals(self.customer_b)), 1)

    def test_query_count(self):
        partners = self.env["res.partner"]
        grades = [self.grade_a, self.grade_bbb, self.grade_ccc, False]
        for index in range(10):
            partner = self._create_customer(f"Query Customer {index}", self.salesperson)
            self._complaint(partner)
            self._credit(partner).credit_grade_id = grades[index % 4]
            if index % 3 == 0:
                self._churn(partner)
            if index % 2:
                self._signal(partner, "rumours")
            partners |= partner
        self._invoice(partners[5], self.today, 900.0)
        for index, partner in enumerate(partners):
            self._credit(partner).credit_limit = 100.0 * index
        partners._health_refresh()

        def count(records):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records._health_refresh()
            return self.env.cr.sql_log_count - before

        two, ten = count(partners[:2]), count(partners)
        self.assertEqual(two, ten)
        self.assertLessEqual(ten, 20)
        self.assertEqual(partners.mapped("health_status"), [
            "at_risk", "watch", "at_risk", "at_risk", "watch", "at_risk", "at_risk", "watch",
            "watch", "at_risk"])

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_salesperson(self):
        self._complaint(self.customer)
        customer = self.customer.with_user(self.salesperson)
        customer.action_health_refresh()
        values = customer.read(["health_status", "health_reasons", "health_complaint_count"])[0]
        self.assertEqual(values["health_status"], "watch")
        self.assertEqual(values["health_reasons"], "1 open complaint")
        self.assertEqual(values["health_complaint_count"], 1)
        action = customer.action_health_view_complaints()
        self.assertEqual(self.env["customer.satisfaction.feedback"].with_user(
            self.salesperson).search_count(action["domain"]), 1)
        # The overview is for managers; all customers at once too.
        menus = self.env["ir.ui.menu"].with_user(self.salesperson)._visible_menu_ids()
        self.assertNotIn(self.env.ref("customer_health.menu_customer_satisfaction_health").id,
                         menus)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.salesperson).action_health_refresh()
        # Health signals are opened by the health refresh only.
        with self.assertRaises(AccessError):
            self.env["customer.credit.signal"].with_user(self.salesperson).create({
                "partner_id": self.customer.id, "signal_type": "churn_risk"})

    def test_satisfaction_user_reads(self):
        self._health(self.customer_a)
        partner = self.customer_a.with_user(self.satisfaction_user)
        self.assertEqual(partner.health_status, "good")
        views = partner.get_views([(self.env.ref(
            "customer_health.res_partner_view_list_health").id, "list"), (False, "form")])
        self.assertIn("health_status", views["models"]["res.partner"]["fields"])
        self.assertIn("customer_health", views["views"]["form"]["arch"])

    def test_plain_employee_cannot_refresh(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.employee).action_health_refresh()

    def test_managers(self):
        self._complaint(self.customer)
        menu_sat = self.env.ref("customer_health.menu_customer_satisfaction_health").id
        menu_credit = self.env.ref("customer_health.menu_customer_credit_health").id
        self.assertIn(menu_sat, self.env["ir.ui.menu"].with_user(
            self.satisfaction_manager)._visible_menu_ids())
        self.assertIn(menu_credit, self.env["ir.ui.menu"].with_user(
            self.credit_manager)._visible_menu_ids())
        # The overview's button without selection refreshes every customer with an archive.
        self.env["res.partner"].with_user(self.satisfaction_manager).action_health_refresh()
        self.assertEqual(self.customer.health_status, "watch")
        self._complaint(self.customer)
        self.env["res.partner"].with_user(self.credit_manager).action_health_refresh()
        self.assertEqual(self.customer.health_status, "at_risk")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_health.customer_health_action")
        self.assertEqual(action["context"], "{'search_default_not_good': 1}")
        found = self.env["res.partner"].with_user(self.satisfaction_manager).search(
            safe_eval(action["domain"]) + [("health_status", "in", ("watch", "at_risk",
                                                                    "critical"))])
        self.assertIn(self.customer, found)
        self.assertNotIn(self.customer_a, found)
