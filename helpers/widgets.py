"""Interactive explorers for the notebooks: browse images, inspect predictions, play with activations.

Each function returns an :class:`Explorer`, an ipywidgets box to end a cell with: controls on top,
a line of text and a picture below, redrawn whenever a control moves. Where widgets run (JupyterLab,
Colab, VS Code, with a live kernel) you get the controls. Where they cannot (GitHub's preview,
nbconvert, a notebook opened without running it) the saved output still shows a picture of what
the explorer showed first, instead of a bare "VBox(...)" line: see :meth:`Explorer._repr_mimebundle_`.
That picture carries alt text, the caption and what the figure shows (:meth:`Explorer.alt_text`).
The same output comes out under ipywidgets 7 (Colab's) and 8.

Example:
    >>> from helpers import widgets
    >>> widgets.image_browser(x_test, y_test)             # the last line of a cell
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import textwrap
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

import ipywidgets
import numpy as np
from matplotlib.figure import Figure

from helpers import plots
from helpers.alt_text import alt_text as figure_alt_text
from helpers.alt_text import times
from helpers.data import CLASS_NAMES

if TYPE_CHECKING:  # TensorFlow is imported only when the activation playground trains
    import keras

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
ALL = "all"  # the class filter's first option
ZOOM = 8  # the image browser's zoomed patch is ZOOM x ZOOM pixels
ACTIVATIONS = {"linear": None, "ReLU": "relu", "sigmoid": "sigmoid", "tanh": "tanh"}  # shown name -> Keras name
HIDDEN_UNITS = (2, 64)  # the playground slider's range
TRAINING_STEPS = 500  # full-batch Adam steps per retraining of the playground's network
LEARNING_RATE = 0.02
PLAYGROUND_SEED = 0  # the playground's initial weights: the same settings always give the same network
_WIDE = {"description_width": "initial"}


def _png(fig: Figure) -> bytes:
    """``fig`` as PNG bytes, as the notebook would show it."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


class Explorer(ipywidgets.VBox):
    """Controls above a caption and a picture, redrawn from :meth:`figure` and :meth:`caption`
    whenever one of the controls' values changes.

    Subclasses define ``figure()`` (a :class:`~matplotlib.figure.Figure` of the current state),
    ``caption()`` (a line of plain text about it) and ``summary()`` (a short description for the
    saved notebook's text, the same on every run: it leaves out training results).
    """

    title = "Explorer"

    def __init__(self, rows: Sequence[ipywidgets.Widget], controls: Sequence[ipywidgets.Widget]):
        self.text = ipywidgets.HTML()
        self.picture = ipywidgets.Image(format="png", layout={"align_self": "flex-start"})  # its own size
        super().__init__([*rows, self.text, self.picture])
        self._paused = False
        self._drawn: Figure | None = None  # the last figure refresh() drew, reused for static viewers
        for control in controls:
            control.observe(self._changed, names="value")

    def figure(self) -> Figure:
        raise NotImplementedError

    def caption(self) -> str:
        raise NotImplementedError

    def summary(self) -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        """Redraw the caption and the picture for the controls' current values."""
        self._drawn = self.figure()
        picture = _png(self._drawn)  # first, so that the caption and picture change together
        self.text.value = html.escape(self.caption())
        self.picture.value = picture

    def _changed(self, change=None) -> None:
        if not self._paused:
            self.refresh()

    @contextlib.contextmanager
    def _paused_updates(self) -> Iterator[None]:
        """Change several controls at once, then redraw once."""
        self._paused = True
        try:
            yield
        finally:
            self._paused = False
        self.refresh()

    def alt_text(self) -> str:
        """What the static picture shows, in words: the caption, then the description its figure carries."""
        return f"{self.caption()} {figure_alt_text(self.static_figure())}"

    def static_figure(self) -> Figure:
        """What the explorer shows now, with its caption as a heading: the picture for static viewers."""
        fig = self._drawn if self._drawn is not None else self.figure()
        characters = int(13 * fig.get_figwidth())  # about as many as fit across the figure at 9 points
        fig.suptitle(textwrap.fill(self.caption(), characters), fontsize=9, ha="left", x=0.01)
        return fig

    # ipywidgets 7 (Colab's) shows a widget through _ipython_display_, which IPython prefers to
    # _repr_mimebundle_ and which publishes the widget view with a bare "VBox(...)" text only. Without
    # it, as in ipywidgets 8, IPython asks _repr_mimebundle_ below: under either version the cell's
    # result, and display(explorer), is the same bundle (IPython skips attributes that are not callable).
    _ipython_display_ = None

    def _repr_mimebundle_(self, **kwargs) -> tuple[dict, dict]:
        """The widget view for live front ends, plus a PNG and a text of the same content for the others,
        and as metadata the PNG's alt text (IPython takes a ``(data, metadata)`` pair from this method).

        A front end shows the richest type it can: JupyterLab and Colab the widget view once the cell
        has run; a saved notebook the PNG (JupyterLab does not render widgets in outputs it did not
        create; nbconvert and nbviewer skip widget views without saved widget state; GitHub cannot
        render widgets). The text names no model id or address, so it is the same on every run.
        """
        widget_view = getattr(super(), "_repr_mimebundle_", None)  # ipywidgets 8
        bundle = dict(widget_view(**kwargs) or {}) if widget_view else {
            # what ipywidgets 7's Widget._ipython_display_ publishes for the front end to draw this widget
            WIDGET_VIEW: {"version_major": 2, "version_minor": 0, "model_id": self.model_id}}
        bundle["image/png"] = base64.b64encode(_png(self.static_figure())).decode("ascii")
        bundle["text/plain"] = f"{self.title}: {self.summary()} (run the cell in Jupyter or Colab for the controls)"
        return bundle, {"image/png": {"alt": self.alt_text()}}


