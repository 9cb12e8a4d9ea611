"""Fill a database with a realistic customer history for the benchmarks.

    python3 -m bench.generate --db NAME --size small|medium|large [--reuse]

The database gets account, sale, survey and our addons without demo data. The ORM sets up
what is small (salespeople, EUR and its rates, products, one document of each kind); the
bulk (customers, invoices, credit notes, payments, reconciliations, sale orders, archive
documents, approved credit evaluations with their grades, complaints, lost customers,
satisfaction answers) is written with COPY.

Every bulk row copies the columns it does not set from a template record the ORM created
(an invoice, its lines, a payment, a reconciliation, ...), so defaults and constant columns
are Odoo's own. The varying amounts are computed here exactly as Odoo computes its stored
fields (residuals from the partial reconciliations, payment states, totals): bench.check
recomputes them through the ORM and compares.

What the data looks like: invoices with one product line and the company's sale tax over
the last three years, paid by bank journal entries (not account.payment records, so no
invoice is 'in_payment'), 4 % in EUR at the monthly rate of the invoice date (payments use
the invoice's rate: no exchange difference entries), 4 % with a credit note that is mostly
reconciled with the invoice (Odoo then shows the invoice 'reversed' once paid), open and
overdue invoices in every aging bucket, confirmed orders not yet invoiced. "Bench Heavy
Customer" has 10,000 invoices (1,000 in the small size) and "Bench Light Customer" 10; both
have the same profile and an open EUR invoice. Products have a cost, so margins differ.
60 % of the customers are graded by an approved evaluation (5C or characteristic scorecard)
whose points give the credit level and the grade.
Invoice numbers are unique per year but follow the order of generation, not of the dates.
"""

import argparse
import datetime
import importlib.util
import io
import json
import random
import sys
import time
from pathlib import Path

from dateutil.relativedelta import relativedelta

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"small": 1_000, "medium": 10_000, "large": 100_000}
MODULES = ["sale_management", "survey", "customer_archive", "customer_credit",
           "customer_credit_stock", "customer_satisfaction", "customer_health"]
YEARS_OF_HISTORY = 3
SALESPEOPLE = 5
PRODUCTS = 20
EUR_SHARE = 0.04
# Customers the benchmarks use for "a customer with 10 and with 10,000 invoices".
HEAVY_CUSTOMER = "Bench Heavy Customer"
LIGHT_CUSTOMER = "Bench Light Customer"
LIGHT_INVOICES = 10
HEAVY_INVOICES = {"small": 1_000, "medium": 10_000, "large": 10_000}
# Probability that an invoice is not fully paid, by days past due (upper bound of each
# bucket; negative lateness: not due yet); 40 % of those are partly paid.
UNPAID_SHARE_BY_LATENESS = [(0, 0.55), (30, 0.35), (60, 0.25), (90, 0.2), (180, 0.12),
                            (10**6, 0.04)]
GENERATED_MARKER = "bench.generated_size"


def load_project_helpers():
    """scripts/project.py holds the PostgreSQL and Odoo command helpers of `make test`; it
    is a script, not a package: loaded by path."""
    spec = importlib.util.spec_from_file_location("project", ROOT / "scripts" / "project.py")
    project = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(project)
    return project


def say(message, started=None):
    elapsed = f" ({time.monotonic() - started:.1f} s)" if started else ""
    print(f"==> {message}{elapsed}", flush=True)


# ----------------------------------------------------------------------------------------
# Database and registry
# ----------------------------------------------------------------------------------------
def create_database(project, database):
    project.drop_database(database)
    say(f"installing {', '.join(MODULES)} in {database} without demo data")
    project.subprocess.run(project.odoo_command(
        "-d", database, "-i", ",".join(MODULES), "--without-demo=all", "--stop-after-init",
        "--log-level=warn"), check=True)


def open_registry(database):
    """Odoo's configuration and registry as `odoo shell` sets them up, without a server
    (nor its cron threads)."""
    import odoo
    from odoo.tools import config

    config.parse_config([f"--addons-path={ROOT}", "-d", database, "--log-level=warn",
                         "--max-cron-threads=0"])
    odoo.netsvc.init_logger()
    odoo.service.server.load_server_wide_modules()
    return odoo.modules.registry.Registry(database)


def generated_size(database):
    import psycopg2

    with psycopg2.connect(dbname=database) as cnx, cnx.cursor() as cr:
        cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [GENERATED_MARKER])
        row = cr.fetchone()
    return row and row[0]


# ----------------------------------------------------------------------------------------
# Set-up through the ORM
# ----------------------------------------------------------------------------------------
class Setup:
    """Ids of what the ORM created, and the template records the bulk rows copy."""


def month_start(day):
    return day.replace(day=1)


def eur_rate(day):
    # Units of EUR per USD, moving a little each month so each invoice has its own rate.
    months = (day.year - 2000) * 12 + day.month
    return round(0.9 + 0.04 * ((months * 7) % 11 - 5) / 5, 6)


