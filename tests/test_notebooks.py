"""Meta-tests: every notebook follows the course's format (nbval checks what the cells print)."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

from helpers.course import CHECK_TITLE, COURSE_TITLE, SETUP_CODE, badges, colab_url

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ALLOWED_NOTEBOOK_METADATA = {"kernelspec", "language_info"}
ALLOWED_CELL_METADATA = {"slideshow", "tags"}
CHECK_CELL_METADATA = ALLOWED_CELL_METADATA | {"cellView", "jupyter"}
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


def test_title_cell_with_badges_and_sequence(notebook_path):
    first = load(notebook_path).cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert badges(f"notebooks/{notebook_path.name}") in first.source.splitlines()
    assert f"**{notebook_path.name[:2]} · " in first.source, "the navigation line names this notebook in bold"
    assert "What you will learn" in first.source


def run_notebooks():
    """tools/run_notebooks.py as a module (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("run_notebooks", ROOT / "tools" / "run_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shared_parts_agree_with_course_py(notebook_path):
    """Badges, navigation, the setup cell's first lines and the "Next:" link are the normaliser's, made from
    helpers/course.py (and the notebook saved normalised): none of it is kept by hand."""
    assert notebook_path.read_text(encoding="utf-8") == run_notebooks().normalised_text(notebook_path), (
        f"{notebook_path.name} differs from its normalised form (badges, navigation, setup cell, metadata): "
        f"run python tools/run_notebooks.py --no-execute notebooks/{notebook_path.name}")


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
        allowed = CHECK_CELL_METADATA if cell.source.startswith(CHECK_TITLE) else ALLOWED_CELL_METADATA
        assert set(cell.metadata) <= allowed, f"cell metadata {set(cell.metadata)}"
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


def is_check_cell(cell) -> bool:
    return cell.cell_type == "code" and cell.source.startswith(CHECK_TITLE)


def test_no_assert_in_a_teaching_cell(notebook_path):
    """The learner reads teaching cells: what the regression needs lives in check cells."""
    for cell in code_cells(load(notebook_path))[1:]:
        if is_check_cell(cell):
            continue
        source = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        asserts = [node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Assert)]
        assert not asserts, f"a teaching cell holds an assert; move it into a check cell:\n{cell.source}"
        assert "assert" not in cell.source.lower(), f"a teaching cell speaks of asserts:\n{cell.source}"
    for cell in load(notebook_path).cells:
        if cell.cell_type == "markdown":
            assert not re.search(r"\bcell (asserts|checks)\b", cell.source), f"an aside about checks:\n{cell.source}"


def test_check_cells_are_collapsed_agree_and_stay_off_the_website(notebook_path):
    """Each check cell calls helpers.check_run, is saved agreeing ("✓"), collapsed in JupyterLab, a form in Colab,
    skipped in the slides and removed from the website."""
    for cell in code_cells(load(notebook_path)):
        if not is_check_cell(cell):
            continue
        assert "helpers.check_run(" in cell.source, f"a check cell that does not call helpers.check_run:\n{cell.source}"
        assert "assert " not in cell.source, "a check cell says what differs in words, not with an assert"
        printed = "".join(output.get("text", "") for output in cell.outputs)
        assert printed.startswith("✓ Your run agrees with this section: "), f"saved without agreeing:\n{printed}"
        assert cell.metadata.get("jupyter") == {"source_hidden": True} and cell.metadata.get("cellView") == "form"
        assert "remove-cell" in cell.metadata.get("tags", [])
        assert cell.metadata["slideshow"]["slide_type"] == "skip"


def test_cells_whose_output_is_not_compared_are_checked(notebook_path):
    """A cell tagged nbval-ignore-output prints only what varies between computers; what the lesson
    concludes from it must then be tested by a check cell after it."""
    cells = code_cells(load(notebook_path))
    for index, cell in enumerate(cells):
        tags = set(cell.metadata.get("tags", []))
        assert tags <= {"nbval-ignore-output", "remove-cell"}, f"unexpected cell tags {tags}"
        if "nbval-ignore-output" in tags:
            assert any(is_check_cell(later) for later in cells[index + 1:]), (
                f"an ignored output with no check cell after it:\n{cell.source}")


# The normaliser's shared parts, on a small course of its own.

def tiny_notebook(number: int, name: str, *, setup: str = SETUP_CODE, last: str = "## Key terms\n\nNone.") -> str:
    """A course notebook as an author might first write it: a title, a setup cell, a body cell and a last cell."""
    cells = [nbformat.v4.new_markdown_cell(f"# Notebook {number}\n\n**What you will learn.** {name}."),
             nbformat.v4.new_code_cell(f"{setup}\n\nimport numpy as np"),
             nbformat.v4.new_markdown_cell(f"A body cell of notebook {number} that links [two](02_b.ipynb)."),
             nbformat.v4.new_markdown_cell(last)]
    return nbformat.writes(nbformat.v4.new_notebook(cells=cells), indent=1) + "\n"


@pytest.fixture
def tiny_course(tmp_path) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    old_setup = '# Setup\nimport sys\nif "google.colab" in sys.modules:\n    %pip install "git+x"\nimport helpers\n' \
                'helpers.setup()'
    (folder / "01_a.ipynb").write_text(tiny_notebook(1, "a", last="**Next:** [02 · B](02_b.ipynb) — more."))
    (folder / "02_b.ipynb").write_text(tiny_notebook(2, "b", setup=old_setup))
    return folder


def normalise_folder(folder: Path) -> dict[str, nbformat.NotebookNode]:
    tool = run_notebooks()
    texts = {path.name: tool.normalised_text(path) for path in sorted(folder.glob("*.ipynb"))}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {name: nbformat.reads(text, as_version=4) for name, text in texts.items()}


def test_normaliser_writes_badges_navigation_setup_and_next_link(tiny_course):
    before = {path.name: nbformat.read(path, as_version=4) for path in tiny_course.glob("*.ipynb")}
    notebooks = normalise_folder(tiny_course)
    first, second = notebooks["01_a.ipynb"], notebooks["02_b.ipynb"]
    colab_b = colab_url("notebooks/02_b.ipynb")
    assert first.cells[0].source.split("\n") == [
        "# Notebook 1", "", badges("notebooks/01_a.ipynb"), "",
        f"*{COURSE_TITLE}* — **01 · A** · next: [02 · B](02_b.ipynb) ([open in Colab]({colab_b})) →",
        "", "**What you will learn.** a."]
    assert second.cells[0].source.split("\n")[4] == (
        f"*{COURSE_TITLE}* — ← previous: [01 · A](01_a.ipynb) ([open in Colab]({colab_url('notebooks/01_a.ipynb')}))"
        " · **02 · B**")
    assert first.cells[-1].source == f"**Next:** [02 · B](02_b.ipynb) ([open in Colab]({colab_b})) — more."
    for notebook in notebooks.values():  # an old setup cell is brought up to date; what follows it is kept
        assert notebook.cells[1].source == f"{SETUP_CODE}\n\nimport numpy as np"
    for name, notebook in notebooks.items():  # the body cells are never touched
        assert notebook.cells[2].source == before[name].cells[2].source
    assert second.cells[-1].source == before["02_b.ipynb"].cells[-1].source  # the last notebook: no next
    texts = {path.name: path.read_text() for path in tiny_course.glob("*.ipynb")}
    normalise_folder(tiny_course)
    assert texts == {path.name: path.read_text() for path in tiny_course.glob("*.ipynb")}, "not idempotent"


def test_a_new_notebook_joins_the_navigation(tiny_course):
    """Notebook 03 appears: 02's header and last cell now lead to it, named from its own header or its file name."""
    normalise_folder(tiny_course)
    (tiny_course / "03_third_topic.ipynb").write_text(tiny_notebook(3, "c"))
    notebooks = normalise_folder(tiny_course)
    link = f"[03 · Third topic](03_third_topic.ipynb) ([open in Colab]({colab_url('notebooks/03_third_topic.ipynb')}))"
    assert notebooks["02_b.ipynb"].cells[0].source.split("\n")[4].endswith(f"· **02 · B** · next: {link} →")
    assert notebooks["02_b.ipynb"].cells[-1].source == f"## Key terms\n\nNone.\n\n**Next:** {link}"
    assert "· **03 · Third topic**" in notebooks["03_third_topic.ipynb"].cells[0].source
    # A name the author gives in bold in the navigation line is kept, and used by the neighbours.
    path = tiny_course / "03_third_topic.ipynb"
    path.write_text(path.read_text().replace("**03 · Third topic**", "**03 · Something else**"))
    assert "[03 · Something else](03_third_topic.ipynb)" in normalise_folder(tiny_course)["02_b.ipynb"].cells[0].source


def test_normaliser_refuses_a_notebook_without_the_setup_cell(tiny_course):
    (tiny_course / "02_b.ipynb").write_text(tiny_notebook(2, "b", setup="import helpers"))
    with pytest.raises(ValueError, match=r"02_b.ipynb: the first code cell must start with the course's setup"):
        run_notebooks().normalised_text(tiny_course / "02_b.ipynb")


def test_the_course_stays_a_beginner_s_length():
    """A beginner finishes the core path in about two hours: its prose and the whole course's stay within their
    word budgets (tools/course_size.py prints the counts)."""
    spec = importlib.util.spec_from_file_location("course_size", ROOT / "tools" / "course_size.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    sizes = tool.course_size()
    core = sum(words for name, words in sizes.items() if name[:2] in tool.CORE_PATH)
    assert core <= tool.CORE_WORDS, f"the core path has {core:,} words of prose, more than {tool.CORE_WORDS:,}"
    assert sum(sizes.values()) <= tool.COURSE_WORDS, f"the course has {sum(sizes.values()):,} words of prose"
    assert set(tool.CORE_PATH) < {name[:2] for name in sizes}, "the core path's notebooks are missing"


# helpers/__init__.py's table: "models.dense_model   02   what the notebook shows".
SHOWN_FIRST = re.compile(r"^ {4}((?:data|models|plots)\.\w+) +(\d\d) ", re.MULTILINE)


def test_a_helper_wraps_only_lesson_code_a_notebook_has_shown_first():
    import helpers
    from helpers import models

    shown_in = {name: int(number) for name, number in SHOWN_FIRST.findall(helpers.__doc__)}
    public = {f"models.{name}" for name, value in vars(models).items()
              if not name.startswith("_") and callable(value) and getattr(value, "__module__", "") == models.__name__}
    assert public <= shown_in.keys(), f"helpers/__init__.py's table lacks {sorted(public - shown_in.keys())}"
    for name, number in shown_in.items():
        uses = re.compile(rf"(?<![\w.]){re.escape(name)}\b")
        too_early = [path.name for path in NOTEBOOKS[:number - 1]
                     if any(uses.search(cell.source) for cell in code_cells(load(path)))]
        assert not too_early, f"{', '.join(too_early)} call {name} before notebook {number:02d} shows its code"
        assert any(uses.search(cell.source) for path in NOTEBOOKS[number - 1:] for cell in code_cells(load(path))), (
            f"no notebook calls {name}: take it off the table (or out of the helpers)")

