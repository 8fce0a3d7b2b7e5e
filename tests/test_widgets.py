"""helpers.widgets: each explorer shows what its controls ask for, degrades to a picture, rejects bad input."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import ipywidgets
import nbformat
import numpy as np
import pytest
from IPython.core.formatters import DisplayFormatter
from nbclient import NotebookClient

from helpers import data, widgets

ROOT = Path(__file__).resolve().parents[1]
RNG = np.random.default_rng(0)
IMAGES = RNG.integers(0, 256, (30, 28, 28), dtype=np.uint8)
LABELS = np.array([8] * 4 + [0] * 6 + list(range(10)) * 2)  # every class, and 6 bags: 0-3, 18 and 28
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def synthetic_probabilities(labels: np.ndarray, wrong: dict[int, int]) -> np.ndarray:
    """Probabilities that are right (0.7 on the true class, 0.2 on the next class) except for the
    images in ``wrong``: index -> the class predicted instead (0.6, true class 0.3)."""
    probabilities = np.full((len(labels), 10), 0.1 / 8)
    for i, label in enumerate(labels):
        first, second = wrong.get(i, label), label if i in wrong else (label + 1) % 10
        probabilities[i, [first, second]] = (0.6, 0.3) if i in wrong else (0.7, 0.2)
    return probabilities


WRONG = {3: 0, 12: 4, 25: 8}  # a Bag taken for a T-shirt/top, a Pullover for a Coat, a Sandal for a Bag
PROBABILITIES = synthetic_probabilities(LABELS, WRONG)


def shown_index(explorer) -> int:
    return int(re.search(r"images\[(\d+)\]", explorer.text.value).group(1))


# The image browser


def test_image_browser_structure():
    browser = widgets.image_browser(IMAGES, LABELS)
    assert (browser.slider.min, browser.slider.max, browser.slider.value) == (0, 29, 0)
    values = [value for _, value in browser.classes.options]
    assert values[0] == "all" and values[1:] == [name for name in data.CLASS_NAMES]  # every class occurs
    assert browser.classes.options[9][0] == "Bag (6)"
    assert bytes(browser.picture.value).startswith(PNG_MAGIC)
    assert browser.text.value.startswith("images[0] of 30: Bag (label 8)")


def test_image_browser_slider_and_buttons_change_the_image():
    browser = widgets.image_browser(IMAGES, LABELS)
    before = browser.picture.value
    browser.slider.value = 5
    assert shown_index(browser) == 5 and "T-shirt/top (label 0)" in browser.text.value
    assert browser.picture.value != before
    browser.next.click()
    assert shown_index(browser) == 6
    browser.slider.value = 0
    browser.previous.click()  # wraps around to the last image
    assert shown_index(browser) == 29


def test_image_browser_class_filter_shows_only_that_class():
    browser = widgets.image_browser(IMAGES, LABELS)
    browser.classes.value = "Bag"
    assert browser.slider.max == 5 and list(browser.chosen) == [0, 1, 2, 3, 18, 28]
    for position, index in [(0, 0), (4, 18), (5, 28)]:
        browser.slider.value = position
        assert shown_index(browser) == index and "Bag (label 8)" in browser.text.value
        assert f"number {position + 1} of the 6 Bag images" in browser.text.value
    browser.next.click()  # wraps around within the class
    assert shown_index(browser) == 0
    browser.classes.value = "all"
    assert browser.slider.max == 29 and shown_index(browser) == 0


def test_image_browser_zoom_sliders_move_the_square_of_pixel_values():
    browser = widgets.image_browser(IMAGES, LABELS)
    browser.row.value, browser.col.value = 0, 20
    assert "rows 0-7 and columns 20-27" in browser.text.value
    zoom = browser.figure().axes[1]
    assert [text.get_text() for text in zoom.texts] == [str(value) for value in IMAGES[0, 0:8, 20:28].ravel()]
    assert browser.row.max == browser.col.max == 28 - widgets.ZOOM


def test_image_browser_accepts_float_images_with_a_channel_axis_and_omits_absent_classes():
    browser = widgets.image_browser(IMAGES[:4, ..., None] / 255, LABELS[:4])
    assert [value for _, value in browser.classes.options] == ["all", "Bag"]


# The prediction explorer


def test_prediction_explorer_shows_truth_prediction_and_nearest_confusable_class():
    explorer = widgets.prediction_explorer(IMAGES, LABELS, PROBABILITIES)
    assert (explorer.slider.min, explorer.slider.max) == (0, 29)
    explorer.slider.value = 3
    caption = explorer.text.value
    assert "images[3]: true class Bag, predicted T-shirt/top (60%), wrong" in caption
    assert "Nearest confusable class: Bag (30%)" in caption
    # Over all 30 images: one bag taken for a T-shirt (image 3), no T-shirt taken for a bag.
    assert "took T-shirt/top for Bag 0 times and Bag for T-shirt/top once" in caption
    explorer.slider.value = 4
    assert "predicted T-shirt/top (70%), right. Nearest confusable class: Trouser (20%)" in explorer.text.value


def test_prediction_explorer_mistakes_toggle_keeps_to_the_misclassified_images():
    explorer = widgets.prediction_explorer(IMAGES, LABELS, PROBABILITIES)
    assert explorer.only_mistakes.description == "show me the mistakes (3)"
    explorer.only_mistakes.value = True
    assert explorer.slider.max == 2 and explorer.slider.description == "mistake"
    shown = []
    for position in range(3):
        explorer.slider.value = position
        shown.append(shown_index(explorer))
        assert explorer.text.value.startswith(f"mistake {position + 1} of 3: ") and ", wrong." in explorer.text.value
    assert shown == sorted(WRONG)
    explorer.only_mistakes.value = False
    assert explorer.slider.max == 29 and ", right." in explorer.text.value


def test_prediction_explorer_without_mistakes_disables_the_toggle():
    explorer = widgets.prediction_explorer(IMAGES, LABELS, synthetic_probabilities(LABELS, {}))
    assert explorer.only_mistakes.disabled and explorer.only_mistakes.description == "show me the mistakes (0)"


# The activation playground (trains real, tiny Keras networks: about a second each)


@pytest.fixture(scope="module")
def playground():
    return widgets.activation_playground(*data.two_moons(200), activation="ReLU", hidden_units=16)


def test_activation_playground_structure(playground):
    assert playground.activation.options == ("linear", "ReLU", "sigmoid", "tanh")
    assert (playground.units.min, playground.units.max, playground.units.value) == (2, 64, 16)
    assert playground.text.value.startswith("One hidden layer of 16 ReLU units")


def test_relu_separates_the_moons_better_than_linear(playground):
    playground.activation.value = "ReLU"
    relu, relu_picture = playground.accuracy, playground.picture.value
    playground.activation.value = "linear"
    linear = playground.accuracy
    assert relu > 0.95 and linear < 0.9, (relu, linear)
    assert playground.picture.value != relu_picture and "16 linear units" in playground.text.value
    assert f"{linear:.1%} of them right" in playground.text.value
    assert not playground.activation.disabled and not playground.units.disabled


def test_activation_playground_retrains_when_the_units_change_and_remembers(playground):
    playground.activation.value = "ReLU"
    playground.units.value = 2
    assert playground.text.value.startswith("One hidden layer of 2 ReLU units")
    assert len(playground.train()[0].get_layer("hidden").get_weights()[1]) == 2
    assert ("ReLU", 2) in playground._trained and ("ReLU", 16) in playground._trained


# What a notebook saves


def test_mimebundle_has_the_widget_view_a_static_png_and_a_stable_text():
    explorers = [widgets.prediction_explorer(IMAGES, LABELS, PROBABILITIES) for _ in range(2)]
    bundles = [explorer._repr_mimebundle_()[0] for explorer in explorers]  # (data, metadata)
    for bundle in bundles:
        assert re.fullmatch(r"[0-9a-f]{32}", bundle[widgets.WIDGET_VIEW]["model_id"])
        assert base64.b64decode(bundle["image/png"]).startswith(PNG_MAGIC)
    assert bundles[0][widgets.WIDGET_VIEW] != bundles[1][widgets.WIDGET_VIEW]
    assert bundles[0]["text/plain"] == bundles[1]["text/plain"] == (
        "Prediction explorer: images[0] of 30, true class Bag (run the cell in Jupyter or Colab for the controls)")
    # The static picture is the one shown, with the caption as its heading.
    assert explorers[0].static_figure()._suptitle.get_text().startswith("images[0]: true class Bag")


def test_static_picture_reuses_the_last_drawing_and_follows_the_controls():
    explorer = widgets.prediction_explorer(IMAGES, LABELS, PROBABILITIES)
    first = explorer.static_figure()
    assert explorer.static_figure() is first  # drawn once by refresh(), not again for static viewers
    explorer.slider.value = 5
    moved = explorer.static_figure()
    assert moved is not first and moved._suptitle.get_text().startswith("images[5]")


def test_ipython_displays_both_the_widget_and_the_picture():
    explorer = widgets.prediction_explorer(IMAGES, LABELS, PROBABILITIES)
    explorer.slider.value = 15
    shown, _ = DisplayFormatter().format(explorer)
    assert {widgets.WIDGET_VIEW, "image/png", "text/plain"} <= set(shown)
    assert shown["text/plain"].startswith("Prediction explorer: images[15] of 30, true class Sandal")


def test_the_widget_view_is_the_one_ipywidgets_publishes(monkeypatch):
    """ipywidgets 8 makes a widget's view in _repr_mimebundle_; ipywidgets 7 (Colab's) publishes it from
    _ipython_display_, which the explorers turn off (IPython would prefer it to their bundle)."""
    explorer = widgets.image_browser(IMAGES, LABELS)
    if hasattr(ipywidgets.Widget, "_repr_mimebundle_"):  # ipywidgets 8
        own = ipywidgets.Widget._repr_mimebundle_(explorer)
    else:  # ipywidgets 7
        published = []
        monkeypatch.setattr(ipywidgets.widgets.widget, "display", lambda data, raw: published.append(data))
        ipywidgets.Widget._ipython_display_(explorer)
        (own,) = published
    assert explorer._repr_mimebundle_()[0][widgets.WIDGET_VIEW] == own[widgets.WIDGET_VIEW]
    assert own[widgets.WIDGET_VIEW]["model_id"] == explorer.model_id
    assert explorer._ipython_display_ is None


def test_a_notebook_runs_the_explorers_without_a_front_end(tmp_path):
    """What nbval and tools/run_notebooks.py do: a kernel, but nobody to render the widgets. The cell's
    result and display() give the same bundle, under ipywidgets 8 and under Colab's ipywidgets 7."""
    cells = [
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})  # this checkout's helpers, however they are installed\n"
        "import numpy as np\nfrom helpers import widgets\n"
        f"assert widgets.__file__.startswith({str(ROOT)!r}), widgets.__file__\n"
        "images = np.zeros((3, 28, 28), np.uint8)\nlabels = np.array([0, 1, 1])",
        "widgets.image_browser(images, labels)",
        "widgets.prediction_explorer(images, labels, np.eye(10)[[0, 1, 0]])",
        "from IPython.display import display\ndisplay(widgets.image_browser(images, labels))",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    resources = {"metadata": {"path": str(tmp_path)}}
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources=resources).execute()
    outputs = [cell.outputs for cell in notebook.cells]
    assert outputs[0] == []
    assert [output.output_type for (output,) in outputs[1:]] == ["execute_result", "execute_result", "display_data"]
    for (output,) in outputs[1:]:
        assert set(output.data) == {widgets.WIDGET_VIEW, "image/png", "text/plain"}
        assert re.fullmatch(r"[0-9a-f]{32}", output.data[widgets.WIDGET_VIEW]["model_id"])
    assert outputs[2][0].data["text/plain"] == ("Prediction explorer: images[0] of 3, true class T-shirt/top "
                                                "(run the cell in Jupyter or Colab for the controls)")
    assert outputs[3][0].data["text/plain"] == outputs[1][0].data["text/plain"] == (
        "Image browser: images[0] of 3, T-shirt/top (label 0) (run the cell in Jupyter or Colab for the controls)")


