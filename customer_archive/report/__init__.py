from . import customer_data_card
from . import customer_archive_catalogue
from . import customer_archive_trade_register
from . import customer_archive_returns_register
from . import customer_archive_sales_plan_report
