"""The course as a learner uses it: JupyterLab in a real browser, Run All, and look at the page.

A real JupyterLab server (this environment's, on 127.0.0.1, with a random token) serves a
temporary copy of notebooks/, and Debian's headless Chromium, driven by Playwright, opens each
notebook, clears the saved outputs, chooses Run > Run All Cells from the menu, waits until every
code cell has run, and then checks what is on the page: no error or stderr block, the execution
counts 1, 2, 3, ..., and the plots shown as decoded images. A full-page screenshot of each
notebook is saved outside the checkout for people to look at ($BROWSER_ARTIFACTS, by default
/tmp/course-browser-artifacts).

Run only these tests with ``pytest tests/test_browser.py -v`` or ``pytest -m browser`` (slow: each
notebook trains its models). They need ``apt-get install -y chromium`` and ``pip install
playwright``; never ``playwright install``, the tests use Debian's Chromium. Without them the
tests are skipped, except on CI (the CI variable set), where they fail.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

try:
    from playwright.sync_api import Browser, Locator, Page, sync_playwright
except ImportError:  # reported by the fixtures: a skip locally, a failure on CI
    sync_playwright = None

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
# In reverse order: nbval runs the notebooks forward, so a full test run executes every notebook
# twice, in both orders, which shows that none depends on another having run first.
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"), reverse=True)
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", "/tmp/course-browser-artifacts"))
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}
MAX_SCREENSHOT_HEIGHT = 30_000  # pixels; a longer notebook is cut off at the bottom of the picture
SERVER_START_TIMEOUT_S = 120
KERNEL_READY_TIMEOUT_S = 120
RUN_ALL_TIMEOUT_S = 900  # every notebook, top to bottom, training included, on 2 slow cores
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
USES_HELPERS_WIDGETS = re.compile(r"\bhelpers\.widgets\b|from helpers import[^\n]*\bwidgets\b")

# JupyterLab settings for the test server. The notification settings stop JupyterLab 4 from asking
# "get notified about official Jupyter news?" in a popup over the notebook on a first start; without
# the blank space after the last cell, the page can be made exactly as tall as the notebook.
LAB_USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"scrollPastEnd": False},
}

# What the page shows for the open notebook, read in the browser. JupyterLab renders stderr
# streams and error tracebacks alike as output of the stderr MIME type.
NOTEBOOK_STATE_JS = """
(panel) => ({
    kernel: panel.querySelector('.jp-KernelName')?.textContent.trim() ?? '',
    status: panel.querySelector('.jp-Notebook-ExecutionIndicator')?.dataset.status ?? '',
    prompts: [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(e => e.textContent.trim()),
    stderr: [...panel.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')].map(e => e.textContent),
    outputs: panel.querySelectorAll('.jp-OutputArea-output').length,
    dialogs: [...document.querySelectorAll('.jp-Dialog')].map(e => e.textContent.trim()),
})
"""

# What an interactive output shows, without the controls themselves (a slider's readout changes
# whenever it moves): the text and the pictures.
DISPLAYED_JS = """
(element) => {
    const copy = element.cloneNode(true);
    copy.querySelectorAll('.widget-slider, .widget-dropdown, .widget-readout, .widget-label, select, input')
        .forEach(node => node.remove());
    return copy.textContent + [...copy.querySelectorAll('img')].map(img => img.src).join('|');
}
"""


def require(available: bool, problem: str) -> None:
    """Skip when a browser-test tool is missing, but fail on CI, where it must be installed."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{problem} (CI must run the browser tests)", pytrace=False)
    pytest.skip(problem)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def uses_widgets(path: Path) -> bool:
    """Whether a notebook has explorers to move: code using helpers.widgets. (A plain upload
    button, as in 08, has nothing to move; the run-all test checks that its notebook works.)"""
    notebook = nbformat.read(path, as_version=4)
    return any(cell.cell_type == "code" and USES_HELPERS_WIDGETS.search(cell.source) for cell in notebook.cells)


def committed_images(path: Path) -> int:
    """How many PNG pictures the notebook's committed outputs show."""
    notebook = nbformat.read(path, as_version=4)
    return sum("image/png" in output.get("data", {})
               for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs)


@dataclass
class Lab:
    """A running JupyterLab server."""

    url: str
    token: str
    root: Path  # the folder it serves: a temporary copy of notebooks/
    log: Path

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(f"{self.url}/api/{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        """End every session and its kernel, to free the memory a trained model holds."""
        for session in self.api("GET", "sessions"):
            self.api("DELETE", f"sessions/{session['id']}")

    def log_tail(self, characters: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-characters:]


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> Iterator[Lab]:
    """JupyterLab from this environment on 127.0.0.1, serving a copy of notebooks/, with its own settings."""
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "notebooks"
    shutil.copytree(ROOT / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for name, values in LAB_USER_SETTINGS.items():
        (base / "user-settings" / name).parent.mkdir(parents=True, exist_ok=True)
        (base / "user-settings" / name).write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(24)
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        "--allow-root",  # CI runs as root; JupyterLab refuses to start as root without it
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={base / 'user-settings'}", f"--LabApp.workspaces_dir={base / 'workspaces'}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    # Fresh Jupyter and IPython folders, so the tester's own settings, kernels and profiles stay out.
    env = {**os.environ, **{variable: str(base / folder) for variable, folder in [
        ("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")]}}
    log = base / "jupyterlab.log"
    with log.open("w") as log_file:
        # Its own process group, so that teardown can end the server and its helpers. Kernels start in
        # sessions of their own: the server ends them on shutdown, and a kernel exits if the server dies.
        server = subprocess.Popen(command, cwd=root, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    running = Lab(url=f"http://127.0.0.1:{port}", token=token, root=root, log=log)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab exited with {server.returncode}:\n{running.log_tail()}", pytrace=False)
            try:
                running.api("GET", "status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer in {SERVER_START_TIMEOUT_S} s:\n{running.log_tail()}")
                time.sleep(0.5)
        yield running
    finally:
        stop_server(server, running)


def stop_server(server: subprocess.Popen, lab: Lab) -> None:
    """Ask the server to shut down (it ends its kernels), then end its process group if it lingers."""
    if server.poll() is None:
        try:
            lab.api("POST", "shutdown")
            server.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            pass
    for stop in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(server.pid, stop)  # the group is gone once the server and its children are
        except ProcessLookupError:
            break
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright."""
    require(sync_playwright is not None,
            "the playwright package is missing: pip install playwright (and never `playwright install`)")
    require(CHROMIUM.is_file(), f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, lab) -> Iterator[Page]:
    """A new browser tab; afterwards its kernels are shut down."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        yield context.new_page()
    finally:
        context.close()
        lab.shut_down_kernels()


def notebook_state(panel: Locator) -> dict:
    return panel.evaluate(NOTEBOOK_STATE_JS)


def wait_for(panel: Locator, ready, what: str, timeout_s: float) -> dict:
    """Poll the notebook's state until ``ready(state)``; fail with the last state after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        state = notebook_state(panel)
        if ready(state):
            return state
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout_s} s waiting for {what}; the page shows {state}")
        panel.page.wait_for_timeout(500)


def click_menu(page: Page, menu: str, command: str) -> None:
    """Choose a command from JupyterLab's menu bar, as a learner does."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{menu}$")).click()
    page.locator(f'.lm-Menu-item[data-command="{command}"]').click()


def open_notebook(page: Page, lab: Lab, name: str) -> Locator:
    """Open ``name`` in JupyterLab, in a workspace of its own, and wait for its kernel; returns the notebook panel."""
    code_cells = sum(cell.cell_type == "code" for cell in nbformat.read(lab.root / name, as_version=4).cells)
    workspace = f"{Path(name).stem}-{secrets.token_hex(4)}"  # a fresh workspace opens only this notebook
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{name}?token={lab.token}")
    panel = page.locator(".jp-NotebookPanel").filter(has=page.locator(".jp-Notebook")).first
    panel.wait_for(timeout=KERNEL_READY_TIMEOUT_S * 1000)
    wait_for(panel, lambda state: (len(state["prompts"]) == code_cells and state["status"] == "idle"
                                   and state["kernel"] not in ("", "No Kernel")),
             f"{name}'s {code_cells} code cells and an idle kernel", KERNEL_READY_TIMEOUT_S)
    # Hide the file browser so that the notebook has the width of the page in screenshots.
    open_sidebar_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if open_sidebar_tab.count():
        open_sidebar_tab.click()
    return panel


def run_all_cells(panel: Locator) -> dict:
    """Clear the saved outputs, Run > Run All Cells, and wait until the run ends; returns the final state."""
    page = panel.page
    click_menu(page, "Edit", "editmenu:clear-all")
    wait_for(panel, lambda state: state["outputs"] == 0 and all(p == "[ ]:" for p in state["prompts"]),
             "the saved outputs to be cleared", 30)
    click_menu(page, "Run", "runmenu:run-all")

    def finished(state: dict) -> bool:
        # Run All stops at the first error: the cells after it are left without a number.
        if state["dialogs"] or state["status"] in ("dead", "unknown"):
            return True
        running = any(prompt == "[*]:" for prompt in state["prompts"])
        numbered = all(re.fullmatch(r"\[\d+\]:", prompt) for prompt in state["prompts"])
        return state["status"] == "idle" and not running and (numbered or bool(state["stderr"]))

    return wait_for(panel, finished, "Run All Cells to finish", RUN_ALL_TIMEOUT_S)


def show_whole_notebook(panel: Locator) -> None:
    """Make the page as tall as the notebook, so that every cell is laid out and in a screenshot.

    JupyterLab skips laying out cells outside the window and counts them at an estimated height,
    so the notebook's true height shows only once they are in view: grow the page until it fits.
    """
    page = panel.page
    scroller = panel.locator(".jp-WindowedPanel-outer").first
    height = VIEWPORT["height"]
    for _ in range(20):
        scroll_height, client_height = scroller.evaluate("element => [element.scrollHeight, element.clientHeight]")
        if scroll_height <= client_height or height >= MAX_SCREENSHOT_HEIGHT:
            break
        height = min(height + scroll_height - client_height, MAX_SCREENSHOT_HEIGHT)
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
        page.wait_for_timeout(500)  # let JupyterLab lay the cells out at the new size
    scroller.evaluate("element => { element.scrollTop = 0; }")


def rendered_images(panel: Locator) -> tuple[int, int]:
    """How many pictures the output areas show, and how many of them could not be decoded."""
    return tuple(panel.locator(".jp-OutputArea-output img").evaluate_all(
        "images => [images.length, images.filter(img => !img.complete || img.naturalWidth === 0).length]"))


def save_screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{Path(name).stem}.png"
    page.screenshot(path=path, full_page=True)
    print(f"screenshot: {path}")
    return path


def check_no_errors(state: dict, name: str) -> None:
    """What a learner must not see after Run All: dialogs, tracebacks, stderr, cells left unrun."""
    assert not state["dialogs"], f"{name}: JupyterLab shows a dialog: {state['dialogs']}"
    assert state["status"] == "idle", f"{name}: the kernel is {state['status']!r}"
    tracebacks = [text for text in state["stderr"] if "Traceback" in text or "Error" in text]
    assert not tracebacks, f"{name}: a cell failed:\n" + "\n---\n".join(text[-3000:] for text in tracebacks)
    assert not state["stderr"], f"{name}: red stderr blocks under cells:\n" + "\n---\n".join(state["stderr"])
    expected = [f"[{count}]:" for count in range(1, len(state["prompts"]) + 1)]
    assert state["prompts"] == expected, f"{name}: execution counts {state['prompts']}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_run_all_cells_in_jupyterlab(notebook, lab, page):
    panel = open_notebook(page, lab, notebook.name)
    state = run_all_cells(panel)
    show_whole_notebook(panel)
    save_screenshot(page, notebook.name)  # before the checks, so that a failure can be looked at
    check_no_errors(state, notebook.name)
    expected = committed_images(notebook)
    shown, broken = rendered_images(panel)
    assert broken == 0, f"{notebook.name}: {broken} of {shown} pictures could not be decoded"
    assert shown >= expected, f"{notebook.name}: {shown} pictures shown, the committed notebook has {expected}"


def assert_control_changes_output(control: Locator, output: Locator, timeout_s: float = 30) -> None:
    """Move ``control`` (an ipywidgets slider or dropdown) as a learner would; ``output`` must then change.

    A dropdown gets another option chosen; a slider's handle is dragged a third of the way along
    its track (towards the side with more room). ``output`` is compared without the controls
    themselves, by its text and its pictures.
    """
    page = control.page
    control.scroll_into_view_if_needed()
    assert control.is_visible(), "the control is not visible"
    before = output.evaluate(DISPLAYED_JS)
    select = control.locator("select")
    if select.count():
        current = select.input_value()
        values = select.locator("option").evaluate_all("options => options.map(option => option.value)")
        others = [value for value in values if value != current]
        assert others, f"the dropdown offers only {values}"
        select.select_option(others[0])
    else:
        handle = control.locator(".noUi-handle, .ui-slider-handle").first
        track = control.locator(".noUi-target, .ui-slider, .slider-container").first
        start, box = handle.bounding_box(), track.bounding_box()
        x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
        step = box["width"] / 3 if x < box["x"] + box["width"] / 2 else -box["width"] / 3
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + step, y, steps=10)
        page.mouse.up()
    deadline = time.monotonic() + timeout_s
    while output.evaluate(DISPLAYED_JS) == before:
        assert time.monotonic() < deadline, f"moving the control did not change the output in {timeout_s} s"
        page.wait_for_timeout(250)


INTERACTIVE = [path for path in NOTEBOOKS if uses_widgets(path)]


@pytest.mark.parametrize("notebook", INTERACTIVE or [
    pytest.param(None, marks=pytest.mark.skip(reason="no interactive notebooks yet"))],
    ids=[path.stem for path in INTERACTIVE] or ["none"])
def test_controls_change_what_is_shown(notebook, lab, page):
    panel = open_notebook(page, lab, notebook.name)
    check_no_errors(run_all_cells(panel), notebook.name)
    controls = panel.locator(".jp-OutputArea-output").locator(".widget-slider, .widget-dropdown")
    assert controls.count(), f"{notebook.name} uses widgets, but no slider or dropdown is shown"
    for control in controls.all():
        # What the control drives: interact's Output widget in the same cell, or else that cell's outputs.
        cell_outputs = control.locator("xpath=ancestor::div[contains(@class, 'jp-Cell-outputArea')]")
        shown = cell_outputs.locator(".widget-output")
        assert_control_changes_output(control, shown.last if shown.count() else cell_outputs)
