{
    "name": "Customer Health",
    "summary": "Customer health (客户健康): the tier, credit, satisfaction, complaints, churn and "
    "warning signals of each customer in one status with its reasons, and the cross-signals "
    "between credit and satisfaction",
    "version": "18.0.1.0.0",
    "category": "Sales/Customer Satisfaction",
    "author": "Customer Archive, Credit and Satisfaction Team",
    "website": "https://example.com/customer-archive",
    "license": "LGPL-3",
    "depends": ["customer_credit", "customer_satisfaction"],
    "data": [
        "data/ir_cron_data.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/customer_satisfaction_campaign_views.xml",
        "views/customer_health_menus.xml",
    ],
    "demo": [
        "demo/customer_health_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "customer_health/static/tests/tours/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
    "auto_install": True,
}
