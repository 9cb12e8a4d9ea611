from . import test_access
from . import test_archive
from . import test_classification
from . import test_data_card
from . import test_investigation
from . import test_tracking
from . import test_translation
from . import test_yearly_figures
