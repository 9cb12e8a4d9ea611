from odoo import Command
from odoo.addons.customer_satisfaction.tests.test_satisfaction_campaign import (
    SatisfactionCampaignCommon,
)
from odoo.addons.customer_satisfaction.tests.test_satisfaction_index import (
    SatisfactionIndexCommon,
)
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestHealthIndexByGrade(SatisfactionIndexCommon):
    """With credit installed, the company index is segmented by credit grade too."""

    def test_segment_by_grade(self):
        # The credit grade is company-dependent: only the grade in the index's company
        # counts.
        grade_aaa = self.env.ref("customer_credit.grade_aaa")
        grade_aa = self.env.ref("customer_credit.grade_aa")
        self.customer_a.sudo().with_company(self.archive_company).credit_grade_id = grade_aaa
        self.customer_b.sudo().with_company(self.other_company).credit_grade_id = grade_aa
        wizard = self._index(segment_field="credit_grade_id")
        self.assertEqual(wizard.line_ids.mapped("name"), [grade_aaa.display_name, "Undefined"])
        self.assertEqual(wizard.line_ids.mapped("customer_count"), [1, 9])
        # AAA: A 100; undefined: B 70 (its grade is another company's), c1 80, c4 50, c5 70.
        self.assertAlmostEqual(wizard.satisfaction_index, 0.1 * 100 + 0.9 * 270 / 4, places=2)
        scores = self.env["customer.satisfaction.score"].search(
            wizard.line_ids[0].action_open_scores()["domain"])
        self.assertEqual(scores, self.score_a)


@tagged("post_install", "-at_install")
class TestHealthCampaignByGrade(SatisfactionCampaignCommon):
    """With credit installed, a campaign chooses its customers by credit grade too."""

    def test_select_by_grade(self):
        grade = self.env.ref("customer_credit.grade_bbb")
        self.customer_c.with_company(self.archive_company).sudo().credit_grade_id = grade
        campaign = self._campaign(credit_grade_ids=[Command.set(grade.ids)])
        campaign.action_select_customers()
        self.assertEqual(campaign.partner_ids, self.customer_c)


@tagged("post_install", "-at_install")
class TestHealthTranslation(SatisfactionIndexCommon):
    def test_traditional_chinese_health(self):
        self.env["res.lang"]._activate_lang("zh_TW")
        self.env["ir.module.module"]._load_module_terms(["customer_health"], ["zh_TW"])
        env = self.env(context={"lang": "zh_TW"})
        partner_fields = env["res.partner"].fields_get(["health_status"])
        self.assertIn(("at_risk", "有風險"), partner_fields["health_status"]["selection"])
        self.assertEqual(env.ref("customer_health.menu_customer_credit_health").name, "客戶健康度")
