from . import customer_archive_register
from . import customer_archive_close_year
