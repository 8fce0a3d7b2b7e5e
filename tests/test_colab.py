"""The Colab and Kaggle paths, simulated offline: each notebook's setup cell installs the pinned helpers from git.

In Colab a learner's first code cell runs ``%pip install "git+<the repository>@<pinned commit>"`` in a
kernel that has ``google.colab`` imported, TensorFlow and friends preinstalled, and no course helpers;
Kaggle is the same but for the module its kernel has imported, ``kaggle_secrets``. This test rebuilds
that situation on this machine, without the network, once for all notebooks on each platform:

- the repository is a throwaway local git repository made from the working tree's package
  files (pyproject.toml, README.md, helpers/), so what is tested is what would be pushed; a later
  commit on top of it breaks the helpers, so the install shows that the pin, not the newest commit,
  decides what learners get (tests/test_course.py checks that the real pin is a commit of this history);
- the platform is a fresh virtual environment whose preinstalled packages are borrowed from the
  environment running the tests (the default stack, or the Colab-parity one of
  requirements-colab.txt): a folder of links to its site-packages entries, less any copy of the
  helpers, added as a plain path (its ``.pth`` hooks, the editable install's among them, are not
  run), so ``helpers`` is not importable before the setup cell (checked) and pip can add to the
  environment but never change what it borrows;
- ``google.colab`` (or ``kaggle_secrets``) is a stand-in package on PYTHONPATH, imported before the
  first cell;
- the setup cell runs unchanged but for the address and pin (``git+file://`` the local repository,
  at its pinned commit) and pip options that keep it offline: no index, and the build either uses this environment's
  setuptools or, where that is too old to build the helpers (Colab's 75.2), pip's isolated build
  environment as in Colab, from a setuptools wheel in ``<environment>/build-wheels`` (.ci/run
  puts it there).

The shared setup cell first runs in the fresh environment and installs the helpers: the test
checks where they came from (their file, the git commit pip recorded) and that pip added them and
nothing else. Then, in that same environment, each notebook's setup cell and the next code cells
run in a new kernel, as in a new session (its ``%pip`` finds the helpers already installed). The Colab
simulation runs on Colab's versions only (requirements-colab.txt, .ci/run's Colab stage); Kaggle's everywhere.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import site
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import nbformat
import pytest

from helpers.course import HELPERS_SOURCE, SETUP_CODE, colab_url

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PACKAGE_FILES = ("pyproject.toml", "README.md", "helpers")  # what `pip install git+...` needs
DISTRIBUTION = "fashion_course_helpers"  # pyproject.toml's name, as in the installed dist-info folder's name
CELLS_AFTER_SETUP = 1  # the first cell after it uses the installed helpers, unless it trains (below)
# pyproject.toml's `license = "MIT"` (an SPDX string, PEP 639) needs setuptools 77 or newer to build.
MIN_SETUPTOOLS = 77
# Where an environment whose setuptools is older keeps a newer setuptools wheel for isolated builds.
BUILD_WHEELS = Path(sys.prefix) / "build-wheels"
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


@dataclass(frozen=True)
class Platform:
    """A hosted notebook service whose setup cell installs the helpers: its name, and the module its kernel
    has imported before the first cell runs (which the setup cell looks for)."""

    name: str
    module: str

    @property
    def kernel(self) -> str:
        return f"# Test harness: what {self.name}'s kernel is like before the first cell.\nimport {self.module}\n"

    @property
    def probe(self) -> str:
        """A cell that prints where everything came from."""
        return f"""\
# Test harness: where everything came from.
import json, sys, {self.module}, helpers
print(json.dumps({{"executable": sys.executable, "helpers": helpers.__file__,
                  "platform": {self.module}.__file__, "pip_exit_code": globals().get("_exit_code")}}))
"""


PLATFORMS = [Platform("Colab", "google.colab"), Platform("Kaggle", "kaggle_secrets")]


def on_colab_versions() -> bool:
    """Whether this environment has Colab's TensorFlow and Keras, as requirements-colab.txt pins them."""
    pins = re.findall(r"^(tensorflow|keras)==(\S+)$", (ROOT / "requirements-colab.txt").read_text(), re.MULTILINE)
    return len(pins) == 2 and all(version(name) == pinned for name, pinned in pins)