def setup_with_orm(env, today):
    from odoo import Command

    setup = Setup()
    company = env.ref("base.main_company")
    setup.company = company
    setup.today = today
    setup.start = today - datetime.timedelta(days=365 * YEARS_OF_HISTORY)
    usd = company.currency_id
    eur = env.ref("base.EUR")
    eur.active = True
    setup.usd, setup.eur = usd, eur
    rate_days = []
    day = month_start(setup.start)
    while day <= today:
        rate_days.append(day)
        day = month_start(day + datetime.timedelta(days=32))
    env["res.currency.rate"].create([
        {"currency_id": eur.id, "company_id": company.id, "name": day, "rate": eur_rate(day)}
        for day in rate_days])

    salesman = env.ref("sales_team.group_sale_salesman")
    setup.salespeople = env["res.users"].create([
        {"name": f"Bench Salesperson {n}", "login": f"bench_sales_{n}",
         "groups_id": [Command.link(salesman.id)]} for n in range(1, SALESPEOPLE + 1)])
    setup.products = env["product.product"].create([
        {"name": f"Bench Product {n:02d}", "type": "service", "invoice_policy": "order",
         "list_price": 50 + 25 * n, "standard_price": 15 + 5 * n}
        for n in range(1, PRODUCTS + 1)])
    setup.tax = env["account.tax"].search([
        ("company_id", "=", company.id), ("type_tax_use", "=", "sale"),
        ("amount_type", "=", "percent")], limit=1, order="sequence, id")
    setup.sale_journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "sale")], limit=1)
    setup.bank_journal = env["account.journal"].search(
        [("company_id", "=", company.id), ("type", "=", "bank")], limit=1)

    customer = env["res.partner"].create({
        "name": "Bench Template Customer", "is_company": True,
        "user_id": setup.salespeople[0].id})
    customer.action_create_archive()
    setup.template_customer = customer
    # The bulk customers copy a customer with an archive and nothing else: the template
    # customer gets documents, complaints and a churn record below.
    blank = env["res.partner"].create({"name": "Bench Blank Customer", "is_company": True})
    blank.action_create_archive()
    setup.blank_customer = blank
    product = setup.products[0]

    def invoice(move_type, currency, day):
        move = env["account.move"].create({
            "move_type": move_type, "partner_id": customer.id, "invoice_date": day,
            "date": day, "invoice_date_due": day + datetime.timedelta(days=30),
            "currency_id": currency.id, "journal_id": setup.sale_journal.id,
            "invoice_user_id": setup.salespeople[0].id,
            "invoice_line_ids": [Command.create({
                "product_id": product.id, "quantity": 2, "price_unit": 100.0,
                "tax_ids": [Command.set(setup.tax.ids)]})]})
        move.action_post()
        return move

    setup.template_invoice = invoice("out_invoice", usd, today)
    setup.template_refund = invoice("out_refund", usd, today)
    receivable = setup.template_invoice.line_ids.filtered(
        lambda line: line.display_type == "payment_term")
    payment = env["account.move"].create({
        "move_type": "entry", "journal_id": setup.bank_journal.id, "date": today,
        "ref": "Payment", "line_ids": [
            Command.create({"account_id": setup.bank_journal.default_account_id.id,
                            "partner_id": customer.id, "debit": receivable.balance,
                            "name": "Payment"}),
            Command.create({"account_id": receivable.account_id.id, "partner_id": customer.id,
                            "credit": receivable.balance, "name": "Payment"})]})
    payment.action_post()
    setup.template_payment = payment
    (receivable + payment.line_ids.filtered(
        lambda line: line.account_id == receivable.account_id)).reconcile()
    setup.receivable_account = receivable.account_id

    order = env["sale.order"].create({
        "partner_id": customer.id, "user_id": setup.salespeople[0].id,
        "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 3})]})
    order.action_confirm()
    setup.template_order = order
    setup_own_templates(env, setup)
    env.flush_all()
    return setup


def setup_own_templates(env, setup):
    """One record of each of our own kinds, for the template customer, through the ORM."""
    customer = setup.template_customer
    setup.document_types = env["customer.archive.document.type"].search([], order="id")
    setup.template_document = env["customer.archive.document"].create({
        "partner_id": customer.id, "document_type_id": setup.document_types[0].id,
        "name": "Business licence", "date": setup.today})
    setup.template_feedback = env["customer.satisfaction.feedback"].create({
        "partner_id": customer.id, "feedback_type": "complaint", "dimension": "service",
        "summary": "Late delivery"})
    setup.churn_categories = env["customer.churn.category"].search([], order="id")
    setup.template_churn = env["customer.churn"].create({
        "partner_id": customer.id, "state": "lost", "category_id": setup.churn_categories[0].id,
        "reason": "Moved to a competitor", "loss_date": setup.today})
    survey = env["survey.survey"].search([("survey_type", "=", "customer_satisfaction")],
                                         limit=1, order="id")
    setup.survey = survey
    answer = survey._create_answer(partner=customer, check_attempts=False)
    for question in survey.question_ids.filtered(lambda q: q.question_type == "scale"):
        answer._save_lines(question, "8")
    answer._mark_done()
    setup.template_answer = answer
    # One draft evaluation per scorecard: the approved ones are written from it.
    scorecards = env["customer.credit.scorecard"].search([], order="id")
    setup.template_evaluations = env["customer.credit.evaluation"].create([
        {"partner_id": customer.id, "scorecard_id": scorecard.id} for scorecard in scorecards])


# ----------------------------------------------------------------------------------------
# Bulk writing with COPY
# ----------------------------------------------------------------------------------------
def escape_text(text):
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace(
        "\r", "\\r")


# COPY's text format, by Python type; anything else is written with str().
COPY_FORMATS = {
    type(None): lambda value: "\\N",
    bool: lambda value: "t" if value else "f",
    str: escape_text,
    dict: lambda value: escape_text(json.dumps(value)),
    int: str,
    float: repr,
}


def copy_value(value):
    return COPY_FORMATS.get(type(value), str)(value)


def table_columns(cr, table):
    cr.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s "
               "AND table_schema = current_schema() ORDER BY ordinal_position", [table])
    return [name for (name,) in cr.fetchall()]


def bulk_insert(cr, table, template_id, columns, rows):
    """Insert rows (tuples in the order of columns) with COPY into a staging table; the
    columns not given are copied from the template row template_id of the same table."""
    if not rows:
        return
    stage = f"bench_stage_{table}"
    listed = ", ".join(f'"{column}"' for column in columns)
    cr.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} AS SELECT {listed} FROM {table} LIMIT 0")
    buffer = io.StringIO()
    buffer.writelines("\t".join(map(copy_value, row)) + "\n" for row in rows)
    buffer.seek(0)
    cr.copy_expert(f"COPY {stage} ({listed}) FROM STDIN", buffer)
    given = set(columns)
    all_columns = table_columns(cr, table) if template_id else columns
    selected = ", ".join(
        f'stage."{column}"' if column in given else f'template."{column}"'
        for column in all_columns)
    target = ", ".join(f'"{column}"' for column in all_columns)
    if template_id:
        source = f"{stage} stage, {table} template WHERE template.id = {int(template_id)}"
    else:
        source = f"{stage} stage"
    cr.execute(f"INSERT INTO {table} ({target}) SELECT {selected} FROM {source}")
    cr.execute(f"TRUNCATE {stage}")


class Ids:
    """Hands out ids for the bulk rows; the sequences are moved past them at the end."""

    def __init__(self, cr, tables):
        self.next = {}
        for table in tables:
            cr.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
            self.next[table] = cr.fetchone()[0]

    def take(self, table):
        value = self.next[table]
        self.next[table] = value + 1
        return value

    def set_sequences(self, cr):
        for table, value in self.next.items():
            cr.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)",
                       [table, value])


