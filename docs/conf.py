"""
Sphinx configuration: the Markdown pages of docs/, read with MyST.
"""

from importlib.metadata import version as _version

project = "lowback"
author = "The lowback team"
copyright = "2026, The lowback team"  # noqa: A001 - Sphinx's name
release = _version("lowback")
version = release

extensions = ["myst_parser"]
myst_enable_extensions = ["colon_fence"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
nitpicky = True

html_theme = "furo"
html_title = f"lowback {release}"
