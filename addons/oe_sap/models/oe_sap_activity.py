from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

REGIMES = [("declaration", "Declaration"), ("agrement", "Agrément"), ("autorisation", "Autorisation")]
VAT_FAMILIES = [("reduced", "5.5 %"), ("intermediate", "10 %"), ("normal", "20 %")]
UNITS = [("hour", "Hours"), ("amount", "Amount")]


class OeSapActivity(models.Model):
    """One of the 26 activities of services à la personne (art. D7231-1 Code du travail), as data."""

    _name = "oe.sap.activity"
    _description = "Services à la personne activity"
    _order = "sequence, code"

    code = fields.Char(required=True, help="Short code of the activity, e.g. menage.")
    name = fields.Char(required=True, translate=True, help="The wording of art. D7231-1 Code du travail.")
    sequence = fields.Integer(default=10)
    regime = fields.Selection(
        REGIMES,
        required=True,
        default="declaration",
        help="Declaration: a simple declaration suffices. Agrément: the State's approval is needed "
        "(vulnerable people). Autorisation: the département's authorisation is needed.",
    )
    nature_code = fields.Char(
        string="Urssaf nature code",
        help="The codeNature of the activity in the Urssaf API Tiers de prestation (avance immédiate).",
    )
    vat_family = fields.Selection(
        VAT_FAMILIES,
        string="VAT rate",
        required=True,
        default="normal",
        help="5.5 %: essential acts of daily life of elderly, disabled or dependent people (art. 278-0 bis D CGI). "
        "10 %: the activities of art. 279 i CGI. 20 %: the others (BOFiP BOI-TVA-LIQ-30-20-80).",
    )
    unit = fields.Selection(
        UNITS,
        required=True,
        default="hour",
        help="What the NOVA statistics count for this activity: hours, or euros for activities declared in euros.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a SAP activity is already used: codes are unique."),
    ]

    @api.constrains("code")
    def _check_code(self):
        for activity in self:
            if not (activity.code or "").strip():
                raise ValidationError(_("A SAP activity needs a code."))
