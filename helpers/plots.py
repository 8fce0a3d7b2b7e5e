"""The course's figures: one function per kind of picture, one look across all notebooks.

Every function builds and returns a :class:`matplotlib.figure.Figure` without going through
pyplot, so a notebook shows it exactly once (as the cell's result) and tests can inspect it.

Example:
    >>> fig = show_images(x_train[:10], y_train[:10])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from helpers.data import CLASS_NAMES

IMAGE_CMAP = "binary"  # dark clothing on a light background, as on a page
SPLIT_COLORS = {"train": "#3b6ea8", "test": "#e0913a", "validation": "#5a9e5a"}
RIGHT, WRONG = "#3b6ea8", "#d62728"  # predictions that are right / wrong
FILTER_CMAP = "RdBu_r"  # diverging, for weights: positive red, negative blue, zero white


def use_course_style() -> None:
    """Clean, readable defaults for every figure of the course."""
    mpl.rcParams.update(
        {
            "figure.dpi": 96,
            "savefig.dpi": 96,
            "font.size": 10,
            "axes.titlesize": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": False,
            "image.cmap": IMAGE_CMAP,
        }
    )


def as_images(images: np.ndarray) -> np.ndarray:
    """``images`` as an array of 2-D pictures, accepting (n, 28, 28) or (n, 28, 28, 1)."""
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim != 3:
        raise ValueError(
            f"Expected a stack of images shaped (n, height, width) or (n, height, width, 1), "
            f"got shape {images.shape}. For a single image, pass image[None]."
        )
    return images


def show_images(
    images: np.ndarray,
    labels: Sequence[int] | None = None,
    *,
    predicted: Sequence[int] | None = None,
    class_names: Sequence[str] = CLASS_NAMES,
    ncols: int = 5,
    title: str | None = None,
) -> Figure:
    """A grid of images, each titled with its class name when ``labels`` are given.

    With ``predicted`` too, each title reads "predicted (true: label)", red where they differ.

    Example:
        >>> show_images(x_train[:25], y_train[:25], title="The first 25 training images")
    """
    images = as_images(images)
    if labels is not None and len(labels) != len(images):
        raise ValueError(f"Got {len(images)} images but {len(labels)} labels; pass one label per image.")
    nrows = max(1, -(-len(images) // ncols))
    fig = Figure(figsize=(1.7 * ncols, 1.9 * nrows + (0.3 if title else 0)), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for index, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if index < len(images):
            ax.imshow(images[index], cmap=IMAGE_CMAP)
            if labels is not None and predicted is not None:
                guess, truth = int(predicted[index]), int(labels[index])
                ax.set_title(f"{class_names[guess]}\n(true: {class_names[truth]})", fontsize=8,
                             color=RIGHT if guess == truth else WRONG)
            elif labels is not None:
                ax.set_title(class_names[int(labels[index])], fontsize=9)
    if title:
        fig.suptitle(title)
    return fig


def _one_image(image: np.ndarray, name: str) -> np.ndarray:
    """``image`` as one 2-D picture, accepting (height, width) or (height, width, 1)."""
    image = np.asarray(image)
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    if image.ndim != 2:
        raise ValueError(f"{name}: expected one image shaped (height, width) or (height, width, 1), "
                         f"got shape {image.shape}.")
    return image


def image_row(panels: Mapping[str, np.ndarray], *, size: float = 2.8) -> Figure:
    """Images side by side, each ``size`` inches wide under its own title; they may differ in size.

    Example:
        >>> image_row({"the image (28 x 28)": image, "its vertical edges (26 x 26)": edges})
    """
    if not panels:
        raise ValueError("Got no images: pass a dict of title -> image, e.g. {'the image': image}.")
    fig = Figure(figsize=(size * len(panels), size + 0.4), layout="constrained")
    for ax, (title, image) in zip(fig.subplots(1, len(panels), squeeze=False)[0], panels.items(), strict=True):
        ax.imshow(_one_image(image, f"Panel {title!r}"), cmap=IMAGE_CMAP)
        ax.set_title(title)
        ax.set_axis_off()
    return fig


def filters(kernels: np.ndarray, reference: np.ndarray | None = None, *, ncols: int = 8,
            title: str | None = None, reference_title: str = "hand-made filter") -> Figure:
    """Small filters, shaped (n, height, width), in a diverging colour map: positive weights red,
    negative blue, zero white. All share one symmetric scale, from minus to plus their largest
    absolute weight, shown by one colour bar, so signs and strengths compare across filters.
    ``reference``, one filter (height, width), is drawn on the left on its own symmetric scale,
    with its weights written in.

    Example:
        >>> kernels = cnn.layers[0].get_weights()[0][:, :, 0, :]   # Keras keeps (3, 3, 1 channel, 32 filters)
        >>> filters(np.moveaxis(kernels, -1, 0), reference=vertical)
    """
    kernels = np.asarray(kernels, dtype=float)
    if kernels.ndim != 3 or not len(kernels):
        raise ValueError(f"Expected a stack of filters shaped (n, height, width), got shape {kernels.shape}. "
                         "From a Keras Conv2D kernel (height, width, 1, n): np.moveaxis(kernel[:, :, 0, :], -1, 0).")
    nrows = -(-len(kernels) // ncols)
    width = 0.75 * ncols + 1.2
    fig = Figure(figsize=(width + (2.8 if reference is not None else 0), 0.75 * nrows + 0.8), layout="constrained")
    grid = fig
    if reference is not None:
        reference = _one_image(np.asarray(reference, dtype=float), "reference")
        left, grid = fig.subfigures(1, 2, width_ratios=(2.8, width))
        ax, own = left.subplots(), float(np.abs(reference).max()) or 1.0
        shown = ax.imshow(reference, cmap=FILTER_CMAP, vmin=-own, vmax=own, interpolation="nearest")
        for (row, col), weight in np.ndenumerate(reference):
            ax.text(col, row, f"{weight:g}", ha="center", va="center", fontsize=9,
                    color="white" if abs(weight) > 0.6 * own else "black")
        ax.set_title(reference_title)
        ax.set_axis_off()
        left.colorbar(shown, ax=ax, location="bottom", shrink=0.9, label="weight (its own scale)")
    limit = float(np.abs(kernels).max()) or 1.0  # one symmetric scale: white is exactly zero
    norm = mpl.colors.Normalize(-limit, limit)
    axes = grid.subplots(nrows, ncols, squeeze=False)
    for index, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if index < len(kernels):
            shown = ax.imshow(kernels[index], cmap=FILTER_CMAP, norm=norm, interpolation="nearest")
    grid.colorbar(shown, ax=axes, shrink=0.9, label="weight (one scale for all)")
    if title:
        grid.suptitle(title)
    return fig


def show_pixels(image: np.ndarray, *, rows: slice = slice(None), cols: slice = slice(None)) -> Figure:
    """One image beside a zoomed-in patch of it with every pixel's value written on it."""
    image = np.asarray(image).squeeze()
    patch = image[rows, cols]
    fig = Figure(figsize=(9, 4.4), layout="constrained")
    whole, zoom = fig.subplots(1, 2, width_ratios=(1, 1.3))
    whole.imshow(image, cmap=IMAGE_CMAP)
    top, left = rows.start or 0, cols.start or 0
    whole.add_patch(
        mpl.patches.Rectangle(
            (left - 0.5, top - 0.5), patch.shape[1], patch.shape[0], fill=False, ec="#d62728", lw=2
        )
    )
    whole.set_title("the whole image (28 x 28)")
    brightest = 255 if image.max() > 1 else 1  # 0-255 pixels or 0-1 after normalising
    zoom.imshow(patch, cmap=IMAGE_CMAP, vmin=0, vmax=brightest)
    for (r, c), value in np.ndenumerate(patch):
        text = f"{value:.2f}" if np.issubdtype(patch.dtype, np.floating) else str(value)
        color = "white" if value > brightest / 2 else "black"  # readable on any shade
        zoom.text(c, r, text, ha="center", va="center", fontsize=7, color=color)
    zoom.set_title("the red square, pixel by pixel")
    for ax in (whole, zoom):
        ax.set_axis_off()
    return fig


