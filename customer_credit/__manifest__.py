{
    "name": "Customer Credit",
    "summary": "Customer credit management (客户信用): investigation reports, financial "
    "statements, 5C and characteristic scoring, AAA..C grades and policies, credit limits, "
    "exposure and credit holds",
    "version": "18.0.1.0.0",
    "category": "Sales/Customer Credit",
    "author": "Customer Archive, Credit and Satisfaction Team",
    "website": "https://example.com/customer-archive",
    "license": "LGPL-3",
    "depends": ["customer_archive", "sale"],
    "data": [
        "security/customer_credit_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/customer_credit_grade_data.xml",
        "views/customer_credit_grade_views.xml",
        "views/customer_credit_history_views.xml",
        "views/res_partner_views.xml",
        "views/res_users_views.xml",
        "views/res_config_settings_views.xml",
        "views/customer_credit_menus.xml",
    ],
    "demo": [],
    "installable": True,
    "application": True,
}
