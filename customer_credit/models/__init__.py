from . import customer_credit_grade_scale
from . import customer_credit_grade
from . import customer_credit_history
from . import res_company
from . import res_config_settings
from . import res_users
from . import res_partner