# ----------------------------------------------------------------------------------------
# The history of the customers
# ----------------------------------------------------------------------------------------
PARTNER_COLUMNS = [
    "id", "name", "complete_name", "commercial_partner_id", "commercial_company_name",
    "user_id", "customer_rank", "archive_number", "archive_date", "archive_tier",
    "archive_next_review_date", "credit_grade_id", "credit_level", "credit_grant_date",
    "credit_expiry_date", "credit_limit", "credit_evaluation_id"]
MOVE_COLUMNS = [
    "id", "name", "sequence_prefix", "sequence_number", "partner_id", "commercial_partner_id",
    "partner_shipping_id", "currency_id", "invoice_user_id", "payment_reference", "ref",
    "payment_state", "invoice_partner_display_name", "date", "invoice_date",
    "invoice_date_due", "invoice_currency_rate", "amount_untaxed", "amount_tax", "amount_total",
    "amount_residual", "amount_untaxed_signed", "amount_untaxed_in_currency_signed",
    "amount_tax_signed", "amount_total_signed", "amount_total_in_currency_signed",
    "amount_residual_signed"]
LINE_COLUMNS = [
    "id", "move_id", "move_name", "currency_id", "partner_id", "name", "ref", "date",
    "invoice_date", "date_maturity", "debit", "credit", "balance", "amount_currency",
    "amount_residual", "amount_residual_currency", "reconciled", "full_reconcile_id",
    "matching_number", "quantity", "price_unit", "price_subtotal", "price_total", "product_id",
    "tax_base_amount"]
PARTIAL_COLUMNS = [
    "id", "debit_move_id", "credit_move_id", "full_reconcile_id", "debit_currency_id",
    "credit_currency_id", "max_date", "amount", "debit_amount_currency",
    "credit_amount_currency"]
ORDER_COLUMNS = [
    "id", "name", "partner_id", "partner_invoice_id", "partner_shipping_id", "user_id",
    "access_token", "date_order", "validity_date", "amount_untaxed", "amount_tax",
    "amount_total"]
ORDER_LINE_COLUMNS = [
    "id", "order_id", "order_partner_id", "salesman_id", "product_id", "name",
    "product_uom_qty", "price_unit", "technical_price_unit", "price_subtotal", "price_tax",
    "price_total", "price_reduce_taxexcl", "price_reduce_taxinc", "qty_to_invoice",
    "untaxed_amount_to_invoice"]
TIERS = ["important", "special", "ordinary", "ordinary", "ordinary"]
PAYMENT_TERMS_DAYS = [0, 15, 30, 30, 45, 60]
CHUNK_CUSTOMERS = 2_000


class Line:
    """A journal item while its reconciliations are being decided."""

    __slots__ = ("values", "residual", "residual_currency", "matching", "move")

    def __init__(self, values, move):
        self.values = values
        self.move = move
        self.residual = values["balance"]
        self.residual_currency = values["amount_currency"]
        self.matching = None


