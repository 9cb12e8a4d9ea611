from datetime import date

from odoo import Command

from .common import CustomerCreditCommon

TODAY = "2026-03-01"


class CreditHoldCommon(CustomerCreditCommon):
    """The credit fixture plus grades with each control level, an untaxed product and
    helpers for invoices, payments and sales orders. Tests run on 2026-03-01 (freeze it)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.archive_company
        cls.currency = cls.company.currency_id
        groups = cls.env.ref("sales_team.group_sale_manager")
        stock_manager = cls.env.ref("stock.group_stock_manager", raise_if_not_found=False)
        if stock_manager:
            groups |= stock_manager
        cls.env.user.groups_id |= groups
        cls.grade_block = cls.env.ref("customer_credit.grade_bbb")
        cls.grade_warn = cls.env.ref("customer_credit.grade_a")
        cls.grade_none = cls.env.ref("customer_credit.grade_aaa")
        cls.goods = cls._create_product(
            name="Credit Goods", lst_price=100.0, taxes_id=[Command.clear()],
            invoice_policy="order")
        cls.Hold = cls.env["customer.credit.hold"]
        # Rules as shipped, with a tolerance of 30 days and 100.00 overdue.
        cls.company.write({
            "credit_check_sale": True, "credit_check_invoice": True,
            "credit_rule_limit": True, "credit_rule_overdue": True,
            "credit_overdue_days": 30, "credit_overdue_amount": 100.0,
            "credit_rule_expired": True, "credit_rule_on_hold": True,
            "credit_default_control_level": "none",
        })

    # ------------------------------------------------------------------
    # Grants
    # ------------------------------------------------------------------
    @classmethod
    def _grant(cls, partner, grade, limit, expiry=date(2026, 12, 31), company=None):
        """Give ``partner`` a grade (hence a control level) and a credit limit."""
        company = company or cls.company
        partner.with_company(company).sudo().write({
            "credit_grade_id": grade.id if grade else False,
            "credit_grant_date": date(2026, 1, 1) if grade else False,
            "credit_expiry_date": expiry if grade else False,
        })
        partner._credit_set_limit(limit, "Test grant", company=company)

    # ------------------------------------------------------------------
    # Documents
    # ------------------------------------------------------------------
    @classmethod
    def _move(cls, partner, amount, move_type="out_invoice", invoice_date=TODAY, due=None,
              currency=None, post=True, company=None, user=None):
        """A customer invoice (or credit note) of one untaxed line, due on ``due`` (by
        default on its date)."""
        company = company or cls.company
        values = {
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": invoice_date,
            "invoice_line_ids": [Command.create({
                "name": "Goods", "quantity": 1, "price_unit": amount,
                "tax_ids": [Command.clear()]})],
        }
        # Without payment terms Odoo leaves the due date at today: set it.
        values["invoice_date_due"] = due or invoice_date
        if currency:
            values["currency_id"] = currency.id
        move = cls.env["account.move"].with_user(user or cls.env.user).with_company(
            company).create(values)
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay(cls, move, amount, payment_date=TODAY, currency=None):
        """Register a payment of ``amount`` (in ``currency``, the invoice's by default)."""
        values = {"payment_date": payment_date, "amount": amount,
                  "payment_difference_handling": "open"}
        if currency:
            values["currency_id"] = currency.id
        return cls.env["account.payment.register"].with_company(move.company_id).with_context(
            active_model="account.move", active_ids=move.ids).create(values)._create_payments()

    @classmethod
    def _order(cls, partner, lines, currency=None, user=None, confirm=False, company=None):
        """A sales order; ``lines`` is a list of (quantity, price[, taxes])."""
        company = company or cls.company
        values = {
            "partner_id": partner.id,
            "company_id": company.id,
            "order_line": [Command.create({
                "product_id": cls.goods.id, "product_uom_qty": line[0], "price_unit": line[1],
                "tax_id": [Command.set(line[2].ids if len(line) > 2 else [])],
            }) for line in lines],
        }
        if currency:
            pricelist = cls.env["product.pricelist"].create({
                "name": f"{currency.name} prices", "currency_id": currency.id,
                "company_id": company.id})
            values["pricelist_id"] = pricelist.id
        order = cls.env["sale.order"].with_user(user or cls.env.user).with_company(
            company).create(values)
        if confirm:
            result = order.action_confirm()
            assert result is True, "the order was expected to pass the credit check"
        return order

    def _holds(self, document):
        field = document._credit_hold_field()
        return self.Hold.search([(field, "=", document.id)], order="id")
