"""How long the course is to read: words of prose per notebook, for the core path and for the whole course.

    python tools/course_size.py

The core path is the lesson's six topics (notebooks 01-06), which a beginner finishes in about two hours;
the rest goes further. Targets: the core path at most 7,000 words, the whole course at most 12,000. Words are
the whitespace-separated tokens of the Markdown cells (the title cells' badges and links count too).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
CORE_PATH = ("01", "02", "03", "04", "05", "06")  # the lesson's topics; later notebooks go further
CORE_WORDS, COURSE_WORDS = 7_000, 12_000


def prose_words(path: Path) -> int:
    """Words in the Markdown cells of the notebook at ``path``."""
    notebook = nbformat.read(path, as_version=4)
    return sum(len(cell.source.split()) for cell in notebook.cells if cell.cell_type == "markdown")


def course_size(folder: Path = ROOT / "notebooks") -> dict[str, int]:
    """{notebook file name: words of prose}, in course order."""
    return {path.name: prose_words(path) for path in sorted(folder.glob("[0-9][0-9]_*.ipynb"))}


def main() -> int:
    sizes = course_size()
    for name, words in sizes.items():
        print(f"{words:6,}  {name}{'' if name[:2] in CORE_PATH else '  (going further)'}")
    core = sum(words for name, words in sizes.items() if name[:2] in CORE_PATH)
    whole = sum(sizes.values())
    print(f"{core:6,}  core path (01-06; at most {CORE_WORDS:,})")
    print(f"{whole:6,}  whole course (at most {COURSE_WORDS:,})")
    return 0 if core <= CORE_WORDS and whole <= COURSE_WORDS else 1


if __name__ == "__main__":
    sys.exit(main())
