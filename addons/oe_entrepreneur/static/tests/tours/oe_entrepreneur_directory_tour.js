/** @odoo-module **/
// A visitor filters the public directory of the entrepreneurs and opens a profile.
// Run by oe_entrepreneur/tests/test_tours.py (TestTours.test_visitor_filters_directory).

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("oe_entrepreneur_directory_tour", {
    url: "/entrepreneurs",
    steps: () => [
        {
            content: "The directory, in French",
            trigger: "h1:contains('Nos Entrepreneurs Sociaux')",
        },
        {
            content: "Both listed entrepreneurs, with what they chose to publish",
            trigger: ".o_oe_directory_card:contains('Amélie Rousseau'):contains('Tuteur')",
        },
        {
            trigger: ".o_oe_directory_card:contains('Bruno Lefèvre'):contains('Développeur')",
        },
        {
            content: "Nobody who did not opt in",
            trigger: "#wrap:not(:has(.o_oe_directory_card:contains('Camille Discrète')))",
        },
        {
            content: "Choose the function Développeur",
            trigger: ".o_oe_directory_filters select[name='function']",
            run: "selectByLabel Développeur",
        },
        {
            content: "Filtrer",
            trigger: ".o_oe_directory_filters button[type='submit']:contains('Filtrer')",
            run: "click",
        },
        {
            content: "Only the developer is left",
            trigger: "#wrap:not(:has(.o_oe_directory_card:contains('Amélie Rousseau')))",
        },
        {
            trigger: ".o_oe_directory_filters select[name='function']:has(option:selected:contains('Développeur'))",
        },
        {
            trigger: ".o_oe_directory_card:contains('Bruno Lefèvre')",
        },
        {
            content: "Choose a pole the developer does not serve",
            trigger: ".o_oe_directory_filters select[name='pole']",
            run: "selectByLabel Maintien",
        },
        {
            trigger: ".o_oe_directory_filters button[type='submit']",
            run: "click",
        },
        {
            content: "Nobody matches: the page says so in French",
            trigger: "p.alert:contains('Aucun entrepreneur ne correspond encore à ces filtres.')",
        },
        {
            trigger: "#wrap:not(:has(.o_oe_directory_card))",
        },
        {
            content: "Back to the whole directory through the menu",
            trigger: "header a[href='/entrepreneurs']",
            run: "click",
        },
        {
            content: "Open the profile of the tutor",
            trigger: ".o_oe_directory_card a:contains('Amélie Rousseau')",
            run: "click",
        },
        {
            content: "Her profile: her presentation, her functions and poles",
            trigger: `.o_oe_directory_profile:contains("J'aide les personnes à rester chez elles.")`,
        },
        {
            trigger: `.o_oe_directory_profile .o_oe_directory_card:contains("Tuteur"):contains("Maintien de l'Autonomie")`,
        },
        {
            trigger: ".o_oe_directory_profile a[href='/entrepreneurs']:contains('Tous les entrepreneurs')",
        },
    ],
});