class HistoryWriter:
    def __init__(self, env, setup, size, seed=7):
        self.env = env
        self.cr = env.cr._obj
        self.setup = setup
        self.size = size
        self.rng = random.Random(seed)
        self.ids = Ids(self.cr, [
            "res_partner", "account_move", "account_move_line", "account_partial_reconcile",
            "account_full_reconcile", "sale_order", "sale_order_line"])
        self.sequence_numbers = {}
        self._load_templates()
        self.tax_rate = setup.tax.amount / 100
        company = setup.company
        self.review_months = {tier: company._archive_review_months(tier) for tier in TIERS}
        grades = env["customer.credit.grade"].search(
            [("scale_id", "=", company.credit_scale_id.id)], order="min_level")
        # Each grade with the credit level range that gives it: [its minimum, the next one).
        self.grades = [(grade, grade.min_level, upper.min_level if upper else 100.01)
                       for grade, upper in zip(grades, [*grades[1:], None], strict=True)]
        self.stats = {"customers": 0, "invoices": 0, "refunds": 0, "payments": 0, "lines": 0,
                      "orders": 0}
        self.own = OwnDataWriter(self)

    def _load_templates(self):
        setup = self.setup

        def line_of(move, predicate):
            return move.line_ids.filtered(predicate)[:1].id

        self.template_line = {}
        for kind, move in (("out_invoice", setup.template_invoice),
                           ("out_refund", setup.template_refund)):
            for display_type in ("product", "tax", "payment_term"):
                self.template_line[kind, display_type] = line_of(
                    move, lambda line, d=display_type: line.display_type == d)
        receivable = setup.receivable_account
        self.template_line["entry", "bank"] = line_of(
            setup.template_payment, lambda line: line.account_id != receivable)
        self.template_line["entry", "receivable"] = line_of(
            setup.template_payment, lambda line: line.account_id == receivable)
        self.template_move = {"out_invoice": setup.template_invoice.id,
                              "out_refund": setup.template_refund.id,
                              "entry": setup.template_payment.id}
        self.template_partial = self.env["account.partial.reconcile"].search([], limit=1).id
        self.template_full = self.env["account.full.reconcile"].search([], limit=1).id
        self.template_order = setup.template_order.id
        self.template_order_line = setup.template_order.order_line[:1].id
        for prefix, number in self._existing_sequences():
            self.sequence_numbers[prefix] = number

    def _existing_sequences(self):
        self.cr.execute("SELECT sequence_prefix, MAX(sequence_number) FROM account_move "
                        "WHERE sequence_prefix IS NOT NULL GROUP BY sequence_prefix")
        return self.cr.fetchall()

    # --------------------------------------------------------------------------------
    def reset_chunk(self):
        self.partners = []
        self.moves = {kind: [] for kind in self.template_move}
        self.lines = {key: [] for key in self.template_line}
        self.partials = []
        self.fulls = []
        self.orders = []
        self.order_lines = []
        self.own.reset_chunk()

    def next_name(self, code, day):
        prefix = f"{code}/{day.year}/"
        number = self.sequence_numbers.get(prefix, 0) + 1
        self.sequence_numbers[prefix] = number
        return f"{prefix}{number:05d}", prefix, number

    def random_day(self, start, end):
        span = (end - start).days
        return start + datetime.timedelta(days=self.rng.randint(0, max(span, 0)))

    # --------------------------------------------------------------------------------
    def add_customer(self, index, name=None, invoices=None, profile=None):
        """Add a customer with its history. ``profile``: a state of the random generator to
        draw everything but the invoices from: customers given the same profile differ only
        in their invoices (and what follows from them)."""
        rng, setup = self.rng, self.setup
        main_state = rng.getstate()
        if profile is not None:
            rng.setstate(profile)
        partner_id = self.ids.take("res_partner")
        name = name or f"Bench Customer {index:06d}"
        salesperson = setup.salespeople[
            (index if profile is None else 0) % len(setup.salespeople)].id
        archive_date = self.random_day(setup.start - datetime.timedelta(days=400), setup.start)
        tier = rng.choice(TIERS)
        review = archive_date + relativedelta(months=self.review_months[tier])
        grade = level = grant = expiry = limit = evaluation = None
        if self.grades and rng.random() < 0.6:
            company = str(setup.company.id)
            grant_day = self.random_day(setup.today - datetime.timedelta(days=500), setup.today)
            evaluation_id, grade_id, credit_level, approved_limit, expiry_day = \
                self.own.add_evaluation(partner_id, grant_day)
            grade, level = {company: grade_id}, {company: credit_level}
            grant, expiry = {company: grant_day.isoformat()}, {company: expiry_day.isoformat()}
            limit, evaluation = {company: approved_limit}, {company: evaluation_id}
        if invoices is None:
            invoices = 0 if rng.random() < 0.08 else rng.randint(1, 7)
        self.partners.append((
            partner_id, name, name, partner_id, name, salesperson, invoices,
            f"BK{partner_id:07d}", archive_date, tier, review, grade, level, grant, expiry,
            limit, evaluation))
        customer = (partner_id, name, salesperson)
        if profile is not None:  # the invoices from the main sequence
            profile = rng.getstate()
            rng.setstate(main_state)
        for number in range(invoices):
            # The two measured customers each have one open EUR invoice.
            self.add_invoice(customer, open_eur=profile is not None and number == 0)
        if profile is not None:
            main_state = rng.getstate()
            rng.setstate(profile)
        if invoices and rng.random() < 0.15:
            self.add_order(customer)
        self.own.add_customer(partner_id, f"BK{partner_id:07d}", salesperson, archive_date)
        if profile is not None:
            rng.setstate(main_state)
        self.stats["customers"] += 1
        return partner_id

    def add_invoice(self, customer, open_eur=False):
        rng, setup = self.rng, self.setup
        day = self.random_day(setup.start, setup.today)
        due = day + datetime.timedelta(days=rng.choice(PAYMENT_TERMS_DAYS))
        eur = rng.random() < EUR_SHARE or open_eur
        rate = eur_rate(day) if eur else 1.0
        currency = setup.eur.id if eur else setup.usd.id
        quantity = rng.randint(1, 10)
        price_unit = round(rng.uniform(20, 800), 2)
        product = rng.choice(setup.products)
        invoice = self.add_invoice_move(
            "out_invoice", customer, day, due, currency, rate, quantity, price_unit, product)
        receivable = invoice["receivable"]
        pairs = []
        if open_eur:
            return
        if rng.random() < 0.04 and day < setup.today:
            refund_day = self.random_day(day + datetime.timedelta(days=1),
                                         min(setup.today, day + datetime.timedelta(days=40)))
            refund = self.add_invoice_move(
                "out_refund", customer, refund_day, refund_day, currency, rate, 1,
                round(quantity * price_unit * rng.uniform(0.1, 0.5), 2), product)
            if rng.random() < 0.85:
                pairs.append(self.reconcile(receivable, refund["receivable"]))
        lateness = (setup.today - due).days
        unpaid_share = next(share for limit, share in UNPAID_SHARE_BY_LATENESS
                            if lateness <= limit)
        outcome = rng.random()
        if outcome >= unpaid_share:
            self.pay(customer, receivable, due, full=True, pairs=pairs)
        elif outcome < unpaid_share * 0.4:
            self.pay(customer, receivable, due, full=False, pairs=pairs)
        self.close_group(receivable, pairs)

    def add_invoice_move(self, move_type, customer, day, due, currency, rate, quantity,
                         price_unit, product):
        partner_id, _partner_name, _salesperson = customer
        sign = 1 if move_type == "out_invoice" else -1
        untaxed = round(quantity * price_unit, 2)
        tax = round(untaxed * self.tax_rate, 2)
        total = round(untaxed + tax, 2)
        untaxed_company = round(untaxed / rate, 2)
        tax_company = round(tax / rate, 2)
        total_company = round(untaxed_company + tax_company, 2)
        move_id = self.ids.take("account_move")
        code = "INV" if move_type == "out_invoice" else "RINV"
        name, prefix, number = self.next_name(code, day)
        move = {"id": move_id, "type": move_type, "name": name, "prefix": prefix,
                "number": number, "partner": customer, "currency": currency, "day": day,
                "due": due, "rate": rate, "untaxed": untaxed, "tax": tax, "total": total,
                "untaxed_company": untaxed_company, "tax_company": tax_company,
                "total_company": total_company, "sign": sign, "counterparts": set()}

        def line(display_type, balance, amount_currency, **values):
            values.update({
                "id": self.ids.take("account_move_line"), "move_id": move_id,
                "move_name": name, "currency_id": currency, "partner_id": partner_id,
                "date": day, "invoice_date": day, "balance": balance,
                "amount_currency": amount_currency})
            record = Line(values, move)
            self.lines[move_type, display_type].append(record)
            return record

        line("product", -sign * untaxed_company, -sign * untaxed, name=product.name,
             quantity=quantity, price_unit=price_unit, price_subtotal=untaxed,
             price_total=total, product_id=product.id)
        line("tax", -sign * tax_company, -sign * tax, name=self.setup.tax.name,
             tax_base_amount=untaxed_company)
        move["receivable"] = line("payment_term", sign * total_company, sign * total,
                                  name=name, date_maturity=due)
        self.moves[move_type].append(move)
        self.stats["invoices" if sign > 0 else "refunds"] += 1
        return move

    def pay(self, customer, receivable, due, full, pairs):
        rng, setup = self.rng, self.setup
        invoice = receivable.move
        if receivable.residual_currency <= 0:
            return
        start = invoice["day"]
        end = min(setup.today, due + datetime.timedelta(days=rng.randint(0, 60)))
        day = self.random_day(start, max(start, end))
        if full:
            paid_currency, paid = receivable.residual_currency, receivable.residual
        else:
            paid_currency = round(receivable.residual_currency * rng.uniform(0.2, 0.8), 2)
            paid = round(paid_currency / invoice["rate"], 2)
            if paid >= receivable.residual or paid_currency <= 0:
                return
        move_id = self.ids.take("account_move")
        name, prefix, number = self.next_name(self.setup.bank_journal.code, day)
        partner_id = customer[0]
        move = {"id": move_id, "type": "entry", "name": name, "prefix": prefix,
                "number": number, "partner": customer, "currency": invoice["currency"],
                "day": day, "paid": paid, "paid_currency": paid_currency, "ref": invoice["name"]}
        self.moves["entry"].append(move)
        common = {"move_id": move_id, "move_name": name, "currency_id": invoice["currency"],
                  "partner_id": partner_id, "date": day, "name": f"Payment {invoice['name']}",
                  "ref": invoice["name"], "quantity": 1.0}
        bank = Line(dict(common, id=self.ids.take("account_move_line"), balance=paid,
                         amount_currency=paid_currency, price_subtotal=paid,
                         price_total=paid), move)
        credit = Line(dict(common, id=self.ids.take("account_move_line"), balance=-paid,
                           amount_currency=-paid_currency, price_subtotal=-paid,
                           price_total=-paid), move)
        self.lines["entry", "bank"].append(bank)
        self.lines["entry", "receivable"].append(credit)
        pairs.append(self.reconcile(receivable, credit))
        self.stats["payments"] += 1

    def reconcile(self, debit_line, credit_line):
        """A partial reconciliation of as much as both lines still have open."""
        amount = min(debit_line.residual, -credit_line.residual)
        amount_currency = min(debit_line.residual_currency, -credit_line.residual_currency)
        debit_line.residual = round(debit_line.residual - amount, 2)
        debit_line.residual_currency = round(debit_line.residual_currency - amount_currency, 2)
        credit_line.residual = round(credit_line.residual + amount, 2)
        credit_line.residual_currency = round(credit_line.residual_currency + amount_currency, 2)
        debit_line.move.setdefault("counterparts", set()).add(credit_line.move["type"])
        credit_line.move.setdefault("counterparts", set()).add(debit_line.move["type"])
        partial = [self.ids.take("account_partial_reconcile"), debit_line, credit_line, None,
                   max(debit_line.values["date"], credit_line.values["date"]), amount,
                   amount_currency]
        self.partials.append(partial)
        return partial

    def close_group(self, receivable, pairs):
        """Matching numbers and the full reconciliation, as Odoo writes them."""
        if not pairs:
            return
        lines = {receivable}
        for partial in pairs:
            lines.update(partial[1:3])
        if all(line.residual == 0 and line.residual_currency == 0 for line in lines):
            full_id = self.ids.take("account_full_reconcile")
            self.fulls.append((full_id,))
            for partial in pairs:
                partial[3] = full_id
            for line in lines:
                line.values["full_reconcile_id"] = full_id
                line.matching = str(full_id)
        else:
            matching = f"P{min(partial[0] for partial in pairs)}"
            for line in lines:
                line.matching = matching

    def add_order(self, customer):
        rng, setup = self.rng, self.setup
        partner_id, _name, salesperson = customer
        order_id = self.ids.take("sale_order")
        day = self.random_day(setup.today - datetime.timedelta(days=60), setup.today)
        totals = [0.0, 0.0]
        for _n in range(rng.randint(1, 3)):
            product = rng.choice(setup.products)
            quantity = rng.randint(1, 20)
            price = product.list_price
            subtotal = round(quantity * price, 2)
            tax = round(subtotal * self.tax_rate, 2)
            totals[0] += subtotal
            totals[1] += tax
            self.order_lines.append((
                self.ids.take("sale_order_line"), order_id, partner_id, salesperson,
                product.id, product.name, quantity, price, price, subtotal, tax,
                round(subtotal + tax, 2), price, round(price * (1 + self.tax_rate), 2),
                quantity, subtotal))
        untaxed, tax = round(totals[0], 2), round(totals[1], 2)
        self.orders.append((
            order_id, f"S{order_id:05d}", partner_id, partner_id, partner_id, salesperson, None,
            datetime.datetime.combine(day, datetime.time(10)), day + datetime.timedelta(days=30),
            untaxed, tax, round(untaxed + tax, 2)))
        self.stats["orders"] += 1

    # --------------------------------------------------------------------------------
    def payment_state(self, move):
        if move["receivable"].residual_currency == 0 and move["counterparts"]:
            reversing = {"out_refund"} if move["type"] == "out_invoice" else {"entry"}
            if move["counterparts"] in (reversing, reversing | {"entry"}) and \
                    move["type"] == "out_invoice":
                return "reversed"
            if move["type"] == "out_refund" and move["counterparts"] == {"entry"}:
                return "reversed"
            return "paid"
        return "partial" if move["counterparts"] else "not_paid"

    def write_chunk(self):
        cr, setup = self.cr, self.setup
        bulk_insert(cr, "res_partner", setup.blank_customer.id, PARTNER_COLUMNS,
                    self.partners)
        for kind in ("out_invoice", "out_refund"):
            rows = []
            for move in self.moves[kind]:
                sign = move["sign"]
                residual = move["receivable"]
                partner_id, partner_name, salesperson = move["partner"]
                rows.append((
                    move["id"], move["name"], move["prefix"], move["number"], partner_id,
                    partner_id, partner_id, move["currency"], salesperson, move["name"], None,
                    self.payment_state(move), partner_name, move["day"], move["day"],
                    move["due"], move["rate"], move["untaxed"], move["tax"], move["total"],
                    abs(residual.residual_currency), sign * move["untaxed_company"],
                    sign * move["untaxed"], sign * move["tax_company"],
                    sign * move["total_company"], sign * move["total"], residual.residual))
            bulk_insert(cr, "account_move", self.template_move[kind], MOVE_COLUMNS, rows)
        rows = []
        for move in self.moves["entry"]:
            partner_id = move["partner"][0]
            rows.append((
                move["id"], move["name"], move["prefix"], move["number"], partner_id,
                partner_id, None, move["currency"], None, None, move["ref"], "not_paid",
                None, move["day"], None, None, 1.0, 0.0, 0.0, move["paid_currency"],
                0.0, 0.0, 0.0, 0.0, move["paid"], move["paid_currency"], 0.0))
        bulk_insert(cr, "account_move", self.template_move["entry"], MOVE_COLUMNS, rows)
        bulk_insert(cr, "account_full_reconcile", self.template_full, ["id"], self.fulls)
        for key, lines in self.lines.items():
            rows = []
            reconcilable = key[1] in ("payment_term", "receivable")
            for line in lines:
                values = line.values
                balance = values["balance"]
                if reconcilable:
                    residual, residual_currency = line.residual, line.residual_currency
                elif key[1] == "bank":  # a cash account: its residual is its balance
                    residual, residual_currency = balance, values["amount_currency"]
                else:
                    residual = residual_currency = 0.0
                reconciled = reconcilable and residual == 0 and residual_currency == 0
                rows.append((
                    values["id"], values["move_id"], values["move_name"], values["currency_id"],
                    values["partner_id"], values.get("name"), values.get("ref"),
                    values["date"], values.get("invoice_date"), values.get("date_maturity"),
                    max(balance, 0.0), max(-balance, 0.0), balance, values["amount_currency"],
                    residual, residual_currency, reconciled, values.get("full_reconcile_id"),
                    line.matching, values.get("quantity", 0.0), values.get("price_unit", 0.0),
                    values.get("price_subtotal", 0.0), values.get("price_total", 0.0),
                    values.get("product_id"), values.get("tax_base_amount", 0.0)))
            bulk_insert(cr, "account_move_line", self.template_line[key], LINE_COLUMNS, rows)
            self.copy_relations(self.template_line[key], [row[0] for row in rows])
            self.stats["lines"] += len(rows)
        rows = []
        for partial_id, debit, credit, full_id, max_date, amount, amount_currency in \
                self.partials:
            rows.append((partial_id, debit.values["id"], credit.values["id"], full_id,
                         debit.values["currency_id"], credit.values["currency_id"], max_date,
                         amount, amount_currency, amount_currency))
        bulk_insert(cr, "account_partial_reconcile", self.template_partial, PARTIAL_COLUMNS,
                    rows)
        bulk_insert(cr, "sale_order", self.template_order, ORDER_COLUMNS, self.orders)
        bulk_insert(cr, "sale_order_line", self.template_order_line, ORDER_LINE_COLUMNS,
                    self.order_lines)
        self.cr.execute(
            "INSERT INTO account_tax_sale_order_line_rel (sale_order_line_id, account_tax_id) "
            "SELECT line.id, rel.account_tax_id FROM sale_order_line line "
            "JOIN account_tax_sale_order_line_rel rel ON rel.sale_order_line_id = %s "
            "WHERE line.id = ANY(%s)", [self.template_order_line,
                                        [row[0] for row in self.order_lines]])
        self.own.write_chunk()

    def copy_relations(self, template_line_id, line_ids):
        """Taxes and tax tags of the new lines: those of their template line."""
        if not line_ids:
            return
        for table, column in (("account_move_line_account_tax_rel", "account_tax_id"),
                              ("account_account_tag_account_move_line_rel",
                               "account_account_tag_id")):
            self.cr.execute(
                f"INSERT INTO {table} (account_move_line_id, {column}) "
                f"SELECT new_line, rel.{column} FROM unnest(%s) new_line "
                f"JOIN {table} rel ON rel.account_move_line_id = %s",
                [line_ids, template_line_id])

    def run(self):
        customers = SIZES[self.size]
        # The rows are consistent by construction (bench.check proves it): skip the foreign
        # key triggers while loading, as pg_restore does, which halves the load time.
        self.cr.execute("SET LOCAL session_replication_role = replica")
        self.reset_chunk()
        # The two customers of the credit-check and form measurements: one profile.
        profile = random.Random(HEAVY_CUSTOMER).getstate()
        self.add_customer(0, HEAVY_CUSTOMER, HEAVY_INVOICES[self.size], profile)
        self.add_customer(1, LIGHT_CUSTOMER, LIGHT_INVOICES, profile)
        for index in range(2, customers):
            self.add_customer(index)
            if len(self.partners) >= CHUNK_CUSTOMERS:
                self.write_chunk()
                self.reset_chunk()
        self.write_chunk()
        self.cr.execute("SET LOCAL session_replication_role = DEFAULT")
        self.ids.set_sequences(self.cr)
        self.finish_sequences()
        self.own.recompute_partners()

    def finish_sequences(self):
        # Archive numbers are BK<id>, apart from the KH sequence of new archives.
        self.env["ir.sequence"].search([("code", "=", "sale.order")]).number_next = \
            self.ids.next["sale_order"]
        if self.own.evaluation_numbers:
            self.own.evaluation_sequence.number_next = \
                max(self.own.evaluation_numbers.values()) + 1


