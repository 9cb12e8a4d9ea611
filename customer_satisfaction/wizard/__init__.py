from . import survey_invite
from . import customer_satisfaction_analysis
from . import customer_satisfaction_index
from . import customer_satisfaction_index_line
from . import customer_satisfaction_retention
from . import customer_satisfaction_retention_line
from . import customer_churn_dismiss
