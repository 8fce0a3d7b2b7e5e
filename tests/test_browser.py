"""The course as a learner sees it in JupyterLab, in a real browser, without re-training anything.

nbval (tests of notebooks/) is the one execution of the notebooks. These tests look at the result
and at the interactive parts:

* Each committed notebook, executed and saved, is opened in JupyterLab as it is, without running
  it: every saved PNG picture is shown and decodes, no error or stderr block shows, the execution
  counts read [1], [2], [3], ... in order, and each widget output falls back to its static picture
  (JupyterLab does not show widget views it did not create; helpers.widgets' explorers save a PNG
  beside the view, which the page must show instead of a widget or an error).
* The explorers of helpers.widgets are driven in a small notebook the test writes: it builds each
  one without training a course model (a slice of the real images, seeded random probabilities,
  the two-moons points, on which the activation playground trains its own tiny network), is run
  with Run > Run All Cells, and then every slider, dropdown and button is moved or clicked, as a
  learner would; the caption and the picture under it must both change.

A real JupyterLab server (this environment's, on 127.0.0.1, with a random token, fresh Jupyter and
IPython folders) serves a temporary copy of notebooks/; Debian's headless Chromium, driven by
Playwright, opens the pages. A full-page screenshot of each notebook is saved outside the checkout
for people to look at ($BROWSER_ARTIFACTS, by default /tmp/course-browser-artifacts).

Run only these tests with ``pytest tests/test_browser.py -v`` or ``pytest -m browser`` (about a
minute or two). They need ``apt-get install -y chromium`` and ``pip install playwright``; never
``playwright install``, the tests use Debian's Chromium. Without them the tests are skipped, except
on CI (the CI variable set), where they fail.
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pytest
from chromium import ARTIFACTS

from helpers.course import CHECK_TITLE

if TYPE_CHECKING:  # playwright may be missing: the browser fixture then skips (or fails on CI)
    from playwright.sync_api import BrowserContext, Locator, Page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
VIEWPORT = {"width": 1280, "height": 900}
MAX_SCREENSHOT_HEIGHT = 30_000  # pixels; a longer notebook is cut off at the bottom of the picture
SERVER_START_TIMEOUT_S = 120
KERNEL_READY_TIMEOUT_S = 120
RUN_ALL_TIMEOUT_S = 300  # the explorers' notebook: imports, data, and the playground's first tiny network
CONTROL_TIMEOUT_S = 60  # one control moved: a redraw, or a retraining of the playground's tiny network
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PNG = "image/png"
WIDGET_PLACEHOLDERS = ("Loading widget", "Error displaying widget")  # a widget view without its kernel's model

# The explorers' notebook: each explorer of helpers.widgets built as a course notebook does, but on
# data that needs no training: a slice of the test images, seeded random probabilities (a softmax of
# random numbers), and the two moons (the playground trains its tiny 2-D network, in a second or two).
EXPLORERS_NOTEBOOK = "browser_test_explorers.ipynb"
EXPLORERS_SETUP = """\
import numpy as np

from helpers import course, data, widgets

course.setup()
_, (x_test, y_test) = data.load_arrays()
images, labels = x_test[:1000], y_test[:1000]
logits = 3 * np.random.default_rng(0).normal(size=(len(images), 10))
probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
points, moon_labels = data.two_moons()"""
# Each explorer's cell, and the controls it shows: (sliders and dropdowns, buttons).
EXPLORERS = {
    "widgets.image_browser(images, labels)": (4, 2),  # class; image, zoom row, zoom column; previous, next
    "widgets.prediction_explorer(images, labels, probabilities)": (1, 1),  # image; show me the mistakes
    "widgets.activation_playground(points, moon_labels)": (2, 0),  # activation; hidden units
}
MOVABLE = ".widget-slider, .widget-dropdown"
CLICKABLE = ".widget-button, .widget-toggle-button"

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
    // A check cell's input is collapsed (a placeholder stands in for it, with an empty prompt).
    prompts: [...panel.querySelectorAll('.jp-CodeCell')].map(cell => cell.querySelector('.jp-InputPlaceholder')
        ? 'collapsed' : cell.querySelector('.jp-InputPrompt')?.textContent.trim() ?? ''),
    stderr: [...panel.querySelectorAll(
        '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')].map(e => e.textContent),
    dialogs: [...document.querySelectorAll('.jp-Dialog')].map(e => e.textContent.trim()),
})
"""

