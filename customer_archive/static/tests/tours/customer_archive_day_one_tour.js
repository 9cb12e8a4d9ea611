/** @odoo-module */

import { registry } from "@web/core/registry";

// Day one of a salesperson reading Chinese: he creates a customer (it is his at once), opens
// its archive, fills an investigation and submits it for the custodian's review.
registry.category("web_tour.tours").add("customer_archive_day_one_tour", {
    steps: () => [
        {
            content: "Type the new customer's name",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit 日出贸易有限公司",
        },
        {
            content: "It is a company",
            trigger: ".o_field_widget[name='company_type'] input[data-value='company']",
            run: "click",
        },
        {
            content: "Open Sales & Purchase: the salesperson is already the user",
            trigger: ".o_notebook .nav-link:contains('销售与采购')",
            run: "click",
        },
        {
            content: "The salesperson is the one who creates the customer",
            trigger: ".o_field_widget[name='user_id'] input:value(张伟)",
        },
        {
            content: "Open the Customer Archive page",
            trigger: ".o_notebook .nav-link:contains('客户档案')",
            run: "click",
        },
        {
            content: "The page says there is no archive yet, in Chinese",
            trigger: ".alert-info:contains('此客户尚无档案')",
        },
        {
            content: "Create the archive (the form is saved first)",
            trigger: "button[name='action_create_archive']:contains('建立档案')",
            run: "click",
        },
        {
            content: "The archive number is given",
            trigger: ".o_field_widget[name='archive_number'] span:contains('KH')",
        },
        {
            content: "Open the customer's investigations",
            trigger: "button[name='action_view_investigations']:contains('调查')",
            run: "click",
        },
        {
            content: "Start a new investigation",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "The investigation is for the new customer",
            trigger: ".o_field_widget[name='partner_id'] input:value(日出贸易有限公司)",
        },
        {
            content: "Add the person in charge",
            trigger: ".o_field_widget[name='person_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Name the person in charge",
            trigger: ".o_field_widget[name='person_ids'] .o_data_row .o_field_widget[name='name'] input",
            run: "edit 陈刚",
        },
        {
            content: "Submit the investigation",
            trigger: "button[name='action_submit']:contains('提交')",
            run: "click",
        },
        {
            content: "It is submitted",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('已提交')",
        },
    ],
});
