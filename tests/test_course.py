"""helpers.course: the shared setup cell, the Colab badge and setup()."""

from __future__ import annotations

import re
import subprocess
import sys
import types

import pytest

from helpers import course


def test_colab_url_points_at_the_notebook_in_the_repository():
    url = course.colab_url("notebooks/01_data_exploration.ipynb")
    assert url == (f"https://colab.research.google.com/github/{course.REPOSITORY}/blob/main/"
                   "notebooks/01_data_exploration.ipynb")
    assert f"]({url})" in course.colab_badge("notebooks/01_data_exploration.ipynb")


@pytest.mark.parametrize("bad", ["/abs/path/01_x.ipynb", "notebooks/01_x.py"])
def test_colab_url_rejects_what_is_not_a_repository_notebook(bad):
    with pytest.raises(ValueError, match="Expected a notebook path inside the repository"):
        course.colab_url(bad)


def test_setup_code_installs_from_the_one_repository_url_only_in_colab():
    assert f'%pip install --quiet "git+{course.REPOSITORY_URL}"' in course.SETUP_CODE
    assert 'if "google.colab" in sys.modules:' in course.SETUP_CODE
    assert "tensorflow" not in course.SETUP_CODE.split("import helpers")[0].lower()


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