# Each code cell's outputs as shown: the MIME type JupyterLab chose to render, the start of the
# text, and the pictures' widths in pixels once decoded (0 while loading or when undecodable).
CELL_OUTPUTS_JS = """
(panel) => [...panel.querySelectorAll('.jp-CodeCell')].map(cell =>
    [...cell.querySelectorAll('.jp-OutputArea-output')].map(output => ({
        mime: output.dataset.mimeType ?? '',
        text: output.textContent.trim().slice(0, 300),
        images: [...output.querySelectorAll('img')].map(img => img.complete ? img.naturalWidth : 0),
    })))
"""

# What an interactive output shows, without the controls themselves (a slider's readout changes
# whenever it moves, a button's label may count things): its text, and a SHA-256 of each picture's
# bytes (an ipywidgets Image gets a new blob: address at every update, even an unchanged one).
DISPLAYED_JS = f"""
async (element) => {{
    const copy = element.cloneNode(true);
    copy.querySelectorAll('{MOVABLE}, {CLICKABLE}, .widget-readout, .widget-label, select, input, button')
        .forEach(node => node.remove());
    const pictures = [];
    for (const img of copy.querySelectorAll('img')) {{
        let bytes;
        try {{
            bytes = await (await fetch(img.src)).arrayBuffer();
        }} catch {{
            return null;  // the picture was replaced (its old address revoked) while being read: read again
        }}
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        pictures.push([...digest].map(byte => byte.toString(16).padStart(2, '0')).join(''));
    }}
    return {{text: copy.textContent.trim(), pictures}};
}}
"""

# How many sliders and dropdowns, and how many buttons, an output area shows, and whether a picture.
CONTROLS_JS = f"""
area => [area.querySelectorAll('{MOVABLE}').length, area.querySelectorAll('{CLICKABLE}').length,
         [...area.querySelectorAll('img')].some(img => img.naturalWidth > 0)]
"""

# Whether a control is disabled (the playground disables its controls while it retrains).
DISABLED_JS = "element => element.matches(':disabled, .mod-disabled') || !!element.querySelector('[disabled]')"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
        """End every session and its kernel."""
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
    # Fresh Jupyter and IPython folders, so the tester's own settings, kernels and profiles stay out
    # (and no notebook is trusted: JupyterLab shows the saved outputs as a learner's first opening does).
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
def context(browser) -> Iterator[BrowserContext]:
    """One browser profile for all the tests, so that JupyterLab's scripts load from its cache after the first."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(context, lab) -> Iterator[Page]:
    """A new browser tab; afterwards it is closed and its kernels are shut down."""
    page = context.new_page()
    try:
        yield page
    finally:
        page.close()
        lab.shut_down_kernels()


def poll(read: Callable[[], object], ready: Callable[[object], bool], what: str, timeout_s: float, page: Page,
         *, fail: bool = True) -> object:
    """Read the page until ``ready(read())``; after ``timeout_s``, fail with the last reading (or return it)."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = read()
        if ready(value) or (not fail and time.monotonic() > deadline):
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout_s} s waiting for {what}; the page shows {value}", pytrace=False)
        page.wait_for_timeout(250)


def wait_for(panel: Locator, ready: Callable[[dict], bool], what: str, timeout_s: float) -> dict:
    """Poll the notebook's state until ``ready(state)``; fail with the last state after ``timeout_s``."""
    return poll(lambda: panel.evaluate(NOTEBOOK_STATE_JS), ready, what, timeout_s, panel.page)


def click_menu(page: Page, menu: str, command: str) -> None:
    """Choose a command from JupyterLab's menu bar, as a learner does."""
    page.locator(".lm-MenuBar-item", has_text=re.compile(rf"^{menu}$")).click()
    page.locator(f'.lm-Menu-item[data-command="{command}"]').click()


def code_cells(path: Path) -> list[nbformat.NotebookNode]:
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


