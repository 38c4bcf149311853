from odoo.exceptions import AccessError, UserError

from odoo.addons.sale.controllers.portal import CustomerPortal


class OeQuotePortal(CustomerPortal):
    """The client's pages of a quote of a CAE (page, PDF, signature, decline, payment) wait for the CAE's
    validation, even with a link made before (``sale.order._oe_check_portal``; docs/architecture.md, "Quotes")."""

    def _document_check_access(self, model_name, document_id, access_token=None):
        document_sudo = super()._document_check_access(model_name, document_id, access_token=access_token)
        if model_name == "sale.order":
            try:
                document_sudo._oe_check_portal()
            except UserError as error:
                raise AccessError(str(error)) from error
        return document_sudo
