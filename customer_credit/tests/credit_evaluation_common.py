from dateutil.relativedelta import relativedelta

from odoo import Command, fields

from .common import CustomerCreditCommon


class CreditEvaluationCommon(CustomerCreditCommon):
    """The credit fixture plus the two scorecards shipped as data and helpers to make
    statements, invoices, payments and evaluations."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Evaluation = cls.env["customer.credit.evaluation"]
        cls.scorecard_5c = cls.env.ref("customer_credit.scorecard_5c")
        cls.scorecard_char = cls.env.ref("customer_credit.scorecard_characteristic")
        cls.today = fields.Date.context_today(cls.env.user)
        cls.last_year = cls.today.year - 1
        # The limits these tests grant reach 400,000.
        cls.credit_manager.credit_approval_amount = 1000000.0

    @classmethod
    def _statement(cls, partner, company=None, year=None, **figures):
        company = company or cls.archive_company
        return cls.env["customer.credit.statement"].with_company(company).create({
            "partner_id": partner.id,
            "company_id": company.id,
            "year": year or cls.last_year,
            **figures,
        })

    @classmethod
    def _due_invoice(cls, partner, days_ago, due_in, amount, company=None, post=True):
        """A customer invoice dated ``days_ago`` days ago, due ``due_in`` days after."""
        company = company or cls.archive_company
        invoice_date = cls.today - relativedelta(days=days_ago)
        move = cls.env["account.move"].with_company(company).create({
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": invoice_date,
            "invoice_date_due": invoice_date + relativedelta(days=due_in),
            "invoice_line_ids": [Command.create({
                "name": "Goods", "quantity": 1, "price_unit": amount,
                "tax_ids": [Command.clear()],
            })],
        })
        if post:
            move.action_post()
        return move

    @classmethod
    def _pay(cls, move, days_ago, amount=None):
        """Register a payment of ``amount`` (all by default) made ``days_ago`` days ago."""
        values = {"payment_date": cls.today - relativedelta(days=days_ago)}
        if amount is not None:
            values.update(amount=amount, payment_difference_handling="open")
        cls.env["account.payment.register"].with_company(move.company_id).with_context(
            active_model="account.move", active_ids=move.ids,
        ).create(values)._create_payments()

    def _evaluate(self, partner, scorecard, points=None, user=None, company=None, **values):
        """A draft evaluation of ``partner``; ``points`` maps indicator names to points."""
        company = company or self.archive_company
        evaluation = self.Evaluation.with_user(user or self.credit_analyst).with_company(
            company).create({
                "partner_id": partner.id,
                "scorecard_id": scorecard.id,
                "company_id": company.id,
                **values,
            })
        if points:
            self._score(evaluation, points)
        return evaluation

    def _score(self, evaluation, points, reasons=None):
        reasons = reasons or {}
        for line in evaluation.line_ids:
            if line.name in points:
                values = {"points": points[line.name]}
                if line.name in reasons:
                    values["change_reason"] = reasons[line.name]
                line.write(values)

    def _line(self, evaluation, name):
        return evaluation.line_ids.filtered(lambda line: line.name == name)
