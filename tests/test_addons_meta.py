"""Plain checks of every addon's packaging (manifest, French translation, tests, README) and of docs/."""

import ast
import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in (ROOT / "addons").glob("*/__manifest__.py"))
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


# The OCA readme fragments (oca-gen-addon-readme), in the order of their sections in README.rst.
README_FRAGMENTS = {
    "CONTEXT": "Use Cases / Context",
    "INSTALL": "Installation",
    "CONFIGURE": "Configuration",
    "USAGE": "Usage",
    "DEVELOP": "Development",
    "ROADMAP": "Known issues / Roadmap",
    "HISTORY": "Changelog",
}
REQUIRED_FRAGMENTS = ("DESCRIPTION", "USAGE", "CONTRIBUTORS")
# Sections of docs/ that code comments cite as `docs/<page>.md, "<title>"`: they must stay.
DOCS_HEADINGS = {
    "architecture.md": (
        "Money rules",
        "Integrity",
        "Cross-CAE work",
        "Timesheets and invoicing",
        "Company setup",
        "Privacy",
        "Groups and implied groups",
        "Quotes",
        "Expenses and mileage",
    ),
    "domain.md": ("Money words", "Reference economics of an ES", "Glossary"),
    "development.md": ("The quick test loop", "Translations", "Benchmarks"),
}


def _words(text):
    """The words of a text, whatever its markup (Markdown or reStructuredText)."""
    return " ".join(re.sub(r"[\W_]+", " ", text.lower()).split())


def _fragment_words(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    return _words("\n".join(line for line in lines if not line.startswith("```")))


def _rst_sections(text):
    """{title: body} of the top-level sections (underlined with "=") of a README.rst, in order."""
    lines = text.splitlines()
    heads = [
        i
        for i in range(2, len(lines))
        if re.fullmatch(r"=+", lines[i])
        and lines[i - 1].strip()
        and len(lines[i]) >= len(lines[i - 1])
        and not re.fullmatch(r"=+", lines[i - 2])
    ]
    bounds = [*heads, len(lines) + 1]
    return {lines[i - 1]: "\n".join(lines[i + 1 : bounds[k + 1] - 1]) for k, i in enumerate(heads)}


def _md_headings(path):
    """The titles of a Markdown page's headings (not the comments of its code blocks)."""
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.M | re.S)
    return {m.group(1).strip() for m in re.finditer(r"^#+ (.+)$", text, re.M)}


def test_readme_fragments(addon):
    """The OCA layout: readme/*.md fragments, from which README.rst is built."""
    readme = addon / "readme"
    for name in REQUIRED_FRAGMENTS:
        fragment = readme / f"{name}.md"
        assert fragment.is_file() and fragment.read_text(encoding="utf-8").strip(), f"{addon.name}: {fragment}"
    unknown = {p.name for p in readme.iterdir()} - {
        f"{name}.md" for name in (*README_FRAGMENTS, *REQUIRED_FRAGMENTS, "CREDITS")
    }
    assert not unknown, f"{addon.name}: not an OCA readme fragment: {sorted(unknown)}"


def test_readme_rst_follows_the_fragments(addon):
    """README.rst in the shape of oca-gen-addon-readme, saying what the fragments say."""
    text = (addon / "README.rst").read_text(encoding="utf-8")
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
    title = manifest["name"]
    assert text.startswith(f"{'=' * len(title)}\n{title}\n{'=' * len(title)}\n"), "title: the manifest's name"
    readme = addon / "readme"
    sections = _rst_sections(text)
    expected = [title for name, title in README_FRAGMENTS.items() if (readme / f"{name}.md").exists()]
    assert list(sections) == [*expected, "Bug Tracker", "Credits"], f"{addon.name}: sections of README.rst"
    description = text.split("**Table of contents**")[0]
    assert ".. contents::" in text
    checks = {"DESCRIPTION": description, "CONTRIBUTORS": sections["Credits"], "CREDITS": sections["Credits"]}
    checks.update({name: sections.get(title, "") for name, title in README_FRAGMENTS.items()})
    for name, body in checks.items():
        fragment = readme / f"{name}.md"
        if fragment.exists():
            assert _fragment_words(fragment) in _words(body), f"README.rst does not say what {fragment} says"
    for author in manifest["author"].split(","):
        assert f"* {author.strip()}" in sections["Credits"]


def test_docs_have_the_cited_headings():
    for page, titles in DOCS_HEADINGS.items():
        path = ROOT / "docs" / page
        assert path.is_file(), f"docs/{page} is missing"
        missing = set(titles) - _md_headings(path)
        assert not missing, f"docs/{page} lacks the sections {sorted(missing)}"


def test_cited_sections_exist():
    """Every `docs/<page>.md, "<title>"` in the code (and the same for the README) names a heading of that page."""
    cite = re.compile(r'(docs/\w+\.md|(?<![\w/])(?:architecture|domain|development)\.md|README\.md),?\s+"([^"]+)"')
    wrong = []
    for path in [*(ROOT / "addons").rglob("*"), *(ROOT / "tools").rglob("*"), *(ROOT / "tests").rglob("*.py")]:
        if path.suffix not in (".py", ".xml", ".md", ".rst") or "i18n" in path.parts or not path.is_file():
            continue
        for page, title in cite.findall(path.read_text(encoding="utf-8")):
            target = ROOT / page if "/" in page or page == "README.md" else ROOT / "docs" / page
            if not target.is_file() or title not in _md_headings(target):
                wrong.append(f'{path.relative_to(ROOT)}: {page}, "{title}"')
    assert not wrong, "cited sections that do not exist:\n" + "\n".join(wrong)


def test_docs_links_resolve():
    """Relative links of README.md and docs/*.md point to files of the repository."""
    broken = []
    for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            if not re.match(r"\w+://", target) and not (path.parent / target).exists():
                broken.append(f"{path.relative_to(ROOT)}: {target}")
    assert not broken, broken
