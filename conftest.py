"""Project-wide pytest hooks (here, not in tests/, so they also reach notebooks/)."""

import os
import subprocess
import sys
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


# Run in a separate Python, so that this process (pytest-xdist's controller) does not import TensorFlow.
PREPARE_TFDS = """
import sys
from helpers import data
try:
    data.tfds_data_dir()
except data.DataError as error:
    sys.exit(str(error))
"""


def _prepare_tfds_folder(config) -> None:
    """Have the course's TFDS folder ready before any notebook runs.

    A notebook that finds it missing prepares it and says so, which a learner should see once but the
    committed outputs do not show. With pytest-xdist this runs once, on the controller, before the workers
    start (xdist starts them in its own sessionstart, which runs last).
    """
    result = subprocess.run([sys.executable, "-c", PREPARE_TFDS], cwd=NOTEBOOK_DIR.parent, capture_output=True,
                            text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and result.stdout.strip():
        reporter.write_line(result.stdout.strip())
    if result.returncode != 0:
        pytest.exit(f"The notebooks need Fashion-MNIST in TensorFlow Datasets' format, and preparing it failed:\n"
                    f"{result.stderr.strip()[-3000:]}", returncode=pytest.ExitCode.USAGE_ERROR)


def pytest_configure(config):
    """Share the cores among pytest-xdist's workers. TensorFlow gives every process a thread per core, so
    two workers on two cores each run two threads and wait on each other: measured here, a CNN epoch took
    20.5 s beside a dense run that way and 11.8 s with one thread each. The notebooks' kernels inherit
    this environment; a value already set is kept."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers > 1:
        os.environ.setdefault("TF_NUM_INTRAOP_THREADS", str(max(1, (os.cpu_count() or 1) // workers)))


def pytest_sessionstart(session):
    session.config._notebook_files_before = _files_in_notebook_dir()
    option = session.config.option
    runs_notebooks = getattr(option, "nbval", False) or getattr(option, "nbval_lax", False)
    if runs_notebooks and not hasattr(session.config, "workerinput"):  # not in an xdist worker
        _prepare_tfds_folder(session.config)


def pytest_sessionfinish(session, exitstatus):
    """Running the notebooks must leave nothing behind in the checkout (models and figures go to
    a temporary folder): any new file under notebooks/ fails the run."""
    left = sorted(_files_in_notebook_dir() - session.config._notebook_files_before)
    if left:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"FAILED: the run left files in notebooks/: {', '.join(left)}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
