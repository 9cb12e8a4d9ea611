from . import customer_credit_hold
from . import stock_picking
from . import res_partner
