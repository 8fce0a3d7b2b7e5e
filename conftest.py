"""Project-wide pytest hooks (here, not in tests/, so they also reach notebooks/)."""

from pathlib import Path

import pytest


def pytest_collectstart(collector):
    """nbval: do not compare widget views (a random model id; the static figure and text beside each
    widget are compared). stderr is compared: the committed notebooks have none, so a new warning
    fails its cell."""
    if collector.path is not None and collector.path.suffix == ".ipynb" and hasattr(collector, "skip_compare"):
        collector.skip_compare = (*collector.skip_compare, "application/vnd.jupyter.widget-view+json")


NOTEBOOK_DIR = Path(__file__).resolve().parent / "notebooks"


def _files_in_notebook_dir() -> set[str]:
    return {str(path.relative_to(NOTEBOOK_DIR)) for path in NOTEBOOK_DIR.rglob("*") if path.is_file()}


def pytest_sessionstart(session):
    session.config._notebook_files_before = _files_in_notebook_dir()


def pytest_sessionfinish(session, exitstatus):
    """Running the notebooks must leave nothing behind in the checkout (models and figures go to
    a temporary folder): any new file under notebooks/ fails the run."""
    left = sorted(_files_in_notebook_dir() - session.config._notebook_files_before)
    if left:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"FAILED: the run left files in notebooks/: {', '.join(left)}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