def class_balance(labels_by_split: Mapping[str, np.ndarray], class_names: Sequence[str] = CLASS_NAMES) -> Figure:
    """Horizontal bars: how many images of each class every split holds.

    Example:
        >>> class_balance({"train": y_train, "test": y_test})
    """
    fig = Figure(figsize=(8, 3.8), layout="constrained")
    axes = fig.subplots(1, len(labels_by_split), sharey=True, squeeze=False)[0]
    positions = np.arange(len(class_names))
    for ax, (split, labels) in zip(axes, labels_by_split.items(), strict=True):
        counts = np.bincount(np.asarray(labels), minlength=len(class_names))
        ax.barh(positions, counts, color=SPLIT_COLORS.get(split, "#777777"))
        ax.bar_label(ax.containers[0], fmt="{:,.0f}", padding=3, fontsize=8)
        ax.set_title(f"{split}: {counts.sum():,} images")
        ax.set_xlim(0, counts.max() * 1.25)
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
    axes[0].set_yticks(positions, class_names)
    axes[0].invert_yaxis()
    return fig


def pixel_histogram(images: np.ndarray, *, bins: int = 64) -> Figure:
    """How often each pixel value occurs, on a log scale (most pixels are background)."""
    values = np.asarray(images).ravel()
    fig = Figure(figsize=(8, 3), layout="constrained")
    ax = fig.subplots()
    ax.hist(values, bins=bins, color=SPLIT_COLORS["train"], log=True)
    ax.set_xlabel("pixel value")
    ax.set_ylabel("number of pixels (log scale)")
    return fig