def _check_images_and_labels(images: np.ndarray, labels: Sequence[int],
                             class_names: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """``images`` as (n, height, width) and ``labels`` as (n,) ints, or a ValueError that says what is wrong."""
    images, labels = plots.as_images(images), np.asarray(labels)
    if len(images) == 0:
        raise ValueError(f"Got no images (shape {images.shape}); pass at least one, e.g. x_test[:1000].")
    if labels.shape != (len(images),):
        raise ValueError(f"Got {len(images)} images but labels of shape {labels.shape}; pass one label per image.")
    if not np.issubdtype(labels.dtype, np.integer) or labels.min() < 0 or labels.max() >= len(class_names):
        raise ValueError(f"labels must be whole numbers from 0 to {len(class_names) - 1} (one per class), got "
                         f"{labels.dtype} values from {labels.min()} to {labels.max()}. Pass y_test, not predictions.")
    return images, labels


class ImageBrowser(Explorer):
    """See :func:`image_browser`."""

    title = "Image browser"

    def __init__(self, images: np.ndarray, labels: np.ndarray, class_names: Sequence[str]):
        self.images, self.labels, self.class_names = images, labels, tuple(class_names)
        counts = np.bincount(labels, minlength=len(class_names))
        self.classes = ipywidgets.Dropdown(
            options=[(f"all ({len(labels):,} images)", ALL)]
            + [(f"{name} ({count:,})", name) for name, count in zip(class_names, counts, strict=True) if count],
            value=ALL, description="class", style=_WIDE)
        self.chosen = np.arange(len(images))  # the indices the slider steps through
        self.slider = ipywidgets.IntSlider(0, 0, len(images) - 1, description="image", continuous_update=False)
        self.previous = ipywidgets.Button(description="◀ previous", layout={"width": "max-content"})
        self.next = ipywidgets.Button(description="next ▶", layout={"width": "max-content"})
        self.previous.on_click(lambda _: self.step(-1))
        self.next.on_click(lambda _: self.step(+1))
        height, width = images.shape[1:]
        self.zoom = min(ZOOM, height, width)
        self.row = ipywidgets.IntSlider((height - self.zoom) // 2, 0, height - self.zoom,
                                        description="zoom: top row", style=_WIDE, continuous_update=False)
        self.col = ipywidgets.IntSlider((width - self.zoom) // 2, 0, width - self.zoom,
                                        description="left column", style=_WIDE, continuous_update=False)
        self.classes.observe(self._filter, names="value")
        browse = ipywidgets.HBox([self.classes, self.previous, self.slider, self.next])
        super().__init__([browse, ipywidgets.HBox([self.row, self.col])], [self.slider, self.row, self.col])
        self.refresh()

    @property
    def index(self) -> int:
        """The position in ``images`` of the image shown."""
        return int(self.chosen[self.slider.value])

    def step(self, by: int) -> None:
        """Show the image ``by`` places further on (or back), wrapping around at the ends."""
        self.slider.value = (self.slider.value + by) % len(self.chosen)

    def _filter(self, change=None) -> None:
        name = self.classes.value
        with self._paused_updates():
            self.chosen = (np.arange(len(self.images)) if name == ALL
                           else np.flatnonzero(self.labels == self.class_names.index(name)))
            self.slider.value = 0
            self.slider.max = len(self.chosen) - 1

    @property
    def label(self) -> str:
        """The class name and number of the image shown, like "Bag (label 8)"."""
        label = int(self.labels[self.index])
        return f"{self.class_names[label]} (label {label})"

    def figure(self) -> Figure:
        top, left = self.row.value, self.col.value
        rows, cols = slice(top, top + self.zoom), slice(left, left + self.zoom)
        fig = plots.show_pixels(self.images[self.index], rows=rows, cols=cols)
        fig.axes[0].set_title(self.label, fontsize=13)
        return fig

    def caption(self) -> str:
        text = f"images[{self.index}] of {len(self.images):,}: {self.label}"
        if self.classes.value != ALL:
            text += f", number {self.slider.value + 1} of the {len(self.chosen):,} {self.classes.value} images"
        top, left = self.row.value, self.col.value
        return (f"{text}. The red square, rows {top}-{top + self.zoom - 1} and columns {left}-{left + self.zoom - 1}, "
                "is zoomed in.")

    def summary(self) -> str:
        return f"images[{self.index}] of {len(self.images):,}, {self.label}"


def image_browser(images: np.ndarray, labels: Sequence[int], *,
                  class_names: Sequence[str] = CLASS_NAMES) -> ImageBrowser:
    """Step through ``images``, one at a time and large, with its label and a zoomed patch of pixel values.

    A dropdown keeps to one class; the slider and the previous/next buttons move through the
    images; two sliders move the red square whose pixel values are written out.

    Example:
        >>> browser = image_browser(x_test, y_test)
        >>> browser.classes.value = "Bag"        # what choosing "Bag" in the dropdown does
        >>> browser.caption()
        'images[18] of 10,000: Bag (label 8), number 1 of the 1,000 Bag images. The red square, ...'
    """
    images, labels = _check_images_and_labels(images, labels, class_names)
    return ImageBrowser(images, labels, class_names)


def _check_probabilities(probabilities: np.ndarray, count: int, class_names: Sequence[str]) -> np.ndarray:
    """``probabilities`` as an (n, classes) float array, or a ValueError that says what is wrong."""
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.shape != (count, len(class_names)):
        raise ValueError(f"probabilities must have one row per image and one column per class, shape "
                         f"({count}, {len(class_names)}); got {probabilities.shape}. Pass model.predict(images).")
    sums = probabilities.sum(axis=1)
    bad = np.flatnonzero(~np.isfinite(sums) | (np.abs(sums - 1) > 1e-3) | (probabilities < 0).any(axis=1))
    if len(bad):
        raise ValueError(f"Each row of probabilities must be non-negative and sum to 1; row {bad[0]} sums to "
                         f"{sums[bad[0]]:.3g} (min {probabilities[bad[0]].min():.3g}). Are these logits? Then pass "
                         "keras.activations.softmax(logits), or give the model a softmax output layer.")
    return probabilities


class PredictionExplorer(Explorer):
    """See :func:`prediction_explorer`."""

    title = "Prediction explorer"

    def __init__(self, images: np.ndarray, labels: np.ndarray, probabilities: np.ndarray,
                 class_names: Sequence[str]):
        self.images, self.labels, self.probabilities = images, labels, probabilities
        self.class_names = tuple(class_names)
        self.ranked = np.argsort(-probabilities, axis=1, kind="stable")  # classes, most probable first
        self.predicted = self.ranked[:, 0]
        self.mistakes = np.flatnonzero(self.predicted != labels)
        self.confusion = plots.confusion_counts(labels, self.predicted, len(class_names))
        self.chosen = np.arange(len(images))
        self.slider = ipywidgets.IntSlider(0, 0, len(images) - 1, description="image", continuous_update=False)
        self.only_mistakes = ipywidgets.ToggleButton(
            False, description=f"show me the mistakes ({len(self.mistakes):,})", icon="search",
            disabled=not len(self.mistakes), layout={"width": "max-content"},
            tooltip="only the images the model got wrong" if len(self.mistakes) else "the model got every image right")
        self.only_mistakes.observe(self._filter, names="value")
        super().__init__([ipywidgets.HBox([self.slider, self.only_mistakes])], [self.slider])
        self.refresh()

    @property
    def index(self) -> int:
        """The position in ``images`` of the image shown."""
        return int(self.chosen[self.slider.value])

    def _filter(self, change=None) -> None:
        with self._paused_updates():
            self.chosen = self.mistakes if self.only_mistakes.value else np.arange(len(self.images))
            self.slider.value = 0
            self.slider.max = len(self.chosen) - 1
            self.slider.description = "mistake" if self.only_mistakes.value else "image"

    def figure(self) -> Figure:
        i = self.index
        fig = plots.prediction_grid(self.images[i:i + 1], self.probabilities[i:i + 1], self.labels[i:i + 1],
                                    ncols=1, class_names=self.class_names)
        fig.set_size_inches(7, 3.2)
        return fig

    def caption(self) -> str:
        i, names = self.index, self.class_names
        first, second = (int(k) for k in self.ranked[i, :2])
        truth = int(self.labels[i])
        p = self.probabilities[i]
        text = f"mistake {self.slider.value + 1} of {len(self.chosen):,}: " if self.only_mistakes.value else ""
        text += (f"images[{i}]: true class {names[truth]}, predicted {names[first]} ({p[first]:.0%}), "
                 f"{'right' if first == truth else 'wrong'}. Nearest confusable class: {names[second]} "
                 f"({p[second]:.0%}). Over all {len(self.images):,} images the model took {names[first]} for "
                 f"{names[second]} {times(self.confusion[first, second])} and {names[second]} for {names[first]} "
                 f"{times(self.confusion[second, first])}.")
        return text

    def summary(self) -> str:
        return (f"images[{self.index}] of {len(self.images):,}, true class "
                f"{self.class_names[int(self.labels[self.index])]}")


def prediction_explorer(images: np.ndarray, labels: Sequence[int], probabilities: np.ndarray, *,
                        class_names: Sequence[str] = CLASS_NAMES) -> PredictionExplorer:
    """Pick a test image and see what the model thinks: its probability for every class, the true
    class, and the class it would choose next, with how often it mixes those two up overall.

    ``probabilities`` is ``model.predict(images)``: one row per image, one column per class. The
    "show me the mistakes" button keeps to the images the model got wrong.

    Example:
        >>> explorer = prediction_explorer(x_test, y_test, model.predict(x_test / 255, verbose=0))
        >>> explorer.only_mistakes.value = True   # what pressing the button does
    """
    images, labels = _check_images_and_labels(images, labels, class_names)
    probabilities = _check_probabilities(probabilities, len(images), class_names)
    return PredictionExplorer(images, labels, probabilities, class_names)


@contextlib.contextmanager
def _tensorflow_warnings_hidden() -> Iterator[None]:
    """Hide TensorFlow's "triggered tf.function retracing" warning: every new network is traced
    anew, which is expected here, and the warning would show as stderr in the notebook."""
    import tensorflow as tf

    logger = tf.get_logger()
    level = logger.level
    logger.setLevel("ERROR")
    try:
        yield
    finally:
        logger.setLevel(level)


def train_tiny_network(points: np.ndarray, labels: np.ndarray, *, activation: str = "ReLU", hidden_units: int = 16,
                       steps: int = TRAINING_STEPS) -> keras.Model:
    """A Keras network 2 -> ``hidden_units`` (``activation``) -> 1 (sigmoid), trained with Adam for
    ``steps`` full-batch steps. The same arguments always give the same network.

    All steps run in one call into TensorFlow (``steps_per_execution``), which keeps a retraining
    to one or two seconds on two cores.

    Example:
        >>> model = train_tiny_network(*data.two_moons(), activation="tanh", hidden_units=16)
    """
    import keras

    _check_activation(activation)
    model = keras.Sequential([
        keras.Input(shape=(2,)),
        keras.layers.Dense(hidden_units, activation=ACTIVATIONS[activation],
                           kernel_initializer=keras.initializers.GlorotUniform(seed=PLAYGROUND_SEED), name="hidden"),
        keras.layers.Dense(1, activation="sigmoid", name="output",
                           kernel_initializer=keras.initializers.GlorotUniform(seed=PLAYGROUND_SEED + 1)),
    ])
    model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE), loss="binary_crossentropy",
                  steps_per_execution=steps, jit_compile=False)
    # One copy of the data per step, in order: each batch is the whole data set.
    with _tensorflow_warnings_hidden():
        model.fit(np.tile(points, (steps, 1)), np.tile(labels, steps), batch_size=len(points), epochs=1,
                  shuffle=False, verbose=0)
    return model