# Bad input


@pytest.mark.parametrize(("call", "message"), [
    (lambda: widgets.image_browser(IMAGES, LABELS[:5]), r"Got 30 images but labels of shape \(5,\)"),
    (lambda: widgets.image_browser(IMAGES[0], LABELS[:1]), "Expected a stack of images"),
    (lambda: widgets.image_browser(IMAGES[:0], LABELS[:0]), "Got no images"),
    (lambda: widgets.image_browser(IMAGES, LABELS + 5), "labels must be whole numbers from 0 to 9"),
    (lambda: widgets.image_browser(IMAGES, LABELS * 0.5), "labels must be whole numbers"),
    (lambda: widgets.prediction_explorer(IMAGES, LABELS, PROBABILITIES[:, :3]),
     r"one column per class, shape \(30, 10\); got \(30, 3\)"),
    (lambda: widgets.prediction_explorer(IMAGES, LABELS, PROBABILITIES[:29]), r"got \(29, 10\)"),
    (lambda: widgets.prediction_explorer(IMAGES, LABELS, PROBABILITIES * 3), "row 0 sums to 3.*Are these logits"),
    (lambda: widgets.prediction_explorer(IMAGES[:0], LABELS[:0], PROBABILITIES[:0]), "Got no images"),
    (lambda: widgets.activation_playground(np.zeros((10, 3)), np.zeros(10, int)), r"shape \(n, 2\).*\(10, 3\)"),
    (lambda: widgets.activation_playground(np.zeros((0, 2)), np.zeros(0, int)), r"n >= 2, got \(0, 2\)"),
    (lambda: widgets.activation_playground(np.zeros((10, 2)), np.zeros(9, int)), "Got 10 points but labels"),
    (lambda: widgets.activation_playground(np.zeros((10, 2)), np.arange(10)), "labels must be 0 or 1"),
    (lambda: widgets.activation_playground(np.full((4, 2), np.nan), np.zeros(4, int)), "NaN or infinite"),
    (lambda: widgets.activation_playground(*data.two_moons(10), activation="relu"), "one of linear, ReLU"),
    (lambda: widgets.activation_playground(*data.two_moons(10), hidden_units=100), "from 2 to 64, got 100"),
])
def test_bad_input_is_rejected_clearly(call, message):
    with pytest.raises(ValueError, match=message):
        call()
