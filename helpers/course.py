"""What every notebook shares: the repository's address, the setup cell, the badges and the links.

The repository's address lives here and nowhere else: every notebook's setup cell, badges and
navigation links are made from it (``python tools/run_notebooks.py --no-execute`` writes them into the
notebooks; ``tests/test_notebooks.py`` checks that they agree with this file).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import platform
import sys
import warnings
from pathlib import PurePosixPath
from urllib.parse import quote

# A placeholder: set it to the course's real home before publishing (README, "Before publishing a copy").
REPOSITORY = "first-neural-network/fashion-mnist-course"
REPOSITORY_URL = f"https://github.com/{REPOSITORY}"
BRANCH = "main"
# The release of the helpers every setup cell installs in Colab and Kaggle: a full commit hash, so that nobody
# who gains control of the repository, or rewrites its history, can change the code learners run. It moves
# only when a release is cut (`python tools/pin_helpers.py`); CI's Colab stage runs every notebook with it.
HELPERS_COMMIT = "f06fcb03911594b2a292c19aaaeb67377e3edf29"
HELPERS_SOURCE = f"git+{REPOSITORY_URL}@{HELPERS_COMMIT}"
COURSE_TITLE = "Your first neural network: classifying clothing with TensorFlow and Keras"
# The first line of a check cell: a form title in Colab; the normaliser collapses the cell in JupyterLab,
# skips it in the slides and leaves it off the website.
CHECK_TITLE = "#@title Check: does your run agree with this section?"
SEED = 42

# The first lines of every notebook's setup cell. Colab and Kaggle have TensorFlow already; installing
# the helpers there must not upgrade it, which is why the package does not depend on it. Kaggle's
# kernel has imported kaggle_secrets, as Colab's has google.colab.
SETUP_CODE = f'''\
# Setup, the same in every notebook. In Colab or Kaggle, first install the course helpers
# (the version this course was tested with: the commit after the "@").
import sys
if "google.colab" in sys.modules or "kaggle_secrets" in sys.modules:
    %pip install --quiet "{HELPERS_SOURCE}"
import helpers
helpers.setup()  # fixed random seeds, quiet TensorFlow start-up, course plot style'''

# The badges' pictures, as each service publishes them.
COLAB_BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
KAGGLE_BADGE_IMAGE = "https://kaggle.com/static/images/open-in-kaggle.svg"
BINDER_BADGE_IMAGE = "https://mybinder.org/badge_logo.svg"


def _repository_path(notebook: str | os.PathLike) -> PurePosixPath:
    path = PurePosixPath(notebook)
    if path.is_absolute() or path.suffix != ".ipynb":
        raise ValueError(
            f"Expected a notebook path inside the repository, like 'notebooks/01_x.ipynb', not {notebook!r}."
        )
    return path


def colab_url(notebook: str | os.PathLike) -> str:
    """The address that opens ``notebook`` (a path inside the repository) in Google Colab.

    Example:
        >>> colab_url("notebooks/01_data_exploration.ipynb")
        'https://colab.research.google.com/github/first-neural-network/fashion-mnist-course/blob/main/notebooks/01_data_exploration.ipynb'
    """
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/{_repository_path(notebook)}"


def kaggle_url(notebook: str | os.PathLike) -> str:
    """The address that opens a copy of ``notebook`` (a path inside the repository) in a Kaggle notebook.

    Example:
        >>> kaggle_url("notebooks/01_data_exploration.ipynb")
        'https://kaggle.com/kernels/welcome?src=https://github.com/first-neural-network/fashion-mnist-course/blob/main/notebooks/01_data_exploration.ipynb'
    """
    return f"https://kaggle.com/kernels/welcome?src={REPOSITORY_URL}/blob/{BRANCH}/{_repository_path(notebook)}"


def binder_url(notebook: str | os.PathLike) -> str:
    """The address that builds the repository on mybinder.org (from binder/) and opens ``notebook`` in JupyterLab.

    Example:
        >>> binder_url("notebooks/01_data_exploration.ipynb")
        'https://mybinder.org/v2/gh/first-neural-network/fashion-mnist-course/main?labpath=notebooks%2F01_data_exploration.ipynb'
    """
    return f"https://mybinder.org/v2/gh/{REPOSITORY}/{BRANCH}?labpath={quote(str(_repository_path(notebook)), safe='')}"


def colab_badge(notebook: str | os.PathLike) -> str:
    """The Markdown "Open in Colab" badge for ``notebook`` (a path inside the repository)."""
    return f"[![Open In Colab]({COLAB_BADGE_IMAGE})]({colab_url(notebook)})"


def kaggle_badge(notebook: str | os.PathLike) -> str:
    """The Markdown "Open in Kaggle" badge for ``notebook`` (a path inside the repository)."""
    return f"[![Open In Kaggle]({KAGGLE_BADGE_IMAGE})]({kaggle_url(notebook)})"


def binder_badge(notebook: str | os.PathLike) -> str:
    """The Markdown "launch binder" badge for ``notebook`` (a path inside the repository)."""
    return f"[![Launch Binder]({BINDER_BADGE_IMAGE})]({binder_url(notebook)})"


def badges(notebook: str | os.PathLike) -> str:
    """The line of badges that opens ``notebook`` in Colab, Kaggle or Binder: each notebook's header has it.

    Example:
        >>> badges("notebooks/01_data_exploration.ipynb").startswith("[![Open In Colab]")
        True
    """
    return " ".join(badge(notebook) for badge in (colab_badge, kaggle_badge, binder_badge))


@contextlib.contextmanager
def _native_stderr_silenced():
    """Send what C++ code writes to file descriptor 2 to /dev/null for a moment.

    TensorFlow's native start-up lines (CUDA probing, CPU features) bypass Python and the
    log-level variable; in a notebook they would show as a red block under the import.
    """
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def setup(seed: int = SEED) -> None:
    """Prepare a notebook: import TensorFlow quietly, fix random seeds, set the plot style.

    Calling it again with the same seed restarts every random sequence from the same point.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # hides TensorFlow's later C++ log lines
    with _native_stderr_silenced():
        import keras
        import tensorflow  # noqa: F401

    from helpers import plots

    # The course's input pipelines shuffle their own batches; Keras 3.15 warns that fit's shuffle=True is then
    # ignored for a tf.data.Dataset (notebook 05 explains it once).
    warnings.filterwarnings("ignore", message=r"`shuffle=True` was passed, but will be ignored")
    keras.utils.set_random_seed(seed)  # seeds Python, NumPy and TensorFlow together
    plots.use_course_style()
    _show_figures_inline()


