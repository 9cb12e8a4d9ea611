from . import test_satisfaction_score
from . import test_satisfaction_access
