"""The environment files agree with each other, and CI runs what the README says."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def requirement_lines(lines) -> dict[str, str]:
    """{package name: version specifier} from requirement strings, ignoring comments and '-e .'."""
    found = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            name, spec = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*(.*)", line).groups()
            found[name.lower().replace("_", "-")] = spec.replace(" ", "")
    return found


def test_environment_yml_names_the_same_packages_and_versions():
    requirements = requirement_lines((ROOT / "requirements.txt").read_text().splitlines())
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert requirement_lines(pip_section) == requirements
    assert "python=3.11" in environment["dependencies"]
    assert "-e ." in pip_section


def test_requirements_include_what_the_course_needs():
    requirements = requirement_lines((ROOT / "requirements.txt").read_text().splitlines())
    for package in ("tensorflow", "keras", "tensorflow-datasets", "importlib-resources", "matplotlib",
                    "ipywidgets", "jupyterlab", "nbval", "pytest"):
        assert package in requirements, package
    assert requirements["tensorflow"].startswith(">=2.21")


def test_helpers_package_never_pulls_in_tensorflow():
    """In Colab the helpers install next to Colab's TensorFlow; they must not upgrade it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert not any(dep.lower().startswith(("tensorflow", "keras")) for dep in project["dependencies"])


def test_ci_runs_the_readme_test_command_exactly():
    readme = (ROOT / "README.md").read_text()
    command = re.search(r"```(?:bash|sh)?\n(pytest[^\n]*)\n```", readme).group(1)
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert command in ci_lines
    assert "set -euo pipefail" in ci_lines
    assert any("apt-get install -y dataset-fashion-mnist" in line for line in ci_lines)


# Colab's CPU runtime of 2026-08-19, the versions the README names; requirements-colab.txt pins them.
COLAB_VERSIONS = {"tensorflow": "2.20.0", "keras": "3.13.2", "tensorflow-datasets": "4.9.10", "numpy": "2.1.3",
                  "matplotlib": "3.10.0", "pillow": "11.3.0", "ipywidgets": "7.7.1", "ipython": "7.34.0",
                  "ipykernel": "6.17.1"}
# In requirements.txt but not in Colab's stack: JupyterLab and the browser tests, the website builder,
# and importlib_resources, which TFDS's own dataset preparation wants (Colab has none; helpers.data's
# preparation does without it).
NOT_IN_COLAB_STACK = {"jupyterlab", "jupyterlab-rise", "playwright", "importlib-resources",
                      "sphinx", "myst-nb", "furo", "latex2mathml"}


def test_colab_requirements_pin_colab_versions_of_everything_the_course_uses():
    colab = requirement_lines((ROOT / "requirements-colab.txt").read_text().splitlines())
    assert all(spec.startswith("==") for spec in colab.values()), "requirements-colab.txt pins exact versions"
    assert {package: colab.get(package, "").removeprefix("==") for package in COLAB_VERSIONS} == COLAB_VERSIONS
    course = requirement_lines((ROOT / "requirements.txt").read_text().splitlines())
    assert set(course) - NOT_IN_COLAB_STACK <= set(colab), "a course requirement is missing from the Colab stack"


def test_readme_names_the_colab_versions_tested():
    readme = (ROOT / "README.md").read_text()
    colab_section = readme[readme.index("## Google Colab"):].split("\n## ")[0]
    for version in COLAB_VERSIONS.values():
        assert version in colab_section, f"README's Google Colab section does not name {version}"
    assert "requirements-colab.txt" in colab_section


def test_helpers_work_with_colab_ipywidgets_7_and_jupyterlab_ipywidgets_8():
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    (ipywidgets,) = (Requirement(dep) for dep in project["dependencies"] if dep.startswith("ipywidgets"))
    assert ipywidgets.specifier.contains(COLAB_VERSIONS["ipywidgets"]) and ipywidgets.specifier.contains("8.1.9")


def test_ci_tests_the_notebooks_on_other_arithmetic_and_on_the_colab_stack():
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert any(line.startswith("ONEDNN_MAX_CPU_ISA=$other_isa pytest --nbval notebooks") for line in ci_lines)
    # capped below the machine's own instruction set: AVX2 where AVX-512 is there, else AVX
    assert "if grep -qw avx512f /proc/cpuinfo; then other_isa=AVX2; else other_isa=AVX; fi" in ci_lines
    assert any("python3.13" in line for line in ci_lines)
    assert any(line.endswith("-m venv .venv-colab") for line in ci_lines)
    assert "python -m pip install --quiet -r requirements-colab.txt" in ci_lines
    colab_runs = [line for line in ci_lines if line.startswith("pytest --nbval notebooks ")]
    assert colab_runs and "tests/test_colab.py" in colab_runs[-1] and "tests/test_widgets.py" in colab_runs[-1]
