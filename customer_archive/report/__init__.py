from . import customer_data_card
