/** @odoo-module */

import { registry } from "@web/core/registry";

// A salesperson opens a customer with open complaints, reads its health and opens them.
registry.category("web_tour.tours").add("customer_satisfaction_page_tour", {
    steps: () => [
        {
            content: "Open the Satisfaction page of the partner form",
            trigger: ".o_notebook .nav-link[name='customer_satisfaction']",
            run: "click",
        },
        {
            content: "The health status is shown",
            trigger: ".o_field_widget[name='health_status']:contains('Risky')",
        },
        {
            content: "Its reason is shown",
            trigger: ".o_field_widget[name='health_reasons']:contains('2 open complaints')",
        },
        {
            content: "Open the customer's open complaints from the health figures",
            trigger: "button[name='action_health_view_complaints']",
            run: "click",
        },
        {
            content: "The list of the customer's open complaints has both",
            trigger: ".o_list_view .o_data_row:nth-child(2)",
        },
    ],
});
