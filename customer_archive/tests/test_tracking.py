from odoo.tests import tagged

from .common import CustomerArchiveCommon


@tagged("post_install", "-at_install")
class TestTracking(CustomerArchiveCommon):
    def _tracked(self, record, field_name):
        self._end_request()
        record.invalidate_recordset(["message_ids"])
        return record.sudo().message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == field_name)

    def test_archive_field_changes_are_tracked(self):
        customer = self.customer_a.with_user(self.salesperson_a)
        customer.legal_representative = "Zhao Lei"
        self._end_request()
        customer.write({"legal_representative": "Sun Li", "staff_count": 120,
                        "organisation_form": "limited", "archive_tier": "important"})
        values = self._tracked(customer, "legal_representative").sorted("id")
        self.assertEqual(values.mapped("old_value_char"), [False, "Zhao Lei"])
        self.assertEqual(values.mapped("new_value_char"), ["Zhao Lei", "Sun Li"])
        self.assertEqual(values[-1].mail_message_id.author_id, self.salesperson_a.partner_id)
        self.assertEqual(self._tracked(customer, "staff_count").new_value_integer, 120)
        self.assertEqual(self._tracked(customer, "archive_tier").new_value_char, "Important Tier")
        self.assertEqual(self._tracked(customer, "organisation_form").new_value_char,
                         "Limited liability company")
        prospect = self._create_customer("Prospect", archive=False)
        self._end_request()
        prospect.action_create_archive()
        self.assertEqual(self._tracked(prospect, "archive_number").new_value_char,
                         prospect.archive_number, "opening the archive is tracked")

    def test_confidential_changes_are_tracked_on_their_own_record(self):
        person = self.env["customer.archive.person"].with_user(self.salesperson_a).create({
            "partner_id": self.customer_a.id, "name": "Huang Bo", "role": "manager"})
        self._end_request()
        person.personality = "Decisive"
        self.assertEqual(self._tracked(person, "personality").new_value_text, "Decisive")
        competitor = self.env["customer.archive.competitor"].create({
            "partner_id": self.customer_a.id, "name": "Rival", "share_of_customer": 10})
        self._end_request()
        competitor.share_of_customer = 35
        self.assertEqual(self._tracked(competitor, "share_of_customer").new_value_float, 35)
        self.assertFalse(self._tracked(self.customer_a, "personality"),
                         "private details never reach the partner's chatter")
