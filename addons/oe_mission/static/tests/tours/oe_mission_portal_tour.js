/** @odoo-module **/
// A client follows her missions in the portal and opens their invoice.
// Run by oe_mission/tests/test_tours.py (TestTours.test_client_reads_missions_and_invoice).

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("oe_mission_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home offers Vos missions",
            trigger: "a[href='/my/missions']:contains('Vos missions')",
            run: "click",
        },
        {
            content: "Mes missions: the mission under way",
            trigger: "tr:contains('Mission Rennes'):contains('En cours')",
        },
        {
            trigger: "a[href^='/my/missions/']:contains('Mission Rennes')",
            run: "click",
        },
        {
            content: "The mission: its entrepreneurs and the hours of each month",
            trigger: ".o_portal_oe_mission h3:contains('Mission Rennes')",
        },
        {
            trigger: ".o_portal_oe_mission p:contains('Lead Tutor')",
        },
        {
            trigger: ".o_portal_oe_mission h5:contains('Heures par mois') + table tfoot:contains('5,50')",
        },
        {
            content: "Vos factures",
            trigger: ".o_portal_oe_mission a[href='/my/invoices']:contains('Vos factures')",
            run: "click",
        },
        {
            content: "Open the invoice",
            trigger: "tbody a[href^='/my/invoices/']",
            run: "click",
        },
        {
            content: "The invoice offers its PDF",
            trigger: "a.o_download_btn[href*='report_type=pdf']",
        },
        {
            content: "The invoice names the mission and details the hours, in French",
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
