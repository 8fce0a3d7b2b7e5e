"""Build the course website from the committed, executed notebooks, without running them.

    python tools/build_site.py                  # into build/site; open build/site/index.html
    python tools/build_site.py --out DIR        # elsewhere

Sphinx with myst-nb (execution off) and the Furo theme, all from this environment: nothing is
downloaded, and the pages load nothing from the internet. The site's settings, home page and
extension are in site/. Sphinx reads a staged copy (site/, the README for the home page's
introduction, the notebooks and the instructor guide), so the notebooks themselves are never
touched. Warnings fail the build: a notebook the site cannot show as it should is a problem to fix.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sphinx.cmd.build import build_main

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "build" / "site"


def stage(source: Path, notebooks: Path) -> None:
    """Lay out the site's sources in source: site/, README.md, notebooks/ (the notebooks and the guide)."""
    shutil.copytree(ROOT / "site", source, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "README.md", source / "README.md")
    (source / "notebooks").mkdir()
    for path in [*sorted(notebooks.glob("*.ipynb")), notebooks / "README.md"]:
        shutil.copy2(path, source / "notebooks" / path.name)


def build(out: Path = DEFAULT_OUT, *, notebooks: Path = ROOT / "notebooks", strict: bool = True,
          quiet: bool = False) -> int:
    """Build the website into out (replacing it); Sphinx's exit status: 0 when built without a warning.

    notebooks is the folder of the notebooks and the instructor guide (README.md); strict=False lets
    warnings pass (the tests build a site of a tiny notebook, to which the home page's links do not lead).
    """
    with tempfile.TemporaryDirectory(prefix="course-site-") as work:
        source = Path(work) / "source"
        stage(source, notebooks)
        # Sphinx builds inside the temporary folder, as myst-nb writes the outputs' files beside its output.
        html = Path(work) / "html"
        options = [*(["-W", "--keep-going"] if strict else []), *(["-q"] if quiet else [])]
        status = build_main(["-b", "html", *options, "-d", str(Path(work) / "doctrees"), str(source), str(html)])
        if html.is_dir():  # also after warnings, to look at
            if out.exists():
                shutil.rmtree(out)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(html, out)
        return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    args = parser.parse_args()
    began = time.monotonic()
    status = build(args.out.resolve(), quiet=args.quiet)
    if status == 0:
        print(f"The course website is in {args.out} ({time.monotonic() - began:.0f} s): "
              f"open {args.out / 'index.html'}, or serve it with "
              f"`python -m http.server --bind 127.0.0.1 --directory {args.out}`.")
    return status


if __name__ == "__main__":
    sys.exit(main())