def class_means(images: np.ndarray, labels: np.ndarray, class_names: Sequence[str] = CLASS_NAMES) -> Figure:
    """The average image of every class: what a "typical" member looks like.

    All ten share one colour scale, from 0 to the pixels' full range (255, or 1 after normalising),
    shown by a colour bar, so a class with faint averages looks faint beside the others.

    Example:
        >>> class_means(x_train, y_train)
    """
    images, labels = as_images(images), np.asarray(labels)
    means = np.stack([images[labels == k].mean(axis=0) for k in range(len(class_names))])
    fig = show_images(means, list(range(len(class_names))), class_names=class_names,
                      title="The mean image of each class, all on one scale")
    brightest = 255 if images.max() > 1 else 1  # 0-255 pixels or 0-1 after normalising
    shown = [image for ax in fig.axes for image in ax.images]
    for image in shown:
        image.set_clim(0, brightest)
    fig.colorbar(shown[0], ax=fig.axes, location="bottom", shrink=0.5, aspect=40,
                 label="mean pixel value (the same scale for every class)")
    return fig


def flattened_strip(image: np.ndarray) -> Figure:
    """An image, its 784 pixels laid out as one long strip, and the strip folded back.

    The strip has a tick every ``width`` values (every 28 for Fashion-MNIST), where each new row starts.

    Example:
        >>> flattened_strip(x_train[0])
    """
    image = np.asarray(image).squeeze()
    strip = image.reshape(1, -1)
    fig = Figure(figsize=(10, 3.2), layout="constrained")
    grid = fig.add_gridspec(2, 2, height_ratios=(3, 1), width_ratios=(1, 1))
    original, folded, flat = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1]), fig.add_subplot(grid[1, :])
    original.imshow(image, cmap=IMAGE_CMAP)
    original.set_title(f"image {image.shape[0]} x {image.shape[1]}")
    flat.imshow(np.repeat(strip, 24, axis=0), cmap=IMAGE_CMAP, aspect="auto", interpolation="nearest")
    flat.set_title(f"flattened: 1 x {strip.shape[1]} (row 0, then row 1, ...)")
    flat.set_xticks(range(0, strip.shape[1], image.shape[1]))  # where each row starts
    flat.tick_params(axis="x", labelsize=7)
    flat.set_xlabel(f"index in the vector: a tick every {image.shape[1]} values, where the next row starts")
    flat.set_yticks([])
    folded.imshow(strip.reshape(image.shape), cmap=IMAGE_CMAP)
    folded.set_title("the strip folded back: nothing lost")
    for ax in (original, folded):
        ax.set_axis_off()
    return fig


