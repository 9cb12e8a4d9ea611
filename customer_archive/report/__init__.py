from . import customer_data_card
from . import customer_archive_catalogue
