/** @odoo-module **/
// A Gérant validates the hours of a mission of his CAE in Heures à valider.
// Run by oe_mission/tests/test_tours.py (TestTours.test_manager_validates_hours).

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("oe_mission_validate_tour", {
    url: "/odoo/action-oe_mission.account_analytic_line_action_to_validate",
    steps: () => [
        {
            content: "Heures à valider, filtered on the hours to validate, grouped by mission",
            trigger: ".o_breadcrumb:contains('Heures à valider')",
        },
        {
            trigger: ".o_searchview_facet:contains('À valider')",
        },
        {
            content: "Open the mission's group",
            trigger: ".o_group_header:not(.o_group_open):contains('Mission Rennes')",
            run: "click",
        },
        {
            content: "Select the hours of the lead",
            trigger: ".o_data_row:contains('Visite à domicile') .o_list_record_selector input",
            run: "check",
        },
        {
            content: "Select the hours of the team member",
            trigger: ".o_data_row:contains('Préparation des repas') .o_list_record_selector input",
            run: "check",
        },
        {
            content: "Valider",
            trigger: "button[name='action_oe_validate']:contains('Valider')",
            run: "click",
        },
        {
            content: "Validated, the hours leave the list of hours to validate",
            trigger: ".o_list_renderer:not(:has(.o_data_row:contains('Préparation des repas')))",
        },
        {
            content: "Remove the filter À valider",
            trigger: ".o_searchview_facet:contains('À valider') .o_facet_remove",
            run: "click",
        },
        {
            trigger: ".o_group_header.o_group_open:contains('Mission Rennes')",
        },
        {
            content: "The hours read as validated",
            trigger: ".o_data_row:contains('Préparation des repas') td[name='oe_validated'] input:checked",
        },
        {
            trigger: ".o_data_row:contains('Visite à domicile') td[name='oe_validated'] input:checked",
        },
    ],
});