def activation_functions(functions: Mapping[str, callable], x: np.ndarray | None = None) -> Figure:
    """Each activation function of ``functions`` (name -> vectorised function) on its own panel."""
    x = np.linspace(-4, 4, 401) if x is None else np.asarray(x)
    fig = Figure(figsize=(2.4 * len(functions), 2.5), layout="constrained")
    for ax, (name, function) in zip(fig.subplots(1, len(functions), sharey=True), functions.items(), strict=True):
        ax.axhline(0, color="#bbbbbb", lw=0.8)
        ax.axvline(0, color="#bbbbbb", lw=0.8)
        ax.plot(x, function(x), color=SPLIT_COLORS["train"], lw=2)
        ax.set_title(name)
        ax.set_ylim(-2.2, 4.2)
    return fig


def decision_boundary(predict, points: np.ndarray, labels: np.ndarray, *, ax=None, title: str = "") -> Figure:
    """The regions a 2-D classifier assigns to each class, with the points on top.

    ``predict`` maps an (n, 2) array to the probability of class 1 for each row.
    """
    points, labels = np.asarray(points), np.asarray(labels)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must have shape (n, 2), got {points.shape}.")
    fig = ax.figure if ax is not None else Figure(figsize=(4, 4), layout="constrained")
    ax = ax if ax is not None else fig.subplots()
    low, high = points.min(axis=0) - 0.5, points.max(axis=0) + 0.5
    gx, gy = np.meshgrid(np.linspace(low[0], high[0], 150), np.linspace(low[1], high[1], 150))
    probability = np.asarray(predict(np.c_[gx.ravel(), gy.ravel()])).reshape(gx.shape)
    ax.contourf(gx, gy, probability, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.35)
    ax.contour(gx, gy, probability, levels=[0.5], colors="#333333", linewidths=1.2)
    for value, color in ((0, "#2166ac"), (1, "#b2182b")):
        chosen = labels == value
        ax.scatter(points[chosen, 0], points[chosen, 1], s=8, color=color, label=f"class {value}")
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    return fig


def decision_boundaries(predictors: Mapping[str, callable], points: np.ndarray, labels: np.ndarray) -> Figure:
    """:func:`decision_boundary` for several models side by side (name -> predict function)."""
    fig = Figure(figsize=(4 * len(predictors), 4), layout="constrained")
    for ax, (name, predict) in zip(fig.subplots(1, len(predictors), squeeze=False)[0], predictors.items(), strict=True):
        decision_boundary(predict, points, labels, ax=ax, title=name)
    return fig


def loss_by_step(curves: Mapping[str, Sequence[float]]) -> Figure:
    """One line per run (name -> its loss at step 0, 1, 2, ...), in two panels: every step on a log
    scale, where a loss that explodes fits beside one that falls, and a zoom on a linear scale from 0
    to just above the highest starting loss, where a loss that crawls is told apart from one that falls.

    Example:
        >>> loss_by_step({"learning rate 0.001": [3380, 160, 95], "learning rate 0.003": [3380, 8e3, 5e4]})
    """
    if not curves:
        raise ValueError("Got no curves: pass a dict of name -> the loss at each step.")
    fig = Figure(figsize=(10, 3.4), layout="constrained")
    whole, zoom = fig.subplots(1, 2)
    colors = [SPLIT_COLORS["validation"], SPLIT_COLORS["train"], WRONG, "#777777"]
    starts = []
    for i, (name, losses) in enumerate(curves.items()):
        losses = np.asarray(losses, dtype=float)
        if losses.ndim != 1 or len(losses) == 0:
            raise ValueError(f"{name!r}: expected a list of losses, one per step; got shape {losses.shape}.")
        starts.append(losses[0])
        for ax in (whole, zoom):
            ax.plot(np.arange(len(losses)), losses, marker="o", ms=3, label=name, color=colors[i % len(colors)])
    whole.set_yscale("log")
    whole.set_title("every step (log scale)")
    zoom.set_ylim(0, 1.15 * max(starts))
    zoom.set_title("zoomed in on the starting loss (linear scale)")
    for ax in (whole, zoom):
        ax.set_xlabel("step")
        ax.set_ylabel("loss")
    zoom.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))  # beside the lines, never on them
    return fig


