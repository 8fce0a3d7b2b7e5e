"""helpers.plots: each figure function draws what it promises and rejects bad shapes clearly."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import photos, plots
from helpers.alt_text import ALT_TEXT_ATTRIBUTE, alt_text, describe_figure, set_alt_text, trend

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
    assert len(fig.axes) == 11 and titles(fig)[9] == "Ankle boot"  # ten images and one colour bar
    assert fig.axes[3].images[0].get_array()[0, 0] == 3  # the mean of two images that are all 3


@pytest.mark.parametrize("scale", [1, 255])
def test_class_means_share_one_colour_scale(scale):
    """A faint class must look faint: every mean image uses the same limits, 0 to the pixels' full range."""
    images = (np.arange(20)[:, None, None] * np.ones((1, 28, 28)) * scale / 19).astype(np.float32 if scale == 1
                                                                                      else np.uint8)
    fig = plots.class_means(images, np.tile(np.arange(10), 2))
    image_axes = [ax for ax in fig.axes if ax.images]
    assert len(image_axes) == 10
    assert {ax.images[0].get_clim() for ax in image_axes} == {(0, scale)}
    colour_bar = fig.axes[-1]
    assert "same scale" in colour_bar.get_xlabel() and colour_bar.get_xlim() == (0, scale)


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


@pytest.mark.parametrize("shape", [(28, 28), (28, 28, 1), (3, 4)])
def test_flattened_strip_ticks_where_each_row_starts(shape):
    image = np.arange(np.prod(shape)).reshape(shape)
    strip = plots.flattened_strip(image).axes[2]
    height, width = shape[:2]
    assert list(strip.get_xticks()) == [row * width for row in range(height)]  # 0, 28, 56, ..., 756 for 28 x 28
    assert f"a tick every {width} values" in strip.get_xlabel()
    np.testing.assert_array_equal(strip.images[0].get_array()[0], image.reshape(-1))  # row 0, then row 1, ...


def test_decision_boundaries_one_panel_per_model_and_shape_check():
    points = RNG.normal(size=(20, 2))
    labels = (points[:, 0] > 0).astype(int)
    fig = plots.decision_boundaries({"left/right": lambda p: (p[:, 0] > 0).astype(float),
                                     "always 1": lambda p: np.ones(len(p))}, points, labels)
    assert titles(fig) == ["left/right", "always 1"]
    with pytest.raises(ValueError, match=r"points must have shape \(n, 2\)"):
        plots.decision_boundary(lambda p: p, np.zeros((5, 3)), np.zeros(5))


def test_loss_by_step_one_line_per_run_from_step_0_on_a_log_scale_and_zoomed_in():
    curves = {"too small": [3380, 3370, 3360], "right": [3380, 160, 95], "too large": [3380, 8e3, 5e4]}
    whole, zoom = plots.loss_by_step(curves).axes[:2]
    for ax in (whole, zoom):
        assert [line.get_label() for line in ax.lines] == list(curves) and ax.get_xlabel() == "step"
        np.testing.assert_array_equal(ax.lines[2].get_xdata(), [0, 1, 2])  # the loss before any step is step 0
        np.testing.assert_array_equal(ax.lines[2].get_ydata(), [3380, 8e3, 5e4])
    assert whole.get_yscale() == "log" and "log scale" in whole.get_title()
    assert zoom.get_yscale() == "linear" and zoom.get_ylim() == pytest.approx((0, 1.15 * 3380))
    with pytest.raises(ValueError, match="Got no curves"):
        plots.loss_by_step({})
    with pytest.raises(ValueError, match="'empty': expected a list of losses"):
        plots.loss_by_step({"empty": []})


