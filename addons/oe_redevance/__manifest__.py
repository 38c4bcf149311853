# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Oui Ensemble — Redevance",
    "summary": "The network redevance and the CAE contribution: dated rates (statements to come)",
    "version": "18.0.1.0.0",
    "category": "Oui Ensemble",
    "author": "Oui Ensemble",
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": [
        "oe_mission",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/oe_redevance_security.xml",
        "views/oe_redevance_rate_views.xml",
        "views/oe_contribution_rate_views.xml",
        "views/oe_redevance_menus.xml",
    ],
    "demo": [
        "demo/oe_redevance_demo.xml",
    ],
    "installable": True,
}
