from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .credit_evaluation_common import CreditEvaluationCommon

# Points of the 5C indicators (weights 30, 25, 20, 10, 15) giving
# 240 + 200 + 140 + 40 + 135 = 755 → 75.5 %, grade A (20 % of the yearly sales), and
#  60 + 200 +  40 + 10 +  30 = 340 → 34.0 %, grade CCC (fixed limit 0, immediate payment).
# Capacity 8 is what customer A's current ratio 1.5 suggests: no reason needed.
POINTS_A = {"Character": 8, "Capacity": 8, "Capital": 7, "Collateral": 4, "Conditions": 9}
POINTS_CCC = {"Character": 2, "Capacity": 8, "Capital": 2, "Collateral": 1, "Conditions": 2}


@tagged("post_install", "-at_install")
class TestCreditEvaluation(CreditEvaluationCommon):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.grade_a = cls.env.ref("customer_credit.grade_a")
        cls.grade_ccc = cls.env.ref("customer_credit.grade_ccc")
        cls.pricelist = cls.env["product.pricelist"].create({
            "name": "Grade A Customers", "company_id": False})
        cls.grade_a.pricelist_id = cls.pricelist
        cls._statement(cls.customer_a, current_assets=1500000, inventory=600000,
                       current_liabilities=1000000, sales=2000000, equity=800000)

    def _approved(self, partner=None, points=None, approval_date=None, **values):
        evaluation = self._evaluate(partner or self.customer_a, self.scorecard_5c,
                                    points=points or POINTS_A, **values)
        evaluation.action_submit()
        if approval_date:
            evaluation.with_user(self.credit_manager)._approve(approval_date)
        else:
            evaluation.with_user(self.credit_manager).action_approve()
        return evaluation

    # ------------------------------------------------------------------
    # Approval and its effects
    # ------------------------------------------------------------------
    def test_approval_grants_grade_limit_terms_and_pricelist(self):
        """Grade A: 20 % of the sales 2,000,000 = 400,000, 30 days, the pricelist of the
        grade, valid 12 months from the approval date."""
        self.archive_company.account_use_credit_limit = False
        evaluation = self._approved(approval_date=date(2025, 3, 15))
        partner = self.customer_a
        self.assertEqual(evaluation.approver_id, self.credit_manager)
        self.assertEqual(evaluation.approved_date, date(2025, 3, 15))
        self.assertEqual(evaluation.expiry_date, date(2026, 3, 15))
        self.assertEqual(partner.credit_grade_id, self.grade_a)
        self.assertAlmostEqual(partner.credit_level, 75.5)
        self.assertEqual(partner.credit_grant_date, date(2025, 3, 15))
        self.assertEqual(partner.credit_expiry_date, date(2026, 3, 15))
        self.assertEqual(partner.credit_limit, 400000)
        self.assertEqual(partner.credit_permanent_limit, 400000)
        self.assertEqual(partner.credit_evaluation_id, evaluation)
        self.assertEqual(partner.property_payment_term_id,
                         self.env.ref("account.account_payment_term_30days"))
        self.assertEqual(partner.property_product_pricelist, self.pricelist)
        self.assertTrue(self.archive_company.account_use_credit_limit,
                        "Odoo's own credit warning is on")
        self.assertIn("400,000", partner.message_ids[0].body)
        self.assertIn(evaluation.name, partner.message_ids[0].body)

    def test_expiry_follows_the_grade_validity(self):
        """BB is valid 6 months: granted on 31 August, it expires on 28 February; a grant
        older than its validity is expired."""
        points_bb = {"Character": 5, "Capacity": 8, "Capital": 5, "Collateral": 5,
                     "Conditions": 5}  # 150 + 200 + 100 + 50 + 75 = 575 → 57.5 %
        evaluation = self._approved(points=points_bb, approval_date=date(2025, 8, 31))
        self.assertEqual(evaluation.grade_id.name, "BB")
        self.assertEqual(evaluation.expiry_date, date(2026, 2, 28))
        self.assertEqual(self.customer_a.credit_expiry_date, date(2026, 2, 28))
        self.assertEqual(self.customer_a.credit_grade_expired,
                         date(2026, 2, 28) < self.today)
        evaluation = self._approved(points=points_bb, approval_date=date(2020, 1, 10))
        self.assertTrue(self.customer_a.credit_grade_expired)

    def test_history_lines(self):
        """First grant: grade none → A and limit 0 → 400,000; the second evaluation: A → CCC
        and 400,000 → 0, all pointing to their evaluation."""
        first = self._approved()
        second = self._approved(points=POINTS_CCC)
        self.assertEqual(second.grade_id, self.grade_ccc)
        history = self.env["customer.credit.history"].search(
            [("partner_id", "=", self.customer_a.id)], order="id")
        self.assertEqual(
            [(line.change_type, line.old_grade_id, line.new_grade_id, line.old_limit,
              line.new_limit, line.source_ref) for line in history],
            [("grade", self.env["customer.credit.grade"], self.grade_a, 0, 0, first),
             ("limit", self.env["customer.credit.grade"], self.env["customer.credit.grade"],
              0, 400000, first),
             ("grade", self.grade_a, self.grade_ccc, 0, 0, second),
             ("limit", self.env["customer.credit.grade"], self.env["customer.credit.grade"],
              400000, 0, second)])
        self.assertIn(first.name, history[0].reason)
        self.assertEqual(self.customer_a.credit_evaluation_id, second)
        self.assertEqual(self.customer_a.property_payment_term_id,
                         self.env.ref("account.account_payment_term_immediate"))

    def test_approval_per_company(self):
        """An evaluation in company 2 sets the grade, limit and terms of company 2 only;
        company 1 keeps its own."""
        company_2 = self.setup_other_company()["company"]
        company_2.credit_scale_id = self.scale_nine
        self._approved()  # company 1: A, 400,000
        self._statement(self.customer_a, company=company_2, current_assets=1000000,
                        current_liabilities=2000000, sales=500000)
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c, points=POINTS_CCC,
                                    user=self.env.user, company=company_2)
        self.assertEqual(evaluation.scale_id, self.scale_nine)
        self.assertEqual(self._line(evaluation, "Capacity").suggested_points, 2)  # ratio 0.5
        self._score(evaluation, {"Capacity": 8},
                    reasons={"Capacity": "The parent company guarantees its debts"})
        evaluation.action_submit()
        self.credit_manager.company_ids |= company_2
        evaluation.with_user(self.credit_manager).with_company(company_2).action_approve()
        in_2 = self.customer_a.with_company(company_2)
        in_1 = self.customer_a.with_company(self.archive_company)
        self.assertEqual(in_2.credit_grade_id, self.grade_ccc)
        self.assertEqual(in_2.credit_limit, 0)
        self.assertEqual(in_2.credit_evaluation_id, evaluation)
        self.assertEqual(in_1.credit_grade_id, self.grade_a)
        self.assertEqual(in_1.credit_limit, 400000)
        self.assertEqual(in_1.property_payment_term_id,
                         self.env.ref("account.account_payment_term_30days"))
        self.assertEqual(in_2.property_payment_term_id,
                         self.env.ref("account.account_payment_term_immediate"))
        self.assertTrue(company_2.account_use_credit_limit)

    def test_limit_from_sales_and_equity_share(self):
        """Grade A at 20 %: of the sales 2,000,000 → 400,000; as a share of equity
        800,000 → 160,000; a fixed grade ignores the statement."""
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c, points=POINTS_A)
        self.assertEqual(evaluation.proposed_limit, 400000)
        self.assertIn("2,000,000", evaluation.limit_basis)
        self.grade_a.limit_type = "equity"
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c, points=POINTS_A)
        self.assertEqual(evaluation.proposed_limit, 160000)
        self.assertIn("800,000", evaluation.limit_basis)
        self.grade_a.write({"limit_type": "fixed", "limit_amount": 50000})
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c, points=POINTS_A)
        self.assertEqual(evaluation.proposed_limit, 50000)

    def test_missing_statement(self):
        """Customer B has no statement: a sales-share grade cannot be submitted (or
        approved); a fixed-amount grade can."""
        evaluation = self._evaluate(self.customer_b, self.scorecard_5c, points=POINTS_A)
        self.assertEqual(evaluation.grade_id, self.grade_a)
        self.assertTrue(evaluation.statement_missing)
        self.assertEqual(evaluation.proposed_limit, 0)
        with self.assertRaisesRegex(UserError, "no financial statement"):
            evaluation.action_submit()
        self._statement(self.customer_b, current_assets=150, current_liabilities=100,
                        sales=1000000)  # current ratio 1.5 → Capacity 8, as scored
        evaluation.action_refresh_suggestions()
        self.assertFalse(evaluation.statement_missing)
        self.assertEqual(evaluation.proposed_limit, 200000)
        evaluation.action_submit()
        ccc = self._evaluate(self.customer_a.copy({"name": "No Statement"}),
                             self.scorecard_5c, points=POINTS_CCC)
        ccc.action_submit()
        self.assertEqual(ccc.state, "submitted")

    def test_manager_changes_the_limit_with_a_reason(self):
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c, points=POINTS_A)
        evaluation.action_submit()
        with self.assertRaises(AccessError):
            evaluation.with_user(self.credit_analyst).approved_limit = 500000
        as_manager = evaluation.with_user(self.credit_manager)
        with Form(as_manager) as form:
            form.approved_limit = 250000
        self.assertEqual(evaluation.approved_limit, 250000)
        self.assertEqual(evaluation.proposed_limit, 400000)
        with self.assertRaisesRegex(UserError, "reason"):
            as_manager.action_approve()
        with Form(as_manager) as form:
            form.limit_reason = "New customer: start lower"
        as_manager.action_approve()
        self.assertEqual(self.customer_a.credit_limit, 250000)
        history = self.customer_a.credit_history_ids.filtered(
            lambda line: line.change_type == "limit")
        self.assertIn("start lower", history.reason)

    # ------------------------------------------------------------------
    # Approval authority (审批权限) and four eyes
    # ------------------------------------------------------------------
    def test_approval_above_the_approval_amount_is_refused(self):
        """Grade A proposes 400,000.00: a manager who may approve 100,000.00 cannot grant
        it; the error names who can."""
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c, points=POINTS_A)
        evaluation.action_submit()
        self.credit_manager.credit_approval_amount = 100000.0
        with self.assertRaises(UserError) as error:
            evaluation.with_user(self.credit_manager).action_approve()
        self.assertIn("400,000.00", str(error.exception))
        self.assertEqual(evaluation.state, "submitted")
        self.credit_manager.credit_approval_amount = 400000.0
        evaluation.with_user(self.credit_manager).action_approve()
        self.assertEqual(evaluation.state, "approved")

    def test_nobody_approves_his_own_evaluation(self):
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c, points=POINTS_A,
                                    user=self.credit_manager)
        evaluation.with_user(self.credit_manager).action_submit()
        self.assertEqual(evaluation.submitted_by_id, self.credit_manager)
        with self.assertRaises(UserError) as error:
            evaluation.with_user(self.credit_manager).action_approve()
        self.assertIn("four eyes", str(error.exception))

    def test_workflow_fields_only_through_the_actions(self):
        """Writing the state, the approver or the date directly is refused for everyone
        (analyst and manager); a created or copied evaluation starts as a draft."""
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c, points=POINTS_A)
        for user in (self.credit_analyst, self.credit_manager):
            for values in ({"state": "approved"}, {"approver_id": user.id},
                           {"approved_date": self.today}):
                with self.subTest(user=user.name, values=values), \
                        self.assertRaises(AccessError):
                    evaluation.with_user(user).write(values)
        with self.assertRaises(AccessError):
            self.Evaluation.with_user(self.credit_analyst).create({
                "partner_id": self.customer_b.id, "scorecard_id": self.scorecard_5c.id,
                "state": "approved"})
        evaluation.action_submit()
        evaluation.with_user(self.credit_manager).action_approve()
        copy = evaluation.with_user(self.credit_analyst).copy()
        self.assertEqual((copy.state, copy.approver_id.id, copy.submitted_by_id.id),
                         ("draft", False, False))
        self.assertEqual(self.customer_a.with_company(self.archive_company).credit_grade_id,
                         self.grade_a)

    # ------------------------------------------------------------------
    # Refusal and drafts
    # ------------------------------------------------------------------
    def test_refusal_with_reason(self):
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c, points=POINTS_A)
        evaluation.action_submit()
        with self.assertRaises(AccessError):
            evaluation.with_user(self.credit_analyst).action_refuse()
        action = evaluation.with_user(self.credit_manager).action_refuse()
        wizard = self.env[action["res_model"]].with_user(self.credit_manager).with_context(
            **action["context"]).create({"reason": "  "})
        with self.assertRaisesRegex(UserError, "reason"):
            wizard.action_refuse()
        wizard.reason = "The statements are unaudited; get the audited ones"
        wizard.action_refuse()
        self.assertEqual(evaluation.state, "refused")
        self.assertEqual(evaluation.approver_id, self.credit_manager)
        self.assertEqual(evaluation.refuse_reason,
                         "The statements are unaudited; get the audited ones")
        self.assertFalse(self.customer_a.credit_grade_id, "a refusal grants nothing")
        with self.assertRaises(UserError):
            evaluation.note = "More"
        evaluation.action_draft()
        self.assertEqual(evaluation.state, "draft")
        self._score(evaluation, {"Conditions": 10})
        evaluation.action_submit()
        self.assertEqual(evaluation.state, "submitted")

    def test_approved_evaluation_is_read_only(self):
        evaluation = self._approved()
        with self.assertRaises(UserError):
            evaluation.note = "Afterthought"
        with self.assertRaises(UserError):
            evaluation.line_ids[0].points = 1
        with self.assertRaises(UserError):
            evaluation.action_draft()
        with self.assertRaises(UserError):
            evaluation.unlink()
        with self.assertRaises(UserError):
            evaluation.with_user(self.credit_manager).action_approve()

    def test_submitted_lines_are_frozen(self):
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c, points=POINTS_A)
        evaluation.action_submit()
        with self.assertRaises(UserError):
            evaluation.line_ids[0].points = 2
        with self.assertRaises(UserError):
            evaluation.action_refresh_suggestions()
        evaluation.action_draft()
        evaluation.line_ids[0].points = 9
        self.assertEqual(evaluation.line_ids[0].score, 270)

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_access_per_group(self):
        evaluation = self._evaluate(self.customer_a, self.scorecard_5c, points=POINTS_A)
        evaluation.action_submit()
        with self.assertRaises(AccessError):
            evaluation.with_user(self.credit_analyst).action_approve()
        with self.assertRaises(AccessError):
            evaluation.with_user(self.credit_analyst)._approve(self.today)
        self.assertEqual(evaluation.state, "submitted")
        for user in (self.salesperson_a, self.employee):
            with self.subTest(user=user.name):
                with self.assertRaises(AccessError):
                    evaluation.with_user(user).check_access("read")
                with self.assertRaises(AccessError):
                    self.Evaluation.with_user(user).create({
                        "partner_id": self.customer_a.id,
                        "scorecard_id": self.scorecard_5c.id})
                with self.assertRaises(AccessError):
                    evaluation.line_ids.with_user(user).check_access("read")
        # Salespeople see the granted grade and limit of their customers, not the evaluation.
        evaluation.with_user(self.credit_manager).action_approve()
        customer = self.customer_a.with_user(self.salesperson_a)
        self.assertEqual(customer.credit_grade_id.name, "A")
        self.assertEqual(customer.credit_limit_amount, 400000)
        self.assertNotIn("credit_evaluation_id", customer.fields_get())

    def test_multi_company_rule(self):
        company_2 = self.setup_other_company()["company"]
        evaluation = self._evaluate(self.customer_b, self.scorecard_5c, user=self.env.user,
                                    company=company_2)
        self.assertFalse(self.Evaluation.with_user(self.credit_analyst).search(
            [("id", "=", evaluation.id)]))
        self.assertFalse(self.env["customer.credit.evaluation.line"].with_user(
            self.credit_analyst).search([("evaluation_id", "=", evaluation.id)]))

    # ------------------------------------------------------------------
    # Form, partner and report
    # ------------------------------------------------------------------
    def test_form_fills_lines_with_suggestions(self):
        with Form(self.Evaluation.with_user(self.credit_analyst)) as form:
            form.partner_id = self.customer_a
            form.scorecard_id = self.scorecard_5c
            self.assertEqual(len(form.line_ids), 5)
            with form.line_ids.edit(1) as capacity:
                self.assertEqual(capacity.name, "Capacity")
                self.assertEqual(capacity.suggested_points, 8)
                self.assertEqual(capacity.points, 8)
            for index, points in enumerate((8, 8, 7, 4, 9)):
                with form.line_ids.edit(index) as line:
                    line.points = points
            self.assertEqual(form.scale_id, self.scale_nine)
        evaluation = form.record
        self.assertTrue(evaluation.name.startswith("CE"))
        self.assertEqual(evaluation.statement_id.sales, 2000000)
        self.assertEqual(self._line(evaluation, "Capacity").suggested_points, 8)
        self.assertAlmostEqual(evaluation.credit_level, 75.5)
        self.assertEqual(evaluation.grade_id, self.grade_a)

    def test_partner_evaluations_button(self):
        evaluation = self._approved()
        self._evaluate(self.customer_a, self.scorecard_char)
        customer = self.customer_a.with_user(self.credit_analyst)
        self.assertEqual(customer.credit_evaluation_count, 2)
        action = customer.action_view_credit_evaluations()
        self.assertEqual(self.Evaluation.search(action["domain"]).partner_id, self.customer_a)
        self.assertEqual(action["context"]["default_partner_id"], self.customer_a.id)
        self.assertEqual(customer.credit_evaluation_id, evaluation)

    def test_printed_evaluation(self):
        evaluation = self._approved()
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "customer_credit.report_credit_evaluation", evaluation.ids)
        html = html.decode()
        for text in (evaluation.name, "Character", "240.00", "755.00", "1000.00",
                     "75.50 %", "400,000", "Customer A"):
            with self.subTest(text=text):
                self.assertIn(text, html)

    def test_contacts_are_not_evaluated(self):
        contact = self.env["res.partner"].create({
            "name": "Buyer of A", "parent_id": self.customer_a.id})
        with self.assertRaisesRegex(ValidationError, "contact"):
            self._evaluate(contact, self.scorecard_5c)

    def test_the_only_scorecard_is_chosen_by_itself(self):
        Evaluation = self.env["customer.credit.evaluation"].with_user(self.credit_analyst)
        self.assertFalse(Form(Evaluation).scorecard_id, "two scorecards: the analyst chooses")
        self.scorecard_char.active = False
        form = Form(Evaluation)
        self.assertEqual(form.scorecard_id, self.scorecard_5c)
        self.assertEqual(len(form.line_ids), 5, "its indicators are on the form at once")

    def test_statement_asked_for_before_scoring(self):
        """A grade of the scale gives a limit from sales: before any point, the form says the
        customer has no statement and opens one for it."""
        customer = self._create_customer("No Statement Yet Ltd")
        self.assertTrue(any(grade.limit_type != "fixed" for grade in self.scale_nine.grade_ids))
        form = Form(self.env["customer.credit.evaluation"].with_user(self.credit_analyst))
        form.partner_id = customer
        form.scorecard_id = self.scorecard_5c
        self.assertTrue(form.statement_needed)
        evaluation = form.save()
        action = evaluation.with_user(self.credit_analyst).action_enter_statement()
        self.assertEqual((action["res_model"], action["context"]["default_partner_id"]),
                         ("customer.credit.statement", customer.id))
        self._statement(customer)
        evaluation.invalidate_recordset(["statement_needed"])
        self.assertFalse(evaluation.statement_needed)