def test_scores_over_seeds_a_dot_per_seed_and_a_bar_from_lowest_to_highest_through_the_mean():
    scores = {"linear": [0.82, 0.84, 0.80], "ReLU": [0.85, 0.86, 0.87]}
    ax = plots.scores_over_seeds(scores, ylabel="validation accuracy").axes[0]
    assert [label.get_text() for label in ax.get_xticklabels()] == ["linear", "ReLU"]
    assert ax.get_ylabel() == "validation accuracy"
    np.testing.assert_allclose(ax.collections[-1].get_offsets()[:, 1], [0.85, 0.86, 0.87])  # every seed is shown
    means = [bar.lines[0].get_ydata()[0] for bar in ax.containers]
    np.testing.assert_allclose(means, [0.82, 0.86])
    spans = [bar.lines[2][0].get_segments()[0][:, 1] for bar in ax.containers]
    np.testing.assert_allclose(spans, [[0.80, 0.84], [0.85, 0.87]])  # from the lowest to the highest seed
    with pytest.raises(ValueError, match="Got no scores"):
        plots.scores_over_seeds({})
    with pytest.raises(ValueError, match="'ReLU': expected one score per seed"):
        plots.scores_over_seeds({"ReLU": []})


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


def test_confusion_matrix_colours_the_mistakes_and_greys_the_diagonal():
    labels = np.repeat(np.arange(10), 100)  # 100 images per class, 95 right each
    predictions = labels.copy()
    predictions[:5] = 6  # five T-shirts called shirts: the largest mistake
    for true in range(1, 10):
        predictions[true * 100:true * 100 + 5] = (true + 1) % 10 if true != 5 else 4
    predictions[100] = 3  # one extra, smaller mistake elsewhere
    fig = plots.confusion_matrix(labels, predictions)
    image = fig.axes[0].images[0]
    assert image.get_clim() == (0, 5)  # the scale ends at the largest off-diagonal count, not at ~95
    data = image.get_array()
    assert data.mask.diagonal().all() and not data.mask[~np.eye(10, dtype=bool)].any()
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "95" in texts and "5" in texts  # right answers are still written, on grey
    assert "mistakes" in fig.axes[1].get_ylabel()  # the colour bar says what the colours count


def test_confusion_matrix_without_any_mistake_still_draws():
    fig = plots.confusion_matrix([0, 1, 2], [0, 1, 2])
    assert fig.axes[0].images[0].get_clim() == (0, 1) and len(fig.axes[0].texts) == 3


def test_loss_curves_one_panel_per_run_on_one_scale():
    runs = {"no dropout": {"logged": [0.5, 0.3, 0.2], "evaluated": [0.4, 0.25, 0.15], "validation": [0.4, 0.3, 0.35]},
            "dropout": {"logged": [0.6, 0.4, 0.3], "evaluated": [0.45, 0.3, 0.25], "validation": [0.42, 0.32, 0.3]}}
    fig = plots.loss_curves(runs)
    assert titles(fig) == ["no dropout", "dropout"]
    assert [line.get_label() for line in fig.axes[0].lines] == ["logged", "evaluated", "validation"]
    assert fig.axes[0].get_ylim() == fig.axes[1].get_ylim()  # one scale: the panels compare
    np.testing.assert_array_equal(fig.axes[1].lines[2].get_xdata(), [1, 2, 3])  # epochs count from 1
    with pytest.raises(ValueError, match="Got no runs"):
        plots.loss_curves({})
    with pytest.raises(ValueError, match="has 5 curves; at most 4"):
        plots.loss_curves({"too many": {str(i): [0.1] for i in range(5)}})


def test_reliability_bins_count_confidence_and_accuracy():
    probabilities = np.array([[0.95, 0.05], [0.3, 0.7], [0.6, 0.4], [0.999, 0.001], [0.5, 0.5]])
    table = plots.reliability(probabilities, [0, 0, 0, 1, 1], edges=(0.5, 0.8, 0.99, 1.0))
    np.testing.assert_array_equal(table["count"], [3, 1, 1])  # 0.5 falls in the lowest bin
    np.testing.assert_allclose(table["confidence"], [0.6, 0.95, 0.999])
    np.testing.assert_allclose(table["accuracy"], [1 / 3, 1, 0])  # argmax of [0.5, 0.5] is class 0: wrong
    empty = plots.reliability(np.eye(3), [0, 1, 2])  # all 100% sure: only the top bin is used
    assert empty["count"].tolist() == [0, 0, 0, 0, 3] and np.isnan(empty["accuracy"][:4]).all()
    with pytest.raises(ValueError, match=r"Expected probabilities shaped \(n, classes\) and n labels"):
        plots.reliability(np.eye(3), [0, 1])
    with pytest.raises(ValueError, match="edges must rise"):
        plots.reliability(np.eye(3), [0, 1, 2], edges=(0.5, 0.5, 1.0))