def open_notebook(page: Page, lab: Lab, name: str) -> Locator:
    """Open ``name`` in JupyterLab, in a workspace of its own, and wait for its kernel; returns the notebook panel."""
    count = len(code_cells(lab.root / name))
    workspace = f"{Path(name).stem}-{secrets.token_hex(4)}"  # a fresh workspace opens only this notebook
    page.goto(f"{lab.url}/lab/workspaces/{workspace}/tree/{name}?token={lab.token}")
    panel = page.locator(".jp-NotebookPanel").filter(has=page.locator(".jp-Notebook")).first
    panel.wait_for(timeout=KERNEL_READY_TIMEOUT_S * 1000)
    wait_for(panel, lambda state: (len(state["prompts"]) == count and state["status"] == "idle"
                                   and state["kernel"] not in ("", "No Kernel")),
             f"{name}'s {count} code cells and an idle kernel", KERNEL_READY_TIMEOUT_S)
    # Hide the file browser so that the notebook has the width of the page in screenshots.
    open_sidebar_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if open_sidebar_tab.count():
        open_sidebar_tab.click()
    return panel


def run_all_cells(panel: Locator) -> dict:
    """Run > Run All Cells, and wait until the run ends; returns the final state."""
    click_menu(panel.page, "Run", "runmenu:run-all")

    def finished(state: dict) -> bool:
        # Run All stops at the first error: the cells after it are left without a number.
        if state["dialogs"] or state["status"] in ("dead", "unknown"):
            return True
        running = any(prompt == "[*]:" for prompt in state["prompts"])
        numbered = all(re.fullmatch(r"\[\d+\]:", prompt) for prompt in state["prompts"] if prompt != "collapsed")
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


def save_screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{Path(name).stem}.png"
    page.screenshot(path=path, full_page=True)
    print(f"screenshot: {path}")
    return path


def check_no_errors(state: dict, name: str) -> None:
    """What a learner must not see: dialogs, tracebacks, stderr, cells unrun or numbered out of order."""
    assert not state["dialogs"], f"{name}: JupyterLab shows a dialog: {state['dialogs']}"
    assert state["status"] == "idle", f"{name}: the kernel is {state['status']!r}"
    tracebacks = [text for text in state["stderr"] if "Traceback" in text or "Error" in text]
    assert not tracebacks, f"{name}: a cell failed:\n" + "\n---\n".join(text[-3000:] for text in tracebacks)
    assert not state["stderr"], f"{name}: red stderr blocks under cells:\n" + "\n---\n".join(state["stderr"])
    # A check cell's input, and so its count, is collapsed; every other cell shows its own number, in order.
    expected = ["collapsed" if prompt == "collapsed" else f"[{count}]:"
                for count, prompt in enumerate(state["prompts"], start=1)]
    assert state["prompts"] == expected, f"{name}: execution counts {state['prompts']}"


def cell_outputs(panel: Locator) -> list[list[dict]]:
    """Each code cell's outputs as the page shows them (see CELL_OUTPUTS_JS)."""
    return panel.evaluate(CELL_OUTPUTS_JS)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_executed_notebook_as_saved(notebook, lab, page):
    """The committed notebook, opened without running it, shows its saved outputs as they were made."""
    name = notebook.name
    saved = code_cells(lab.root / name)  # the copy the server serves
    panel = open_notebook(page, lab, name)
    show_whole_notebook(panel)
    # Pictures in data: addresses decode asynchronously: give them a moment; the checks below say which did not.
    shown = poll(lambda: cell_outputs(panel), lambda cells: all(
        image > 0 for outputs in cells for output in outputs for image in output["images"]),
        "every picture to decode", 10, page, fail=False)
    save_screenshot(page, name)  # before the checks, so that a failure can be looked at
    state = panel.evaluate(NOTEBOOK_STATE_JS)
    check_no_errors(state, name)
    check_cells = [index for index, cell in enumerate(saved) if cell.source.startswith(CHECK_TITLE)]
    assert [index for index, prompt in enumerate(state["prompts"]) if prompt == "collapsed"] == check_cells, (
        f"{name}: JupyterLab should show exactly the check cells collapsed")
    assert len(shown) == len(saved), f"{name}: the page shows {len(shown)} code cells, the file has {len(saved)}"
    for number, (cell, outputs) in enumerate(zip(saved, shown, strict=True), start=1):
        where = f"{name}, code cell {number} ({cell.source.splitlines()[0] if cell.source else ''!r})"
        pictures = sum(PNG in output.get("data", {}) for output in cell.outputs)
        shown_pictures = [output["images"] for output in outputs if output["mime"] == PNG]
        assert len(shown_pictures) == pictures, (
            f"{where}: {len(shown_pictures)} pictures shown, the saved notebook has {pictures}: {outputs}")
        undecoded = [images for images in shown_pictures if not images or not all(images)]
        assert not undecoded, f"{where}: {len(undecoded)} of {len(shown_pictures)} pictures do not decode"
        # A widget output, from a kernel that is gone, must fall back to what is saved beside the view.
        mimes = [output["mime"] for output in outputs]
        for output in cell.outputs:
            if WIDGET_VIEW in output.get("data", {}):
                fallback = PNG if PNG in output.data else "text/plain"
                assert fallback in mimes, f"{where}: a widget output shows {outputs}, not its saved {fallback}"
        broken = [output["text"] for output in outputs if output["text"].startswith(WIDGET_PLACEHOLDERS)]
        assert not broken, f"{where}: a widget view instead of its saved picture or text: {broken}"

