from . import (
    test_attestation,
    test_attestation_edges,
    test_attestation_flows,
    test_nova,
    test_sap_core,
    test_sap_integrity,
)
