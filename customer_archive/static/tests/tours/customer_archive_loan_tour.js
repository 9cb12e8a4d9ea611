/** @odoo-module */

import { registry } from "@web/core/registry";

// An employee reading Chinese borrows an archive: he asks for it, a custodian approves (done
// by the test in between), then he reads the lent key persons.
registry.category("web_tour.tours").add("customer_archive_loan_request_tour", {
    steps: () => [
        {
            content: "Choose the customer whose archive to borrow",
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit 借阅客户",
        },
        {
            content: "Pick it in the list",
            trigger: ".o-autocomplete--dropdown-item:contains('借阅客户有限公司')",
            run: "click",
        },
        {
            content: "The borrower is the employee himself",
            trigger: ".o_field_widget[name='borrower_id'] input:value(王芳)",
        },
        {
            content: "The whole archive",
            trigger: ".o_field_widget[name='scope'] input[data-value='whole']",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".o_field_widget[name='purpose'] textarea",
            run: "edit 拜访前了解客户情况",
        },
        {
            content: "Request the loan",
            trigger: "button[name='action_request']:contains('提交申请')",
            run: "click",
        },
        {
            content: "It is requested",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('已申请')",
        },
    ],
});

registry.category("web_tour.tours").add("customer_archive_loan_read_tour", {
    steps: () => [
        {
            content: "The approved loan",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('已批准')",
        },
        {
            content: "Open the lent key persons",
            trigger: "button[name='action_open_part']:contains('关键人物')",
            run: "click",
        },
        {
            content: "The customer's owner can be read during the loan",
            trigger: ".o_list_view td:contains('钱老板')",
        },
    ],
});