def assert_control_changes_output(control: Locator, output: Locator, what: str = "the control",
                                  timeout_s: float = CONTROL_TIMEOUT_S) -> None:
    """Move ``control`` (an ipywidgets slider or dropdown) or click it (a button) as a learner would;
    the text and the pictures of ``output`` must then both change.

    A dropdown gets another option chosen; a slider's handle is dragged a third of the way along
    its track (towards the side with more room). ``output`` is compared without the controls
    themselves. The control must be enabled first (the playground disables its controls while it
    retrains).
    """
    page = control.page
    control.scroll_into_view_if_needed()
    assert control.is_visible(), f"{what} is not visible"
    poll(lambda: control.evaluate(DISABLED_JS), lambda disabled: not disabled, f"{what} to be enabled", timeout_s, page)
    before = poll(lambda: output.evaluate(DISPLAYED_JS), bool, f"{what}: the output to be readable", timeout_s, page)
    select = control.locator("select")
    if control.evaluate(f"element => element.matches('{CLICKABLE}')"):
        control.click()
    elif select.count():
        current = select.input_value()
        values = select.locator("option").evaluate_all("options => options.map(option => option.value)")
        others = [value for value in values if value != current]
        assert others, f"{what}: the dropdown offers only {values}"
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
    # An explorer writes its caption before its picture: once the picture has changed, so has the text.
    after = poll(lambda: output.evaluate(DISPLAYED_JS),
                 lambda shown: bool(shown) and all(shown[part] != before[part] for part in ("text", "pictures")),
                 f"{what}: the caption and the picture to change (before: {before['text']!r})", timeout_s, page)
    assert after["pictures"], f"{what}: the output shows no picture"


def test_explorers_respond_to_their_controls(lab, page):
    """Each explorer of helpers.widgets, built in JupyterLab without a course model, redraws when moved."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)
                                               for source in (EXPLORERS_SETUP, *EXPLORERS)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, lab.root / EXPLORERS_NOTEBOOK)
    panel = open_notebook(page, lab, EXPLORERS_NOTEBOOK)
    state = run_all_cells(panel)
    show_whole_notebook(panel)
    save_screenshot(page, EXPLORERS_NOTEBOOK)  # before the checks, so that a failure can be looked at
    check_no_errors(state, EXPLORERS_NOTEBOOK)
    cells = panel.locator(".jp-CodeCell")
    try:
        for index, (source, (movable, clickable)) in enumerate(EXPLORERS.items(), start=1):  # after the setup
            outputs = cells.nth(index).locator(".jp-Cell-outputArea")
            # The widget views render once the cell's output arrives; then its controls and picture are there.
            poll(lambda outputs=outputs: outputs.evaluate(CONTROLS_JS),
                 lambda found, expected=[movable, clickable, True]: found == expected,
                 f"{source}: {movable} sliders and dropdowns, {clickable} buttons and a picture", 30, page)
            for control in outputs.locator(f"{MOVABLE}, {CLICKABLE}").all():
                label = control.evaluate("element => element.textContent.trim() || element.className")
                assert_control_changes_output(control, outputs, f"{source}, control {label!r}")
        check_no_errors(panel.evaluate(NOTEBOOK_STATE_JS), EXPLORERS_NOTEBOOK)
    finally:
        save_screenshot(page, f"{Path(EXPLORERS_NOTEBOOK).stem}-after-moves")
