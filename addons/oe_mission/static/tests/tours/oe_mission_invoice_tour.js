/** @odoo-module **/
// An accountant invoices the validated hours with Facturer les heures, posts the invoice and opens its print.
// Run by oe_mission/tests/test_tours.py (TestTours.test_accountant_invoices_posts_and_prints).

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("oe_mission_invoice_tour", {
    url: "/odoo/action-oe_mission.account_analytic_line_action_to_invoice",
    steps: () => [
        {
            content: "Heures à facturer shows the mission with validated hours",
            trigger: ".o_breadcrumb:contains('Heures à facturer')",
        },
        {
            trigger: ".o_group_header:contains('Mission Rennes')",
        },
        {
            content: "Open the Missions menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='oe_mission.oe_mission_root_menu']",
            run: "click",
        },
        {
            content: "Open Facturer les heures",
            trigger: ".dropdown-item[data-menu-xmlid='oe_mission.oe_mission_invoice_menu']:contains('Facturer les heures')",
            run: "click",
        },
        {
            content: "The assistant proposes last month",
            trigger: ".modal .o_field_widget[name='date_from'] input",
        },
        {
            trigger: ".modal p:contains('Des factures brouillon')",
        },
        {
            content: "Facturer les heures",
            trigger: ".modal button[name='action_invoice']:contains('Facturer les heures')",
            run: "click",
        },
        {
            content: "One draft invoice: 3.5 h at 25 € and 2 h at 22 €, excluding taxes",
            trigger: ".o_data_row:contains('Brouillon'):contains('131,50')",
        },
        {
            content: "Open it",
            trigger: ".o_data_row:contains('131,50') td[name='name']",
            run: "click",
        },
        {
            content: "The invoice bills the mission's hours at the entrepreneurs' rates",
            trigger: ".o_form_view .o_field_widget[name='partner_id'] input:value('Client Rennes')",
        },
        {
            trigger: ".o_field_widget[name='invoice_line_ids'] .o_data_row:contains('3,50'):contains('25,00')",
        },
        {
            trigger: ".o_field_widget[name='invoice_line_ids'] .o_data_row:contains('2,00'):contains('22,00')",
        },
        {
            content: "Confirmer",
            trigger: ".o_form_view button[name='action_post']:contains('Confirmer')",
            run: "click",
        },
        {
            content: "The invoice is posted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Comptabilisé')",
        },
        {
            content: "Open the printed invoice (Aperçu)",
            trigger: ".o_form_view button[name='preview_invoice']:contains('Aperçu')",
            run: "click",
        },
        {
            content: "The document offers its PDF for download",
            trigger: "a.o_download_btn[href*='report_type=pdf']",
        },
        {
            content: "The printed invoice names the mission and details the hours, in French",
            trigger: ":iframe #oe_mission_informations:contains('Mission Rennes')",
        },
        {
            trigger: ":iframe h6:contains('Détail des heures') + .o_oe_hours_table:contains('Lead Tutor')",
        },
        {
            content: "The page has loaded all it loads (its chatter, a bundle loaded on its own)",
            trigger: "#chatterRoot:shadow .o-mail-Chatter",
        },
    ],
});
