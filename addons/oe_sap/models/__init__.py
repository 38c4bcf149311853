from . import (
    account_move,
    account_payment,
    hr_employee,
    oe_sap_activity,
    oe_sap_attestation,
    oe_sap_nova,
    product_template,
    res_company,
)
