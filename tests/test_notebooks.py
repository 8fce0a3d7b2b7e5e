"""Meta-tests: every notebook follows the course's format (nbval checks what the cells print)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from helpers.course import SETUP_CODE, colab_badge

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ALLOWED_NOTEBOOK_METADATA = {"kernelspec", "language_info"}
ALLOWED_CELL_METADATA = {"slideshow", "tags"}
MAX_CODE_LINES = 15


def load(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def code_cells(notebook):
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_notebooks_are_numbered_in_teaching_order():
    assert NOTEBOOKS, "no notebooks found in notebooks/"
    names = [path.name for path in NOTEBOOKS]
    for number, name in enumerate(names, start=1):
        assert re.fullmatch(rf"{number:02d}_[a-z0-9]+(_[a-z0-9]+)*\.ipynb", name), (
            f"{name}: expected '{number:02d}_snake_case_topic.ipynb' (numbers without gaps)")


@pytest.fixture(params=NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def notebook_path(request) -> Path:
    return request.param


def test_valid_nbformat_and_normalised_json(notebook_path):
    notebook = load(notebook_path)
    nbformat.validate(notebook)
    assert notebook_path.read_text(encoding="utf-8") == nbformat.writes(notebook, indent=1) + "\n", (
        "not saved in the normalised form: run python tools/run_notebooks.py on it")


def test_title_cell_with_colab_badge_and_sequence(notebook_path):
    first = load(notebook_path).cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert colab_badge(f"notebooks/{notebook_path.name}") in first.source
    assert "What you will learn" in first.source


def test_setup_cell_is_the_shared_tested_code(notebook_path):
    setup = code_cells(load(notebook_path))[0]
    assert setup.source.startswith(SETUP_CODE), "the first code cell must start with helpers.course.SETUP_CODE"
    assert "import helpers" in setup.source


def test_executed_in_order_without_errors_or_stderr(notebook_path):
    cells = code_cells(load(notebook_path))
    counts = [cell.execution_count for cell in cells]
    assert counts == list(range(1, len(cells) + 1)), f"execution counts {counts}: run it top to bottom"
    for cell in cells:
        for output in cell.outputs:
            assert output.output_type != "error", f"error output in cell {cell.execution_count}"
            assert output.get("name") != "stderr", (
                f"cell {cell.execution_count} shows stderr (warnings or native logs), fix the cause:\n"
                f"{output.text[:500]}")


def test_no_machine_specific_or_widget_metadata(notebook_path):
    notebook = load(notebook_path)
    assert set(notebook.metadata) <= ALLOWED_NOTEBOOK_METADATA
    assert notebook.metadata.get("language_info", {}).keys() <= {"name"}
    for cell in notebook.cells:
        assert set(cell.metadata) <= ALLOWED_CELL_METADATA, f"cell metadata {set(cell.metadata)}"
        for output in cell.get("outputs", []):
            assert "application/vnd.jupyter.widget-state+json" not in output.get("metadata", {})


def test_short_code_cells(notebook_path):
    for cell in code_cells(load(notebook_path))[1:]:
        lines = cell.source.count("\n") + 1
        assert lines <= MAX_CODE_LINES, f"a code cell of {lines} lines:\n{cell.source}"


def test_ends_with_exercises_key_terms_and_next_step(notebook_path):
    markdown = "\n".join(cell.source for cell in load(notebook_path).cells if cell.cell_type == "markdown")
    assert "## Try it yourself" in markdown
    assert "## Key terms" in markdown
    later = NOTEBOOKS[NOTEBOOKS.index(notebook_path) + 1:]
    if later:
        assert f"]({later[0].name})" in load(notebook_path).cells[-1].source, "the last cell links to the next notebook"


def test_links_to_notebooks_resolve(notebook_path):
    for cell in load(notebook_path).cells:
        if cell.cell_type == "markdown":
            for target in re.findall(r"\]\(([^)\s]+\.ipynb)\)", cell.source):
                if not target.startswith("http"):
                    assert (notebook_path.parent / target).is_file(), f"broken link to {target}"


def test_readme_lists_every_notebook():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in NOTEBOOKS:
        assert f"notebooks/{path.name}" in readme, f"README does not list {path.name}"


def test_every_cell_has_slide_metadata_for_rise(notebook_path):
    """Instructors present any notebook with jupyterlab-rise: sections are slides."""
    cells = load(notebook_path).cells
    kinds = [cell.metadata.get("slideshow", {}).get("slide_type") for cell in cells]
    assert set(kinds) <= {"slide", "subslide", "fragment", "-", "skip", "notes"}, kinds
    assert kinds[0] == "slide"
    for cell, kind in zip(cells, kinds, strict=True):
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            assert kind == "slide", f"section {cell.source.splitlines()[0]!r} should start a slide"


def sanitizer_rules() -> list[tuple[str, str]]:
    """(regex, replacement) pairs from the nbval sanitiser file, parsed by nbval itself, in its order."""
    from nbval.plugin import get_sanitize_patterns

    return get_sanitize_patterns((ROOT / "tests" / "nbval_sanitize.cfg").read_text(encoding="utf-8"))


def output_texts(notebook) -> list[str]:
    """The texts nbval compares: streams and text/plain outputs, each stream of a cell as one text."""
    texts = []
    for cell in code_cells(notebook):
        streams: dict[str, str] = {}
        for output in cell.outputs:
            if output.output_type == "stream":
                streams[output.name] = streams.get(output.name, "") + output.text
            elif "text/plain" in output.get("data", {}):
                texts.append(output.data["text/plain"])
        texts += streams.values()
    return texts


def test_every_sanitiser_rule_masks_a_committed_output():
    """Each rule is narrow and alive: it is anchored to one kind of output, and that output exists."""
    texts = [text for path in NOTEBOOKS for text in output_texts(load(path))]
    for regex, replacement in sanitizer_rules():
        if "0x" in regex:  # memory addresses: a guard, for an object whose repr slips into an output
            continue
        masked = [re.sub(regex, replacement, text) for text in texts]
        assert masked != texts, f"the rule {regex!r} matches no committed output: remove it or fix its regex"
        texts = masked


def test_cells_whose_output_is_not_compared_assert_their_lesson(notebook_path):
    """A cell tagged nbval-ignore-output prints only what varies between computers; what the lesson
    concludes from it must then be checked by an assert in the cell itself."""
    for cell in code_cells(load(notebook_path)):
        tags = set(cell.metadata.get("tags", []))
        assert tags <= {"nbval-ignore-output"}, f"unexpected cell tags {tags}"
        if tags:
            assert "assert " in cell.source, f"an ignored output without an assert:\n{cell.source}"
