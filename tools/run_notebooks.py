"""Execute course notebooks top to bottom in place and save them normalised.

Run this after editing a notebook so that what is committed is what a fresh kernel prints:

    python tools/run_notebooks.py                     # every notebook
    python tools/run_notebooks.py notebooks/01_*.ipynb

Normalised means: stable JSON (sorted keys, one-space indent), execution counts from 1, only
the kernelspec and language name as notebook metadata, no cell metadata but slide-show
settings and tags, and no widget state. It also writes what every notebook shares, made from
helpers/course.py, so that none of it is kept by hand: in the title cell, the line of badges (Colab,
Kaggle, Binder) and the line that places the notebook in the course (previous / this / next); the
first lines of the setup cell (course.SETUP_CODE, up to ``helpers.setup()``); and the link of the last
cell's "**Next:**" line. Each link to another notebook is a relative link, which works in JupyterLab
and on the course website, followed by "(open in Colab)", since a relative link leaves Colab.
The navigation follows the numbered notebooks that exist; a notebook's short name ("02 · Flattening")
is the bold part of its own navigation line, or made from its file name.

    python tools/run_notebooks.py --no-execute        # only normalise (e.g. after a slide change)
    python tools/run_notebooks.py --check             # only report notebooks not saved normalised
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # helpers.course, also when the helpers are not installed
from helpers import course  # noqa: E402

NUMBERED = "[0-9][0-9]_*.ipynb"  # the course's notebooks, in teaching order
# The title cell's line of badges, and its navigation line: "*<course title>* — ← previous: … · **02 · Name** · …".
BADGE_LINE = re.compile(r"^\[!\[Open In ")
NAVIGATION_LINE = re.compile(r"^\*[^*\n]+\* — ")
OWN_NAME = re.compile(r"\*\*(\d+ · [^*\n]+)\*\*")
# The last cell's "**Next:** [09 · Name](09_name.ipynb) ([open in Colab](…))", before the words that follow it.
NEXT_LINK = re.compile(r"^\*\*Next:\*\* \[[^\]\n]*\]\([^)\s]*\)(?: \(\[open in Colab\]\([^)\s]*\)\))?", re.MULTILINE)
SETUP_END = re.compile(r"^helpers\.setup\(.*$", re.MULTILINE)  # the last line of course.SETUP_CODE
KEEP_CELL_METADATA = ("slideshow", "tags")
# A check cell (its first line is course.CHECK_TITLE): a form in Colab, collapsed in JupyterLab, skipped in the
# slides and removed from the website (myst-nb's remove-cell tag).
CHECK_CELL_METADATA = {"cellView": "form", "jupyter": {"source_hidden": True}}
CHECK_CELL_TAG = "remove-cell"


def is_check_cell(cell: nbformat.NotebookNode) -> bool:
    """A check cell tests, out of the learner's way, that this run shows what the section above says."""
    return cell.cell_type == "code" and cell.source.startswith(course.CHECK_TITLE)
LONG_CODE_LINES = 8  # longer code cells become sub-slides an instructor can skip
NOTEBOOK_METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def slide_type(index: int, cell: nbformat.NotebookNode) -> str:
    """How RISE presents a cell: the title and each section start a slide, explanations appear
    as fragments, short code joins the slide above it, long code is a sub-slide."""
    if index == 0 or (cell.cell_type == "markdown" and cell.source.startswith("## ")):
        return "slide"
    if is_check_cell(cell):
        return "skip"
    if cell.cell_type == "markdown":
        return "fragment"
    return "subslide" if cell.source.count("\n") + 1 > LONG_CODE_LINES else "-"


def name_from_file(path: Path) -> str:
    """A notebook's short name made from its file name: "07 · Convolutional network" for 07_convolutional_network."""
    number, _, topic = path.stem.partition("_")
    return f"{number} · {topic.replace('_', ' ').capitalize()}"


def own_name(title_cell: str, path: Path) -> str:
    """The notebook's short name: the bold part of its navigation line, else one made from its file name."""
    for line in title_cell.splitlines():
        if NAVIGATION_LINE.match(line) and (found := OWN_NAME.search(line)):
            return found.group(1)
    return name_from_file(path)


@functools.cache
def _short_names(folder: Path, stamp: tuple) -> dict[str, str]:
    names = {}
    for path in sorted(folder.glob(NUMBERED)):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        source = cells[0]["source"] if cells else ""
        names[path.name] = own_name(source if isinstance(source, str) else "".join(source), path)
    return names


def short_names(folder: Path) -> dict[str, str]:
    """{file name: short name} of the numbered notebooks in ``folder``, in course order."""
    stamp = tuple((path.name, path.stat().st_mtime_ns) for path in sorted(folder.glob(NUMBERED)))
    return _short_names(folder, stamp)


def notebook_link(name: str, file_name: str) -> str:
    """A link to another notebook of the course: relative (JupyterLab, the website), and in Colab."""
    return f"[{name}]({file_name}) ([open in Colab]({course.colab_url(f'notebooks/{file_name}')}))"


