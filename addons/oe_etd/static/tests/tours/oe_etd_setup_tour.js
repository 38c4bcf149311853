/** @odoo-module **/
// A network administrator opens a new département with the Nouvelle ETD assistant.
// Run by oe_etd/tests/test_tours.py (TestTours.test_network_admin_opens_an_etd).

import { registry } from "@web/core/registry";

const samadRow = ".modal .o_field_widget[name='line_ids'] .o_data_row:contains('SAMAD')";
const editedRow = ".modal .o_field_widget[name='line_ids'] .o_selected_row";

function fill(fieldName, value) {
    return {
        content: `Fill in ${fieldName}`,
        trigger: `${editedRow} .o_field_widget[name='${fieldName}'] input`,
        run: `edit ${value}`,
    };
}

registry.category("web_tour.tours").add("oe_etd_setup_tour", {
    url: "/odoo/action-oe_etd.oe_etd_action",
    steps: () => [
        {
            content: "Open the Réseau menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='oe_etd.oe_network_menu']:contains('Réseau')",
            run: "click",
        },
        {
            content: "Open Nouvelle ETD",
            trigger: ".dropdown-item[data-menu-xmlid='oe_etd.oe_etd_setup_menu']:contains('Nouvelle ETD')",
            run: "click",
        },
        {
            content: "Choose the département",
            trigger: ".modal .o_field_widget[name='department_id'] input",
            run: "edit Morbihan",
        },
        {
            trigger: ".o-autocomplete--dropdown-item > a:contains('Morbihan')",
            run: "click",
        },
        {
            content: "The ETD is named after its département",
            trigger: ".modal .o_field_widget[name='name'] input:value('Morbihan')",
        },
        {
            content: "One CAE of each kind is proposed",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:contains('MSG')",
        },
        {
            content: "Keep the SAMAD CAE only",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:contains('MSG') .o_list_record_remove",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name='line_ids']:not(:has(.o_data_row:contains('MSG')))",
        },
        {
            content: "Enter its legal data",
            trigger: `${samadRow} td[name='street']`,
            run: "click",
        },
        fill("street", "12 rue du Port"),
        fill("zip", "56100"),
        fill("city", "Lorient"),
        fill("siret", "90135001700017"),
        fill("vat", "FR75901350017"),
        fill("email", "samad56@oui-ensemble.example"),
        fill("phone", "+33 2 97 00 56 01"),
        fill("iban", "FR7630004000010001000000102"),
        fill("sap_number", "SAP901350017"),
        fill("sap_date", "01/03/2025"),
        {
            content: "Créer l'ETD",
            trigger: `.modal button[name='action_create_etd']:contains("Créer l'ETD")`,
            run: "click",
        },
        {
            content: "The assistant says the new CAE is ready to invoice (the chart of accounts takes a while)",
            trigger: `.modal .alert-success:contains("L'ETD et ses CAE sont prêtes à facturer.")`,
            timeout: 60000,
        },
        {
            content: "Ouvrir l'ETD",
            trigger: `.modal button[name='action_open_etd']:contains("Ouvrir l'ETD")`,
            run: "click",
        },
        {
            content: "The ETD, active, with its CAE",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value('Morbihan')",
        },
        {
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Active')",
        },
        {
            trigger:
                ".o_form_view .o_field_widget[name='company_ids'] .o_data_row:contains('CAE SAMAD 56'):contains('90135001700017')",
        },
    ],
});
