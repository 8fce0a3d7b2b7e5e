"""The course website (`python tools/build_site.py`), built from the committed notebooks and read in a browser.

The site is built once, into a temporary folder, exactly as the README's command builds it (warnings
fail the build), and served by Python's http.server on 127.0.0.1. Debian's headless Chromium, driven
by Playwright, then opens every page: each loads (HTTP 200) without an error in the browser, every picture
decodes, every link inside the site leads to a page or file that exists and to an anchor on it, and
no request leaves 127.0.0.1 (the site must work offline: any other request is recorded and refused).
The previous/next links lead through the notebooks in course order, and the search finds a word that
only notebook 04 uses. Screenshots are saved in $BROWSER_ARTIFACTS (default
/tmp/course-browser-artifacts) for people to look at.

Without a browser: every figure a notebook shows (the static figures of the widgets included) is on
its page, and a figure's alt text is the one its output's metadata gives.

Browser tests need ``apt-get install -y chromium`` and ``pip install playwright`` (never ``playwright
install``); without them they are skipped, except on CI (the CI variable set), where they fail.
"""

from __future__ import annotations

import base64
import functools
import importlib.util
import io
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urlparse

import nbformat
import pytest
from chromium import ARTIFACTS
from PIL import Image

if TYPE_CHECKING:  # playwright may be missing: the browser fixture then skips (or fails on CI)
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
VIEWPORT = {"width": 1280, "height": 900}
MAX_SCREENSHOT_HEIGHT = 30_000  # pixels; a longer page is cut off at the bottom of the picture
BUILD_TIMEOUT_S = 300
# The page after the last notebook: the instructor guide.
COURSE_ORDER = ["index.html", *(f"notebooks/{path.stem}.html" for path in NOTEBOOKS), "notebooks/README.html"]
# Full-page screenshots: the home page, a notebook with an explorer's static figure, notebook 04 (maths,
# figures, exercises), the instructor guide; test_search_box_finds_notebook_04 adds site-search.
SCREENSHOTS = {"index.html": "site-index", "notebooks/03_relu_vs_linear.html": "site-03",
               "notebooks/04_softmax.html": "site-04", "notebooks/README.html": "site-guide"}
# A word of notebook 04 that no other page uses (test_search_word_is_only_in_notebook_04 checks it).
SEARCH_WORD, SEARCH_PAGE = "exponential", "notebooks/04_softmax.html"
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/svg+xml")

# What a page shows, read in the browser: its pictures (decoded width; 0 while loading or undecodable),
# the links (as the browser resolves them) and every anchor a link can point at.
PAGE_JS = """
() => ({
    title: document.title,
    images: [...document.images].map(img => ({src: img.currentSrc || img.src, alt: img.alt,
                                             width: img.complete ? img.naturalWidth : 0})),
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    anchors: [...document.querySelectorAll('[id], a[name]')].map(e => e.id || e.getAttribute('name')),
})
"""


def build_site_module():
    """tools/build_site.py as a module (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location("build_site", ROOT / "tools" / "build_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The website, built once by the README's command into a temporary folder; the build time is printed."""
    out = tmp_path_factory.mktemp("site") / "html"
    began = time.monotonic()
    result = subprocess.run([sys.executable, "tools/build_site.py", "--quiet", "--out", str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=BUILD_TIMEOUT_S)
    seconds = time.monotonic() - began
    assert result.returncode == 0, f"the site build failed:\n{result.stdout[-5000:]}\n{result.stderr[-5000:]}"
    print(f"site built in {seconds:.1f} s")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "site-build-time.txt").write_text(f"{seconds:.1f} s\n")
    return out


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 (the name http.server uses)
        pass


@pytest.fixture(scope="session")
def server(site) -> Iterator[str]:
    """The built site served on 127.0.0.1 (a free port); its address, ending with '/'."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


class Tab:
    """A browser tab on the site that refuses, and records, every request leaving 127.0.0.1, and records
    script errors and the errors in the browser's console."""

    def __init__(self, browser: Browser, server: str) -> None:
        self.server = server
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport=VIEWPORT)
        self.context.route("**/*", self.route)
        self.page: Page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(f"{self.page.url}: {error}"))
        self.page.on("console", self.console)

    def console(self, message) -> None:
        if message.type == "error":  # e.g. "Failed to load resource"
            self.errors.append(f"{self.page.url}: console: {message.text}")

    def route(self, route) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(f"{self.page.url} -> {route.request.url}")
            route.abort()

    def open(self, path: str) -> dict:
        """Go to a page of the site, check that it loads, and return what it shows (PAGE_JS)."""
        response = self.page.goto(self.server + path, wait_until="load")
        assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
        return self.page.evaluate(PAGE_JS)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        height = self.page.evaluate("document.documentElement.scrollHeight")
        self.page.screenshot(path=path, full_page=True,
                             clip={"x": 0, "y": 0, "width": VIEWPORT["width"],
                                   "height": min(height, MAX_SCREENSHOT_HEIGHT)})
        print(f"screenshot: {path}")
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser, server) -> Iterator[Tab]:
    opened = Tab(browser, server)
    try:
        yield opened
    finally:
        opened.close()


