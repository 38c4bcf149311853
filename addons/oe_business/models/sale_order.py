from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.oe_etd.tools.rounding import round_half_up, to_decimal
from odoo.addons.oe_mission.models.integrity import TRUSTED, check_not_typed, fields_of_create, trusted

VALIDATION_STATES = [
    ("draft", "Draft"),
    ("to_validate", "To validate"),
    ("validated", "Validated"),
    ("sent_back", "Sent back"),
]
# Decisions on a quote, written only by their actions (docs/architecture.md, "Integrity").
DECISION_FIELDS = {
    "oe_validation_state",
    "oe_validated_by_id",
    "oe_validated_on",
    "oe_send_back_reason",
    "oe_mission_id",
}
# The portal link's key, made by the quote's sharing once the CAE validated it.
PORTAL_FIELDS = {"access_token"}
# What the CAE validated, what the client signs: a change of one of these sends the quote back to draft.
ORDER_TERMS_FIELDS = {
    "partner_id",
    "partner_invoice_id",
    "partner_shipping_id",
    "user_id",
    "company_id",
    "pricelist_id",
    "currency_id",
    "payment_term_id",
    "validity_date",
    "note",
    "oe_pole_id",
    "oe_function_id",
    "order_line",
}
LINE_TERMS_FIELDS = {"product_id", "name", "product_uom_qty", "product_uom", "price_unit", "discount", "tax_id"}


