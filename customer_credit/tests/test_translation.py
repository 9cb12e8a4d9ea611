from odoo.tests import tagged

from .common import CustomerCreditCommon


@tagged("post_install", "-at_install")
class TestCreditTranslation(CustomerCreditCommon):
    def _as_chinese_user(self, lang):
        self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(["customer_credit"], [lang])
        self.credit_manager.lang = lang
        return self.env(user=self.credit_manager, context={"lang": lang})

    def test_simplified_chinese_labels(self):
        env = self._as_chinese_user("zh_CN")
        partner_fields = env["res.partner"].fields_get(["credit_grade_id", "credit_exposure"])
        self.assertEqual(partner_fields["credit_grade_id"]["string"], "信用等级")
        self.assertEqual(partner_fields["credit_exposure"]["string"], "信用占用")
        statement_fields = env["customer.credit.statement"].fields_get(["current_ratio"])
        self.assertEqual(statement_fields["current_ratio"]["string"], "流动比率")
        self.assertEqual(env.ref("customer_credit.menu_customer_credit_root").name, "客户信用")
        grade_fields = env["customer.credit.grade"].fields_get(["control_level"])
        self.assertIn(("block", "阻止"), grade_fields["control_level"]["selection"])
        arch = env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("信用占用", arch, "the credit page and exposure button of the partner form")

    def test_traditional_chinese_labels(self):
        env = self._as_chinese_user("zh_TW")
        self.assertEqual(env.ref("customer_credit.menu_customer_credit_root").name, "客戶信用")
        report = env["ir.model"]._get("customer.credit.report")
        self.assertEqual(report.with_context(lang="zh_TW").name, "徵信調查報告")

    def test_evaluation_lines_keep_every_language(self):
        """An evaluation made in English reads its indicators in Chinese for a Chinese user."""
        self._as_chinese_user("zh_CN")
        evaluation = self.env["customer.credit.evaluation"].with_context(lang="en_US").create({
            "partner_id": self.customer_a.id,
            "scorecard_id": self.env.ref("customer_credit.scorecard_5c").id,
        })
        character = evaluation.line_ids.filtered(lambda line: line.measure == "payment_record")
        self.assertEqual(character.name, "Character")
        self.assertEqual(character.with_context(lang="zh_CN").name, "品质")
