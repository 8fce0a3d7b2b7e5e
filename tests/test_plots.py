"""helpers.plots: each figure function draws what it promises and rejects bad shapes clearly."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import plots

RNG = np.random.default_rng(0)
IMAGES = RNG.integers(0, 256, (12, 28, 28), dtype=np.uint8)
LABELS = np.arange(12) % 10


def titles(fig: Figure) -> list[str]:
    return [ax.get_title() for ax in fig.axes if ax.get_title()]


def test_show_images_grid_and_titles():
    fig = plots.show_images(IMAGES, LABELS, ncols=5, title="twelve")
    assert isinstance(fig, Figure) and len(fig.axes) == 15  # 3 rows of 5, three left empty
    assert titles(fig)[:3] == ["T-shirt/top", "Trouser", "Pullover"]
    assert fig._suptitle.get_text() == "twelve"


def test_show_images_accepts_a_channel_axis_and_no_labels():
    fig = plots.show_images(IMAGES[..., None], ncols=4)
    assert len(fig.axes) == 12 and titles(fig) == []


@pytest.mark.parametrize("bad", [np.zeros((28, 28)), np.zeros((2, 28, 28, 3))])
def test_show_images_rejects_wrong_shapes(bad):
    with pytest.raises(ValueError, match="Expected a stack of images"):
        plots.show_images(bad)


def test_show_images_rejects_mismatched_labels():
    with pytest.raises(ValueError, match="Got 12 images but 3 labels"):
        plots.show_images(IMAGES, [1, 2, 3])


def test_show_pixels_writes_every_value_of_the_patch():
    fig = plots.show_pixels(IMAGES[0], rows=slice(0, 4), cols=slice(2, 5))
    zoom = fig.axes[1]
    assert [t.get_text() for t in zoom.texts] == [str(v) for v in IMAGES[0, 0:4, 2:5].ravel()]


def test_class_balance_counts():
    fig = plots.class_balance({"train": LABELS, "test": LABELS[:5]})
    assert titles(fig) == ["train: 12 images", "test: 5 images"]
    assert [bar.get_width() for bar in fig.axes[0].patches] == list(np.bincount(LABELS, minlength=10))


def test_pixel_histogram_and_class_means():
    assert plots.pixel_histogram(IMAGES).axes[0].get_yscale() == "log"
    images = np.repeat(np.arange(10, dtype=np.uint8)[:, None, None], 28, 1).repeat(28, 2)
    fig = plots.class_means(np.concatenate([images, images]), np.tile(np.arange(10), 2))
    assert len(fig.axes) == 10 and titles(fig)[9] == "Ankle boot"
    assert fig.axes[3].images[0].get_array()[0, 0] == 3  # the mean of two images that are all 3


def test_use_course_style():
    plots.use_course_style()
    import matplotlib as mpl

    assert mpl.rcParams["image.cmap"] == plots.IMAGE_CMAP and not mpl.rcParams["axes.spines.top"]
