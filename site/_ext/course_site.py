"""Sphinx extension for the course website: what the notebooks need beyond myst-nb, and nothing online.

* Figure alt text. Each picture a notebook output shows gets its ``alt`` from the output's metadata,
  ``output.metadata["image/png"]["alt"]`` (for another image type, under its own MIME type); without
  one, a generic "Figure from notebook NN". myst-nb takes only width and height from output metadata,
  so this transform pairs each displayed output of a cell with the pictures myst-nb made of it.
* Widgets. A widget view needs its kernel, so conf.py drops widget views and the page shows what the
  course's explorers save beside each view: a picture of the figure. A widget with nothing to show but
  its text (a file-upload button) gets a sentence saying where it works instead.
* Remote pictures. A picture from the internet (the Colab, Kaggle and Binder badges) is replaced by a local
  copy, so that a page loads nothing from outside; any other remote picture is a build warning.
* On the home page (the README's introduction), a link whose text is the linked notebook's file name
  shows the notebook's title instead.
* Maths as MathML, which the browser draws itself (MathJax would be loaded from the internet).
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from docutils import nodes
from latex2mathml.converter import convert as latex_to_mathml
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

# Remote pictures that the notebooks show, and the local copy (under the site's source folder) used instead.
LOCAL_IMAGES = {"https://colab.research.google.com/assets/colab-badge.svg": "/_static/colab-badge.svg",
                "https://kaggle.com/static/images/open-in-kaggle.svg": "/_static/kaggle-badge.svg",
                "https://mybinder.org/badge_logo.svg": "/_static/binder-badge.svg"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
DISPLAYED = ("display_data", "execute_result")


def figure_alt(output: nbformat.NotebookNode, mime_type: str) -> str | None:
    """The alt text an output's metadata gives for its picture of this MIME type, if any.

    >>> figure_alt(nbformat.from_dict({"metadata": {"image/png": {"alt": "Ten clothes"}}}), "image/png")
    'Ten clothes'
    """
    alt = output.get("metadata", {}).get(mime_type, {}).get("alt")
    return alt.strip() if isinstance(alt, str) and alt.strip() else None


def generic_alt(docname: str) -> str:
    """The alt text of a figure whose output carries none: "Figure from notebook 04" for notebooks/04_softmax."""
    number = re.match(r"(\d+)_", Path(docname).name)
    return f"Figure from notebook {number.group(1)}" if number else f"Figure from {Path(docname).name}"


def children_of_kind(node: nodes.Element, **attributes: str) -> list[nodes.container]:
    """The containers below node (not node itself) whose attributes have these values, in document order."""
    return [found for found in node.findall(nodes.container, include_self=False)
            if all(found.get(key) == value for key, value in attributes.items())]


class NotebookOutputs(SphinxTransform):
    """Alt text for every output picture, and a sentence in place of a widget that has no picture."""

    default_priority = 500

    def apply(self, **kwargs) -> None:
        path = Path(self.env.doc2path(self.env.docname))
        if path.suffix != ".ipynb":
            return
        notebook = nbformat.read(path, as_version=4)
        fallback = generic_alt(self.env.docname)
        for cell in children_of_kind(self.document, nb_element="cell_code"):
            outputs = [output for output in notebook.cells[cell["cell_index"]].get("outputs", [])
                       if output["output_type"] in DISPLAYED]
            bundles = children_of_kind(cell, nb_element="mime_bundle")
            if len(bundles) != len(outputs):  # myst-nb drops a bundle it cannot render at all
                logger.warning(f"cell {cell['cell_index']}: {len(outputs)} displayed outputs but {len(bundles)} "
                               "rendered; its pictures get the generic alt text", location=cell)
                outputs = [{}] * len(bundles)
            for output, bundle in zip(outputs, bundles, strict=True):
                by_type = {part["mime_type"]: part for part in bundle.children if isinstance(part, nodes.container)}
                for mime_type, part in by_type.items():
                    for image in part.findall(nodes.image):
                        image["alt"] = figure_alt(output, mime_type) or image.get("alt") or fallback
                if WIDGET_VIEW in by_type and "text/plain" in by_type and not any(
                        mime_type.startswith("image/") for mime_type in by_type):
                    text = by_type["text/plain"].astext().strip()
                    by_type["text/plain"].children = [nodes.paragraph(
                        "", "", nodes.emphasis("", "An interactive control appears here when you run the notebook "
                                                   "in JupyterLab or Colab: "), nodes.literal("", text),
                        classes=["widget-placeholder"])]


class LocalImages(SphinxTransform):
    """Show the local copy of each remote picture in LOCAL_IMAGES; warn about any other remote picture."""

    default_priority = 500

    def apply(self, **kwargs) -> None:
        for image in self.document.findall(nodes.image):
            uri = image["uri"]
            if uri in LOCAL_IMAGES:
                image["uri"] = LOCAL_IMAGES[uri]
            elif re.match(r"(https?:)?//", uri):
                logger.warning(f"the picture {uri} would be loaded from the internet; put a copy in the "
                               "site's _static folder and add it to LOCAL_IMAGES in course_site.py", location=image)


class TitlesForFileNames(SphinxPostTransform):
    """A link to a page of the site whose text is that page's file name ("notebooks/04_softmax.ipynb", as the
    README lists the notebooks) shows the page's title instead."""

    default_priority = 5  # before Sphinx resolves the links (10)

    def run(self, **kwargs) -> None:
        for link in self.document.findall(addnodes.pending_xref):
            target = link.get("reftarget")
            if link.get("refdomain") == "doc" and target in self.env.titles \
                    and re.sub(r"\.(ipynb|md)$", "", link.astext()) == target:
                link.children = [nodes.inline("", self.env.titles[target].astext())]


def visit_math(translator, node: nodes.math) -> None:
    translator.body.append(f'<span class="math">{latex_to_mathml(node.astext(), display="inline")}</span>')
    raise nodes.SkipNode


def visit_math_block(translator, node: nodes.math_block) -> None:
    translator.body.append(f'<div class="math">{latex_to_mathml(node.astext(), display="block")}</div>')
    raise nodes.SkipNode


NOTEBOOK_NUMBER = re.compile(r"notebooks/(\d+)_")


def number_notebooks_by_their_files(app: Sphinx, env) -> list[str]:
    """Number each notebook in the tables of contents by its own file number: the core path and the notebooks
    that go further are two numbered tables, and Sphinx would start the second at 1 again."""
    for docname, numbers in env.toc_secnumbers.items():
        if not (found := NOTEBOOK_NUMBER.match(docname)):
            continue
        renumber = lambda number: [int(found.group(1)), *number[1:]] if number else number  # noqa: E731
        env.toc_secnumbers[docname] = {anchor: tuple(renumber(number)) for anchor, number in numbers.items()}
        for node in [*env.tocs[docname].findall(nodes.reference), env.titles[docname]]:
            if node.get("secnumber"):
                node["secnumber"] = renumber(node["secnumber"])
    return []


def setup(app: Sphinx) -> dict:
    app.connect("env-get-updated", number_notebooks_by_their_files, priority=900)  # after Sphinx numbers them
    app.add_transform(NotebookOutputs)
    app.add_transform(LocalImages)
    app.add_post_transform(TitlesForFileNames)
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_math_block, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