# ----------------------------------------------------------------------------------------
# Our own data: archive documents, complaints, lost customers, satisfaction answers
# ----------------------------------------------------------------------------------------
DOCUMENT_COLUMNS = ["id", "partner_id", "document_type_id", "part", "year", "number",
                    "name", "catalogue_number", "date"]
FEEDBACK_COLUMNS = ["id", "partner_id", "salesperson_id", "responsible_id", "name",
                    "feedback_type", "dimension", "summary", "state", "date", "resolved_date",
                    "resolution_days"]
CHURN_COLUMNS = ["id", "partner_id", "salesperson_id", "category_id", "state", "date",
                 "loss_date", "last_purchase_date", "reason"]
ANSWER_COLUMNS = ["id", "partner_id", "access_token", "nickname", "end_datetime",
                  "satisfaction_score_id"]
ANSWER_LINE_COLUMNS = ["id", "user_input_id", "question_id", "question_sequence",
                       "value_scale"]
SCORE_COLUMNS = ["id", "user_input_id", "partner_id", "date", "overall", "score_product",
                 "score_service", "score_economy", "score_image", "is_low"]
EVALUATION_COLUMNS = ["id", "name", "partner_id", "state", "date", "submitted_on",
                      "approver_id", "approved_date", "expiry_date", "total_score",
                      "credit_level", "grade_id", "limit_type", "limit_basis",
                      "statement_missing", "proposed_limit", "approved_limit",
                      "validity_months", "control_level", "payment_term_id", "pricelist_id"]
