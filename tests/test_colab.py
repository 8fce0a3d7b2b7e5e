"""The Colab path, simulated offline: each notebook's setup cell installs the helpers from git.

In Colab a learner's first code cell runs ``%pip install "git+<the repository>"`` in a kernel
that has ``google.colab`` imported, TensorFlow and friends preinstalled, and no course helpers.
This test rebuilds that situation on this machine, without the network:

- the repository is a throwaway local git repository made from the working tree's package
  files (pyproject.toml, README.md, helpers/), so what is tested is what would be pushed;
- "Colab" is a fresh virtual environment whose only borrowed packages are this environment's
  site-packages folder, added as a plain path: the ``.pth`` hooks inside it are not run, so the
  project's editable install of ``helpers`` is invisible there (checked before the install);
- ``google.colab`` is a stand-in package on PYTHONPATH, imported before the first cell;
- the setup cell runs unchanged but for the address (``git+file://`` the local repository) and
  two pip options that keep it offline (no index, build with this environment's setuptools).

Then the setup cell and the next code cells run in a real kernel of that environment, and the
test checks that ``helpers`` came from the install (its file, and the git commit pip recorded).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import shutil
import site
import subprocess
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import nbformat
import pytest

from helpers.course import REPOSITORY_URL, colab_url

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PACKAGE_FILES = ("pyproject.toml", "README.md", "helpers")  # what `pip install git+...` needs
CELLS_AFTER_SETUP = 2  # code cells run after the setup cell
# pyproject.toml's `license = "MIT"` (an SPDX string, PEP 639) needs setuptools 77 or newer to build.
MIN_SETUPTOOLS = (77,)
KERNEL_TIMEOUT_S = 600
ANSI_CODES = re.compile(r"\x1b\[[0-9;]*m")
COLAB_LINK = re.compile(r"https://colab\.research\.google\.com/github/[^)\s\"']+")

# Runs inside the simulated Colab environment: execute a notebook in a real kernel, save the result.
DRIVER = """\
import sys
import nbformat
from nbclient import NotebookClient
notebook = nbformat.read(sys.argv[1], as_version=4)
timeout = int(sys.argv[3])
NotebookClient(notebook, kernel_name="python3", timeout=timeout, resources={"metadata": {"path": "."}}).execute()
nbformat.write(notebook, sys.argv[2])
"""

# Colab's kernel has imported google.colab before the first cell runs (the setup cell tests it).
BEFORE_SETUP = """\
# Test harness: what Colab's kernel is like before the first cell.
import importlib.util
import google.colab
assert importlib.util.find_spec("helpers") is None, "helpers is importable before the setup cell installs it"
"""

PROBE = """\
# Test harness: where everything came from.
import json, sys, google.colab, helpers
print(json.dumps({"executable": sys.executable, "helpers": helpers.__file__,
                  "colab": google.colab.__file__, "pip_exit_code": globals().get("_exit_code")}))
"""


def code_cells(path: Path) -> list[nbformat.NotebookNode]:
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run ``command``; on failure, raise with everything it printed."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, command))} exited with {result.returncode}:\n"
                             f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return result


def offline_setup_cell(source: str, repository: Path) -> str:
    """The setup cell as the learner has it, pointed at the local repository and kept offline."""
    replacements = {
        f"git+{REPOSITORY_URL}": f"git+{repository.as_uri()}",
        "%pip install ": "%pip install --no-index --no-build-isolation ",
    }
    for old, new in replacements.items():
        assert source.count(old) == 1, (
            f"the setup cell no longer contains {old!r} exactly once: update the Colab simulation in {__file__}")
        source = source.replace(old, new)
    return source


@pytest.fixture(scope="module")
def local_repository(tmp_path_factory) -> tuple[Path, str]:
    """A throwaway git repository with the working tree's package files; returns it and its commit."""
    setuptools_version = tuple(int(part) for part in importlib.metadata.version("setuptools").split(".")[:1])
    assert setuptools_version >= MIN_SETUPTOOLS, (
        f"setuptools {importlib.metadata.version('setuptools')} cannot build the helpers offline: "
        f"pip install 'setuptools>={MIN_SETUPTOOLS[0]}' (it belongs in requirements.txt)")
    repository = tmp_path_factory.mktemp("repository")
    for name in PACKAGE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repository / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, repository / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", "-C", str(repository)]
    run([*git, "init", "--quiet"])
    run([*git, "add", "--all"])
    run([*git, "commit", "--quiet", "--message", "snapshot of the working tree for the Colab test"])
    commit = run([*git, "rev-parse", "HEAD"]).stdout.strip()
    return repository, commit


