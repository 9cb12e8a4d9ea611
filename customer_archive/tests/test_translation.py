from odoo.tests import tagged

from .common import CustomerArchiveCommon


@tagged("post_install", "-at_install")
class TestTranslation(CustomerArchiveCommon):
    def _as_chinese_user(self, lang):
        self.env["res.lang"]._activate_lang(lang)
        self.env["ir.module.module"]._load_module_terms(["customer_archive"], [lang])
        self.salesperson_a.lang = lang
        return self.env(user=self.salesperson_a, context={"lang": lang})

    def test_simplified_chinese_labels(self):
        env = self._as_chinese_user("zh_CN")
        self.assertEqual(env.user.lang, "zh_CN")
        partner_fields = env["res.partner"].fields_get(
            ["archive_number", "legal_representative", "archive_volume_class"])
        self.assertEqual(partner_fields["archive_number"]["string"], "档案编号")
        self.assertEqual(partner_fields["legal_representative"]["string"], "法人代表")
        self.assertIn(("major", "主力客户"), partner_fields["archive_volume_class"]["selection"])
        menu = env.ref("customer_archive.menu_customer_archive_root")
        self.assertEqual(menu.name, "客户档案")
        self.assertEqual(env.ref("customer_archive.action_report_customer_data_card").name,
                         "客户资料卡")
        arch = env["res.partner"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("客户档案", arch, "the archive page of the partner form")

    def test_traditional_chinese_labels(self):
        env = self._as_chinese_user("zh_TW")
        investigation_fields = env["customer.investigation"].fields_get(["investigator_id"])
        self.assertEqual(investigation_fields["investigator_id"]["string"], "調查人")
        self.assertEqual(env.ref("customer_archive.menu_customer_archive_root").name, "客戶檔案")
