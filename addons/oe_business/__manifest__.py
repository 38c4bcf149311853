# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Oui Ensemble — Activité de l'entrepreneur",
    "summary": "The entrepreneur's own business: quotes validated by the CAE and signed online, expenses with the "
    "barème kilométrique, Mon activité",
    "version": "18.0.1.0.0",
    "category": "Oui Ensemble",
    "author": "Oui Ensemble",
    "license": "AGPL-3",
    "website": "https://github.com/oui-ensemble/oui-ensemble-erp",
    "maintainers": ["oui-ensemble"],
    "development_status": "Alpha",
    "depends": [
        "oe_redevance",
        "sale_management",
        "sale_pdf_quote_builder",
        "hr_expense",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/oe_business_sale_security.xml",
        "security/oe_business_expense_security.xml",
        "data/oe_mileage_scale_data.xml",
        "data/oe_business_expense_data.xml",
        "views/sale_order_views.xml",
        "wizard/oe_sale_send_back_views.xml",
        "views/oe_mileage_scale_views.xml",
        "views/hr_employee_views.xml",
        "views/hr_expense_views.xml",
        "views/oe_activity_views.xml",
        "views/oe_activity_templates.xml",
        "views/oe_business_menus.xml",
    ],
    "demo": [
        "demo/oe_business_demo.xml",
    ],
    "installable": True,
}
