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
