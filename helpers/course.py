"""What every notebook shares: the repository's address, the setup cell and the Colab badge.

The repository's address lives here and nowhere else; the notebook tests check that every
notebook's setup cell and badge agree with it.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import os
import platform
import sys
from pathlib import PurePosixPath

REPOSITORY = "first-neural-network/fashion-mnist-course"
REPOSITORY_URL = f"https://github.com/{REPOSITORY}"
BRANCH = "main"
SEED = 42

# The first lines of every notebook's setup cell. Colab has TensorFlow already; installing
# the helpers there must not upgrade it, which is why the package does not depend on it.
SETUP_CODE = f'''\
# Setup, the same in every notebook. In Colab, first install the course helpers.
import sys
if "google.colab" in sys.modules:
    %pip install --quiet "git+{REPOSITORY_URL}"
import helpers
helpers.setup()  # fixed random seeds, quiet TensorFlow start-up, course plot style'''


def colab_url(notebook: str | os.PathLike) -> str:
    """The address that opens ``notebook`` (a path inside the repository) in Google Colab.

    Example:
        >>> colab_url("notebooks/01_data_exploration.ipynb")
        'https://colab.research.google.com/github/first-neural-network/fashion-mnist-course/blob/main/notebooks/01_data_exploration.ipynb'
    """
    path = PurePosixPath(notebook)
    if path.is_absolute() or path.suffix != ".ipynb":
        raise ValueError(
            f"Expected a notebook path inside the repository, like 'notebooks/01_x.ipynb', not {notebook!r}."
        )
    return f"https://colab.research.google.com/github/{REPOSITORY}/blob/{BRANCH}/{path}"


def colab_badge(notebook: str | os.PathLike) -> str:
    """The Markdown "Open in Colab" badge for ``notebook`` (a path inside the repository)."""
    image = "https://colab.research.google.com/assets/colab-badge.svg"
    return f"[![Open In Colab]({image})]({colab_url(notebook)})"


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