def test_reliability_diagram_one_curve_and_one_bar_set_per_model():
    probabilities = RNG.dirichlet(np.ones(10) * 0.3, size=200)
    labels = RNG.integers(0, 10, 200)
    fig = plots.reliability_diagram({"best epoch": probabilities, "last epoch": probabilities ** 3}, labels)
    left, right = fig.axes
    assert [line.get_label() for line in left.lines] == ["as often right as sure", "best epoch", "last epoch"]
    assert len(right.patches) == 2 * (len(plots.CONFIDENCE_EDGES) - 1)
    shares = [patch.get_height() for patch in right.patches[:5]]
    assert np.isclose(sum(shares), 1)  # each model's bars are shares of its predictions
    assert [t.get_text() for t in right.get_xticklabels()][-1] == "0.99-1"


def test_image_row_one_titled_panel_per_image_of_any_size():
    fig = plots.image_row({"the image (28 x 28)": IMAGES[0], "a map (26 x 26)": IMAGES[1, 1:-1, 1:-1, None]})
    assert titles(fig) == ["the image (28 x 28)", "a map (26 x 26)"]
    assert [ax.images[0].get_array().shape for ax in fig.axes] == [(28, 28), (26, 26)]
    assert fig.get_size_inches()[0] >= 5  # readable: each panel gets 2.8 inches by default
    with pytest.raises(ValueError, match=r"Panel 'flat': expected one image .* got shape \(784,\)"):
        plots.image_row({"flat": IMAGES[0].reshape(-1)})
    with pytest.raises(ValueError, match="Got no images"):
        plots.image_row({})


def test_filters_share_one_symmetric_diverging_scale_and_the_reference_has_its_own():
    kernels = RNG.normal(size=(10, 3, 3))
    kernels[4, 1, 1] = -5.0  # the largest weight by size is negative: the scale is still symmetric
    vertical = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype="float32")
    fig = plots.filters(kernels, reference=vertical, ncols=4, title="learned")
    reference, *learned = [image for ax in fig.axes for image in ax.images]
    assert len(learned) == 10 and all(image.get_clim() == (-5.0, 5.0) for image in learned)
    assert reference.get_clim() == (-2.0, 2.0)  # its own scale, symmetric too
    assert {image.cmap.name for image in [reference, *learned]} == {plots.FILTER_CMAP} == {"RdBu_r"}
    np.testing.assert_array_equal(learned[4].get_array(), kernels[4])  # drawn as stored, not flipped
    assert [text.get_text() for text in fig.axes[0].texts] == ["-1", "0", "1", "-2", "0", "2", "-1", "0", "1"]
    colorbars = [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]
    assert len(colorbars) == 2 and "learned" in [sub.get_suptitle() for sub in fig.subfigs]
    alone = plots.filters(kernels[:3])  # no reference: one grid, one colour bar
    assert [ax.get_label() for ax in alone.axes].count("<colorbar>") == 1
    with pytest.raises(ValueError, match=r"shaped \(n, height, width\), got shape \(3, 3\).*np.moveaxis"):
        plots.filters(vertical)


def test_accuracy_by_shift_one_line_per_model_on_the_full_scale():
    fig = plots.accuracy_by_shift([0, 1, 2, 3], {"dense": [0.89, 0.8, 0.6, 0.4], "CNN": [0.92, 0.9, 0.8, 0.6]})
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["dense", "CNN", "chance (1 in 10)"]
    assert list(ax.lines[1].get_ydata()) == [0.92, 0.9, 0.8, 0.6] and ax.get_ylim() == (0, 1)
    assert ax.get_xlabel() == "shift (pixels)" and ax.get_ylabel() == "test accuracy"
    with pytest.raises(ValueError, match="'CNN' has 2 accuracies for 4 shifts"):
        plots.accuracy_by_shift([0, 1, 2, 3], {"CNN": [0.9, 0.8]})


def test_probability_bars_label_both_axes():
    ax = plots.probability_bars(np.full(10, 0.1)).axes[0]
    assert ax.get_xlabel() == "probability"
    assert [label.get_text() for label in ax.get_yticklabels()] == list(plots.CLASS_NAMES)


