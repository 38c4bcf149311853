"""Plain pytest, no Odoo and no database: the pure-Python modules of the addons, loaded by path.

An addon module imports the project's pure modules by their Odoo name (``odoo.addons.oe_etd.tools.rounding``);
they are registered here under that name, so that such a module loads without Odoo (Python finds a module
already in ``sys.modules`` without importing its packages).
"""

import importlib.util
import sys
from pathlib import Path

ADDONS = Path(__file__).resolve().parents[1] / "addons"

# The pure modules other addon modules import, as a path under addons/.
PURE_MODULES = ("oe_etd/tools/rounding.py",)


def load_addon_module(relative_path):
    """The module at ``addons/<relative_path>``, registered under its Odoo name (loaded once)."""
    name = "odoo.addons." + ".".join(Path(relative_path).with_suffix("").parts)
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ADDONS / relative_path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


for _path in PURE_MODULES:
    load_addon_module(_path)
