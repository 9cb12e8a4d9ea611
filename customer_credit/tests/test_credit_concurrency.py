import threading
import time

from odoo import Command, api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCreditConcurrency(TransactionCase):
    """Two users confirm an order of the same customer in the same second, each in its own
    real transaction: 600.00 + 600.00 against a limit of 1,000.00. Without serialisation
    both would read the exposure of their own snapshot (0.00) and pass; with it the second
    fails to serialise, is retried as the server retries a request, sees the first order
    and is put on credit hold.

    The data must be committed for the two transactions to see it: it is created in a
    cursor of its own and removed at the end."""

    def _committed(self, function):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            result = function(env)
            cr.commit()  # pylint: disable=invalid-commit
            return result

    def _setup(self, env):
        company = env.ref("base.main_company")
        settings = {name: company[name] for name in (
            "credit_check_sale", "credit_rule_limit", "credit_default_control_level")}
        company.write({"credit_check_sale": True, "credit_rule_limit": True,
                       "credit_default_control_level": "none"})
        customer = env["res.partner"].create({"name": "Concurrent Customer",
                                              "is_company": True})
        customer.with_company(company).write({
            "credit_grade_id": env.ref("customer_credit.grade_bbb").id})
        customer._credit_set_limit(1000.0, "Concurrency test", company=company)
        product = env["product.product"].create({"name": "Concurrent Goods",
                                                 "lst_price": 600.0})
        orders = env["sale.order"].create([{
            "partner_id": customer.id, "company_id": company.id,
            "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1,
                                           "price_unit": 600.0,
                                           "tax_id": [Command.clear()]})],
        } for _index in range(2)])
        return company.id, settings, customer.id, product.id, orders.ids

    def _cleanup(self, company_id, settings, customer_id, product_id, order_ids):
        def clean(env):
            env["customer.credit.hold"].search([("partner_id", "=", customer_id)]).unlink()
            orders = env["sale.order"].browse(order_ids)
            orders._action_cancel()
            if "picking_ids" in orders._fields:  # with customer_credit_stock
                orders.picking_ids.move_ids.unlink()
                orders.picking_ids.unlink()
            orders.unlink()
            env["customer.credit.history"].search([("partner_id", "=", customer_id)]).unlink()
            env["res.partner"].browse(customer_id).unlink()
            env["product.product"].browse(product_id).product_tmpl_id.unlink()
            env["res.company"].browse(company_id).write(settings)
        self._committed(clean)

    def test_two_confirmations_at_once_cannot_both_pass_the_limit(self):
        company_id, settings, customer_id, product_id, order_ids = self._committed(self._setup)
        self.addCleanup(self._cleanup, company_id, settings, customer_id, product_id,
                        order_ids)
        snapshots_taken = threading.Barrier(2, timeout=30)
        first_confirmed = threading.Event()
        attempts = []
        errors = []

        def first():
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, api.SUPERUSER_ID, {})
                    cr.execute("SELECT 1")  # REPEATABLE READ: the snapshot is taken here
                    snapshots_taken.wait()
                    env["sale.order"].browse(order_ids[0]).action_confirm()
                    env.flush_all()
                    first_confirmed.set()
                    time.sleep(1.0)  # the second is now waiting on the customer's row
                    cr.commit()  # pylint: disable=invalid-commit
            except Exception as error:  # noqa: BLE001 - reported by the main thread
                errors.append(error)
                first_confirmed.set()

        def second():
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, api.SUPERUSER_ID, {})
                    cr.execute("SELECT 1")
                    snapshots_taken.wait()
                    first_confirmed.wait(30)

                    def confirm():
                        attempts.append(1)
                        return env["sale.order"].browse(order_ids[1]).action_confirm()

                    retrying(confirm, env)
            except Exception as error:  # noqa: BLE001 - reported by the main thread
                errors.append(error)

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        self.assertFalse(errors)
        self.assertEqual(len(attempts), 2, "the second check was serialised and retried")

        def outcome(env):
            orders = env["sale.order"].browse(order_ids)
            holds = env["customer.credit.hold"].search([("partner_id", "=", customer_id)])
            customer = env["res.partner"].browse(customer_id).with_company(company_id)
            return (orders.mapped("state"), holds.sale_order_id.ids, holds.mapped("state"),
                    customer.credit_exposure)

        states, held_orders, hold_states, exposure = self._committed(outcome)
        self.assertEqual(states, ["sale", "draft"])
        self.assertEqual(held_orders, order_ids[1:])
        self.assertEqual(hold_states, ["hold"])
        self.assertEqual(exposure, 600.0)
