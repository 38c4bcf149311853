"""Plain checks of every addon's packaging: manifest, French translation, tests."""

import ast
from pathlib import Path

import polib
import pytest

ADDONS = sorted(p.parent for p in (Path(__file__).resolve().parent.parent / "addons").glob("*/__manifest__.py"))
ENTERPRISE_LIST = Path(__file__).resolve().parents[2] / "shared" / "data" / "odoo-enterprise-modules.txt"


@pytest.fixture(params=ADDONS, ids=[p.name for p in ADDONS])
def addon(request):
    return request.param


def test_there_are_addons():
    assert ADDONS, "no addon found under addons/"


def test_manifest(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
    assert manifest["version"].startswith("18.0.") and len(manifest["version"].split(".")) == 5
    assert manifest["license"] == "AGPL-3"
    for path in manifest.get("data", []) + manifest.get("demo", []):
        assert (addon / path).is_file(), f"{path} is listed in the manifest but missing"


def test_no_enterprise_dependency(addon):
    if not ENTERPRISE_LIST.exists():
        pytest.skip("the list of Odoo Enterprise modules is not beside this checkout")
    enterprise = set(ENTERPRISE_LIST.read_text().split())
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
    assert not set(manifest["depends"]) & enterprise


def test_french_translation_is_complete(addon):
    pot = polib.pofile(str(addon / "i18n" / f"{addon.name}.pot"))
    po = polib.pofile(str(addon / "i18n" / "fr.po"))
    translated = {entry.msgid: entry.msgstr for entry in po if entry.msgstr and not entry.obsolete}
    missing = [entry.msgid for entry in pot if entry.msgid not in translated]
    assert not missing, f"untranslated in fr.po: {missing[:10]}"


def test_translation_keeps_placeholders(addon):
    import re

    placeholder = re.compile(r"%\(\w+\)s|%s|%d")
    for entry in polib.pofile(str(addon / "i18n" / "fr.po")):
        if entry.msgstr:
            assert sorted(placeholder.findall(entry.msgid)) == sorted(placeholder.findall(entry.msgstr)), entry.msgid


def test_addon_has_odoo_tests(addon):
    assert list((addon / "tests").glob("test_*.py"))


def test_readme_is_clean_restructuredtext(addon):
    """Odoo renders README.rst in the Apps view and logs every docutils warning (which fails the test run)."""
    import io

    import docutils.core

    readme = addon / "README.rst"
    if not readme.exists():
        pytest.fail(f"{addon.name} has no README.rst")
    messages = io.StringIO()
    docutils.core.publish_doctree(
        readme.read_text(encoding="utf-8"),
        settings_overrides={"report_level": 2, "halt_level": 5, "warning_stream": messages},
    )
    assert not messages.getvalue(), messages.getvalue()
