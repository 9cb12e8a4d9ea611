import re

from odoo.tests import TransactionCase, tagged
from odoo.tools import file_open, html2plaintext

ADDONS = ["customer_archive", "customer_credit", "customer_credit_stock",
          "customer_satisfaction", "customer_health"]


@tagged("post_install", "-at_install")
class TestCronsInChinese(TransactionCase):
    """Every daily job of the addons, run as the cron runs them (OdooBot, in English), on the
    demo data whose users all read Simplified Chinese: what the jobs write for them
    (activities, signal evidence, churn records, chatter notes) has no English word of the
    addons' texts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref("customer_archive.user_demo_salesperson", raise_if_not_found=False):
            cls.skipTest(cls, "needs the demo data, which the test database has")
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(ADDONS + ["mail"], ["zh_CN"])
        cls.env["res.users"].search([("share", "=", False)]).lang = "zh_CN"
        cls.env.ref("base.user_root").lang = "en_US"

    def _addon_words(self):
        """The English words (4 letters or more) of the addons' own texts."""
        words = set()
        for addon in ADDONS:
            with file_open(f"{addon}/i18n/{addon}.pot") as pot:
                for line in pot:
                    if line.startswith(("msgid ", '"')) and not line.startswith('"Content'):
                        words.update(word.lower() for word in re.findall(r"[A-Za-z]{4,}", line))
        return words - {"msgid", "http", "https", "html"}


    def test_every_cron_writes_in_the_readers_language(self):
        created = {"mail.activity": ["summary", "note"],
                   "customer.credit.signal": ["evidence"],
                   "customer.churn": ["reason"],
                   "mail.message": ["body"]}
        # What the demo's first night made is made again, for the readers of today.
        self.env["mail.activity"].sudo().search([("automated", "=", True)]).unlink()
        self.env["customer.credit.signal"].sudo().search([("source", "=", "detected")]).unlink()
        self.env["customer.churn"].sudo().search([("source", "!=", "manual")]).unlink()
        self.env["customer.credit.reminder"].sudo().search([]).unlink()
        crons = self.env["ir.cron"].search([("ir_actions_server_id.model_id.model", "!=", False)])
        ours = crons.filtered(lambda cron: set(cron.get_external_id()[cron.id].split(".")[:1])
                              & set(ADDONS))
        self.assertGreaterEqual(len(ours), 12)
        for cron in ours:
            cron.method_direct_trigger()
        english = self._addon_words()
        # Names are data, not the addons' texts (Odoo's demo companies have English names).
        names = self.env["res.company"].search([]).mapped("name")
        found = []
        for model, fields in created.items():
            # Created or rewritten by the jobs: the test's transaction gives them its time.
            records = self.env[model].sudo().search([("write_date", ">=", self.env.cr.now())])
            if model == "mail.message":
                records = records.filtered(lambda message: message.message_type != "email")
            for record in records:
                for name in fields:
                    text = html2plaintext(record[name] or "") if name in ("note", "body") \
                        else record[name] or ""
                    for data in names:
                        text = text.replace(data, "")
                    words = {word.lower() for word in re.findall(r"[A-Za-z]{4,}", text)}
                    if words & english:
                        found.append((model, record.id, name, text))
        written = {model: self.env[model].sudo().search_count(
            [("write_date", ">=", self.env.cr.now())]) for model in created}
        self.assertTrue(all(written.values()), f"the jobs wrote for every kind: {written}")
        self.assertFalse(found, "\n".join(map(str, found[:20])))
