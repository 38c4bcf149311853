from odoo import fields, models

CAE_KINDS = [
    ("samad", "SAMAD"),
    ("msg", "MSG"),
]


class OePole(models.Model):
    """An activity pole (pôle d'activités) of the network.

    Each pole is served, in every ETD, by one CAE of the pole's kind: SAMAD for the
    services that keep people autonomous at home, MSG for the general services.
    """

    _name = "oe.pole"
    _inherit = ["oe.name.mixin"]
    _description = "Activity pole"
    _oe_name_fields = ("name", "code")
    _order = "sequence, code"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short unique code, e.g. SAMAD, DOM, BATI.")
    sequence = fields.Integer(default=10)
    launched = fields.Boolean(
        default=True,
        help="Launched poles are attached to the CAEs of every new ETD.",
    )
    cae_kind = fields.Selection(
        CAE_KINDS,
        string="Kind of CAE",
        required=True,
        help="The kind of CAE that hosts this pole in each ETD.",
    )
    sap_eligible = fields.Boolean(
        string="Services à la personne",
        help="Services of this pole are eligible to the services-à-la-personne regime "
        "(tax credit for private clients) when the CAE holds a SAP declaration.",
    )
    description = fields.Html(translate=True)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_ids = fields.Many2many(
        "res.company",
        "oe_pole_res_company_rel",
        "pole_id",
        "company_id",
        string="CAEs",
        help="The CAE companies that serve this pole, one per ETD at most.",
    )
    company_count = fields.Integer(string="CAE count", compute="_compute_company_count")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of an activity pole must be unique."),
    ]

    def _compute_company_count(self):
        for pole in self:
            pole.company_count = len(pole.company_ids)
