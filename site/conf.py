"""Sphinx settings for the course website (build it with `python tools/build_site.py`).

The website shows the committed notebooks as they are, outputs included: nothing is executed.
Everything a page needs is on the site itself (no fonts, scripts, styles or pictures from the
internet), so it can be built and read offline.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "_ext"))

project = "Your first neural network"
author = "The course authors"
copyright = "the course authors; prose, figures and exercises under CC BY 4.0, code under MIT"

extensions = ["myst_nb", "course_site"]

root_doc = "index"
# README.md is the repository's README, copied beside this file only for index.md to include it.
exclude_patterns = ["README.md", "_ext", "**/.ipynb_checkpoints"]

# The notebooks are committed executed: show their saved outputs, never run them.
nb_execution_mode = "off"
# A widget view cannot work without its kernel: show what the course's explorers save beside each
# view instead (a PNG of the figure, else the text), and load no widget JavaScript from the internet.
nb_mime_priority_overrides = [("*", "application/vnd.jupyter.widget-view+json", None)]
nb_ipywidgets_js = {}
nb_merge_streams = True

# `$...$` in the notebooks' Markdown is maths, as in JupyterLab; course_site renders it as MathML
# (which the browser draws itself) instead of MathJax (loaded from the internet).
myst_enable_extensions = ["dollarmath"]
html_math_renderer = "mathml"

html_theme = "furo"
html_title = "Your first neural network"
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_show_sourcelink = False
html_copy_source = False
html_theme_options = {"navigation_with_keys": True}
