from . import customer_archive_register
from . import customer_archive_close_year
from . import customer_archive_transfer
from . import customer_archive_ranking