# A simulated Colab is Colab only on Colab's versions (the Colab stack of .ci/run); elsewhere it would test a Colab
# that does not exist. Kaggle's versions are not pinned anywhere: its simulation runs on every stack.
ON_COLAB_VERSIONS = pytest.mark.skipif(not on_colab_versions(),
                                       reason="a Colab session needs Colab's versions (requirements-colab.txt)")
# A fresh Colab or Kaggle session has no course helpers.
NOT_INSTALLED = """\
import importlib.util
assert importlib.util.find_spec("helpers") is None, "helpers is importable before the setup cell installs it"
"""
# What the commit after the pinned one does to the helpers: installing it instead would fail loudly.
NOT_THE_PIN = 'raise ImportError("installed the newest commit of the repository, not the pinned one")\n'


@dataclass
class Colab:
    """A simulated hosted environment (Colab or Kaggle): its platform, folder, Python, own site-packages and
    the kernel's variables."""

    platform: Platform
    folder: Path
    python: Path
    site_packages: Path
    env: dict[str, str]
    pip_options: str  # what keeps the setup cell's `%pip install` offline


def code_cells(path: Path) -> list[nbformat.NotebookNode]:
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    """Run ``command``; on failure, raise with everything it printed."""
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, command))} exited with {result.returncode}:\n"
                             f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return result


def offline_pip_options() -> str:
    """Options that let the setup cell's pip build and install the helpers without the network."""
    if any(BUILD_WHEELS.glob("setuptools-*.whl")):
        # As Colab's pip does, build in an isolated environment, with setuptools from this folder.
        return f"--no-index --find-links {shlex.quote(str(BUILD_WHEELS))}"
    setuptools = version("setuptools")
    assert int(setuptools.split(".")[0]) >= MIN_SETUPTOOLS, (
        f"setuptools {setuptools} cannot build the helpers offline: pip install 'setuptools>={MIN_SETUPTOOLS}' "
        f"(it belongs in requirements.txt), or, to keep this environment's setuptools as it is, "
        f"pip download --no-deps --dest {BUILD_WHEELS} 'setuptools>={MIN_SETUPTOOLS}'")
    return "--no-index --no-build-isolation"


@dataclass
class Repository:
    """The throwaway repository: its folder, the commit the setup cell pins, and the newer commit on top of it."""

    folder: Path
    pinned: str
    newest: str

    @property
    def source(self) -> str:
        """What the setup cell installs from instead of course.HELPERS_SOURCE: this repository, at its pin."""
        return f"git+{self.folder.as_uri()}@{self.pinned}"


def offline_setup_cell(source: str, repository: Repository, pip_options: str) -> str:
    """The setup cell as the learner has it, pointed at the local repository's pinned commit and kept offline."""
    replacements = {
        HELPERS_SOURCE: repository.source,
        "%pip install ": f"%pip install {pip_options} ",
    }
    for old, new in replacements.items():
        assert source.count(old) == 1, (
            f"the setup cell does not contain {old!r} exactly once: if the notebook's setup cell is out of date, "
            f"run python tools/run_notebooks.py --no-execute; else update the simulation in {__file__}")
        source = source.replace(old, new)
    return source


def is_helpers(name: str) -> bool:
    """Whether a site-packages entry belongs to an installed copy of the helpers (editable or not)."""
    return name == "helpers" or (name.startswith((f"{DISTRIBUTION}-", "__editable__")) and DISTRIBUTION in name)


