from odoo import fields, http
from odoo.http import content_disposition, request


class CustomerCreditAgingController(http.Controller):

    @http.route("/customer_credit/aging/xlsx", type="http", auth="user")
    def aging_xlsx(self, ids=None, **kwargs):
        """The user's last Receivables Aging (or the rows ``ids`` of it) as .xlsx."""
        Aging = request.env["customer.credit.aging"]
        Aging.check_access("read")
        domain = [("user_id", "=", request.env.uid)]
        if ids:
            domain.append(("id", "in", [int(record_id) for record_id in ids.split(",")]))
        rows = Aging.search(domain)
        content = rows._aging_xlsx()
        day = max(rows.mapped("as_of")) if rows else fields.Date.context_today(Aging)
        filename = f"receivables_aging_{fields.Date.to_string(day)}.xlsx"
        return request.make_response(content, headers=[
            ("Content-Type",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ("Content-Disposition", content_disposition(filename)),
        ])
