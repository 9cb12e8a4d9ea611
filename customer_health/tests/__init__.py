from . import (
    test_companies_apart,
    test_crons_in_chinese,
    test_customer_health,
    test_figures_protected,
    test_health_segments,
    test_one_definition,
)