def navigation_line(names: dict[str, str], file_name: str, own: str) -> str:
    """'*<course title>* — ← previous: <link> · **<own name>** · next: <link> →' (no previous for the first)."""
    order = list(names)
    index = order.index(file_name)
    parts = [f"**{own}**"]
    if index > 0:
        parts.insert(0, f"← previous: {notebook_link(names[order[index - 1]], order[index - 1])}")
    if index + 1 < len(order):
        parts.append(f"next: {notebook_link(names[order[index + 1]], order[index + 1])} →")
    return f"*{course.COURSE_TITLE}* — " + " · ".join(parts)


def with_line(lines: list[str], pattern: re.Pattern, new: str, after: int) -> tuple[list[str], int]:
    """``lines`` with the line that matches ``pattern`` replaced by ``new`` (or, if none does, ``new`` inserted
    as a paragraph of its own after line ``after``); and the index of that line."""
    for index, line in enumerate(lines):
        if pattern.match(line):
            return [*lines[:index], new, *lines[index + 1:]], index
    return [*lines[:after + 1], "", new, *lines[after + 1:]], after + 2


def write_course_parts(notebook: nbformat.NotebookNode, path: Path) -> None:
    """Write what helpers/course.py defines into a course notebook: the title cell's badges and navigation,
    the setup cell's first lines and the last cell's link to the next notebook. Nothing else is touched."""
    names = short_names(path.parent)
    if path.name not in names or not notebook.cells:
        return
    title = notebook.cells[0]
    if title.cell_type != "markdown" or not title.source.startswith("# "):
        raise ValueError(f"{path.name}: the first cell must be Markdown starting with '# <title>'.")
    own = own_name(title.source, path)
    names = {**names, path.name: own}
    lines, badges_at = with_line(title.source.split("\n"), BADGE_LINE, course.badges(f"notebooks/{path.name}"), 0)
    lines, _ = with_line(lines, NAVIGATION_LINE, navigation_line(names, path.name, own), badges_at)
    title.source = "\n".join(lines)

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    setup_end = SETUP_END.search(code[0].source) if code else None
    if setup_end is None:
        raise ValueError(f"{path.name}: the first code cell must start with the course's setup "
                         "(helpers.course.SETUP_CODE, ending with helpers.setup()); copy it from another notebook.")
    code[0].source = course.SETUP_CODE + code[0].source[setup_end.end():]

    order = list(names)
    if order.index(path.name) + 1 < len(order):
        following = order[order.index(path.name) + 1]
        last = notebook.cells[-1]
        if last.cell_type != "markdown":
            raise ValueError(f"{path.name}: the last cell must be Markdown, with a '**Next:** ' link to {following}.")
        link = f"**Next:** {notebook_link(names[following], following)}"
        if NEXT_LINK.search(last.source):
            last.source = NEXT_LINK.sub(lambda _: link, last.source, count=1)
        else:
            last.source = f"{last.source.rstrip()}\n\n{link}"


def normalize(notebook: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """Strip what changes from machine to machine, keep what the course needs, set the slides, and write
    what the notebooks share (``path`` places it in the course: its neighbours are its folder's notebooks)."""
    write_course_parts(notebook, path)
    notebook.metadata = nbformat.from_dict(NOTEBOOK_METADATA)
    for index, cell in enumerate(notebook.cells):
        cell.metadata = nbformat.from_dict({k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA})
        cell.metadata["slideshow"] = {"slide_type": slide_type(index, cell)}
        tags = [tag for tag in cell.metadata.get("tags", []) if tag != CHECK_CELL_TAG]
        if is_check_cell(cell):
            cell.metadata.update(nbformat.from_dict(CHECK_CELL_METADATA))
            tags.append(CHECK_CELL_TAG)
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
        for output in cell.get("outputs", []):
            output.get("metadata", {}).pop("application/vnd.jupyter.widget-state+json", None)
            output.pop("transient", None)
    return notebook


def execute(path: Path, timeout: int = 900, run: bool = True) -> float:
    """Run ``path`` on a fresh kernel in its own folder, save it, and return the seconds taken."""
    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    resources = {"metadata": {"path": str(path.parent)}}  # run in the notebook's own folder
    if run:
        NotebookClient(notebook, timeout=timeout, kernel_name="python3", resources=resources).execute()
    nbformat.validate(notebook)
    path.write_text(nbformat.writes(normalize(notebook, path), indent=1) + "\n", encoding="utf-8")
    return time.perf_counter() - started


def normalised_text(path: Path) -> str:
    """How ``path`` reads once normalised (its outputs kept)."""
    notebook = nbformat.read(path, as_version=4)
    return nbformat.writes(normalize(notebook, path), indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in notebooks/")
    parser.add_argument("--no-execute", action="store_true", help="only normalise, keep the outputs")
    parser.add_argument("--check", action="store_true", help="change nothing; fail if a notebook is not normalised")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob(NUMBERED))
    if args.check:
        stale = [path for path in paths if path.read_text(encoding="utf-8") != normalised_text(path)]
        for path in stale:
            print(f"{path}: not normalised; run python tools/run_notebooks.py --no-execute {path}")
        return 1 if stale else 0
    for path in paths:
        print(f"{path.name}: {execute(path.resolve(), run=not args.no_execute):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
