"""Economics of an Entrepreneur Social, in plain Python (no Odoo API: only the project's pure rounding module).

The formulas of the network's reference table (docs/domain.md, "Reference economics of an ES"):

- hours per month = hours per week x 4.5
- monthly turnover (CA HT) = hours per month x hourly rate billed to the client
- monthly net income over 11 months = hours per month x net hourly pay (paid leave included)
- monthly net income over 12 months = net income over 11 months x 11 / 12
- break-even monthly turnover = (monthly running costs + net income over 11 months x employer-cost factor)
  / (1 - levies on turnover), the levies being the CAE contribution rate plus the redevance rate.

Amounts are ``Decimal``; rounding to the cent (or to the euro, for display as in the seed) is the project's one
rule, in ``oe_etd/tools/rounding.py`` (half away from zero, as accountants round).
"""

from dataclasses import dataclass
from decimal import Decimal

from odoo.addons.oe_etd.tools.rounding import round_half_up, to_decimal

WEEKS_PER_MONTH = Decimal("4.5")
DEFAULT_EMPLOYER_COST_FACTOR = Decimal("1.75")


class LevyRateError(ValueError):
    """The levies on turnover are not a share of it (below 0, or 100 % or more): no break-even exists."""


_d = to_decimal


def hours_per_month(hours_per_week):
    return _d(hours_per_week) * WEEKS_PER_MONTH


def monthly_turnover(monthly_hours, hourly_rate):
    return _d(monthly_hours) * _d(hourly_rate)


def net_income_11_months(monthly_hours, net_hourly_pay):
    return _d(monthly_hours) * _d(net_hourly_pay)


def net_income_12_months(income_11_months):
    return _d(income_11_months) * 11 / 12


def break_even_turnover(
    running_costs, income_11_months, employer_cost_factor=DEFAULT_EMPLOYER_COST_FACTOR, levy_rate=0
):
    """Monthly turnover (excl. VAT) at which the ES does not work at a loss.

    :param levy_rate: share of the turnover levied (contribution + redevance), 0 <= rate < 1.
    :raise LevyRateError: when the levy rate is outside [0, 1).
    """
    levy_rate = _d(levy_rate)
    if not 0 <= levy_rate < 1:
        raise LevyRateError("the levies on turnover must be at least 0 and less than 100 %")
    return (_d(running_costs) + _d(income_11_months) * _d(employer_cost_factor)) / (1 - levy_rate)


@dataclass(frozen=True)
class Economics:
    """What an ES chose (hours, rates, costs) and what follows from it."""

    hours_per_week: Decimal
    hourly_rate: Decimal
    net_hourly_pay: Decimal
    running_costs: Decimal
    employer_cost_factor: Decimal = DEFAULT_EMPLOYER_COST_FACTOR
    levy_rate: Decimal = Decimal(0)

    @property
    def hours_per_month(self):
        return hours_per_month(self.hours_per_week)

    @property
    def target_turnover(self):
        return round_half_up(monthly_turnover(self.hours_per_month, self.hourly_rate))

    @property
    def net_income_11_months(self):
        return round_half_up(net_income_11_months(self.hours_per_month, self.net_hourly_pay))

    @property
    def net_income_12_months(self):
        return round_half_up(net_income_12_months(net_income_11_months(self.hours_per_month, self.net_hourly_pay)))

    @property
    def break_even_turnover(self):
        income = net_income_11_months(self.hours_per_month, self.net_hourly_pay)
        return round_half_up(break_even_turnover(self.running_costs, income, self.employer_cost_factor, self.levy_rate))
