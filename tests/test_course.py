"""helpers.course: the repository's address, the setup cell, the badges and setup(); the pin of the helpers
(tools/pin_helpers.py); the places that name the address or open the course (Binder's configuration)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest
import yaml

from helpers import course

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/01_data_exploration.ipynb"


def load_tool(name: str) -> types.ModuleType:
    """tools/<name>.py as a module (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_urls_open_the_notebook_of_the_repository_in_colab_kaggle_and_binder():
    """The addresses, written out by hand for the repository's placeholder home."""
    assert course.colab_url(NOTEBOOK) == ("https://colab.research.google.com/github/first-neural-network/"
                                          "fashion-mnist-course/blob/main/notebooks/01_data_exploration.ipynb")
    assert course.kaggle_url(NOTEBOOK) == ("https://kaggle.com/kernels/welcome?src=https://github.com/"
                                           "first-neural-network/fashion-mnist-course/blob/main/notebooks/"
                                           "01_data_exploration.ipynb")
    assert course.binder_url(NOTEBOOK) == ("https://mybinder.org/v2/gh/first-neural-network/fashion-mnist-course/main"
                                           "?labpath=notebooks%2F01_data_exploration.ipynb")


def test_badges_show_each_service_s_picture_and_open_the_notebook():
    """The line of badges, written out by hand: each service's published picture, linked to its address."""
    colab = ("[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)](https://colab.research."
             "google.com/github/first-neural-network/fashion-mnist-course/blob/main/notebooks/01_data_exploration.ipynb)")
    kaggle = ("[![Open In Kaggle](https://kaggle.com/static/images/open-in-kaggle.svg)](https://kaggle.com/kernels/"
              "welcome?src=https://github.com/first-neural-network/fashion-mnist-course/blob/main/notebooks/"
              "01_data_exploration.ipynb)")
    binder = ("[![Launch Binder](https://mybinder.org/badge_logo.svg)](https://mybinder.org/v2/gh/first-neural-network/"
              "fashion-mnist-course/main?labpath=notebooks%2F01_data_exploration.ipynb)")
    assert (course.colab_badge(NOTEBOOK), course.kaggle_badge(NOTEBOOK), course.binder_badge(NOTEBOOK)) == (
        colab, kaggle, binder)
    assert course.badges(NOTEBOOK) == f"{colab} {kaggle} {binder}"


@pytest.mark.parametrize("url", [course.colab_url, course.kaggle_url, course.binder_url])
@pytest.mark.parametrize("bad", ["/abs/path/01_x.ipynb", "notebooks/01_x.py"])
def test_urls_reject_what_is_not_a_repository_notebook(url, bad):
    with pytest.raises(ValueError, match="Expected a notebook path inside the repository"):
        url(bad)


def test_setup_code_installs_the_pinned_helpers_only_in_colab_and_kaggle():
    assert re.fullmatch(r"[0-9a-f]{40}", course.HELPERS_COMMIT), "HELPERS_COMMIT must be a full commit hash"
    assert course.HELPERS_SOURCE == f"git+{course.REPOSITORY_URL}@{course.HELPERS_COMMIT}"
    assert f'    %pip install --quiet "{course.HELPERS_SOURCE}"' in course.SETUP_CODE.splitlines()
    assert 'if "google.colab" in sys.modules or "kaggle_secrets" in sys.modules:' in course.SETUP_CODE
    assert "tensorflow" not in course.SETUP_CODE.split("import helpers")[0].lower()
    assert course.SETUP_CODE.splitlines()[-1].startswith("helpers.setup(")  # where the normaliser's part ends


def test_helpers_commit_is_a_release_in_this_history():
    """The setup cells install the pinned release commit: it must be a full hash of a commit that HEAD descends
    from. Changing the helpers does not move it (CI's Colab stage runs the notebooks with that release)."""
    pin_helpers = load_tool("pin_helpers")
    try:
        found = pin_helpers.problem()
    except pin_helpers.NoHistory as error:
        pytest.skip(f"cannot check the pin against git history: {error}")
    if found:
        pytest.fail(found, pytrace=False)


class PinRepository:
    """A small git repository laid out like the course (helpers/, pyproject.toml), with tools/pin_helpers.py
    pointed at it."""

    def __init__(self, folder: Path, monkeypatch) -> None:
        self.folder = folder
        self.tool = load_tool("pin_helpers")
        monkeypatch.setattr(self.tool, "ROOT", folder)
        (folder / "helpers").mkdir()
        (folder / "helpers" / "course.py").write_text(f'REPOSITORY = "x/y"\nHELPERS_COMMIT = "{"0" * 40}"\n')
        (folder / "helpers" / "data.py").write_text("SIZE = 28\n")
        (folder / "pyproject.toml").write_text('[project]\nname = "x"\n')
        (folder / "README.md").write_text("# x\n")
        (folder / ".gitignore").write_text("__pycache__/\n")
        self.git("init", "--quiet")

    def git(self, *args: str) -> str:
        command = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", *args]
        return subprocess.run(command, cwd=self.folder, capture_output=True, text=True, check=True).stdout.strip()

    def commit(self, message: str) -> str:
        self.git("add", "--all")
        self.git("commit", "--quiet", "--message", message)
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def pin_repository(tmp_path, monkeypatch) -> PinRepository:
    folder = tmp_path / "course"
    folder.mkdir()
    return PinRepository(folder, monkeypatch)


def test_pin_names_the_newest_commit_that_changed_what_gets_installed(pin_repository):
    repo, tool = pin_repository, pin_repository.tool
    first = repo.commit("the helpers")
    assert tool.newest_install_commit() == first
    assert "not in this repository's history" in tool.problem()  # the made-up pin 000…
    assert tool.set_pin(first) and tool.pinned_commit() == first
    repo.commit("pin")  # changes only the pin line: not a change of what gets installed
    (repo.folder / "README.md").write_text("# x, better\n")
    repo.commit("not installed")
    assert tool.newest_install_commit() == first and tool.problem() is None
    assert tool.main(["--check"]) == 0


def test_the_pin_stays_on_its_release_while_the_helpers_change(pin_repository):
    repo, tool = pin_repository, pin_repository.tool
    release = repo.commit("the helpers")
    tool.set_pin(release)
    repo.commit("pin")
    (repo.folder / "helpers" / "data.py").write_text("SIZE = 32\n")  # not committed yet
    (repo.folder / "helpers" / "photos.py").write_text("")  # a new file would be installed too
    (repo.folder / "helpers" / "__pycache__").mkdir()
    (repo.folder / "helpers" / "__pycache__" / "data.cpython-311.pyc").write_bytes(b"ignored by git")
    assert tool.problem() is None and tool.changed_since_release() == ["helpers/data.py", "helpers/photos.py"]
    changed = repo.commit("a change to the helpers")
    assert tool.problem() is None and tool.pinned_commit() == release  # no pin-only commit needed
    assert tool.main(["--check"]) == 0
    # A release pins the newest commit that changed what gets installed (pin() also rewrites the notebooks).
    assert tool.newest_install_commit() == changed
    assert tool.set_pin(changed) and tool.pinned_commit() == changed and tool.changed_since_release() == []


def test_a_release_needs_the_changes_committed_first(pin_repository, capsys):
    repo, tool = pin_repository, pin_repository.tool
    tool.set_pin(repo.commit("the helpers"))
    (repo.folder / "helpers" / "data.py").write_text("SIZE = 64\n")
    assert tool.main([]) == 1
    assert "Not pinned: helpers/data.py differ" in capsys.readouterr().err


def test_pin_check_refuses_a_pin_that_is_not_a_commit_of_this_history(pin_repository):
    repo, tool = pin_repository, pin_repository.tool
    first = repo.commit("the helpers")
    tool.set_pin(first[:12])
    assert "not a full 40-character commit hash" in tool.problem()
    tool.set_pin("1" * 40)
    assert "is not in this repository's history" in tool.problem()
    repo.git("checkout", "--quiet", "--orphan", "rewritten")  # history rewritten: the pinned commit is elsewhere
    tool.set_pin(first)
    repo.commit("rewritten history")
    assert "is not an ancestor of HEAD" in tool.problem()


def test_pin_check_without_git_history_says_so(tmp_path, monkeypatch):
    tool = load_tool("pin_helpers")
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    with pytest.raises(tool.NoHistory, match="has no git history"):
        tool.problem()
    assert tool.main(["--check"]) == 2


def test_every_file_that_names_the_repository_agrees_with_course_py():
    """Package metadata and the citation name the repository too; the README's badges are made from course.py."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["urls"]["Repository"] == course.REPOSITORY_URL, "pyproject.toml's Repository URL"
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["repository-code"] == course.REPOSITORY_URL, "CITATION.cff's repository-code"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert course.badges(NOTEBOOK) in readme, f"the README's badges must be helpers.course.badges({NOTEBOOK!r})"


@pytest.mark.parametrize("document", ["README.md", "CONTRIBUTING.md"])
def test_readme_and_contributing_warn_that_the_address_is_a_placeholder(document):
    text = (ROOT / document).read_text(encoding="utf-8")
    section = text[text.index("\n## Before "):].split("\n## ")[1]
    for needed in ("helpers/course.py", "REPOSITORY", "tools/pin_helpers.py"):
        assert needed in section, f"{document}'s 'Before publishing' section does not mention {needed}"


# Binder (mybinder.org) builds the image with repo2docker from binder/, which then hides the top-level files.
BINDER = ROOT / "binder"
# In requirements.txt for tests, lint and the website, not for learners on Binder.
NOT_FOR_LEARNERS = {"nbval", "pytest", "pytest-xdist", "ruff", "hypothesis", "playwright", "sphinx", "myst-nb",
                    "furo", "latex2mathml"}


def requirement_specs(lines) -> dict[str, str]:
    """{package name: version specifier} of requirement lines, without comments."""
    found = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if line:
            name, spec = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*(.*)", line).groups()
            found[name.lower().replace("_", "-")] = spec.replace(" ", "")
    return found


def test_binder_environment_is_the_learner_s_part_of_requirements_txt():
    environment = yaml.safe_load((BINDER / "environment.yml").read_text(encoding="utf-8"))
    pip = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    # repo2docker builds the environment before it copies the repository in: an editable '-e .' breaks the build.
    assert not any(line.strip().startswith("-") for line in pip), "binder/environment.yml must not install '-e .'"
    requirements = requirement_specs((ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines())
    assert requirement_specs(pip) == {name: spec for name, spec in requirements.items()
                                      if name not in NOT_FOR_LEARNERS}
    assert "python=3.11" in environment["dependencies"] and "pip" in environment["dependencies"]


def test_binder_post_build_installs_the_helpers_from_the_repository():
    script = BINDER / "postBuild"
    commands = [line.strip() for line in script.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert commands[0] == "set -euo pipefail"
    assert "python -m pip install --no-deps ." in commands  # repo2docker runs it in the repository's root
    assert script.stat().st_mode & 0o111, "binder/postBuild must be executable"


def test_setup_is_quiet_and_seeded():
    """TensorFlow's native start-up lines must not reach stderr; seeds repeat random draws."""
    script = ("import helpers\nhelpers.setup(7)\nimport numpy, tensorflow as tf\n"
              "a = numpy.random.rand(), float(tf.random.uniform(()))\n"
              "helpers.setup(7); b = numpy.random.rand(), float(tf.random.uniform(()))\n"
              "assert a == b, (a, b); print('ok')")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.stdout.strip() == "ok"
    assert "cuda" not in result.stderr.lower() and "cpu_feature_guard" not in result.stderr, result.stderr


def test_versions_lists_what_a_bug_report_needs(capsys, monkeypatch):
    import importlib.metadata
    import platform

    import helpers

    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.delenv("KAGGLE_KERNEL_RUN_TYPE", raising=False)
    found = helpers.versions()
    printed = capsys.readouterr().out
    assert found["Python"] == platform.python_version()
    assert found["tensorflow"] == importlib.metadata.version("tensorflow")
    assert found["running in"] == "local"
    for name, value in found.items():
        assert re.search(rf"^{re.escape(name)} +{re.escape(value)}$", printed, re.MULTILINE), (name, printed)


def test_where_running_recognises_colab_and_kaggle(monkeypatch):
    from helpers.course import where_running

    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.delenv("KAGGLE_KERNEL_RUN_TYPE", raising=False)
    assert where_running() == "local"
    monkeypatch.setitem(sys.modules, "kaggle_secrets", types.ModuleType("kaggle_secrets"))
    assert where_running() == "Kaggle"
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    assert where_running() == "Google Colab"


def test_check_run_says_in_one_line_that_the_run_agrees(capsys):
    course.check_run({"test accuracy 85% or more": True, "the loss fell": True})
    assert capsys.readouterr().out == "✓ Your run agrees with this section: test accuracy 85% or more; the loss fell.\n"


def test_check_run_names_what_differs_and_what_to_do(capsys):
    course.check_run({"the loss fell": True, "test accuracy 85% or more": False}, measured="81.2%")
    printed = capsys.readouterr().out
    assert printed.startswith("✗ Your run differs from this section: it expected test accuracy 85% or more, "
                              "and measured 81.2%.\n")
    assert "the loss fell" not in printed and "Run All Cells" in printed and "Error" not in printed
