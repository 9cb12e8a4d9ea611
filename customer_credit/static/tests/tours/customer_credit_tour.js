/** @odoo-module */

import { registry } from "@web/core/registry";

// A salesperson opens a graded customer and reads its credit: grade, limit and exposure.
registry.category("web_tour.tours").add("customer_credit_page_tour", {
    steps: () => [
        {
            content: "Open the Credit page of the partner form",
            trigger: ".o_notebook .nav-link[name='customer_credit']",
            run: "click",
        },
        {
            content: "The grade is shown",
            trigger: ".o_field_widget[name='credit_grade_id']:contains('BBB')",
        },
        {
            content: "The open receivables are shown",
            trigger: ".o_field_widget[name='credit_receivable']:contains('1,234.00')",
        },
        {
            content: "The exposure stat button shows the exposure",
            trigger: ".oe_stat_button:contains('1,234.00')",
        },
    ],
});
