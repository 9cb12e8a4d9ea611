from . import test_archive
from . import test_classification
from . import test_yearly_figures
