from . import customer_credit_statement_report
