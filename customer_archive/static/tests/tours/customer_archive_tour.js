/** @odoo-module */

import { registry } from "@web/core/registry";

// A salesperson opens one of their customers from the archive list and reads its file.
registry.category("web_tour.tours").add("customer_archive_page_tour", {
    steps: () => [
        {
            content: "The archive list shows the tour customer",
            trigger: ".o_list_view .o_data_row td:contains('Tour Customer Ltd')",
            run: "click",
        },
        {
            content: "Open the Customer Archive page of the partner form",
            trigger: ".o_notebook .nav-link:contains('Customer Archive')",
            run: "click",
        },
        {
            content: "The archive number is shown",
            trigger: ".o_field_widget[name='archive_number'] span:contains('KH')",
        },
        {
            content: "The classification is shown",
            trigger: ".o_field_widget[name='archive_trade_stage']:contains('Trading Now')",
        },
        {
            content: "Open the key persons",
            trigger: ".o_notebook .nav-link:contains('Key Persons')",
            run: "click",
        },
        {
            content: "The customer's owner is listed",
            trigger: ".o_field_widget[name='archive_person_ids'] td:contains('Tour Owner')",
        },
        {
            content: "Open the yearly figures",
            trigger: ".o_notebook .nav-link:contains('Yearly Figures')",
            run: "click",
        },
        {
            content: "This year's sales come from the posted invoice",
            trigger: ".o_field_widget[name='archive_year_ids'] td:contains('1,234.00')",
        },
    ],
});
