"""Figures for every learner: colours that stay apart under colour vision deficiencies, and alt text
saved with every figure, in a live kernel and in every committed notebook.

The palette check simulates the two common red-green deficiencies at full strength (protanopia and
deuteranopia) with the matrices of Machado, Oliveira and Fernandes (2009, "A physiologically-based
model for simulation of color vision deficiency", IEEE TVCG 15(6), severity 1.0 in their published
table), applied to linear RGB, and measures how far apart two colours then look with CIEDE2000
(Sharma, Wu and Dalal 2005, "The CIEDE2000 color-difference formula: implementation notes,
supplementary test data, and mathematical observations"; their test pairs check the code below).
"""

from __future__ import annotations

import base64
import io
import itertools
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient
from PIL import Image

from helpers import plots

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))

# Machado et al. (2009), severity 1.0: linear RGB as a dichromat sees it.
MACHADO_2009 = {
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
}
VISIONS = {"normal vision": np.eye(3), **MACHADO_2009}
# CIEDE2000 is scaled so that 1 is about the smallest difference seen between two large patches side by
# side. Lines, markers and bars are small and seldom side by side, so colours used together must differ
# by far more: 15, at full-strength protanopia and deuteranopia as well as with normal vision.
DISTINGUISHABLE = 15.0
# The colours that appear together in one figure of the course.
USED_TOGETHER = {
    "lines and bar groups, with the reference lines": (*plots.PALETTE, plots.GREY),
    "right, wrong and the other probability bars": (plots.RIGHT, plots.WRONG, plots.LIGHT_GREY),
    "the two classes of a decision boundary": tuple(color for _, color in plots.CLASS_MARKERS),
}
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                        [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
D65_WHITE = SRGB_TO_XYZ @ np.ones(3)


def linear_rgb(color: str) -> np.ndarray:
    """A colour like "#0072B2" as linear RGB from 0 to 1 (sRGB's transfer curve undone)."""
    srgb = np.array([int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)])
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def lab(linear: np.ndarray) -> np.ndarray:
    """CIE L*a*b* (D65 white) of a linear-RGB colour."""
    xyz = SRGB_TO_XYZ @ np.clip(linear, 0, 1) / D65_WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(color: str, vision: str) -> np.ndarray:
    """The L*a*b* colour a person with ``vision`` sees for ``color``."""
    return lab(VISIONS[vision] @ linear_rgb(color))


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """The CIEDE2000 colour difference (kL = kC = kH = 1), following Sharma, Wu and Dalal (2005)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    mean_c = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(mean_c ** 7 / (mean_c ** 7 + 25 ** 7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1 = np.degrees(np.arctan2(b1, a1)) % 360 if c1 else 0.0
    h2 = np.degrees(np.arctan2(b2, a2)) % 360 if c2 else 0.0
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    delta_l, delta_c = l2 - l1, c2 - c1
    delta_h = 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh / 2))
    mean_l, mean_c = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        mean_h = h1 + h2
    elif abs(h1 - h2) <= 180:
        mean_h = (h1 + h2) / 2
    else:
        mean_h = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * np.cos(np.radians(mean_h - 30)) + 0.24 * np.cos(np.radians(2 * mean_h))
         + 0.32 * np.cos(np.radians(3 * mean_h + 6)) - 0.20 * np.cos(np.radians(4 * mean_h - 63)))
    rotation = -2 * np.sqrt(mean_c ** 7 / (mean_c ** 7 + 25 ** 7)) * np.sin(
        np.radians(60 * np.exp(-(((mean_h - 275) / 25) ** 2))))
    s_l = 1 + 0.015 * (mean_l - 50) ** 2 / np.sqrt(20 + (mean_l - 50) ** 2)
    s_c, s_h = 1 + 0.045 * mean_c, 1 + 0.015 * mean_c * t
    return float(np.sqrt((delta_l / s_l) ** 2 + (delta_c / s_c) ** 2 + (delta_h / s_h) ** 2
                         + rotation * (delta_c / s_c) * (delta_h / s_h)))


def closest_pair(colors: tuple[str, ...], vision: str) -> tuple[float, str, str]:
    """The two colours of ``colors`` that look most alike to ``vision``, and their CIEDE2000 difference."""
    return min((ciede2000(seen(a, vision), seen(b, vision)), a, b) for a, b in itertools.combinations(colors, 2))


# The measuring tools, checked first


@pytest.mark.parametrize(("lab1", "lab2", "expected"), [  # pairs 1, 7, 17 and 25 of Sharma et al.'s Table 1
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
])
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected):
    assert ciede2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)
    assert ciede2000(np.array(lab2), np.array(lab1)) == pytest.approx(expected, abs=1e-4)  # symmetric


def test_the_simulations_keep_greys_grey_and_merge_what_dichromats_confuse():
    for vision, matrix in MACHADO_2009.items():
        np.testing.assert_allclose(matrix.sum(axis=1), 1, atol=1e-3, err_msg=vision)  # white stays white
        assert ciede2000(seen("#777777", vision), seen("#777777", "normal vision")) < 0.5
    # A red and a green of equal lightness that most people tell apart at once look alike without M cones.
    assert ciede2000(seen("#d62728", "normal vision"), seen("#2ca02c", "normal vision")) > 50
    assert ciede2000(seen("#d62728", "deuteranopia"), seen("#2ca02c", "deuteranopia")) < 5


def test_the_check_fails_a_red_green_pair_and_the_old_course_palette():
    """The check can fail: matplotlib's red and green, and the course's colours before Okabe-Ito."""
    difference, *_ = closest_pair(("#d62728", "#2ca02c"), "deuteranopia")
    assert difference < DISTINGUISHABLE
    old_lines = ("#3b6ea8", "#e0913a", "#5a9e5a", "#9ab8d9")  # training, test, validation, light blue
    difference, *pair = closest_pair(old_lines, "protanopia")
    assert difference < DISTINGUISHABLE and set(pair) == {"#e0913a", "#5a9e5a"}  # orange and green


# The course's colours


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("group", USED_TOGETHER)
def test_colours_used_together_stay_distinguishable(group, vision):
    difference, first, second = closest_pair(USED_TOGETHER[group], vision)
    assert difference >= DISTINGUISHABLE, (
        f"{group}: {first} and {second} differ by only {difference:.1f} (CIEDE2000) for {vision}; pick colours "
        f"at least {DISTINGUISHABLE} apart (see plots.OKABE_ITO)")


def test_the_palette_is_okabe_ito_and_every_line_style_differs():
    assert set(plots.PALETTE) <= set(plots.OKABE_ITO.values())
    styles = [plots.series_style(i) for i in range(len(plots.PALETTE))]
    for key in ("color", "linestyle", "marker"):
        assert len({style[key] for style in styles}) == len(styles), key  # each tells the lines apart alone
    assert len(set(plots.HATCHES)) == len(plots.PALETTE)


# Alt text in a live kernel, as a notebook gets it


def png_size(data: str) -> tuple[int, int]:
    return Image.open(io.BytesIO(base64.b64decode(data))).size


def test_a_kernel_saves_alt_text_with_each_figure_once_and_unchanged(tmp_path):
    """What the notebooks do: helpers.setup() (which runs %matplotlib inline after the course style), then
    figures as a cell's result, through display(), through pyplot, and an explorer. Each picture is shown
    once, with its alt text, and is the same picture as without the course's alt-text printer."""
    cells = [
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nimport helpers\nhelpers.setup()\n"
        "import numpy as np\nfrom IPython.display import display\nfrom helpers import plots, widgets\n"
        f"assert plots.__file__.startswith({str(ROOT)!r}), plots.__file__\n"
        f"assert sys.prefix == {sys.prefix!r}, sys.prefix  # the kernel runs on the stack under test\n"
        "history = {'loss': [0.6, 0.4, 0.3], 'val_loss': [0.5, 0.42, 0.45]}",
        "plots.training_curves(history, best_epoch=2)",
        "display(plots.confusion_matrix([0, 0, 1, 2], [0, 1, 1, 1]))",
        "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [3, 1, 2], label='validation')\nplt.title('by hand')\n"
        "plt.legend()\nplt.show()",
        "widgets.image_browser(np.zeros((3, 28, 28), np.uint8), np.array([0, 1, 1]))",
        # The same figure as cell 2, with the course's printer taken away again: the picture must not change.
        "from matplotlib.figure import Figure\nget_ipython().display_formatter.mimebundle_formatter.pop(Figure)\n"
        "plots.training_curves(history, best_epoch=2)",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
                   ).execute()
    outputs = [[output for output in cell.outputs if "data" in output] for cell in notebook.cells]
    assert [len(shown) for shown in outputs] == [0, 1, 1, 1, 1, 1]  # every picture exactly once
    assert not [output for cell in notebook.cells for output in cell.outputs if output.output_type == "stream"]
    alts = [shown[0].metadata.get("image/png", {}).get("alt", "") for shown in outputs[1:]]
    assert "validation falls from 0.5 at epoch 1 to its lowest, 0.42 at epoch 2, then rises to 0.45" in alts[0]
    assert "Largest mistakes: T-shirt/top taken for Trouser once; Pullover taken for Trouser once." in alts[1]
    assert alts[2] == ("A chart: titled “by hand”; validation falls from 3 at x 1 to its lowest, 1 at x 2, then "
                       "rises to 2 at x 3.")
    assert alts[3].startswith("images[0] of 3: T-shirt/top (label 0). The red square")  # the caption, then
    assert "Right: that 8 x 8 patch enlarged" in alts[3]  # what the explorer's picture shows
    assert alts[4] == "" and outputs[5][0].metadata == {}  # without the printer: no alt text ...
    assert outputs[5][0].data["image/png"] == outputs[1][0].data["image/png"]  # ... and the very same picture
    assert png_size(outputs[1][0].data["image/png"])[0] > 900  # 10 inches at 96 dpi, tightly cropped


# Alt text in every committed notebook


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.stem for path in NOTEBOOKS])
def test_every_figure_in_the_committed_notebooks_has_alt_text(path):
    """Fails for a notebook saved before the alt-text printer existed: re-run it (tools/run_notebooks.py)."""
    notebook = nbformat.read(path, as_version=4)
    figures, missing = 0, []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                figures += 1
                alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
                if not isinstance(alt, str) or not alt.strip():
                    missing.append(f"cell {index} ({cell.source.splitlines()[0][:60]!r}...)")
    assert figures, f"{path.name} shows no figure; is it executed?"
    assert not missing, (f"{path.name}: {len(missing)} of {figures} figures have no alt text: {', '.join(missing)}. "
                         f"Re-run it with: python tools/run_notebooks.py notebooks/{path.name}")