def scores_over_seeds(scores: Mapping[str, Sequence[float]], *, ylabel: str = "accuracy") -> Figure:
    """One column per choice (name -> one score per seed): each seed's score as a dot, and a bar from the
    lowest to the highest score through a mark at their mean, so the spread shows beside the differences.

    Example:
        >>> scores_over_seeds({"linear": [0.83, 0.84, 0.83], "ReLU": [0.85, 0.86, 0.85]}, ylabel="validation accuracy")
    """
    if not scores:
        raise ValueError("Got no scores: pass a dict of name -> one score per seed.")
    fig = Figure(figsize=(1.3 * len(scores) + 2, 3.4), layout="constrained")
    ax = fig.subplots()
    for x, (name, values) in enumerate(scores.items()):
        values = np.asarray(values, dtype=float)
        if values.ndim != 1 or len(values) == 0:
            raise ValueError(f"{name!r}: expected one score per seed, got shape {values.shape}.")
        mean = values.mean()
        ax.errorbar([x], [mean], yerr=[[mean - values.min()], [values.max() - mean]], fmt="_", ms=24, mew=2,
                    capsize=5, color=SPLIT_COLORS["train"], label="mean, lowest to highest" if x == 0 else None)
        ax.scatter(np.full(len(values), x + 0.18), values, s=14, color="#777777", label="one seed" if x == 0 else None)
    ax.set_xticks(range(len(scores)), list(scores))
    ax.set_xlim(-0.6, len(scores) - 0.4)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def training_curves(history: Mapping[str, Sequence[float]], *, best_epoch: int | None = None) -> Figure:
    """Loss and accuracy per epoch, training against validation when ``history`` has both.

    ``history`` is ``model.fit(...).history``; ``best_epoch`` (counting from 1) is marked.
    """
    fig = Figure(figsize=(10, 3.4), layout="constrained")
    for ax, metric in zip(fig.subplots(1, 2), ("loss", "accuracy"), strict=True):
        for prefix, split in (("", "training"), ("val_", "validation")):
            if f"{prefix}{metric}" in history:
                values = history[f"{prefix}{metric}"]
                color = SPLIT_COLORS["train" if split == "training" else "validation"]
                ax.plot(range(1, len(values) + 1), values, marker="o", ms=3, color=color, label=split)
        if best_epoch is not None:
            ax.axvline(best_epoch, color="#d62728", ls="--", lw=1, label=f"best epoch ({best_epoch})")
        ax.set_xlabel("epoch")
        ax.set_title(metric)
        ax.legend(frameon=False)
    return fig


def loss_curves(runs: Mapping[str, Mapping[str, Sequence[float]]], *, ylabel: str = "loss") -> Figure:
    """One panel per run (title -> its curves), one line per curve (name -> one value per epoch),
    all panels on one y scale so the runs compare at a glance. Curves are drawn in order in light
    blue, blue, green and orange; the legend is on the first panel.

    Example:
        >>> loss_curves({"no dropout": {"training": [0.5, 0.3], "validation": [0.4, 0.35]},
        ...              "dropout": {"training": [0.6, 0.4], "validation": [0.45, 0.38]}})
    """
    if not runs:
        raise ValueError("Got no runs: pass a dict of title -> {curve name: values per epoch}.")
    colors = ["#9ab8d9", SPLIT_COLORS["train"], SPLIT_COLORS["validation"], SPLIT_COLORS["test"]]
    fig = Figure(figsize=(4.6 * len(runs) + 0.4, 3.6), layout="constrained")
    axes = fig.subplots(1, len(runs), sharey=True, squeeze=False)[0]
    for ax, (title, curves) in zip(axes, runs.items(), strict=True):
        if len(curves) > len(colors):
            raise ValueError(f"Run {title!r} has {len(curves)} curves; at most {len(colors)} fit in one panel.")
        for color, (name, values) in zip(colors[:len(curves)], curves.items(), strict=True):
            ax.plot(range(1, len(values) + 1), values, marker="o", ms=3, color=color, label=name)
        ax.set_title(title)
        ax.set_xlabel("epoch")
    axes[0].set_ylabel(ylabel)
    axes[0].legend(frameon=False, fontsize=8)
    return fig


CONFIDENCE_EDGES = (0.1, 0.5, 0.7, 0.9, 0.99, 1.0)  # a 10-class softmax is never less than 10% sure


