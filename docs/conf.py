"""Sphinx configuration: pydata theme and numpydoc, like sktime's own docs.

Build with ``sphinx-build -W -b html docs docs/_build/html`` (warnings are errors).
The example notebooks are copied from ``examples/`` and rendered with their stored
outputs; they are executed by the test suite, not by the docs build.
"""

import shutil
from pathlib import Path

import sktime_lstm

ROOT = Path(__file__).resolve().parent
project = "sktime-lstm"
author = "sktime-lstm developers"
copyright = "2026, sktime-lstm developers"
release = version = sktime_lstm.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "figures/draw.py"]
myst_enable_extensions = ["dollarmath", "colon_fence"]
nb_execution_mode = "off"  # the notebooks carry their outputs
nb_merge_streams = True  # ... and tolerate the warnings they printed

autosummary_generate = True
# the forecasters' sktime methods (fit, predict, ...) are documented; the generic
# methods of torch's Module and scikit-base's BaseObject (get_params, ...) are not
autodoc_default_options = {"members": True, "inherited-members": "Module,BaseObject"}
autodoc_typehints = "none"  # numpydoc's Parameters sections carry the types
numpydoc_show_class_members = False
numpydoc_validation_checks = set()
numpydoc_xref_param_type = False

intersphinx_mapping = {}  # offline builds: no inventories are fetched

html_theme = "pydata_sphinx_theme"
html_title = "sktime-lstm"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
}
suppress_warnings = ["mystnb.unknown_mime_type"]

# the notebooks live in examples/ (where the tests run them); render copies here
_notebooks = ROOT / "examples"
_notebooks.mkdir(exist_ok=True)
for notebook in sorted((ROOT.parent / "examples").glob("*.ipynb")):
    shutil.copy2(notebook, _notebooks / notebook.name)


def _skip_malformed(app, what, name, obj, skip, options):
    # sktime 1.2's BaseForecaster.update_predict_single docstring is malformed
    # reST ("Unexpected indentation"); update_predict, documented, covers it
    return True if name == "update_predict_single" else skip


def setup(app):
    app.connect("autodoc-skip-member", _skip_malformed)