def relative(url: str, server: str) -> str:
    return url.removeprefix(server)


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def article(page: Path) -> str:
    """The HTML of a built page's article: the notebook or guide itself, without the theme's navigation."""
    html = page.read_text()
    return html[html.index("<article"):html.rindex("</article>")]


class Article(HTMLParser):
    """A built page's article: its words, and the attributes of each of its <img>."""

    def __init__(self, page: Path) -> None:
        super().__init__()
        self.words: list[str] = []
        self.images: list[dict[str, str]] = []
        self.feed(article(page))

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_data(self, data) -> None:
        self.words.append(data)

    @property
    def text(self) -> str:
        return " ".join(self.words)


def picture_outputs(notebook: Path) -> list[tuple[str, dict]]:
    """(MIME type, output) for every output of the notebook that shows a picture, in order."""
    found = []
    for cell in nbformat.read(notebook, as_version=4).cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            mime_type = next((kind for kind in IMAGE_TYPES if kind in data), None)
            if mime_type:
                found.append((mime_type, output))
    return found


# Without a browser: what the build wrote.

def test_every_figure_output_is_on_its_page_with_alt_text(site):
    """Each picture output (the widgets' static figures included) is an <img> with the output's alt text,
    or the generic one; no widget view (which would show "Loading widget..." without a kernel) is left."""
    for notebook in NOTEBOOKS:
        page = site / "notebooks" / f"{notebook.stem}.html"
        html = page.read_text()
        assert "application/vnd.jupyter.widget-view+json" not in html, f"{page.name}: a widget view is left"
        figures = [tag for tag in Article(page).images if not tag["src"].endswith("-badge.svg")]
        outputs = picture_outputs(notebook)
        assert len(figures) == len(outputs), f"{page.name}: {len(outputs)} figure outputs, {len(figures)} shown"
        number = notebook.name[:2]
        for tag, (mime_type, output) in zip(figures, outputs, strict=True):
            alt = output.get("metadata", {}).get(mime_type, {}).get("alt") or ""
            expected = alt.strip() or f"Figure from notebook {number}"
            assert tag["alt"] == expected, f"{page.name}: {tag['src']}"


def test_check_cells_stay_off_the_website_and_the_going_further_notebooks_are_numbered_on(site):
    """Check cells test the run for the regression: the website, which shows saved notebooks, leaves them out.
    The sidebar numbers each notebook by its file (07 is "7.", not "1." of the going-further table)."""
    for notebook in NOTEBOOKS:
        html = (site / "notebooks" / f"{notebook.stem}.html").read_text()
        assert "#@title Check" not in html and "Your run agrees" not in html, f"{notebook.stem}: a check cell shows"
    index = (site / "index.html").read_text()
    for notebook in NOTEBOOKS:
        number = int(notebook.name[:2])
        assert re.search(rf'href="notebooks/{notebook.stem}.html">{number}\. ', index), f"{notebook.stem} numbered"
    assert index.index(">The core path<") < index.index(">Going further<") < index.index(">For instructors<")


def test_search_word_is_only_in_notebook_04(site):
    """The search test's word is on notebook 04's page and on no other page of the course."""
    pages = [site / path for path in COURSE_ORDER]
    using = [str(page.relative_to(site)) for page in pages if SEARCH_WORD in Article(page).text.lower()]
    assert using == [SEARCH_PAGE]


def png(color: str) -> str:
    """A 4 × 4 picture of one colour, as a notebook stores a PNG (base64)."""
    picture = io.BytesIO()
    Image.new("RGB", (4, 4), color).save(picture, format="PNG")
    return base64.b64encode(picture.getvalue()).decode()


def tiny_notebook() -> nbformat.NotebookNode:
    """A notebook with three pictures: alt text in the output's metadata, none, and a blank one."""
    red, blue, green = (png(color) for color in ("red", "blue", "green"))
    cell = nbformat.v4.new_code_cell("show()", execution_count=1, outputs=[
        nbformat.v4.new_output("display_data", data={"image/png": red, "text/plain": "<Figure>"},
                               metadata={"image/png": {"alt": "A red square, one pixel wide"}}),
        nbformat.v4.new_output("execute_result", data={"image/png": blue, "text/plain": "<Figure>"},
                               execution_count=1),
        nbformat.v4.new_output("display_data", data={"image/png": green, "text/plain": "<Figure>"},
                               metadata={"image/png": {"alt": "  "}}),
    ])
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Tiny\n\nA figure test."), cell])


