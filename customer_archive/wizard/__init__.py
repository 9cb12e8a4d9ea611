from . import customer_archive_register
