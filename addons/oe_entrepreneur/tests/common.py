from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.oe_etd.tests.common import OeEtdCommon


class OeEntrepreneurCommon(OeEtdCommon):
    """An ETD (29) with its two CAEs, a manager, and helpers to register entrepreneurs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.etd, companies = cls._create_etd_without_chart("29", "Finistère")
        cls.samad, cls.msg = companies
        cls.etd.manager_user_id = cls.network_admin
        cls.manager = cls._new_manager("oe_manager_29", companies)
        cls.key_type = cls.env.ref("oe_entrepreneur.skill_type_key_competence")
        cls.f_tutor = cls.env.ref("oe_entrepreneur.function_tutor")
        cls.f_coordinator = cls.env.ref("oe_entrepreneur.function_coordinator")
        cls.f_trainer = cls.env.ref("oe_entrepreneur.function_trainer")
        cls.key_skills = cls.env["hr.skill"].search([("skill_type_id", "=", cls.key_type.id)])

    @classmethod
    def _new_es(cls, name, company=None, status="operational", functions=None, skills=None, user=None, **vals):
        company = company or cls.samad
        employee = cls.env["hr.employee"].create(
            {
                "name": name,
                "company_id": company.id,
                "user_id": user.id if user else False,
                "oe_is_entrepreneur": True,
                "oe_status": status,
                "oe_function_ids": [Command.set((functions or cls.f_tutor | cls.f_coordinator).ids)],
                **vals,
            }
        )
        for skill in skills if skills is not None else cls.env.ref("oe_entrepreneur.skill_home_support"):
            cls._add_key_skill(employee, skill)
        return employee

    @classmethod
    def _add_key_skill(cls, employee, skill):
        return cls.env["hr.employee.skill"].create(cls._skill_vals(skill, employee))

    @staticmethod
    def _skill_vals(skill, employee=None):
        # hr_skills' level is a required stored compute without precompute: give it at creation.
        levels = skill.skill_type_id.skill_level_ids
        vals = {
            "skill_id": skill.id,
            "skill_type_id": skill.skill_type_id.id,
            "skill_level_id": (levels.filtered("default_level") or levels)[:1].id,
        }
        if employee:
            vals["employee_id"] = employee.id
        return vals

    @classmethod
    def _new_es_user(cls, login, companies, name=None):
        return new_test_user(
            cls.env,
            login=login,
            name=name or login,
            groups="oe_etd.group_entrepreneur",
            company_id=companies[0].id,
            company_ids=[Command.set(companies.ids)],
        )