def make_colab_environment(folder: Path, platform: Platform) -> Colab:
    """A fresh virtual environment for ``platform`` in ``folder``, its packages borrowed from this environment."""
    venv = folder / "colab-venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])  # based on the base interpreter
    python = venv / "bin" / "python"
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip()
    site_packages = Path(purelib)
    # Colab's preinstalled packages (TensorFlow, IPython, pip, ...) are borrowed from this environment
    # through a folder of links to its site-packages entries, leaving out any copy of the helpers. A
    # directory line in a .pth file only extends sys.path: the .pth files in that folder are not run.
    # The folder lies outside the virtual environment, so pip never uninstalls or upgrades anything in it.
    preinstalled = folder / "colab-preinstalled"
    preinstalled.mkdir()
    for directory in site.getsitepackages():
        for entry in Path(directory).iterdir():
            if not is_helpers(entry.name) and not (preinstalled / entry.name).exists():
                (preinstalled / entry.name).symlink_to(entry)
    (site_packages / "_colab_preinstalled.pth").write_text(f"{preinstalled}\n")
    # Colab runs the kernel that the environment provides; this is its kernel, spelled out.
    kernel = venv / "share" / "jupyter" / "kernels" / "python3"
    kernel.mkdir(parents=True)
    (kernel / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (simulated Colab)", "language": "python"}))
    # The stand-in for the platform's own module, as a package. Its parents get no __init__.py: they are namespace
    # portions, so that google.protobuf, say, still imports beside a stand-in google.colab.
    standin = folder / "platform-standin"
    package = standin.joinpath(*platform.module.split("."))
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(f'"""Stand-in for {platform.name}\'s {platform.module} (test)."""\n')

    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("PYTHON", "PIP_", "JUPYTER", "IPYTHON")) and key not in {"VIRTUAL_ENV", "MPLBACKEND"}}
    env.update({
        "PYTHONPATH": str(standin),
        "PYTHONNOUSERSITE": "1",
        "PIP_CONFIG_FILE": os.devnull,  # no machine's pip configuration (indexes, constraints) takes part
        "PIP_NO_CACHE_DIR": "1",  # build from the repository every time, never from a cached wheel
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        # Fresh Jupyter and IPython folders: no user-level kernel or profile can take part.
        "JUPYTER_CONFIG_DIR": str(folder / "jupyter-config"),
        "JUPYTER_DATA_DIR": str(folder / "jupyter-data"),
        "JUPYTER_RUNTIME_DIR": str(folder / "jupyter-runtime"),
        "IPYTHONDIR": str(folder / "ipython"),
    })
    return Colab(platform, folder, python, site_packages, env, offline_pip_options())


def run_in_colab(colab: Colab, sources: list[str], folder: Path) -> tuple[nbformat.NotebookNode, dict]:
    """Run ``sources`` as the cells of a new notebook in a new kernel of ``colab``; the result and the probe's."""
    workdir = folder / "content"  # like Colab's /content: not the notebook's folder, not the checkout
    workdir.mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)
                                               for source in [colab.platform.kernel, *sources, colab.platform.probe]])
    nbformat.write(notebook, folder / "colab.ipynb")
    result = subprocess.run(
        [str(colab.python), "-c", DRIVER, str(folder / "colab.ipynb"), str(folder / "done.ipynb"),
         str(KERNEL_TIMEOUT_S)], cwd=workdir, env=colab.env, capture_output=True, text=True,
        timeout=KERNEL_TIMEOUT_S + 60)
    assert result.returncode == 0, (  # nbclient's report, without the traceback's colour codes
        f"a cell failed in the simulated {colab.platform.name}:\n"
        f"{ANSI_CODES.sub('', result.stdout[-3000:] + result.stderr[-8000:])}")
    executed = nbformat.read(folder / "done.ipynb", as_version=4)
    probe = json.loads("".join(output.get("text", "") for output in executed.cells[-1].outputs))
    assert probe["executable"] == str(colab.python), f"the kernel is not the simulated {colab.platform.name}'s Python"
    assert Path(probe["platform"]).is_relative_to(colab.folder / "platform-standin"), (
        f"{colab.platform.module} is not the stand-in: {probe['platform']}")
    return executed, probe


def assert_helpers_from_the_install(colab: Colab, probe: dict, repository: Repository) -> None:
    helpers_file = Path(probe["helpers"])
    assert helpers_file.is_relative_to(colab.site_packages), f"helpers came from {helpers_file}, not the install"
    assert not helpers_file.is_relative_to(ROOT)
    # pip records where an install came from: it must be the local repository, at the pinned commit.
    (record,) = colab.site_packages.glob(f"{DISTRIBUTION}-*.dist-info/direct_url.json")
    origin = json.loads(record.read_text())
    assert origin["url"] == repository.folder.as_uri(), origin
    assert origin["vcs_info"] == {"vcs": "git", "requested_revision": repository.pinned,
                                  "commit_id": repository.pinned}, origin


@pytest.fixture(scope="module")
def local_repository(tmp_path_factory) -> Repository:
    """A throwaway git repository: a commit of the working tree's package files (the one to pin), then one that
    breaks the helpers (what a hijacked or rewritten repository could push)."""
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
    run([*git, "commit", "--quiet", "--message", "snapshot of the working tree for the Colab and Kaggle tests"])
    pinned = run([*git, "rev-parse", "HEAD"]).stdout.strip()
    with (repository / "helpers" / "__init__.py").open("a") as init:
        init.write(NOT_THE_PIN)
    run([*git, "commit", "--quiet", "--all", "--message", "a later commit that learners must not get"])
    return Repository(repository, pinned, run([*git, "rev-parse", "HEAD"]).stdout.strip())