# For every learner: alt text made from what each figure draws, and nothing told apart by colour alone


def test_trend_in_words():
    assert trend([1, 2, 3, 4], [0.5, 0.31, 0.35, 0.41], "epoch") == (
        "falls from 0.5 at epoch 1 to its lowest, 0.31 at epoch 2, then rises to 0.41 at epoch 4")
    assert trend([1, 2, 3], [0.8, 0.9, 0.85], "epoch") == (
        "rises from 0.8 at epoch 1 to its highest, 0.9 at epoch 2, then falls to 0.85 at epoch 3")
    assert trend([1, 2, 3, 4], [0.55, 0.3, 0.209, 0.211], "epoch") == (  # a last step back within 10%: noise
        "falls from 0.55 at epoch 1 to 0.211 at epoch 4, its lowest 0.209 at epoch 3")
    assert trend([0, 1, 2], [3380, 8e3, 5e13], "step") == "rises from 3,380 at step 0 to 5 × 10^13 at step 2"
    assert trend(range(5), [3380, 3381, 3400, 1e6, 2e18], "step") == "rises from 3,380 at step 0 to 2 × 10^18 at step 4"
    x = np.linspace(-4, 4, 9)
    assert trend(x, np.maximum(0, x)) == "stays at 0 up to x 0, then rises to 4 at x 4"  # ReLU
    assert trend([1, 2, 3, 4], [2, 0, 5, 1], "epoch") == (
        "starts at 2 at epoch 1, reaches its lowest, 0 at epoch 2, then its highest, 5 at epoch 3, and ends at 1 at "
        "epoch 4")
    assert trend([1, 2], [0.3, 0.3]) == "stays at 0.3 from x 1 to 2"
    assert trend([7], [0.25], "epoch") == "is 0.25 at epoch 7"
    assert trend([1, 2], [np.nan, np.nan]) == "has no values"


def test_describe_figure_from_its_axes():
    """A figure drawn without the helpers is described from what its axes hold."""
    fig = Figure()
    fig.suptitle("by hand")
    lines, bars = fig.subplots(1, 2)
    lines.plot([1, 2, 3], [0.5, 0.3, 0.4], label="validation")
    lines.axhline(0.35, label="target")
    lines.set(xlabel="epoch", ylabel="loss", yscale="log")
    bars.bar([0, 1], [3, 5])
    bars.set_xticks([0, 1], ["cats", "dogs"])
    bars.imshow(np.arange(24).reshape(4, 6))
    fig.colorbar(bars.images[0], ax=bars, label="index")
    assert describe_figure(fig) == (
        "A figure with 2 panels titled “by hand”. Panel 1: validation falls from 0.5 at epoch 1 to its lowest, 0.3 "
        "at epoch 2, then rises to 0.4 at epoch 3; target: a horizontal line at 0.35; x axis: epoch; y axis: loss "
        "(log scale). Panel 2: an image of 4 x 6 values; 2 bars (cats 3, dogs 5). A colour bar for “index”, "
        "from 0 to 23.")
    assert alt_text(fig) == describe_figure(fig)  # no helper attached a better one
    assert describe_figure(Figure()) == "A figure without any chart."


def test_set_alt_text_is_what_alt_text_returns_and_must_say_something():
    fig = set_alt_text(Figure(), "  Two lines,\n one falling. ")
    assert alt_text(fig) == "Two lines, one falling."
    with pytest.raises(ValueError, match="non-empty string that says what the figure shows"):
        set_alt_text(fig, " ")


HISTORY = {"loss": [0.9, 0.5, 0.3], "val_loss": [0.8, 0.6, 0.7], "accuracy": [0.6, 0.8, 0.9],
           "val_accuracy": [0.6, 0.7, 0.68]}
