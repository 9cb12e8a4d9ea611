{
    "name": "Customer Credit: Deliveries",
    "summary": "Credit check at delivery validation: deliveries of customers who break a "
    "credit rule wait on credit hold",
    "version": "18.0.1.0.0",
    "category": "Sales/Customer Credit",
    "author": "Customer Archive, Credit and Satisfaction Team",
    "website": "https://example.com/customer-archive",
    "license": "LGPL-3",
    "depends": ["customer_credit", "stock", "sale_stock"],
    "data": [
        "views/stock_picking_views.xml",
        "views/customer_credit_hold_views.xml",
    ],
    "demo": ["demo/customer_credit_stock_demo.xml"],
    "installable": True,
    "auto_install": True,
}
