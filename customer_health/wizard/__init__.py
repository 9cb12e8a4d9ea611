from . import customer_satisfaction_index
from . import customer_satisfaction_retention
