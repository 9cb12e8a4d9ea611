import base64
import io

import xlsxwriter

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class CustomerArchiveRegister(models.TransientModel):
    """The archive register (客户档案登记表): one line per archive, as an .xlsx workbook."""

    _name = "customer.archive.register"
    _description = "Customer Archive Register"

    partner_ids = fields.Many2many(
        "res.partner", string="Customers", domain="[('archive_number', '!=', False)]",
        default=lambda self: self._default_partner_ids(),
        help="Leave empty for every archive.")
    year_count = fields.Integer(
        "Years", default=3, required=True, help="Years of figures side by side, up to this year.")
    file = fields.Binary("Register", readonly=True, attachment=False)
    filename = fields.Char("File Name", readonly=True)

    @api.model
    def _default_partner_ids(self):
        if self.env.context.get("active_model") == "res.partner":
            return self.env["res.partner"].browse(self.env.context.get("active_ids", []))
        return self.env["res.partner"]

    def action_export(self):
        self.ensure_one()
        partners = (self.partner_ids or self.env["res.partner"].search(
            [("archive_number", "!=", False)])).filtered("archive_number").sorted("archive_number")
        if not partners:
            raise UserError(_("There is no customer archive to export."))
        if not 1 <= self.year_count <= 20:
            raise UserError(_("Export between 1 and 20 years of figures."))
        self.write({
            "file": base64.b64encode(self._register_workbook(partners)),
            "filename": _("Customer Archive Register %s.xlsx", fields.Date.context_today(self)),
        })
        return {
            "type": "ir.actions.act_window", "res_model": self._name, "res_id": self.id,
            "view_mode": "form", "target": "new", "name": _("Customer Archive Register"),
        }

    def _register_workbook(self, partners):
        last_year = fields.Date.context_today(self).year
        years = list(range(last_year - self.year_count + 1, last_year + 1))
        figures = {
            (line.partner_id.id, line.year): line
            for line in self.env["customer.archive.year"].search([
                ("partner_id", "in", partners.ids), ("year", "in", years)])
            if line.company_id == line.partner_id.archive_company_id
        }
        selection_labels = {
            name: dict(self.env["res.partner"]._fields[name]._description_selection(self.env))
            for name in ("customer_nature", "archive_time_class", "archive_trade_stage",
                         "archive_volume_class", "archive_tier")
        }
        columns = [
            (_("Archive Number"), lambda p: p.archive_number),
            (_("Customer"), lambda p: p.name),
            (_("Salesperson"), lambda p: p.user_id.name or ""),
            (_("Legal Representative"), lambda p: p.legal_representative or ""),
            (_("Main Business"), lambda p: p.main_business or ""),
        ] + [
            (self.env["res.partner"]._fields[name].get_description(self.env)["string"],
             lambda p, name=name: selection_labels[name].get(p[name], ""))
            for name in selection_labels
        ] + [
            (_("Core Customer"), lambda p: _("Yes") if p.archive_is_core else ""),
        ]
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(_("Archives"))
        header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
        amount = workbook.add_format({"num_format": "#,##0.00"})
        headers = [title for title, _getter in columns]
        for year in years:
            headers += [_("Estimated Turnover %s", year), _("Our Sales %s", year)]
        sheet.write_row(0, 0, headers, header)
        for row, partner in enumerate(partners, start=1):
            # The classes are the archive owner's (company-dependent): read from it when the
            # user works in it, else they stay empty like on the customer's form.
            owner = partner.archive_company_id
            seen = partner.with_company(owner) if owner in self.env.companies else partner
            sheet.write_row(row, 0, [getter(seen) for _title, getter in columns])
            column = len(columns)
            for year in years:
                line = figures.get((partner.id, year))
                sheet.write_number(row, column, line.estimated_turnover if line else 0, amount)
                sheet.write_number(row, column + 1, line.sales_amount if line else 0, amount)
                column += 2
        sheet.freeze_panes(1, 2)
        sheet.autofilter(0, 0, len(partners), len(headers) - 1)
        sheet.set_column(0, 1, 22)
        sheet.set_column(2, len(headers) - 1, 16)
        workbook.close()
        return output.getvalue()