EVALUATION_LINE_COLUMNS = ["id", "evaluation_id", "suggested_points", "points", "score",
                           "evidence"]
# Approved limits of the graded customers whose grade has a limit (the grades of the sales
# share policy need financial statements the bench does not write: taken as approved).
APPROVED_LIMITS = [5_000.0, 10_000.0, 20_000.0, 50_000.0]
SCORE_LINE_COLUMNS = ["id", "score_id", "question_id", "attribute_id", "touchpoint_id",
                      "partner_id", "dimension", "date", "score"]
FEEDBACK_TYPES = ["complaint", "complaint", "own_fault", "suggestion", "praise"]
FEEDBACK_STATES = ["new", "in_progress", "resolved", "closed", "closed"]
DIMENSIONS = ["product", "service", "economy", "image"]
CHURN_STATES = ["at_risk", "to_confirm", "lost", "lost", "recovered", "dismissed"]
LOW_SATISFACTION = 60


class OwnDataWriter:
    """Rows of our addons' models, written with the chunk of customers they belong to."""

    def __init__(self, history):
        self.history = history
        self.rng = history.rng
        setup = history.setup
        self.setup = setup
        self.cr = history.cr
        self.ids = history.ids
        for table in ("customer_archive_document", "customer_credit_evaluation",
                      "customer_credit_evaluation_line", "customer_satisfaction_feedback",
                      "customer_churn", "survey_user_input", "survey_user_input_line",
                      "customer_satisfaction_score", "customer_satisfaction_score_line"):
            self.ids.next[table] = Ids(self.cr, [table]).next[table]
        answer = setup.template_answer
        self.answer_lines = [(line.id, line.question_id.id, line.question_sequence)
                             for line in answer.user_input_line_ids]
        score = answer.satisfaction_score_id
        self.score_lines = [(line.id, line.question_id.id, line.attribute_id.id,
                             line.touchpoint_id.id, line.dimension) for line in score.line_ids]
        self.answered = set(score.answered_dimensions.split(","))
        # Per scorecard: its template evaluation and (line id, weight) of its lines.
        self.evaluation_templates = [
            (evaluation, [(line.id, line.weight) for line in evaluation.line_ids])
            for evaluation in setup.template_evaluations]
        # Evaluation numbers CE<year>/<n> go on from the sequence (no date ranges).
        self.evaluation_sequence = setup.company.env["ir.sequence"].search(
            [("code", "=", "customer.credit.evaluation")], limit=1)
        self.evaluation_numbers = {}
        self.evaluation_first = self.evaluation_sequence.number_next_actual
        self.approver = setup.company.env.ref("base.user_admin").id
        self.partners = {"documents": [], "feedback": [], "churn": [], "scores": []}
        self.stats = history.stats
        self.stats.update(documents=0, evaluations=0, complaints=0, churns=0,
                          survey_answers=0)

    def reset_chunk(self):
        self.documents, self.catalogue = [], []
        self.evaluations = {evaluation.id: [] for evaluation, _lines in
                            self.evaluation_templates}
        self.evaluation_lines = {line_id: [] for _evaluation, lines in
                                 self.evaluation_templates for line_id, _weight in lines}
        self.feedback, self.churns = [], []
        self.answers, self.answer_line_rows, self.scores, self.score_line_rows = [], [], [], []

    def add_customer(self, partner_id, archive_number, salesperson, archive_date):
        rng, setup = self.rng, self.setup
        history = self.history
        numbers = {}
        for _n in range(rng.randint(0, 3)):
            document_type = rng.choice(setup.document_types)
            part = document_type.part or "1"
            numbers[part] = numbers.get(part, 0) + 1
            day = history.random_day(archive_date, setup.today)
            self.documents.append((
                self.ids.take("customer_archive_document"), partner_id, document_type.id,
                part, day.year, numbers[part], document_type.name,
                f"{archive_number}-{part}-{numbers[part]:04d}", day))
        self.catalogue += [(partner_id, setup.company.id, part, number)
                           for part, number in numbers.items()]
        self.stats["documents"] += sum(numbers.values())
        if rng.random() < 0.1:
            for _n in range(rng.randint(1, 3)):
                feedback_id = self.ids.take("customer_satisfaction_feedback")
                received = datetime.datetime.combine(
                    history.random_day(setup.start, setup.today), datetime.time(9))
                state = rng.choice(FEEDBACK_STATES)
                resolved = days = None
                if state in ("resolved", "closed"):
                    days = rng.randint(1, 30)
                    resolved = received + datetime.timedelta(days=days)
                self.feedback.append((
                    feedback_id, partner_id, salesperson, salesperson,
                    f"FB/BENCH/{feedback_id:07d}", rng.choice(FEEDBACK_TYPES),
                    rng.choice(DIMENSIONS), "Customer feedback", state, received, resolved,
                    float(days or 0)))
                self.stats["complaints"] += 1
        if rng.random() < 0.03:
            state = rng.choice(CHURN_STATES)
            day = history.random_day(setup.today - datetime.timedelta(days=365), setup.today)
            self.churns.append((
                self.ids.take("customer_churn"), partner_id, salesperson,
                rng.choice(setup.churn_categories).id, state, day,
                day if state == "lost" else None, day - datetime.timedelta(days=200),
                "Buys from a competitor"))
            self.stats["churns"] += 1
        if rng.random() < 0.25:
            for _n in range(rng.randint(1, 2)):
                self.add_answer(partner_id)

    def add_evaluation(self, partner_id, day):
        """An approved evaluation on ``day``: points drawn around a quality of the customer
        give the credit level (Σ weight × points / Σ weight × 10) and the grade its policy.
        Returns (id, grade id, credit level, approved limit, expiry date)."""
        rng = self.rng
        template, lines = rng.choice(self.evaluation_templates)
        evaluation_id = self.ids.take("customer_credit_evaluation")
        quality = rng.uniform(1, 10)
        points = [min(10, max(1, round(rng.gauss(quality, 1.5)))) for _line in lines]
        # Summed in line order as the evaluation does, so that the level is the same float.
        total = sum(weight * point for (_id, weight), point in zip(lines, points, strict=True))
        level = total / sum(weight * 10 for _id, weight in lines) * 100
        grade = next(grade for grade, lowest, highest in self.history.grades
                     if lowest <= level < highest)
        limit = grade.limit_amount if grade.limit_type == "fixed" else rng.choice(APPROVED_LIMITS)
        expiry = day + relativedelta(months=grade.validity_months)
        prefix = f"CE{day.year}/"
        number = self.evaluation_numbers[prefix] = self.evaluation_numbers.get(
            prefix, self.evaluation_first - 1) + 1
        self.evaluations[template.id].append((
            evaluation_id, f"{prefix}{number:04d}", partner_id, "approved", day,
            datetime.datetime.combine(day, datetime.time(10)), self.approver, day, expiry,
            total, level, grade.id, grade.limit_type, None, False, limit, limit,
            grade.validity_months, grade.control_level, grade.payment_term_id.id or None,
            grade.pricelist_id.id or None))
        for (line_id, weight), point in zip(lines, points, strict=True):
            self.evaluation_lines[line_id].append((
                self.ids.take("customer_credit_evaluation_line"), evaluation_id, point, point,
                weight * point, None))
        self.stats["evaluations"] += 1
        return evaluation_id, grade.id, level, limit, expiry

    def add_answer(self, partner_id):
        rng, setup = self.rng, self.setup
        answer_id = self.ids.take("survey_user_input")
        score_id = self.ids.take("customer_satisfaction_score")
        day = self.history.random_day(setup.start, setup.today)
        # One answer on the whole scale per survey answer: every score is then value × 10,
        # what the satisfaction module computes for such an answer.
        value = rng.randint(2, 10)
        self.answers.append((
            answer_id, partner_id, f"bench-{answer_id}", f"Customer {partner_id}",
            datetime.datetime.combine(day, datetime.time(15)), score_id))
        for _line_id, question_id, sequence in self.answer_lines:
            self.answer_line_rows.append((
                self.ids.take("survey_user_input_line"), answer_id, question_id, sequence,
                value))
        score = value * 10.0
        by_dimension = [score if dimension in self.answered else 0.0 for dimension in DIMENSIONS]
        self.scores.append((score_id, answer_id, partner_id, day, score, *by_dimension,
                            score < LOW_SATISFACTION))
        for _line_id, question_id, attribute_id, touchpoint_id, dimension in self.score_lines:
            self.score_line_rows.append((
                self.ids.take("customer_satisfaction_score_line"), score_id, question_id,
                attribute_id, touchpoint_id or None, partner_id, dimension, day, score))
        self.stats["survey_answers"] += 1

    def write_chunk(self):
        cr, setup = self.cr, self.setup
        bulk_insert(cr, "customer_archive_document", setup.template_document.id,
                    DOCUMENT_COLUMNS, self.documents)
        bulk_insert(cr, "customer_archive_catalogue", None,
                    ["partner_id", "company_id", "part", "last_number"], self.catalogue)
        for template_id, rows in self.evaluations.items():
            bulk_insert(cr, "customer_credit_evaluation", template_id, EVALUATION_COLUMNS, rows)
        for template_line_id, rows in self.evaluation_lines.items():
            bulk_insert(cr, "customer_credit_evaluation_line", template_line_id,
                        EVALUATION_LINE_COLUMNS, rows)
        bulk_insert(cr, "customer_satisfaction_feedback", setup.template_feedback.id,
                    FEEDBACK_COLUMNS, self.feedback)
        bulk_insert(cr, "customer_churn", setup.template_churn.id, CHURN_COLUMNS, self.churns)
        answer = setup.template_answer
        score = answer.satisfaction_score_id
        # Answers and scores point at each other: the scores go in first, their answer
        # column filled once both exist.
        bulk_insert(cr, "survey_user_input", answer.id, ANSWER_COLUMNS,
                    [(*row[:-1], None) for row in self.answers])
        bulk_insert(cr, "customer_satisfaction_score", score.id, SCORE_COLUMNS, self.scores)
        if self.answers:
            cr.execute("UPDATE survey_user_input answer SET satisfaction_score_id = score.id "
                       "FROM customer_satisfaction_score score WHERE score.user_input_id = "
                       "answer.id AND answer.id = ANY(%s)", [[row[0] for row in self.answers]])
        bulk_insert(cr, "survey_user_input_line", self.answer_lines[0][0], ANSWER_LINE_COLUMNS,
                    self.answer_line_rows)
        bulk_insert(cr, "customer_satisfaction_score_line", score.line_ids[:1].id,
                    SCORE_LINE_COLUMNS, self.score_line_rows)
        self.partners["churn"] += [row[1] for row in self.churns]
        self.partners["scores"] += [row[2] for row in self.scores]

    def recompute_partners(self):
        """Stored fields of the customers that depend on the rows written here."""
        env = self.setup.company.env
        partners = env["res.partner"]
        churned = partners.browse(sorted(set(self.partners["churn"])))
        env.add_to_compute(partners._fields["churn_state"], churned)
        env.flush_all()
        # Company-dependent, refreshed by the scores as in the addon.
        partners.browse(sorted(set(self.partners["scores"])))._satisfaction_refresh(
            env["res.company"].search([]))


# ----------------------------------------------------------------------------------------
def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database to create (dropped first)")
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the database when it was already generated at this size")
    options = parser.parse_args()
    project = load_project_helpers()
    project.require_odoo()
    project.ensure_postgresql()
    if options.reuse and project.database_exists(options.db) \
            and generated_size(options.db) == options.size:
        say(f"{options.db} already holds the {options.size} data set: reused")
        return
    started = time.monotonic()
    create_database(project, options.db)
    say("database created", started)
    generate(options.db, options.size)
    say(f"{options.db} generated ({options.size})", started)


def generate(database, size):
    from odoo import SUPERUSER_ID, api

    registry = open_registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        started = time.monotonic()
        setup = setup_with_orm(env, datetime.date.today())
        say("set-up through the ORM", started)
        writer = HistoryWriter(env, setup, size)
        writer.run()
        say("bulk history written: " + ", ".join(
            f"{count} {what}" for what, count in writer.stats.items()), started)
        env.invalidate_all()
        env["ir.config_parameter"].set_param(GENERATED_MARKER, size)
        cr.commit()
        cr.execute("ANALYZE")
        say("committed and analysed", started)


if __name__ == "__main__":
    if __package__ in (None, ""):
        sys.path.insert(0, str(ROOT))
    main()
