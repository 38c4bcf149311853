/** @odoo-module **/
// An entrepreneur accepts the mission proposed to her, logs her hours on it and reads them on her dashboard.
// Run by oe_mission/tests/test_tours.py (TestTours.test_entrepreneur_accepts_logs_and_reads_dashboard).

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("oe_mission_entrepreneur_tour", {
    url: "/odoo/action-oe_mission.oe_mission_assignment_action_mine",
    steps: () => [
        {
            content: "The proposal waits for her answer in Mes missions",
            trigger: ".o_data_row:contains('Mission Rennes'):contains('Proposée')",
        },
        {
            content: "She accepts it",
            trigger: ".o_data_row:contains('Mission Rennes') button[name='action_accept']",
            run: "click",
        },
        {
            content: "The assignment reads Acceptée",
            trigger: ".o_data_row:contains('Mission Rennes'):contains('Acceptée')",
        },
        {
            content: "Open the Missions menu",
            trigger: ".o_menu_sections button[data-menu-xmlid='oe_mission.oe_mission_root_menu']",
            run: "click",
        },
        {
            content: "Open Heures sur les missions",
            trigger: ".dropdown-item[data-menu-xmlid='oe_mission.oe_mission_hours_menu']:contains('Heures sur les missions')",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains('Heures sur les missions')",
        },
        {
            content: "Log new hours",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name='project_id'] input",
            run: "edit Mission Rennes",
        },
        {
            trigger: ".o-autocomplete--dropdown-item > a:contains('Mission Rennes')",
            run: "click",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name='name'] input",
            run: "edit Atelier mémoire",
        },
        {
            trigger: ".o_selected_row .o_field_widget[name='unit_amount'] input",
            run: "edit 02:30",
        },
        {
            content: "Save the hours",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "The hours are listed, on the mission, not validated yet",
            trigger:
                ".o_data_row:not(.o_selected_row):contains('Atelier mémoire'):contains('Mission Rennes'):contains('02:30')",
        },
        {
            content: "Open Mon tableau de bord",
            trigger: ".o_menu_sections [data-menu-xmlid='oe_entrepreneur.oe_dashboard_menu']:contains('Mon tableau de bord')",
            run: "click",
        },
        {
            content: "Her dashboard, in French, with her name",
            trigger: ".o_oe_dashboard h1:contains('Mon tableau de bord — Unassigned C')",
        },
        {
            content: "The hours of the month include the hours just logged",
            trigger: ".o_oe_dashboard p:contains('Ce mois-ci') .o_oe_month_hours:contains('2,50')",
        },
    ],
});
