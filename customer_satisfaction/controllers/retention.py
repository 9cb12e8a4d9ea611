from odoo import fields, http
from odoo.http import content_disposition, request


class CustomerRetentionController(http.Controller):

    @http.route("/customer_satisfaction/retention/xlsx/<int:wizard_id>", type="http",
                auth="user")
    def retention_xlsx(self, wizard_id, **kwargs):
        """A Retention analysis of the user (totals and one sheet per grouping) as .xlsx."""
        wizard = request.env["customer.satisfaction.retention"].browse(wizard_id).exists()
        if not wizard:
            raise request.not_found()
        wizard.check_access("read")
        content = wizard._retention_xlsx()
        start, end = (fields.Date.to_string(day) for day in (wizard.date_from, wizard.date_to))
        filename = f"customer_retention_{start}_{end}.xlsx"
        return request.make_response(content, headers=[
            ("Content-Type",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("Content-Disposition", content_disposition(filename)),
        ])