# Sphinx 9 warns that myst-parser 5 uses an API that Sphinx 11 will remove: not this project's to fix.
@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning:myst_parser")
def test_figure_alt_text_comes_from_the_outputs_metadata(tmp_path):
    """A picture's alt is output.metadata["image/png"]["alt"]; without one (or a blank one), the generic alt."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(tiny_notebook(), notebooks / "42_tiny.ipynb")
    (notebooks / "README.md").write_text("# Guide\n")
    out = tmp_path / "html"
    # Not strict: the home page's links to the course notebooks lead nowhere in this site.
    build_site_module().build(out, notebooks=notebooks, strict=False, quiet=True)
    alts = [tag["alt"] for tag in Article(out / "notebooks" / "42_tiny.html").images]
    assert alts == ["A red square, one pixel wide", "Figure from notebook 42", "Figure from notebook 42"]


# In the browser.

@pytest.mark.browser
def test_every_page_loads_offline_with_its_pictures_and_links(tab, site, server):
    """Every page: HTTP 200, no error in the browser, every picture decodes, every internal link and anchor exists,
    and nothing is requested from outside 127.0.0.1."""
    pages = sorted(str(path.relative_to(site)) for path in site.rglob("*.html"))
    assert set(COURSE_ORDER) <= set(pages)
    shown, problems = {}, []
    for path in pages:
        shown[path] = tab.open(path)
        assert shown[path]["title"], f"{path}: no title"
        problems += [f"{path}: the picture {image['src']} does not decode" for image in shown[path]["images"]
                     if image["width"] == 0]
        problems += [f"{path}: the picture {image['src']} has no alt text" for image in shown[path]["images"]
                     if not image["alt"].strip()]
        if path in SCREENSHOTS:
            tab.screenshot(SCREENSHOTS[path])
    status = {}
    for path, content in shown.items():
        for link in content["links"]:
            if not link.startswith(server):
                assert not link.startswith(("http://127.0.0.1", "http://localhost", "file:")), f"{path}: {link}"
                continue  # a link to another website: followed only when clicked, never loaded
            target, anchor = urldefrag(link)
            target = relative(target, server) or "index.html"
            if target not in status:
                status[target] = 200 if target in shown else http_status(server + target)
            if status[target] != 200:
                problems.append(f"{path}: the link {link} gets HTTP {status[target]}")
            elif anchor and target in shown and anchor not in shown[target]["anchors"]:
                problems.append(f"{path}: the link {link} points at an anchor that {target} does not have")
    assert len(status) >= len(COURSE_ORDER), f"only {len(status)} pages or files are linked: {sorted(status)}"
    problems += [f"a request left 127.0.0.1: {request}" for request in tab.outside]
    problems += [f"a browser error: {error}" for error in tab.errors]
    assert not problems, "\n".join(problems)
    assert sum(len(content["images"]) for content in shown.values()) > 2 * len(NOTEBOOKS)


@pytest.mark.browser
def test_previous_and_next_lead_through_the_course_in_order(tab, server):
    """From the home page, "next" leads through the notebooks in course order to the instructor guide,
    and "previous" leads back."""
    for link, order in (("a.next-page", COURSE_ORDER), ("a.prev-page", COURSE_ORDER[::-1])):
        tab.open(order[0])
        visited = [order[0]]
        while tab.page.locator(link).count() and len(visited) <= len(order):
            tab.page.locator(link).first.click()
            tab.page.wait_for_load_state("load")
            visited.append(relative(urldefrag(tab.page.url)[0], server) or "index.html")
        assert visited == order, f"following {link}"
    assert not tab.outside and not tab.errors, tab.outside + tab.errors


@pytest.mark.browser
def test_search_box_finds_notebook_04(tab, server):
    """Typing a word of notebook 04 into the search box lists notebook 04, and only it."""
    tab.open("index.html")
    box = tab.page.locator("input[name=q]").first
    box.fill(SEARCH_WORD)
    box.press("Enter")
    tab.page.wait_for_url(re.compile(r"/search\.html\?"))
    # Sphinx's search titles its results "Search Results" once it has listed them all.
    tab.page.wait_for_function("document.querySelector('#search-results h2')?.textContent === 'Search Results'")
    found = [relative(urldefrag(href)[0].split("?")[0], server) for href in
             tab.page.locator("#search-results ul.search li > a").evaluate_all("links => links.map(a => a.href)")]
    tab.screenshot("site-search")
    assert found == [SEARCH_PAGE], f"searching for {SEARCH_WORD!r} found {found}"
    assert not tab.outside and not tab.errors, tab.outside + tab.errors