# Every public helper that draws a figure, with small data: each must attach alt text of its own.
FIGURES = {
    "show_images": lambda: plots.show_images(IMAGES[:3], LABELS[:3]),
    "image_row": lambda: plots.image_row({"a": IMAGES[0], "b": IMAGES[1]}),
    "filters": lambda: plots.filters(RNG.normal(size=(4, 3, 3)), reference=np.eye(3)),
    "show_pixels": lambda: plots.show_pixels(IMAGES[0], rows=slice(0, 3), cols=slice(0, 3)),
    "class_balance": lambda: plots.class_balance({"train": LABELS}),
    "pixel_histogram": lambda: plots.pixel_histogram(IMAGES),
    "class_means": lambda: plots.class_means(IMAGES[:10], np.arange(10)),
    "flattened_strip": lambda: plots.flattened_strip(IMAGES[0]),
    "activation_functions": lambda: plots.activation_functions({"tanh": np.tanh}),
    "decision_boundary": lambda: plots.decision_boundary(lambda p: p[:, 0] > 0, RNG.normal(size=(6, 2)),
                                                         np.arange(6) % 2),
    "decision_boundaries": lambda: plots.decision_boundaries({"x > 0": lambda p: p[:, 0] > 0},
                                                             RNG.normal(size=(6, 2)), np.arange(6) % 2),
    "loss_by_step": lambda: plots.loss_by_step({"a": [3, 2, 1]}),
    "scores_over_seeds": lambda: plots.scores_over_seeds({"a": [0.8, 0.9]}),
    "training_curves": lambda: plots.training_curves(HISTORY, best_epoch=2),
    "loss_curves": lambda: plots.loss_curves({"run": {"training": [0.5, 0.4], "validation": [0.6, 0.5]}}),
    "reliability_diagram": lambda: plots.reliability_diagram({"m": PROBABILITIES}, LABELS),
    "probability_bars": lambda: plots.probability_bars(PROBABILITIES[0], 0),
    "prediction_grid": lambda: plots.prediction_grid(IMAGES[:2], PROBABILITIES[:2], LABELS[:2]),
    "per_class_accuracy": lambda: plots.per_class_accuracy({"a": [0.9] * 10}),
    "accuracy_by_shift": lambda: plots.accuracy_by_shift([0, 1], {"a": [0.9, 0.8]}),
    "confusion_matrix": lambda: plots.confusion_matrix([0, 1], [0, 1]),
    "photo_steps": lambda: plots.photo_steps(photos.preprocessing_steps(photos.sample_photo("sneaker"))),
    "experiment_results": lambda: plots.experiment_results({"a": {"training": 0.9, "validation": 0.8, "seconds": 2},
                                                            "b": {"training": 0.85, "validation": 0.84, "seconds": 1}},
                                                           baseline="a"),
}


def test_every_figure_helper_is_checked_for_alt_text():
    """A new figure helper must be added to FIGURES above, so that the next test checks its alt text."""
    import inspect

    drawing = {name for name, function in inspect.getmembers(plots, inspect.isfunction)
               if function.__module__ == plots.__name__ and not name.startswith("_")
               and inspect.signature(function).return_annotation in ("Figure", Figure)}
    assert drawing == set(FIGURES)


@pytest.mark.parametrize("name", FIGURES)
def test_every_figure_helper_attaches_alt_text(name):
    fig = FIGURES[name]()
    text = getattr(fig, ALT_TEXT_ATTRIBUTE, None)
    assert isinstance(text, str) and len(text) > 40
    assert "nan" not in text.split() and "{" not in text  # nothing half-formatted


def test_alt_text_says_what_each_figure_draws():
    assert alt_text(plots.show_images(IMAGES[:6], LABELS[:6], ncols=3)) == (
        "A grid of 6 images in 2 rows of 3, each titled with its class. Row 1: T-shirt/top, Trouser, Pullover. "
        "Row 2: Dress, Coat, Sandal.")
    text = alt_text(plots.show_images(IMAGES[:2], [0, 1], predicted=[0, 6], ncols=2))
    assert text.endswith("the true one, 1 right (✓) and 1 wrong (✗): ✓ T-shirt/top, ✗ Shirt (true Trouser).")
    text = alt_text(plots.training_curves(HISTORY, best_epoch=2))
    assert "Loss: training falls from 0.9 at epoch 1 to 0.3 at epoch 3; validation falls from 0.8 at epoch 1 to " \
           "its lowest, 0.6 at epoch 2, then rises to 0.7 at epoch 3." in text
    assert text.endswith("A dotted vertical line marks the best epoch, 2.")
    labels = np.repeat(np.arange(10), 10)
    predictions = labels.copy()
    predictions[:4] = 6  # four T-shirts called shirts
    predictions[10:12] = 3  # two trousers called dresses
    text = alt_text(plots.confusion_matrix(labels, predictions))
    assert "counting 100 predictions" in text and "the 94 right answers (94%)" in text
    assert text.endswith("Largest mistakes: T-shirt/top taken for Shirt 4 times; Trouser taken for Dress 2 times.")
    text = alt_text(plots.class_balance({"train": LABELS}))
    assert "train: 12 images, from 1 (Pullover) to 2 (T-shirt/top) per class" in text
    text = alt_text(plots.probability_bars(np.eye(10)[3] * 0.7 + 0.03, 6))
    assert text.endswith("highest Dress 73%, then T-shirt/top 3% and Trouser 3%; wrong (✗): the true class, "
                         "Shirt, gets 3%.")