class SaleOrder(models.Model):
    """A quote of an Entrepreneur Social (the salesperson), for a client of her CAE.

    Before it leaves, the CAE validates it (a Gérant or an accountant of the order's CAE, never its own
    salesperson); sending and confirming are refused before. Confirmation (the client's online signature)
    creates the mission with the entrepreneur's accepted assignment at the quoted rate; the hours are
    invoiced by *Facturer les heures*, never by the order (docs/architecture.md, "Quotes").
    """

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    oe_is_cae_quote = fields.Boolean(
        string="Quote of a CAE",
        compute="_compute_oe_is_cae_quote",
        help="An order of a CAE of the network: validated by the CAE before it leaves, invoiced by the hours.",
    )
    oe_validation_state = fields.Selection(
        VALIDATION_STATES,
        string="CAE validation",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    oe_validated_by_id = fields.Many2one("res.users", string="Validated by", readonly=True, copy=False)
    oe_validated_on = fields.Datetime(string="Validated on", readonly=True, copy=False)
    oe_send_back_reason = fields.Text(string="Reason for sending back", readonly=True, copy=False)
    oe_pole_id = fields.Many2one("oe.pole", string="Pole", tracking=True)
    oe_function_id = fields.Many2one("oe.function", string="Function", tracking=True)
    oe_employee_id = fields.Many2one(
        "hr.employee",
        string="Entrepreneur",
        compute="_compute_oe_employee_id",
        compute_sudo=True,
        help="The salesperson's entrepreneur record: the one of the order's CAE, else her home record.",
    )
    oe_suggested_rate = fields.Monetary(
        string="Suggested minimum hourly rate",
        compute="_compute_oe_suggested_rate",
        compute_sudo=True,
        help="The entrepreneur's break-even monthly turnover (with the contribution and the redevance in force) "
        "divided by her hours per month: below it she works at a loss.",
    )
    oe_below_break_even = fields.Boolean(
        string="Below break-even", compute="_compute_oe_suggested_rate", compute_sudo=True
    )
    oe_break_even_warning = fields.Char(
        string="Break-even warning", compute="_compute_oe_suggested_rate", compute_sudo=True
    )
    oe_mission_id = fields.Many2one("project.project", string="Mission", readonly=True, copy=False, index=True)
    oe_amount_invoiced = fields.Monetary(
        string="Invoiced (excl. VAT)",
        compute="_compute_oe_amounts_invoiced",
        compute_sudo=True,
        help="Untaxed amount of the mission's posted client invoices, net of credit notes.",
    )
    oe_amount_to_invoice = fields.Monetary(
        string="Left to invoice (excl. VAT)",
        compute="_compute_oe_amounts_invoiced",
        compute_sudo=True,
        help="Untaxed amount of the quote minus what has been invoiced, not below zero.",
    )

    # ------------------------------------------------------------------ computes

    def _compute_available_product_document_ids(self):
        # Odoo's PDF quote builder (auto-installed with the quotes) adds generic header and footer pages: a CAE
        # prints its own quote, never those pages, and its entrepreneurs (not Odoo salespeople) cannot read
        # the product documents it lists.
        cae_quotes = self.filtered("oe_is_cae_quote")
        cae_quotes.available_product_document_ids = False
        return super(SaleOrder, self - cae_quotes)._compute_available_product_document_ids()

    @api.depends("company_id.oe_role")
    def _compute_oe_is_cae_quote(self):
        for order in self:
            order.oe_is_cae_quote = order.company_id.sudo().oe_role == "cae"

    @api.depends("partner_id")
    def _compute_user_id(self):
        # An entrepreneur is not a salesperson of Odoo's sales teams: her new quote is hers, whoever the client's
        # usual salesperson is (docs/architecture.md, "Quotes").
        res = super()._compute_user_id()
        if self.env.user.has_group("oe_etd.group_entrepreneur"):  # stored compute: runs under sudo, env.user is real
            for order in self.filtered(lambda o: not o._origin.id):
                order.user_id = self.env.user
        return res

    @api.depends("user_id", "company_id")
    def _compute_oe_employee_id(self):
        employees = self.env["hr.employee"].search(
            [
                ("user_id", "in", self.user_id.ids),
                ("oe_is_entrepreneur", "=", True),
                ("oe_status", "=", "operational"),
            ],
            order="id",
        )
        by_user = employees.grouped("user_id")
        for order in self:
            records = by_user.get(order.user_id, employees.browse())
            here = records.filtered_domain([("company_id", "=", order.company_id.id)])
            order.oe_employee_id = (here or records)[:1]

    @api.depends("oe_employee_id", "date_order", "order_line.price_unit", "order_line.discount")
    def _compute_oe_suggested_rate(self):
        for order in self:
            order.oe_suggested_rate = order._oe_break_even_rate()
            below = order._oe_lines_below_break_even()
            order.oe_below_break_even = bool(below)
            order.oe_break_even_warning = order._oe_break_even_message() if below else False

    @api.depends("oe_mission_id", "amount_untaxed", "currency_id")
    def _compute_oe_amounts_invoiced(self):
        # One grouped read for every order: the mission's posted client documents (inter-CAE documents carry
        # no mission), by currency and type.
        missions = self.sudo().oe_mission_id
        groups = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("oe_mission_id", "in", missions.ids),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                ],
                ["oe_mission_id", "currency_id", "move_type", "company_id"],
                ["amount_untaxed:sum"],
            )
        )
        for order in self:
            invoiced = 0.0
            for mission, currency, move_type, company, amount in groups:
                if mission != order.oe_mission_id:
                    continue
                sign = -1 if move_type == "out_refund" else 1
                if currency != order.currency_id:
                    amount = currency._convert(amount, order.currency_id, company, fields.Date.context_today(self))
                invoiced += sign * amount
            invoiced = order.currency_id.round(invoiced)
            order.oe_amount_invoiced = invoiced
            order.oe_amount_to_invoice = max(order.currency_id.round(order.amount_untaxed - invoiced), 0.0)

    # ------------------------------------------------------------------ break-even

    def _oe_break_even_rate(self):
        """The minimum hourly rate that covers the entrepreneur's break-even: her break-even monthly turnover
        (contribution and redevance in force on the quote's date, ``hr.employee._oe_levy_rates``) divided by
        her hours per month, rounded to the cent (0 when she has no hours)."""
        self.ensure_one()
        employee_sudo = self.oe_employee_id.sudo()
        if not employee_sudo:
            return 0.0
        day = fields.Date.to_date(self.date_order) or fields.Date.context_today(self)
        employee_sudo = employee_sudo.with_context(date=day)
        if not employee_sudo.oe_hours_per_month or employee_sudo.oe_economics_warning:
            return 0.0
        rate = to_decimal(employee_sudo.oe_break_even_turnover) / to_decimal(employee_sudo.oe_hours_per_month)
        return float(round_half_up(rate))

    def _oe_service_lines(self):
        return self.order_line.filtered(lambda line: not line.display_type and line.product_id)

    def _oe_lines_below_break_even(self):
        self.ensure_one()
        minimum = self.oe_suggested_rate
        if not minimum:
            return self.order_line.browse()
        return self._oe_service_lines().filtered(
            lambda line: self.currency_id.compare_amounts(line._oe_hourly_price(), minimum) < 0
        )

    def _oe_break_even_message(self):
        self.ensure_one()
        return _(
            "This quote is below the break-even of %(name)s: at least %(rate)s per hour (excl. VAT) covers her "
            "costs, the contribution and the redevance. The quote may still be sent, at a loss.",
            name=self.sudo().oe_employee_id.name,
            rate=self.currency_id.format(self.oe_suggested_rate),
        )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            typed = fields_of_create(self.env, vals)
            check_not_typed(self.env, typed, DECISION_FIELDS, self._oe_decision_message())
            check_not_typed(self.env, typed, PORTAL_FIELDS, self._oe_portal_token_message())
        return super().create(vals_list)

    def write(self, vals):
        check_not_typed(self.env, vals, DECISION_FIELDS, self._oe_decision_message())
        check_not_typed(self.env, vals, PORTAL_FIELDS, self._oe_portal_token_message())
        if "user_id" in vals:
            self._oe_check_salesperson_change(vals["user_id"])
        if vals.get("state") in ("sent", "sale"):
            self._oe_check_validated(sending=vals["state"] == "sent")
        res = super().write(vals)
        if vals.get("state") == "cancel":
            self._oe_terms_changed(
                body=_("The quote is cancelled: it needs a new validation by its CAE before it is sent again.")
            )
        if ORDER_TERMS_FIELDS.intersection(vals):
            self._oe_terms_changed()
        return res

    @api.model
    def _oe_decision_message(self):
        return _("A quote is submitted, validated, sent back and linked to its mission by its own actions only.")

    @api.model
    def _oe_portal_token_message(self):
        return _("The portal link of a quote is made by sharing it once its CAE validated it, never typed.")

    def _oe_check_salesperson_change(self, user_id):
        """A quote of a CAE changes hands (salesperson) by a manager or an accountant of its CAE only, never by
        its entrepreneur; the change then needs a new validation (``ORDER_TERMS_FIELDS``)."""
        if self.env.su:
            return
        user = self.env.user
        is_staff = user.has_group("oe_etd.group_cae_manager") or user.has_group("oe_etd.group_cae_accountant")
        staff_companies = user._oe_staff_companies() if is_staff else self.env["res.company"]
        for order_sudo in self.sudo():
            if (
                order_sudo.oe_is_cae_quote
                and order_sudo.user_id.id != (user_id or False)
                and order_sudo.company_id not in staff_companies
            ):
                raise AccessError(
                    _(
                        "Only a manager or an accountant of %(company)s gives the quote %(name)s to another "
                        "salesperson.",
                        company=order_sudo.company_id.name,
                        name=order_sudo.name,
                    )
                )

    def _oe_terms_changed(self, body=None):
        """What the CAE validated changed (its terms, in any state, or the quote was cancelled): the quote goes
        back to draft and needs a validation again."""
        changed = self.filtered(lambda o: o.oe_is_cae_quote and (o.oe_validation_state != "draft" or o.state == "sent"))
        if not changed:
            return
        changed_sudo = changed.sudo()
        changed_sudo.filtered(lambda o: o.state == "sent").write({"state": "draft"})
        changed_sudo.write({"oe_validation_state": "draft", "oe_validated_by_id": False, "oe_validated_on": False})
        for order_sudo in changed_sudo:
            order_sudo.message_post(
                body=body
                or _("The quote changed after its submission: it goes back to draft and needs a new validation.")
            )

    # ------------------------------------------------------------------ the CAE's validation

    def _oe_validation_error(self, sending=False):
        """Why this quote may not be sent (``sending``) or confirmed yet: a quote of a CAE waits for the CAE's
        validation, whoever asks. False when it may."""
        self.ensure_one()
        if not self.oe_is_cae_quote or self.oe_validation_state == "validated":
            return False
        if sending:
            return _("The quote %(name)s must be validated by its CAE before it is sent.", name=self.name)
        return _("The quote %(name)s must be validated by its CAE before it is confirmed.", name=self.name)

    def _oe_check_validated(self, sending=False):
        for order in self:
            error = order._oe_validation_error(sending=sending)
            if error:
                raise UserError(error)

    def _oe_check_validator(self):
        """A Gérant or an accountant of the order's CAE validates or sends back, never on their own quote."""
        user = self.env.user
        staff_companies = user._oe_staff_companies()
        is_staff = user.has_group("oe_etd.group_cae_manager") or user.has_group("oe_etd.group_cae_accountant")
        for order_sudo in self.sudo():
            if order_sudo.user_id == user:
                raise AccessError(_("A quote is validated by its CAE, never by its own salesperson."))
            if not is_staff or order_sudo.company_id not in staff_companies:
                raise AccessError(
                    _(
                        "Only a manager or an accountant of %(company)s validates its quote %(name)s.",
                        company=order_sudo.company_id.name,
                        name=order_sudo.name,
                    )
                )

    def _oe_check_quote(self):
        """What a quote needs before the CAE looks at it: a pole served by the order's CAE for this client, a
        function of the entrepreneur, service lines of the pole's product at one hourly rate."""
        for order in self:
            if not order.oe_is_cae_quote:
                raise UserError(_("Only the quotes of a CAE go through the CAE's validation."))
            employee = order.sudo().oe_employee_id  # the economics and functions are HR data
            if not employee:
                raise UserError(_("The salesperson of %(name)s is not an operational entrepreneur.", name=order.name))
            if not order.oe_pole_id or not order.oe_function_id:
                raise UserError(_("Give the quote %(name)s a pole and a function.", name=order.name))
            if order.oe_function_id not in employee.oe_function_ids:
                raise UserError(
                    _(
                        "%(function)s is not a function of %(employee)s.",
                        function=order.oe_function_id.name,
                        employee=employee.name,
                    )
                )
            company = self.env["project.project"]._oe_mission_company(order.partner_id, order.oe_pole_id)
            if company != order.company_id:
                raise UserError(
                    _(
                        "The mission for %(client)s in the pole %(pole)s belongs to %(company)s: make the quote "
                        "in that CAE.",
                        client=order.partner_id.display_name,
                        pole=order.oe_pole_id.name,
                        company=company.name or _("no CAE (check the client's address)"),
                    )
                )
            lines = order._oe_service_lines()
            if not lines:
                raise UserError(_("The quote %(name)s has no line.", name=order.name))
            product = order.oe_pole_id.sudo().product_id
            if lines.product_id != product:
                raise UserError(
                    _(
                        "The lines of %(name)s are hours of the pole's service %(product)s.",
                        name=order.name,
                        product=product.display_name,
                    )
                )
            if lines.product_uom != product.uom_id:
                raise UserError(
                    _(
                        "The lines of %(name)s are counted in %(unit)s, the unit of the pole's service %(product)s.",
                        name=order.name,
                        unit=product.uom_id.name,
                        product=product.display_name,
                    )
                )
            if order.currency_id != order.company_id.currency_id:
                raise UserError(
                    _(
                        "The quote %(name)s is in %(currency)s: a quote of %(company)s is in %(company_currency)s, "
                        "the currency of the entrepreneur's rate.",
                        name=order.name,
                        currency=order.currency_id.name,
                        company=order.company_id.name,
                        company_currency=order.company_id.currency_id.name,
                    )
                )
            order._oe_quoted_rate()

    def _oe_quoted_rate(self):
        """The hourly rate of the quote (net of discount): one per quote, the rate of the assignment."""
        self.ensure_one()
        prices = {self.currency_id.round(line._oe_hourly_price()) for line in self._oe_service_lines()}
        if len(prices) != 1 or min(prices) <= 0:
            raise UserError(_("The quote %(name)s has one hourly rate, above zero, on all its lines.", name=self.name))
        return prices.pop()

    def action_oe_submit(self):
        """The entrepreneur asks her CAE to validate the quote (a note when it is below her break-even)."""
        for order in self:
            if order.user_id != self.env.user and order.company_id not in self.env.user._oe_staff_companies():
                raise AccessError(_("Only the salesperson of %(name)s submits it.", name=order.name))
            if order.state not in ("draft", "sent") or order.oe_validation_state not in ("draft", "sent_back"):
                raise UserError(_("The quote %(name)s is not a draft waiting to be submitted.", name=order.name))
        self._oe_check_quote()
        for order_sudo in self.sudo():
            order_sudo.write({"oe_validation_state": "to_validate", "oe_send_back_reason": False})
            order_sudo.message_post(body=_("Quote submitted to the CAE for validation."))
            if order_sudo._oe_lines_below_break_even():
                order_sudo.message_post(body=order_sudo._oe_break_even_message())
        return True

    def action_oe_validate(self):
        """The CAE validates the quote: it may now be sent and signed."""
        self._oe_check_validator()
        if self.filtered(lambda o: o.oe_validation_state != "to_validate"):
            raise UserError(_("Only a quote submitted for validation can be validated."))
        self._oe_check_quote()
        for order_sudo in self.sudo():
            order_sudo.write(
                {
                    "oe_validation_state": "validated",
                    "oe_validated_by_id": self.env.user.id,
                    "oe_validated_on": fields.Datetime.now(),
                }
            )
            order_sudo.message_post(body=_("Quote validated by %(user)s.", user=self.env.user.name))
        return True

    def action_oe_send_back(self, reason):
        """The CAE sends the quote back to its entrepreneur, with the reason (a text)."""
        self._oe_check_validator()
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(_("Say why the quote is sent back."))
        if self.filtered(lambda o: o.state not in ("draft", "sent") or o.oe_validation_state == "draft"):
            raise UserError(_("Only a submitted or validated quote that is not confirmed can be sent back."))
        for order_sudo in self.sudo():
            if order_sudo.state == "sent":
                order_sudo.state = "draft"
            order_sudo.write(
                {
                    "oe_validation_state": "sent_back",
                    "oe_validated_by_id": False,
                    "oe_validated_on": False,
                    "oe_send_back_reason": reason,
                }
            )
            order_sudo.message_post(
                body=_("Quote sent back by %(user)s: %(reason)s", user=self.env.user.name, reason=reason)
            )
        return True

    def action_oe_open_send_back(self):
        self.ensure_one()
        self._oe_check_validator()
        return {
            "type": "ir.actions.act_window",
            "name": _("Send back the quote"),
            "res_model": "oe.sale.send.back",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    # ------------------------------------------------------------------ sending, signing, confirming

    def action_quotation_send(self):
        self._oe_check_portal()
        return super().action_quotation_send()

    def action_quotation_sent(self):
        self._oe_check_validated(sending=True)
        return super().action_quotation_sent()

    def action_preview_sale_order(self):
        self._oe_check_portal()
        return super().action_preview_sale_order()

    def _oe_check_portal(self):
        """The portal (the link and its token, the quote's page and PDF, its signature) waits for the CAE's
        validation of a quote that is not confirmed: refused (UserError), whoever asks."""
        self.filtered(lambda o: o.state in ("draft", "sent"))._oe_check_validated(sending=True)

    def _get_share_url(self, redirect=False, signup_partner=False, pid=None, share_token=True):
        # The portal link ("Share", access from a notification) waits for the validation too.
        self._oe_check_portal()
        return super()._get_share_url(
            redirect=redirect, signup_partner=signup_partner, pid=pid, share_token=share_token
        )

    def get_portal_url(self, suffix=None, report_type=None, download=None, query_string=None, anchor=None):
        self._oe_check_portal()
        return super().get_portal_url(
            suffix=suffix, report_type=report_type, download=download, query_string=query_string, anchor=anchor
        )

    def _portal_ensure_token(self):
        # The notifications of a quote not validated are sent without the client's portal button (below).
        if not trusted(self.env):
            self._oe_check_portal()
        return super()._portal_ensure_token()

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        # A message on a quote not validated yet still notifies its followers, but gives the client no link.
        if len(self) != 1 or self.state not in ("draft", "sent") or not self._oe_validation_error():
            return super()._notify_get_recipients_groups(message, model_description, msg_vals=msg_vals)
        groups = super(SaleOrder, self.with_context(oe_trusted=TRUSTED))._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        for group_name, _check, options in groups:
            if group_name in ("portal_customer", "portal", "customer"):
                options["has_button_access"] = False
        return groups

    def message_post(self, **kwargs):
        if self.env.context.get("mark_so_as_sent"):
            self.filtered(lambda o: o.state == "draft")._oe_check_validated(sending=True)
        return super().message_post(**kwargs)

    def _confirmation_error_message(self):
        return super()._confirmation_error_message() or self._oe_validation_error()

    def _has_to_be_signed(self):
        # A quote not validated is not offered to the client's signature (nor payment) in the portal.
        return super()._has_to_be_signed() and not self._oe_validation_error()

    def _has_to_be_paid(self):
        return super()._has_to_be_paid() and not self._oe_validation_error()

    def _action_confirm(self):
        res = super()._action_confirm()
        self.filtered("oe_is_cae_quote")._oe_create_missions()
        return res

    def _oe_create_missions(self):
        """The mission of each confirmed quote, in the CAE that the rules pick, led by the entrepreneur, with
        her accepted assignment at the quoted rate in the quote's function.

        The mission and the assignment are created under sudo after the quote's checks; the assignment is then
        accepted through its own action, as the entrepreneur (she made the quote), so that its checks run
        (docs/architecture.md, "Integrity")."""
        Project_sudo = self.env["project.project"].sudo()
        for order in self.filtered(lambda o: not o.oe_mission_id):
            order._oe_check_quote()
            order_sudo = order.sudo()
            rate = order._oe_quoted_rate()
            employee_sudo = order_sudo.oe_employee_id
            company = Project_sudo._oe_mission_company(order_sudo.partner_id, order_sudo.oe_pole_id)
            mission_sudo = Project_sudo.with_company(company).create(
                {
                    "name": f"{order_sudo.name} — {order_sudo.partner_id.commercial_partner_id.name}",
                    "oe_is_mission": True,
                    "partner_id": order_sudo.partner_id.id,
                    "oe_pole_id": order_sudo.oe_pole_id.id,
                    "oe_lead_employee_id": employee_sudo.id,
                    "company_id": company.id,
                    "oe_state": "in_progress",
                    "oe_sale_order_id": order.id,
                }
            )
            assignment_sudo = (
                self.env["oe.mission.assignment"]
                .sudo()
                .create(
                    {
                        "project_id": mission_sudo.id,
                        "employee_id": employee_sudo.id,
                        "function_id": order_sudo.oe_function_id.id,
                        "hourly_rate": rate,
                    }
                )
            )
            es_user = employee_sudo.user_id
            assignment_sudo.with_user(es_user).with_context(allowed_company_ids=es_user.company_ids.ids).action_accept()
            order_sudo.oe_mission_id = mission_sudo
            order_sudo.message_post(
                body=_(
                    "Mission %(mission)s created, led by %(name)s.", mission=mission_sudo.name, name=employee_sudo.name
                )
            )

    def action_oe_open_mission(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "project.project",
            "res_id": self.oe_mission_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ invoicing

    def _oe_check_no_order_invoice(self):
        """One invoicing path: the hours of the mission, by *Facturer les heures*. A quote of a CAE never makes
        an invoice itself (no invoice of its lines, no down payment invoice)."""
        if self.filtered("oe_is_cae_quote"):
            raise UserError(
                _(
                    "A quote of a CAE is invoiced by the hours of its mission (Invoice the hours), never from the "
                    "order itself."
                )
            )

    def _create_invoices(self, grouped=False, final=False, date=None):
        self._oe_check_no_order_invoice()
        return super()._create_invoices(grouped=grouped, final=final, date=date)


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    oe_suggested_rate = fields.Monetary(related="order_id.oe_suggested_rate", string="Suggested minimum hourly rate")

    def _compute_available_product_document_ids(self):
        # No quote builder on a CAE quote (SaleOrder._compute_available_product_document_ids).
        cae_lines = self.filtered(lambda line: line.order_id.oe_is_cae_quote)
        cae_lines.available_product_document_ids = False
        return super(SaleOrderLine, self - cae_lines)._compute_available_product_document_ids()

    def _oe_hourly_price(self):
        self.ensure_one()
        return self.price_unit * (1 - (self.discount or 0.0) / 100.0)

    def _get_display_price(self):
        # Hours of a pole's service are quoted at the entrepreneur's hourly rate (hours x her rate), a rate per
        # hour in her CAE's currency: converted to the line's unit and the order's currency.
        self.ensure_one()
        order = self.order_id
        employee_sudo = order.oe_employee_id.sudo()
        if order.oe_is_cae_quote and employee_sudo.oe_hourly_rate and self._oe_is_pole_service():
            rate = employee_sudo.oe_hourly_rate
            if self.product_uom and self.product_uom != self.product_id.uom_id:
                rate = self.product_id.uom_id._compute_price(rate, self.product_uom)
            company = order.company_id
            day = fields.Date.to_date(order.date_order) or fields.Date.context_today(self)
            return company.currency_id._convert(rate, order.currency_id or company.currency_id, company, day)
        return super()._get_display_price()

    def _oe_is_pole_service(self):
        return bool(
            self.product_id
            and self.env["oe.pole"].sudo().search_count([("product_id", "=", self.product_id.id)], limit=1)
        )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered("is_downpayment").order_id._oe_check_no_order_invoice()
        lines.order_id._oe_terms_changed()
        return lines

    def write(self, vals):
        if "order_id" in vals:
            self._oe_check_same_order(vals["order_id"])
        res = super().write(vals)
        if LINE_TERMS_FIELDS.intersection(vals):
            self.order_id._oe_terms_changed()
        return res

    def _oe_check_same_order(self, order_id):
        """A line stays on its order: moving it would change the terms of two quotes at once."""
        target = self.env["sale.order"].browse(order_id)
        moved = self.filtered(lambda line: line.order_id != target)
        if moved and (moved.order_id | target).filtered("oe_is_cae_quote"):
            raise UserError(_("A line of a quote stays on its quote: delete it and add a line to the other one."))

    def unlink(self):
        orders = self.order_id
        res = super().unlink()
        orders.exists()._oe_terms_changed()
        return res