def reliability(probabilities: np.ndarray, labels: Sequence[int], *,
                edges: Sequence[float] = CONFIDENCE_EDGES) -> dict[str, np.ndarray]:
    """Can the model's confidence be trusted? Its predictions grouped by confidence (the top
    probability) into the bins between ``edges`` (each bin holds confidences above its lower edge
    up to its upper one), and per bin: how many predictions (``count``), their mean confidence
    (``confidence``) and the share that is right (``accuracy``; NaN for an empty bin). A model
    whose 90%-sure answers are right 90% of the time is *calibrated*.

    Example:
        >>> reliability([[0.2, 0.8], [0.6, 0.4]], [1, 1], edges=(0.5, 0.7, 1.0))
        {'count': array([1, 1]), 'confidence': array([0.6, 0.8]), 'accuracy': array([0., 1.])}
    """
    probabilities, labels = np.asarray(probabilities, dtype=float), np.asarray(labels)
    edges = np.asarray(edges, dtype=float)
    if probabilities.ndim != 2 or labels.shape != probabilities.shape[:1]:
        raise ValueError(f"Expected probabilities shaped (n, classes) and n labels, got shapes "
                         f"{probabilities.shape} and {labels.shape}.")
    if edges.ndim != 1 or len(edges) < 2 or np.any(np.diff(edges) <= 0):
        raise ValueError(f"edges must rise, at least two of them, e.g. (0.1, 0.5, 1.0); got {tuple(edges)}.")
    confidence = probabilities.max(axis=1)
    right = probabilities.argmax(axis=1) == labels
    bins = np.clip(np.searchsorted(edges, confidence, side="left") - 1, 0, len(edges) - 2)
    count = np.bincount(bins, minlength=len(edges) - 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return {"count": count,
                "confidence": np.bincount(bins, weights=confidence, minlength=len(edges) - 1) / count,
                "accuracy": np.bincount(bins, weights=right, minlength=len(edges) - 1) / count}


def reliability_diagram(probabilities: Mapping[str, np.ndarray], labels: Sequence[int], *,
                        edges: Sequence[float] = CONFIDENCE_EDGES) -> Figure:
    """Left: for each model (name -> its predicted probabilities), the accuracy of its predictions
    in each confidence bin against their mean confidence; on the dashed diagonal a model is exactly
    as often right as it is sure, below it the model is over-confident. Right: the share of
    predictions in each bin. The bins are those of :func:`reliability`.

    Example:
        >>> reliability_diagram({"epoch 9": model_9.predict(x_val), "epoch 30": model_30.predict(x_val)}, y_val)
    """
    fig = Figure(figsize=(10, 3.8), layout="constrained")
    left, right = fig.subplots(1, 2)
    left.plot([0, 1], [0, 1], ls="--", color="#999999", lw=1, label="as often right as sure")
    colors = [SPLIT_COLORS["validation"], WRONG, SPLIT_COLORS["train"], SPLIT_COLORS["test"]]
    width = 0.8 / max(len(probabilities), 1)
    for i, (name, values) in enumerate(probabilities.items()):
        table = reliability(values, labels, edges=edges)
        color = colors[i % len(colors)]
        filled = table["count"] > 0
        left.plot(table["confidence"][filled], table["accuracy"][filled], marker="o", color=color, label=name)
        right.bar(np.arange(len(table["count"])) + (i - (len(probabilities) - 1) / 2) * width,
                  table["count"] / table["count"].sum(), width=width, color=color, label=name)
    left.set(xlim=(0, 1.02), ylim=(0, 1.02), xlabel="confidence (mean top probability in the bin)",
             ylabel="accuracy in the bin", title="reliability: right as often as sure?")
    left.legend(frameon=False, fontsize=8, loc="upper left")
    bin_names = [f"{low:g}-{high:g}" for low, high in zip(edges[:-1], edges[1:], strict=True)]
    right.set_xticks(range(len(edges) - 1), bin_names)
    right.set(xlabel="confidence bin", ylabel="share of the predictions", title="how sure the predictions are")
    right.legend(frameon=False, fontsize=8, loc="upper left")
    return fig


def probability_bars(probabilities: np.ndarray, true_label: int | None = None, *, ax=None,
                     class_names: Sequence[str] = CLASS_NAMES) -> Figure:
    """One horizontal bar per class: the model's probability for it. The predicted class is
    blue when right and red when wrong; the true class is marked in bold."""
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.shape != (len(class_names),):
        raise ValueError(f"Expected {len(class_names)} probabilities, got shape {probabilities.shape}.")
    fig = ax.figure if ax is not None else Figure(figsize=(4, 2.8), layout="constrained")
    ax = ax if ax is not None else fig.subplots()
    predicted = int(np.argmax(probabilities))
    colors = ["#c7c7c7"] * len(class_names)
    colors[predicted] = RIGHT if true_label is None or predicted == true_label else WRONG
    ax.barh(range(len(class_names)), probabilities, color=colors)
    ax.set_yticks(range(len(class_names)), class_names, fontsize=8)
    if true_label is not None:
        ax.get_yticklabels()[int(true_label)].set_fontweight("bold")
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.5, 1])
    ax.set_xlabel("probability")
    return fig



