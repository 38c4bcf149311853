#!/usr/bin/env python3
"""Write addons/<addon>/README.rst from addons/<addon>/readme/*.md, in the shape of OCA's oca-gen-addon-readme.

The fragments use a small Markdown subset: paragraphs, "- " bullet lists (continuation lines indented by two
spaces), ``` fenced code, `code`, *emphasis*, **strong**, [text](url).
"""

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent if len(sys.argv) < 2 else Path(sys.argv[1])
ORG, REPO, BRANCH = "oui-ensemble", "oui-ensemble-erp", "main"
FRAGMENTS = [
    ("CONTEXT", "Use Cases / Context"),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("DEVELOP", "Development"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("HISTORY", "Changelog"),
]


def inline(text):
    text = re.sub(r"`([^`]+)`", r"``\1``", text)
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"`\1 <\2>`__", text)
    return text


def md_to_rst(md):
    lines = md.strip("\n").splitlines()
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            out += ["::", ""]
            i += 1
            while not lines[i].startswith("```"):
                out.append(("    " + lines[i]) if lines[i].strip() else "")
                i += 1
            i += 1
            continue
        if line.startswith("- "):
            out.append("* " + inline(line[2:]))
        elif line.startswith("  ") and line.strip():
            out.append("  " + inline(line.strip()))
        else:
            out.append(inline(line))
        i += 1
    return "\n".join(out).rstrip() + "\n"


def section(title, body, char="="):
    return f"{title}\n{char * len(title)}\n\n{body.rstrip()}\n\n"


def build(addon_dir):
    manifest = ast.literal_eval((addon_dir / "__manifest__.py").read_text(encoding="utf-8"))
    name = addon_dir.name
    readme = addon_dir / "readme"
    frag = {p.stem: md_to_rst(p.read_text(encoding="utf-8")) for p in readme.glob("*.md")}
    title = manifest["name"]
    parts = [
        "=" * len(title),
        title,
        "=" * len(title),
        "",
        "..",
        "   !! Built from the fragments of readme/ (the OCA layout): edit them, then this file. !!",
        "",
        frag.get("DESCRIPTION", "").rstrip(),
        "",
    ]
    if manifest.get("development_status", "").lower() == "alpha":
        parts += [
            ".. IMPORTANT::",
            "   This is an alpha version, the data model and design can change at any time without warning.",
            "   Only for development or testing purpose, do not use in production.",
            "",
        ]
    parts += ["**Table of contents**", "", ".. contents::", "   :local:", ""]
    text = "\n".join(parts) + "\n"
    for key, head in FRAGMENTS:
        if key in frag:
            text += section(head, frag[key])
    issues = f"https://github.com/{ORG}/{REPO}/issues"
    text += section(
        "Bug Tracker",
        f"Bugs are tracked on `GitHub Issues <{issues}>`_.\n"
        "In case of trouble, please check there if your issue has already been reported.\n"
        "If you spotted it first, help us to smash it by providing a detailed and welcomed\n"
        f"`feedback <{issues}/new?body=module:%20{name}%0Aversion:%20{manifest['version'][:4]}"
        "%0A%0A**Steps%20to%20reproduce**%0A-%20...%0A%0A**Current%20behavior**%0A%0A**Expected%20behavior**>`_.\n\n"
        "Do not contact contributors directly about support or help with technical issues.\n",
    )
    credits = section("Authors", "".join(f"* {a.strip()}\n" for a in manifest["author"].split(",")), "-")
    if "CONTRIBUTORS" in frag:
        credits += section("Contributors", frag["CONTRIBUTORS"], "-")
    if "CREDITS" in frag:
        credits += section("Other credits", frag["CREDITS"], "-")
    maintainers = manifest.get("maintainers", [])
    body = ""
    if maintainers:
        for m in maintainers:
            body += (
                f".. |maintainer-{m}| image:: https://github.com/{m}.png?size=40px\n"
                f"    :target: https://github.com/{m}\n"
                f"    :alt: {m}\n"
            )
        body += f"\nCurrent maintainer{'s' if len(maintainers) > 1 else ''}:\n\n"
        body += " ".join(f"|maintainer-{m}|" for m in maintainers) + "\n\n"
    body += (
        f"This module is part of the `{ORG}/{REPO} <https://github.com/{ORG}/{REPO}/tree/{BRANCH}/addons/{name}>`_"
        " project on GitHub.\n\nYou are welcome to contribute.\n"
    )
    credits += section("Maintainers", body, "-")
    text += section("Credits", credits)
    return text.rstrip() + "\n"


if __name__ == "__main__":
    for manifest in sorted((ROOT / "addons").glob("*/__manifest__.py")):
        addon = manifest.parent
        if (addon / "readme" / "DESCRIPTION.md").exists():
            (addon / "README.rst").write_text(build(addon), encoding="utf-8")
            print("wrote", addon / "README.rst")