def lines_told_apart_without_colour(ax) -> bool:
    """The labelled data lines of ``ax`` differ in line style or marker, not in colour alone."""
    looks = [(line.get_linestyle(), line.get_marker()) for line in ax.get_lines()
             if not line.get_label().startswith("_") and len(line.get_xdata()) > 2]
    return len(looks) == len(set(looks))


def test_no_figure_tells_its_lines_apart_by_colour_alone():
    figures = [plots.training_curves(HISTORY, best_epoch=2),
               plots.loss_curves({"run": {str(i): [0.5, 0.4, 0.3] for i in range(4)}}),
               plots.loss_by_step({str(i): [3, 2, 1] for i in range(4)}),
               plots.accuracy_by_shift([0, 1, 2], {str(i): [0.9, 0.8, 0.7] for i in range(4)}),
               plots.reliability_diagram({"a": PROBABILITIES, "b": PROBABILITIES ** 2}, LABELS)]
    for fig in figures:
        assert all(lines_told_apart_without_colour(ax) for ax in fig.axes)
    training, validation = plots.training_curves(HISTORY).axes[0].lines[:2]
    assert (training.get_linestyle(), training.get_marker()) == ("-", "o")
    assert (validation.get_linestyle(), validation.get_marker()) == ("--", "s")


def test_no_figure_tells_its_bar_groups_or_classes_apart_by_colour_alone():
    ax = plots.per_class_accuracy({"a": [0.9] * 10, "b": [0.8] * 10}).axes[0]
    hatches = [patch.get_hatch() or "" for patch in ax.patches]
    assert len(set(hatches[:10])) == len(set(hatches[10:])) == 1 and hatches[0] != hatches[10]
    right = plots.reliability_diagram({"a": PROBABILITIES, "b": PROBABILITIES ** 2}, LABELS).axes[1]
    assert len({patch.get_hatch() or "" for patch in right.patches}) == 2
    points = RNG.normal(size=(10, 2))
    ax = plots.decision_boundary(lambda p: p[:, 0] > 0, points, np.arange(10) % 2).axes[0]
    markers = [collection.get_paths()[0].vertices.shape for collection in ax.collections[-2:]]
    assert markers[0] != markers[1]  # class 0 circles, class 1 triangles
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1"]


def test_right_and_wrong_are_marked_not_only_coloured():
    grid = plots.show_images(IMAGES[:2], [0, 1], predicted=[0, 6], ncols=2)
    assert [ax.get_title().split()[0] for ax in grid.axes] == ["✓", "✗"]
    grid = plots.prediction_grid(IMAGES[:2], np.eye(10)[[0, 6]], [0, 1], ncols=2)
    assert [grid.axes[i].get_title().split()[0] for i in (0, 2)] == ["✓", "✗"]
    wrong = plots.probability_bars(np.eye(10)[6] * 0.7 + 0.03, 1).axes[0]
    assert wrong.patches[6].get_hatch() == "//" and wrong.get_yticklabels()[6].get_text() == "Shirt ✗"
    right = plots.probability_bars(np.eye(10)[6] * 0.7 + 0.03, 6).axes[0]
    assert not right.patches[6].get_hatch() and right.get_yticklabels()[6].get_text() == "Shirt ✓"