def prediction_grid(images: np.ndarray, probabilities: np.ndarray, labels: Sequence[int], *, ncols: int = 3,
                    class_names: Sequence[str] = CLASS_NAMES) -> Figure:
    """Each image with its predicted class, confidence and true class, beside its probability bars."""
    images, probabilities = as_images(images), np.asarray(probabilities)
    if not len(images) == len(probabilities) == len(labels):
        raise ValueError(f"Got {len(images)} images, {len(probabilities)} predictions and {len(labels)} labels; "
                         "pass the same number of each.")
    nrows = max(1, -(-len(images) // ncols))
    fig = Figure(figsize=(4.6 * ncols, 2.2 * nrows), layout="constrained")
    axes = fig.subplots(nrows, 2 * ncols, squeeze=False, width_ratios=[1, 1.3] * ncols)
    for index in range(nrows * ncols):
        picture, bars = axes.flat[2 * index], axes.flat[2 * index + 1]
        picture.set_axis_off()
        if index >= len(images):
            bars.set_axis_off()
            continue
        predicted, truth = int(np.argmax(probabilities[index])), int(labels[index])
        picture.imshow(images[index], cmap=IMAGE_CMAP)
        confidence = probabilities[index][predicted]
        picture.set_title(f"{class_names[predicted]} {confidence:.0%}\n(true: {class_names[truth]})",
                          color=RIGHT if predicted == truth else WRONG, fontsize=9)
        probability_bars(probabilities[index], truth, ax=bars, class_names=class_names)
    return fig


def per_class_accuracy(accuracies: Mapping[str, Sequence[float]], class_names: Sequence[str] = CLASS_NAMES) -> Figure:
    """Grouped horizontal bars: each model's accuracy (name -> 10 values) for every class."""
    fig = Figure(figsize=(8, 4.2), layout="constrained")
    ax = fig.subplots()
    height = 0.8 / len(accuracies)
    colors = [SPLIT_COLORS["train"], SPLIT_COLORS["test"], SPLIT_COLORS["validation"], "#777777"]
    for i, (name, values) in enumerate(accuracies.items()):
        ax.barh(np.arange(len(class_names)) + i * height, values, height, label=name, color=colors[i % len(colors)])
    ax.set_yticks(np.arange(len(class_names)) + height * (len(accuracies) - 1) / 2, class_names)
    ax.invert_yaxis()
    ax.set_xlim(0.5, 1.0)
    ax.set_xlabel("accuracy on the test images of the class")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))  # beside the bars, never on them
    return fig


