
from . import customer_credit_limit_request_refuse
from . import customer_credit_hold_decision
from . import customer_credit_partner_hold
from . import customer_credit_evaluation_refuse
from . import customer_credit_aging_wizard
