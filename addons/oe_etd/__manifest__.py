# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Oui Ensemble — ETD, pôles et CAE",
    "summary": "The network of CAEs: départements (ETD), activity poles, CAE companies",
    "version": "18.0.1.0.0",
    "category": "Oui Ensemble",
    "author": "Oui Ensemble",
    "license": "AGPL-3",
    "website": "https://github.com/oui-ensemble/oui-ensemble-erp",
    "maintainers": ["oui-ensemble"],
    "development_status": "Alpha",
    "depends": [
        "mail",
        "l10n_fr_account",
        "l10n_fr_department",
        "l10n_fr_department_oversea",
    ],
    "data": [
        "security/oe_etd_groups.xml",
        "security/ir.model.access.csv",
        "security/oe_etd_security.xml",
        "data/oe_pole_data.xml",
        "views/oe_pole_views.xml",
        "views/oe_etd_views.xml",
        "views/res_company_views.xml",
        "wizard/oe_etd_setup_views.xml",
        "views/oe_etd_menus.xml",
    ],
    "demo": [
        "demo/oe_etd_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "oe_etd/static/tests/tours/*.js",
        ],
    },
    "application": True,
    "installable": True,
}
