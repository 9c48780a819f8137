"""
Sphinx configuration: the Markdown pages of docs/, read with MyST.

The API reference (``api.md``) is made from the docstrings by autodoc,
which reads their Google style with napoleon; both ship with Sphinx, so
the ``docs`` extra needs nothing more.
"""

from __future__ import annotations

import sys
from importlib.metadata import version as _version
from typing import TYPE_CHECKING

from sphinx.errors import PycodeError
from sphinx.pycode import ModuleAnalyzer

if TYPE_CHECKING:
    from sphinx.application import Sphinx

project = "lowback"
author = "The lowback team"
copyright = "2026, The lowback team"  # noqa: A001 - Sphinx's name
release = _version("lowback")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]
myst_enable_extensions = ["colon_fence"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
nitpicky = True

html_theme = "furo"
html_title = f"lowback {release}"

# The API reference: everything under its public name, ``lowback.X``.
# Autodoc marks each object's private home (``lowback._plan.Plan``) as
# its canonical name, so references to either resolve to one entry.
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_default_options = {"exclude-members": "__new__"}
add_module_names = False
python_use_unqualified_type_names = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# In docstrings, `Report` is a reference to lowback.Report; ``x`` is code.
default_role = "py:obj"

# No intersphinx: CI builds without a network.
# The standard library's names are shown, not linked.
nitpick_ignore_regex = [
    (
        r"py:(class|obj|func)",
        r"(collections\.abc|datetime|dt|json|os|pathlib)\.\w+",
    ),
]
nitpick_ignore = [
    # The type variable of load, loads and from_document: the class given.
    ("py:class", "lowback._documents.D"),
    # The type variable of from_value: PainReport, PainRule or ChosenDose.
    ("py:class", "lowback._documents.F"),
]


def _comment_docs(  # noqa: PLR0913, PLR0917 - the event's signature
    app: Sphinx,  # noqa: ARG001
    what: str,
    name: str,
    obj: object,
    options: object,  # noqa: ARG001
    lines: list[str],
) -> None:
    """
    Document a constant with the ``#:`` comment above its definition.

    A constant has no docstring of its own, so autodoc would show its
    type's (``int``'s, say). Its comment is in the module of lowback that
    defines it: a private one (``lowback._dose``, ``lowback.exports._fhir``)
    for a name of ``lowback`` or of ``lowback.exports``, or the public
    submodule itself (``lowback.importers``). It is found under its own
    name or, for a constant exported under another, as the same object;
    numbers and strings are matched by name only, since equal ones may
    be one object.
    """
    if what != "data" or not name.startswith("lowback."):
        return
    short = name.rpartition(".")[2]
    by_identity = not isinstance(obj, (int, float, str))
    same_name, same_object = [], []
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith("lowback."):
            continue
        try:
            comments = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        except PycodeError:
            continue
        for (namespace, attribute), comment in comments.items():
            if namespace or getattr(module, attribute, None) is not obj:
                continue
            if attribute == short:
                same_name.append(list(comment))
            elif by_identity:
                same_object.append(list(comment))
    lines[:] = next(iter(same_name + same_object), [])


def _factory_defaults(  # noqa: PLR0913, PLR0917 - the event's signature
    app: Sphinx,  # noqa: ARG001
    what: str,  # noqa: ARG001
    name: str,  # noqa: ARG001
    obj: object,  # noqa: ARG001
    options: object,  # noqa: ARG001
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None]:
    """
    Show a default that attrs makes afresh for each object as a factory.

    attrs writes it ``NOTHING`` in the ``__init__`` it generates.
    """
    if signature is not None:
        signature = signature.replace("=NOTHING", "=<factory>")
    return signature, return_annotation


def setup(app: Sphinx) -> None:
    """
    Connect the hooks above.
    """
    app.connect("autodoc-process-docstring", _comment_docs)
    app.connect("autodoc-process-signature", _factory_defaults)
