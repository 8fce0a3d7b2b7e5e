"""Execute course notebooks top to bottom in place and save them normalised.

Run this after editing a notebook so that what is committed is what a fresh kernel prints:

    python tools/run_notebooks.py                     # every notebook
    python tools/run_notebooks.py notebooks/01_*.ipynb

Normalised means: stable JSON (sorted keys, one-space indent), execution counts from 1, only
the kernelspec and language name as notebook metadata, no cell metadata but slide-show
settings and tags, and no widget state.

    python tools/run_notebooks.py --no-execute        # only normalise (e.g. after a slide change)
    python tools/run_notebooks.py --check             # only report notebooks not saved normalised
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
KEEP_CELL_METADATA = ("slideshow", "tags")
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
    if cell.cell_type == "markdown":
        return "fragment"
    return "subslide" if cell.source.count("\n") + 1 > LONG_CODE_LINES else "-"


def normalize(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip what changes from machine to machine, keep what the course needs, set the slides."""
    notebook.metadata = nbformat.from_dict(NOTEBOOK_METADATA)
    for index, cell in enumerate(notebook.cells):
        cell.metadata = nbformat.from_dict({k: v for k, v in cell.metadata.items() if k in KEEP_CELL_METADATA})
        cell.metadata["slideshow"] = {"slide_type": slide_type(index, cell)}
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
    path.write_text(nbformat.writes(normalize(notebook), indent=1) + "\n", encoding="utf-8")
    return time.perf_counter() - started


def normalised_text(path: Path) -> str:
    """How ``path`` reads once normalised (its outputs kept)."""
    notebook = nbformat.read(path, as_version=4)
    return nbformat.writes(normalize(notebook), indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every notebook in notebooks/")
    parser.add_argument("--no-execute", action="store_true", help="only normalise, keep the outputs")
    parser.add_argument("--check", action="store_true", help="change nothing; fail if a notebook is not normalised")
    args = parser.parse_args(argv)
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
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