def make_colab_environment(folder: Path) -> tuple[Path, Path, dict[str, str]]:
    """A fresh "Colab" virtual environment in ``folder``: returns its python, site-packages and env vars."""
    venv = folder / "colab-venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])  # based on the base interpreter
    python = venv / "bin" / "python"
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip()
    site_packages = Path(purelib)
    # Colab's preinstalled packages (TensorFlow, IPython, pip, ...) are borrowed from this environment.
    # A directory line in a .pth file only extends sys.path: the .pth files inside that directory,
    # among them the editable-install hook that finds the checkout's helpers, are not run.
    (site_packages / "_colab_preinstalled.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    # Colab runs the kernel that the environment provides; this is its kernel, spelled out.
    kernel = venv / "share" / "jupyter" / "kernels" / "python3"
    kernel.mkdir(parents=True)
    (kernel / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (simulated Colab)", "language": "python"}))
    # The stand-in for Colab's own module; a namespace portion, so google.protobuf still imports.
    standin = folder / "colab-standin"
    (standin / "google" / "colab").mkdir(parents=True)
    (standin / "google" / "colab" / "__init__.py").write_text('"""Stand-in for Colab\'s google.colab (test)."""\n')

    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "PIP_", "JUPYTER", "IPYTHON")) and key not in {"VIRTUAL_ENV", "MPLBACKEND"}}
    env.update({
        "PYTHONPATH": str(standin),
        "PYTHONNOUSERSITE": "1",
        "PIP_NO_CACHE_DIR": "1",  # build from the repository every time, never from a cached wheel
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        # Fresh Jupyter and IPython folders: no user-level kernel or profile can take part.
        "JUPYTER_CONFIG_DIR": str(folder / "jupyter-config"),
        "JUPYTER_DATA_DIR": str(folder / "jupyter-data"),
        "JUPYTER_RUNTIME_DIR": str(folder / "jupyter-runtime"),
        "IPYTHONDIR": str(folder / "ipython"),
    })
    return python, site_packages, env


@pytest.fixture(params=NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def notebook_path(request) -> Path:
    return request.param


def test_setup_cell_installs_helpers_from_git_and_first_cells_run(notebook_path, local_repository, tmp_path):
    repository, commit = local_repository
    python, site_packages, env = make_colab_environment(tmp_path)
    workdir = tmp_path / "content"  # like Colab's /content: not the notebook's folder, not the checkout
    workdir.mkdir()

    cells = code_cells(notebook_path)[: 1 + CELLS_AFTER_SETUP]
    cells[0].source = offline_setup_cell(cells[0].source, repository)
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell(BEFORE_SETUP),
        *(nbformat.v4.new_code_cell(cell.source) for cell in cells),
        nbformat.v4.new_code_cell(PROBE),
    ])
    nbformat.write(notebook, tmp_path / "colab.ipynb")

    result = subprocess.run(
        [str(python), "-c", DRIVER, str(tmp_path / "colab.ipynb"), str(tmp_path / "done.ipynb"), str(KERNEL_TIMEOUT_S)],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=KERNEL_TIMEOUT_S + 60)
    assert result.returncode == 0, (  # nbclient's report, without the traceback's colour codes
        f"a cell failed in the simulated Colab:\n{ANSI_CODES.sub('', result.stdout[-3000:] + result.stderr[-8000:])}")

    executed = nbformat.read(tmp_path / "done.ipynb", as_version=4)
    probe = json.loads("".join(output.get("text", "") for output in executed.cells[-1].outputs))
    assert probe["executable"] == str(python), "the kernel is not the simulated Colab environment's Python"
    assert probe["pip_exit_code"] == 0, f"%pip install failed: {executed.cells[1].outputs}"
    standin = tmp_path / "colab-standin"
    assert Path(probe["colab"]).is_relative_to(standin), f"google.colab is not the stand-in: {probe['colab']}"
    helpers_file = Path(probe["helpers"])
    assert helpers_file.is_relative_to(site_packages), f"helpers was imported from {helpers_file}, not the install"
    assert not helpers_file.is_relative_to(ROOT)

    # pip records where an install came from: it must be the local repository, at its commit.
    (record,) = site_packages.glob("fashion_course_helpers-*.dist-info/direct_url.json")
    origin = json.loads(record.read_text())
    assert origin["url"] == repository.as_uri() and origin["vcs_info"] == {"vcs": "git", "commit_id": commit}, origin


def test_colab_links_open_existing_notebooks_and_the_badge_its_own(notebook_path):
    """tests/test_notebooks.py checks the badge is present; this checks no Colab link points elsewhere."""
    notebook = nbformat.read(notebook_path, as_version=4)
    own = colab_url(f"notebooks/{notebook_path.name}")
    prefix = colab_url("notebooks/x.ipynb").removesuffix("notebooks/x.ipynb")
    for index, cell in enumerate(notebook.cells):
        for link in COLAB_LINK.findall(cell.source if cell.cell_type == "markdown" else ""):
            assert link.startswith(prefix), f"cell {index}: {link} is not a link into this repository's {prefix}"
            path = PurePosixPath(urlsplit(link).path.removeprefix(urlsplit(prefix).path))
            assert (ROOT / path).is_file(), f"cell {index}: {link} opens {path}, which does not exist"
            if index == 0:
                assert link == own, f"the title cell's Colab link opens {path}, not this notebook"