# What a bug report needs to know: the packages the course runs on, in this order.
REPORTED_PACKAGES = ("tensorflow", "keras", "tensorflow-datasets", "numpy", "matplotlib", "pillow", "ipywidgets",
                     "ipykernel", "ipython", "jupyterlab", "fashion-course-helpers")


def where_running() -> str:
    """Where this Python runs: "Google Colab", "Kaggle" or "local" (JupyterLab, VS Code, a script)."""
    if "google.colab" in sys.modules:
        return "Google Colab"
    if "kaggle_secrets" in sys.modules or "KAGGLE_KERNEL_RUN_TYPE" in os.environ:
        return "Kaggle"
    return "local"


def versions() -> dict[str, str]:
    """Print (and return) the versions a bug report needs: Python, the course's packages, the system.

    Example:
        >>> import helpers; helpers.versions()
        Python            3.11.7
        tensorflow        2.21.0
        ...
    """
    found = {"Python": platform.python_version()}
    for package in REPORTED_PACKAGES:
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = "not installed"
    found["system"] = f"{platform.system()} {platform.release()} ({platform.machine()})"
    found["running in"] = where_running()
    width = max(map(len, found))
    print("\n".join(f"{name:<{width}}  {value}" for name, value in found.items()))
    return found


def _show_figures_inline() -> None:
    """In a notebook, show every Figure a cell returns as a picture (the helpers bypass pyplot)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None and hasattr(shell, "kernel"):
        shell.run_line_magic("matplotlib", "inline")


def check_run(claims: dict[str, bool], measured: str = "") -> None:
    """Say in one line whether this run shows what the section above says (its ``claims``).

    Training gives slightly different numbers on every computer, so the text states only what holds on
    any of them, and each check cell tests exactly that. ``measured`` gives your own numbers, shown if a
    claim fails.

    Example:
        >>> check_run({"the model reaches 85% or more": 0.889 >= 0.85})
        ✓ Your run agrees with this section: the model reaches 85% or more.
    """
    failed = [claim for claim, holds in claims.items() if not holds]
    if not failed:
        print(f"✓ Your run agrees with this section: {'; '.join(claims)}.")
    else:
        print(f"✗ Your run differs from this section: it expected {'; '.join(failed)}"
              + (f", and measured {measured}" if measured else "") + ".\n"
              "The text above may not hold for this run. If you changed a cell above, run the whole notebook again "
              "from the top (Run > Run All Cells). If you did not, please report it with the output of "
              "helpers.versions().")
