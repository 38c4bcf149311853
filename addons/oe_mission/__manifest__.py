# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Oui Ensemble — Missions",
    "summary": "Shared missions across poles and CAEs, timesheets and their validation, client invoicing",
    "version": "18.0.1.0.0",
    "category": "Oui Ensemble",
    "author": "Oui Ensemble",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": [
        "oe_entrepreneur",
        "project",
        "hr_timesheet",
        "account",
        "portal",
    ],
    "data": [
        "security/oe_mission_groups.xml",
        "security/ir.model.access.csv",
        "security/oe_mission_security.xml",
        "data/oe_mission_data.xml",
        "views/res_partner_views.xml",
        "views/oe_pole_views.xml",
        "views/oe_mission_assignment_views.xml",
        "views/project_project_views.xml",
        "views/account_analytic_line_views.xml",
        "wizard/oe_mission_invoice_views.xml",
        "views/oe_mission_menus.xml",
    ],
    "demo": [
        "demo/oe_mission_demo.xml",
    ],
    "installable": True,
}
