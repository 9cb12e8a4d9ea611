from odoo.tests import tagged

from .common import CustomerSatisfactionCommon


@tagged("post_install", "-at_install")
class TestSatisfactionTranslation(CustomerSatisfactionCommon):
    def _as_chinese_user(self, lang):
        self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(["customer_satisfaction"], [lang])
        self.satisfaction_manager.lang = lang
        return self.env(user=self.satisfaction_manager, context={"lang": lang})

    def test_simplified_chinese_labels(self):
        env = self._as_chinese_user("zh_CN")
        self.assertEqual(env.ref("customer_satisfaction.menu_customer_satisfaction_root").name,
                         "客户满意度")
        score_fields = env["customer.satisfaction.score"].fields_get(["overall"])
        self.assertEqual(score_fields["overall"]["string"], "综合满意度")
        feedback_fields = env["customer.satisfaction.feedback"].fields_get(["feedback_type"])
        self.assertIn(("own_fault", "我方过失投诉"), feedback_fields["feedback_type"]["selection"])
        self.assertEqual(env.ref("customer_satisfaction.churn_category_price").name, "价格流失者")
        retention = env["customer.satisfaction.retention"].fields_get(["retention_rate"])
        self.assertEqual(retention["retention_rate"]["string"], "客户维系率（%）")
        # The template survey asks in Chinese.
        question = env.ref("customer_satisfaction.survey_question_quality")
        self.assertEqual(question.title, "您对我们产品的品质是否满意？")

    def test_traditional_chinese_labels(self):
        env = self._as_chinese_user("zh_TW")
        self.assertEqual(env.ref("customer_satisfaction.menu_customer_satisfaction_root").name,
                         "客戶滿意度")
        self.assertEqual(env.ref("customer_satisfaction.survey_customer_satisfaction").title,
                         "客戶滿意度問卷")
