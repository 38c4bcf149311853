# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Oui Ensemble — Redevance",
    "summary": "The network redevance (statements booked in the SAS and the CAE) and the CAE contribution",
    "version": "18.0.1.0.0",
    "category": "Oui Ensemble",
    "author": "Oui Ensemble",
    "license": "AGPL-3",
    "website": "https://github.com/oui-ensemble/oui-ensemble-erp",
    "maintainers": ["oui-ensemble"],
    "development_status": "Beta",
    "depends": [
        "oe_mission",
        "account_invoice_inter_company",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/oe_redevance_security.xml",
        "data/oe_redevance_data.xml",
        "views/oe_redevance_rate_views.xml",
        "views/oe_contribution_rate_views.xml",
        "views/oe_redevance_statement_views.xml",
        "views/oe_contribution_line_views.xml",
        "views/res_company_views.xml",
        "views/oe_redevance_menus.xml",
        "report/oe_redevance_statement_report.xml",
    ],
    "demo": [
        "demo/oe_redevance_demo.xml",
    ],
    "installable": True,
    "post_init_hook": "post_init_hook",
}
