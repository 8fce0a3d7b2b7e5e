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


PROBABILITIES = np.eye(10)[LABELS] * 0.7 + 0.03


def test_flattened_strip_and_activation_functions():
    fig = plots.flattened_strip(IMAGES[0])
    assert len(fig.axes) == 3 and "1 x 784" in fig.axes[2].get_title()
    fig = plots.activation_functions({"ReLU": lambda x: np.maximum(0, x), "tanh": np.tanh})
    assert titles(fig) == ["ReLU", "tanh"] and len(fig.axes[0].lines) == 3  # two axis lines and the curve


def test_decision_boundaries_one_panel_per_model_and_shape_check():
    points = RNG.normal(size=(20, 2))
    labels = (points[:, 0] > 0).astype(int)
    fig = plots.decision_boundaries({"left/right": lambda p: (p[:, 0] > 0).astype(float),
                                     "always 1": lambda p: np.ones(len(p))}, points, labels)
    assert titles(fig) == ["left/right", "always 1"]
    with pytest.raises(ValueError, match=r"points must have shape \(n, 2\)"):
        plots.decision_boundary(lambda p: p, np.zeros((5, 3)), np.zeros(5))


def test_training_curves_mark_the_best_epoch():
    history = {"loss": [0.9, 0.5, 0.3], "val_loss": [0.8, 0.6, 0.7], "accuracy": [0.6, 0.8, 0.9],
               "val_accuracy": [0.6, 0.7, 0.7]}
    fig = plots.training_curves(history, best_epoch=2)
    labels = [line.get_label() for line in fig.axes[0].lines]
    assert labels == ["training", "validation", "best epoch (2)"]


def test_probability_bars_colour_right_and_wrong():
    right = plots.probability_bars(PROBABILITIES[0], LABELS[0])
    wrong = plots.probability_bars(PROBABILITIES[0], (LABELS[0] + 1) % 10)
    colour = lambda fig: fig.axes[0].patches[LABELS[0]].get_facecolor()  # noqa: E731
    assert colour(right) != colour(wrong)
    with pytest.raises(ValueError, match="Expected 10 probabilities"):
        plots.probability_bars([0.5, 0.5])


def test_prediction_grid_and_its_checks():
    fig = plots.prediction_grid(IMAGES[:4], PROBABILITIES[:4], LABELS[:4], ncols=2)
    assert len(fig.axes) == 8 and "(true: T-shirt/top)" in fig.axes[0].get_title()
    with pytest.raises(ValueError, match="Got 4 images, 3 predictions and 4 labels"):
        plots.prediction_grid(IMAGES[:4], PROBABILITIES[:3], LABELS[:4])


def test_confusion_counts_rows_are_true_classes_and_columns_predictions():
    labels, predictions = RNG.integers(0, 10, 500), RNG.integers(0, 10, 500)
    counts = plots.confusion_counts(labels, predictions)
    assert counts.shape == (10, 10) and counts.sum() == 500
    assert counts[3, 7] == np.sum((labels == 3) & (predictions == 7))
    np.testing.assert_array_equal(counts.sum(axis=1), np.bincount(labels, minlength=10))


def test_confusion_matrix_counts_and_per_class_accuracy():
    fig = plots.confusion_matrix([0, 0, 1], [0, 1, 1])
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["1", "1", "1"]
    fig = plots.per_class_accuracy({"a": [0.9] * 10, "b": [0.8] * 10})
    assert len(fig.axes[0].patches) == 20 and [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["a", "b"]