def test_course_style_cycles_colour_and_line_style_together():
    plots.use_course_style()
    import matplotlib as mpl

    cycle = list(mpl.rcParams["axes.prop_cycle"])
    assert [entry["color"] for entry in cycle] == list(plots.PALETTE)
    assert [entry["linestyle"] for entry in cycle] == list(plots.LINE_STYLES)


def test_alt_text_reaches_ipython_as_metadata_only(monkeypatch):
    """The course's printer adds metadata (the alt text) and no data: IPython's own image/png printer
    still draws the picture, once, as before. Without IPython, nothing is registered."""
    from functools import partial
    from types import SimpleNamespace

    import IPython
    from IPython.core.formatters import DisplayFormatter
    from IPython.core.pylabtools import print_figure

    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    plots.use_course_style()  # no shell: nothing to do, no error
    formatter = DisplayFormatter()
    monkeypatch.setattr(IPython, "get_ipython", lambda: SimpleNamespace(display_formatter=formatter))
    fig = plots.training_curves(HISTORY)
    formatter.formatters["image/png"].for_type(Figure, partial(print_figure, fmt="png", base64=True))
    before, no_metadata = formatter.format(fig)
    plots.use_course_style()
    data, metadata = formatter.format(fig)
    assert no_metadata == {} and data == before  # the same picture ...
    assert metadata == {"image/png": {"alt": alt_text(fig)}}  # ... now with its alt text
    assert formatter.format(Figure())[1] == {}  # IPython draws no picture of an empty figure
    formatter.formatters["image/png"].pop(Figure)  # no picture (e.g. another backend): no alt text either
    assert formatter.format(fig)[1] == {}


def test_experiment_results_one_row_per_experiment_told_apart_by_shape_with_the_gap_and_the_time():
    results = {"baseline": {"training": 0.88, "validation": 0.87, "seconds": 9.0},
               "1 epoch": {"training": 0.84, "validation": 0.835, "seconds": 2.0},
               "1024 hidden units": {"training": 0.905, "validation": 0.88, "seconds": 40.0}}
    fig = plots.experiment_results(results, baseline="baseline")
    accuracy, seconds = fig.axes
    assert [label.get_text() for label in accuracy.get_yticklabels()] == list(results)
    assert accuracy.yaxis_inverted()  # the first experiment on top, as in the table
    lines = {line.get_label(): line for line in accuracy.lines}
    training, validation = lines["training accuracy"], lines["validation accuracy"]
    assert list(training.get_xdata()) == [0.88, 0.84, 0.905] and list(validation.get_xdata()) == [0.87, 0.835, 0.88]
    assert training.get_marker() != validation.get_marker() and training.get_markerfacecolor() == "white"
    reference = lines["baseline: validation accuracy"]
    assert list(reference.get_xdata()) == [0.87, 0.87] and reference.get_linestyle() == ":"
    gaps = [tuple(segment[:, 0]) for segment in accuracy.collections[0].get_segments()]  # validation -> training
    assert gaps == [(0.87, 0.88), (0.835, 0.84), (0.88, 0.905)]
    assert [bar.get_width() for bar in seconds.patches] == [9.0, 2.0, 40.0] and "seconds" in seconds.get_xlabel()
    assert [text.get_text() for text in fig.legends[0].get_texts()] == [
        "the gap between them", "training accuracy", "validation accuracy", "baseline: validation accuracy"]


def test_experiment_results_without_times_and_bad_input():
    fig = plots.experiment_results({"a": {"training": 0.9, "validation": 0.8}, "b": {"training": 0.8,
                                                                                    "validation": 0.8, "seconds": 1}})
    assert len(fig.axes) == 1 and fig.axes[0].get_xlabel() == "accuracy"  # a time panel only with every time
    with pytest.raises(ValueError, match="Got no results"):
        plots.experiment_results({})
    with pytest.raises(ValueError, match=r"'a' has \['training'\]; every experiment needs 'training' and 'validation'"):
        plots.experiment_results({"a": {"training": 0.9}})
    with pytest.raises(ValueError, match=r"baseline='c' is not one of the experiments: \['a'\]"):
        plots.experiment_results({"a": {"training": 0.9, "validation": 0.8}}, baseline="c")