def accuracy_by_shift(shifts: Sequence[int], accuracies: Mapping[str, Sequence[float]], *,
                      xlabel: str = "shift (pixels)") -> Figure:
    """One line per model: its test accuracy (name -> one value per shift) on images shifted by ``shifts``
    pixels, on the full 0-1 scale, with chance (1 in 10) marked.

    Example:
        >>> accuracy_by_shift([0, 1, 2], {"dense": [0.89, 0.80, 0.55], "CNN": [0.92, 0.91, 0.80]})
    """
    fig = Figure(figsize=(7, 3.4), layout="constrained")
    ax = fig.subplots()
    colors = [SPLIT_COLORS["train"], SPLIT_COLORS["test"], SPLIT_COLORS["validation"], "#777777"]
    for i, (name, values) in enumerate(accuracies.items()):
        if len(values) != len(shifts):
            raise ValueError(f"{name!r} has {len(values)} accuracies for {len(shifts)} shifts; pass one per shift.")
        ax.plot(shifts, values, marker="o", label=name, color=colors[i % len(colors)])
    ax.axhline(1 / len(CLASS_NAMES), color="#999999", linestyle=":", label="chance (1 in 10)")
    ax.set_xticks(list(shifts))
    ax.set_ylim(0, 1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("test accuracy")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))  # beside the lines, never on them
    return fig


def confusion_counts(labels: np.ndarray, predictions: np.ndarray, classes: int = len(CLASS_NAMES)) -> np.ndarray:
    """How often each true class (row) was predicted as each class (column); the diagonal is right."""
    counts = np.zeros((classes, classes), dtype=int)
    np.add.at(counts, (np.asarray(labels), np.asarray(predictions)), 1)
    return counts


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray, class_names: Sequence[str] = CLASS_NAMES) -> Figure:
    """A table of counts: row = true class, column = predicted class; the diagonal is right.

    The colours show the mistakes only: the diagonal (right answers, far more numerous) is grey,
    its counts still written, and the colour scale runs from 0 to the largest off-diagonal count,
    so that a few dozen confusions stand out instead of looking white next to ~900 right answers.

    Example:
        >>> confusion_matrix(y_test, model.predict(x_test).argmax(axis=1))
    """
    n = len(class_names)
    counts = confusion_counts(labels, predictions, n)
    mistakes = np.ma.masked_array(counts, mask=np.eye(n, dtype=bool))  # masked cells are drawn grey
    most = max(int(mistakes.max()) if mistakes.count() else 0, 1)
    fig = Figure(figsize=(7.5, 6), layout="constrained")
    ax = fig.subplots()
    image = ax.imshow(mistakes, cmap=mpl.colormaps["Reds"].with_extremes(bad="#d9d9d9"), vmin=0, vmax=most)
    fig.colorbar(image, ax=ax, shrink=0.8, label="mistakes (count)")
    for (row, col), value in np.ndenumerate(counts):
        if value:
            ax.text(col, row, str(value), ha="center", va="center", fontsize=8,
                    color="white" if row != col and value > most / 2 else "black")
    ax.set_title("grey: right answers (the diagonal) | colour: mistakes", fontsize=9)
    ax.set_xticks(range(n), class_names, rotation=45, ha="right")
    ax.set_yticks(range(n), class_names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    return fig


def photo_steps(steps) -> Figure:
    """How your photo became the model's input: one panel per step of ``photos.preprocessing_steps``.

    Unlike the other figures, these use a plain grey scale (0 = black, 1 = white), so the inversion
    shows: the model sees a bright garment on black. The red box marks where the photo is cropped.

    Example:
        >>> photo_steps(photos.preprocessing_steps("my_shirt.jpg"))
    """
    top, left, bottom, right = steps.box
    width, height = steps.size
    panels = {
        f"your photo, in grey\n({width} x {height})": steps.grayscale,
        "inverted: bright on black" if steps.inverted else "not inverted:\nbackground already dark": steps.on_black,
        f"cropped to the object\n({right - left} x {bottom - top})": steps.cropped,
        f"longer side to 28 pixels\n({steps.resized.shape[1]} x {steps.resized.shape[0]})": steps.resized,
        "centred in 28 x 28:\nwhat the model sees": steps.model_input.squeeze(),
    }
    fig = Figure(figsize=(11, 2.9), layout="constrained")
    for ax, (title, image) in zip(fig.subplots(1, len(panels)), panels.items(), strict=True):
        ax.imshow(image, cmap="gray", vmin=0, vmax=1, interpolation="nearest" if max(image.shape) <= 28 else None)
        ax.set_title(title, fontsize=9)
        ax.set_axis_off()
    fig.axes[1].add_patch(mpl.patches.Rectangle((left - 0.5, top - 0.5), right - left, bottom - top,
                                                fill=False, ec=WRONG, lw=1.5))
    return fig