def _check_points(points: np.ndarray, labels: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """``points`` as (n, 2) float32 and ``labels`` as (n,) 0/1 ints, or a ValueError that says what is wrong."""
    points, labels = np.asarray(points, dtype=np.float32), np.asarray(labels)
    if points.ndim != 2 or points.shape[1] != 2 or len(points) < 2:
        raise ValueError(f"points must have shape (n, 2) with n >= 2, got {points.shape}. "
                         "Use points, labels = data.two_moons().")
    if not np.isfinite(points).all():
        raise ValueError("points contain NaN or infinite values; pass finite coordinates.")
    if labels.shape != (len(points),):
        raise ValueError(f"Got {len(points)} points but labels of shape {labels.shape}; pass one label per point.")
    if not np.isin(labels, (0, 1)).all():
        raise ValueError(f"labels must be 0 or 1 (two classes), got values {np.unique(labels)[:5]}.")
    return points, labels.astype(np.int64)


class ActivationPlayground(Explorer):
    """See :func:`activation_playground`."""

    title = "Activation playground"

    def __init__(self, points: np.ndarray, labels: np.ndarray, activation: str, hidden_units: int):
        self.points, self.labels = points, labels
        self.activation = ipywidgets.Dropdown(options=list(ACTIVATIONS), value=activation, description="activation")
        self.units = ipywidgets.IntSlider(hidden_units, *HIDDEN_UNITS, description="hidden units", style=_WIDE,
                                          continuous_update=False)
        self._trained: dict[tuple[str, int], tuple[keras.Model, float]] = {}  # (activation, units) -> ...
        super().__init__([ipywidgets.HBox([self.activation, self.units])], [self.activation, self.units])
        self.refresh()

    def refresh(self) -> None:
        """Train a network for the current settings (unless done before), then redraw."""
        if (self.activation.value, self.units.value) not in self._trained:
            self.text.value = f"training a network of {self.units.value} {self.activation.value} units ..."
        for control in (self.activation, self.units):
            control.disabled = True
        try:
            self.train()
            super().refresh()
        finally:
            for control in (self.activation, self.units):
                control.disabled = False

    def train(self) -> tuple[keras.Model, float]:
        """The network for the current settings and its accuracy, trained now or remembered from before."""
        key = self.activation.value, self.units.value
        if key not in self._trained:
            model = train_tiny_network(self.points, self.labels, activation=key[0], hidden_units=key[1])
            accuracy = float(np.mean((self.predict(model, self.points) > 0.5) == self.labels))
            self._trained[key] = model, accuracy
        return self._trained[key]

    @staticmethod
    def predict(model: keras.Model, points: np.ndarray) -> np.ndarray:
        """The probability of class 1 for each point (a direct call: faster than predict() for one batch)."""
        return np.asarray(model(np.asarray(points, dtype=np.float32), training=False))[:, 0]

    @property
    def accuracy(self) -> float:
        """The share of the points the current network classifies right."""
        return self.train()[1]

    def figure(self) -> Figure:
        model, accuracy = self.train()
        title = f"{self.activation.value}, {self.units.value} hidden units: {accuracy:.1%} right"
        return plots.decision_boundary(lambda grid: self.predict(model, grid), self.points, self.labels, title=title)

    def caption(self) -> str:
        return (f"One hidden layer of {self.units.value} {self.activation.value} units, trained for "
                f"{TRAINING_STEPS} steps on all {len(self.points):,} points: {self.accuracy:.1%} of them right.")

    def summary(self) -> str:
        return f"one hidden layer of {self.units.value} {self.activation.value} units on {len(self.points):,} points"


def _check_activation(activation: str) -> None:
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(ACTIVATIONS)}; got {activation!r}.")


def activation_playground(points: np.ndarray, labels: Sequence[int], *, activation: str = "ReLU",
                          hidden_units: int = 16) -> ActivationPlayground:
    """Choose an activation and a number of hidden units; a tiny network is retrained on the 2-D
    ``points`` and its decision boundary and accuracy shown (a second or two per new setting).

    Example:
        >>> points, labels = data.two_moons()
        >>> playground = activation_playground(points, labels)
        >>> playground.activation.value = "linear"    # what choosing "linear" does: retrain, redraw
    """
    points, labels = _check_points(points, labels)
    _check_activation(activation)
    if not HIDDEN_UNITS[0] <= hidden_units <= HIDDEN_UNITS[1]:
        raise ValueError(f"hidden_units must be from {HIDDEN_UNITS[0]} to {HIDDEN_UNITS[1]}, got {hidden_units}.")
    return ActivationPlayground(points, labels, activation, hidden_units)