@pytest.fixture(scope="module", params=[pytest.param(PLATFORMS[0], marks=ON_COLAB_VERSIONS), PLATFORMS[1]],
                ids=[platform.name for platform in PLATFORMS])
def fresh_install(request, tmp_path_factory, local_repository) -> tuple[Colab, nbformat.NotebookNode, dict]:
    """One simulated Colab, or Kaggle, for every notebook, and the shared setup cell's first run in it, which
    installs the helpers: the environment, the executed cells and the probe's findings."""
    platform = request.param
    colab = make_colab_environment(tmp_path_factory.mktemp(platform.name.lower()), platform)
    sources = [NOT_INSTALLED, offline_setup_cell(SETUP_CODE, local_repository, colab.pip_options)]
    executed, probe = run_in_colab(colab, sources, tmp_path_factory.mktemp("first-session"))
    return colab, executed, probe


def test_setup_cell_installs_the_pinned_helpers_from_git_and_nothing_else(fresh_install, local_repository):
    colab, executed, probe = fresh_install
    assert local_repository.pinned != local_repository.newest
    assert probe["pip_exit_code"] == 0, f"%pip install failed: {executed.cells[2].outputs}"
    assert_helpers_from_the_install(colab, probe, local_repository)
    # What pip put into the environment: the helpers alone. Had it upgraded one of the packages Colab
    # preinstalls (TensorFlow, NumPy, ...), that package would be here too.
    added = {entry.name for entry in colab.site_packages.iterdir()} - {"_colab_preinstalled.pth", "__pycache__"}
    assert {name for name in added if not is_helpers(name)} == set(), f"pip also installed {sorted(added)}"


@pytest.fixture(params=NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def notebook_path(request) -> Path:
    return request.param


# Every notebook in Colab (on Colab's versions, above). Kaggle runs the same setup cell, so its install test covers it.
@ON_COLAB_VERSIONS
@pytest.mark.parametrize("fresh_install", PLATFORMS[:1], ids=[PLATFORMS[0].name], indirect=True)
def test_setup_cell_and_first_cells_run(notebook_path, fresh_install, local_repository, tmp_path):
    """A new session in Colab where the helpers are installed: each notebook's setup cell (its %pip finds them
    already there) and the cells after it."""
    colab, _, _ = fresh_install
    setup, *after = code_cells(notebook_path)[: 1 + CELLS_AFTER_SETUP]
    # A cell that trains (05 opens with the whole recipe, 10 epochs) tests training, not the install: 01's
    # first cell after the setup runs the lesson's tfds.load, and every setup cell imports the helpers.
    cells = [setup, *(cell for cell in after if ".fit(" not in cell.source)]
    cells[0].source = offline_setup_cell(cells[0].source, local_repository, colab.pip_options)
    executed, probe = run_in_colab(colab, [cell.source for cell in cells], tmp_path)
    assert probe["pip_exit_code"] == 0, f"%pip install failed: {executed.cells[1].outputs}"
    assert_helpers_from_the_install(colab, probe, local_repository)


def test_colab_links_open_existing_notebooks_and_the_badge_its_own(notebook_path):
    """tests/test_notebooks.py checks the badges and links are the normaliser's; this checks that every Colab
    link opens a notebook of this repository that exists, and the badge this one."""
    notebook = nbformat.read(notebook_path, as_version=4)
    own = colab_url(f"notebooks/{notebook_path.name}")
    prefix = colab_url("notebooks/x.ipynb").removesuffix("notebooks/x.ipynb")
    for index, cell in enumerate(notebook.cells):
        for link in COLAB_LINK.findall(cell.source if cell.cell_type == "markdown" else ""):
            assert link.startswith(prefix), f"cell {index}: {link} is not a link into this repository's {prefix}"
            path = PurePosixPath(urlsplit(link).path.removeprefix(urlsplit(prefix).path))
            assert (ROOT / path).is_file(), f"cell {index}: {link} opens {path}, which does not exist"
    badge = re.search(r"\[!\[Open In Colab\]\([^)]*\)\]\(([^)]*)\)", notebook.cells[0].source)
    assert badge and badge.group(1) == own, "the title cell's Colab badge does not open this notebook"
