"""The course's figures: one function per kind of picture, one look across all notebooks.

Every function builds and returns a :class:`matplotlib.figure.Figure` without going through
pyplot, so a notebook shows it exactly once (as the cell's result) and tests can inspect it.

The figures are made for every learner:

* Their colours come from Okabe and Ito's palette, which stays distinguishable under the common
  colour vision deficiencies (``tests/test_accessibility.py`` checks the colours used together), and
  no figure tells things apart by colour alone: lines differ in style and marker too, bars in
  hatching, and right and wrong predictions carry ✓ and ✗.
* Each figure says in words what it shows: the function that drew it attaches a description made
  from what it drew, and in a notebook :func:`use_course_style` has IPython save that text with the
  picture as its alt text (see :mod:`helpers.alt_text`).

Example:
    >>> from helpers.alt_text import alt_text
    >>> alt_text(show_images(x_train[:10], y_train[:10]))
    'A grid of 10 images in 2 rows of 5, each titled with its class. Row 1: Ankle boot, ...'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from helpers.alt_text import (
    layout,
    listed,
    named,
    number,
    plural,
    quoted,
    save_alt_text_with_figures,
    set_alt_text,
    times,
    trend,
)
from helpers.data import CLASS_NAMES

IMAGE_CMAP = "binary"  # dark clothing on a light background, as on a page
FILTER_CMAP = "RdBu_r"  # diverging, for weights: positive red, negative blue, zero white

# Okabe and Ito's palette for colour-blind readers ("Color Universal Design", 2008).
OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky blue": "#56B4E9", "bluish green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish purple": "#CC79A7"}
BLUE, VERMILLION, GREEN, SKY_BLUE = (OKABE_ITO[name] for name in ("blue", "vermillion", "bluish green", "sky blue"))
# Reference lines and marks that stand for no group (dark enough to stay apart from the palette's green for
# deuteranopes), and bars that stand for no group.
GREY, LIGHT_GREY = "#555555", "#c7c7c7"
# The colours that share a figure, in the order its lines (or groups of bars) take them. Each comes with
# its own line style, marker and hatching, so that shape tells the lines apart as well as hue.
PALETTE = (BLUE, VERMILLION, GREEN, SKY_BLUE)
LINE_STYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D")
HATCHES = ("", "//", "..", "xx")
SPLIT_COLORS = {"train": BLUE, "validation": VERMILLION, "test": GREEN}
RIGHT, WRONG = BLUE, VERMILLION  # predictions that are right / wrong ...
RIGHT_MARK, WRONG_MARK = "✓", "✗"  # ... and the marks that say so without colour


def series_style(index: int) -> dict:
    """Colour, line style and marker of the ``index``-th line of a figure (they repeat after four).

    Example:
        >>> ax.plot(epochs, losses, label="validation", **series_style(1))   # vermillion, dashed, squares
    """
    index %= len(PALETTE)
    return {"color": PALETTE[index], "linestyle": LINE_STYLES[index], "marker": MARKERS[index]}


def use_course_style() -> None:
    """Clean, readable defaults for every figure of the course, in colours and line styles every learner
    tells apart; in a notebook, every figure shown also gets its alt text (see :mod:`helpers.alt_text`)."""
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
            # For figures drawn without the helpers too: each new line differs in colour and in style.
            "axes.prop_cycle": mpl.cycler(color=list(PALETTE), linestyle=list(LINE_STYLES)),
        }
    )
    save_alt_text_with_figures()


# The figures


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


def _mark(right: bool) -> str:
    return RIGHT_MARK if right else WRONG_MARK


def _by_rows(items: Sequence[str], ncols: int) -> str:
    """Items row by row: ". Row 1: a, b. Row 2: c." or, when they fill one row, ": a, b, c."."""
    rows = [items[start:start + ncols] for start in range(0, len(items), ncols)]
    if len(rows) == 1:
        return f": {', '.join(rows[0])}."
    return ". " + " ".join(f"Row {row_number}: {', '.join(row)}." for row_number, row in enumerate(rows, 1))


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

    With ``predicted`` too, each title reads "✓ predicted (true: label)", or ✗ and in red where they differ.

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
                ax.set_title(f"{_mark(guess == truth)} {class_names[guess]}\n(true: {class_names[truth]})",
                             fontsize=8, color=RIGHT if guess == truth else WRONG)
            elif labels is not None:
                ax.set_title(class_names[int(labels[index])], fontsize=9)
    if title:
        fig.suptitle(title)
    head = f"A grid of {plural(len(images), 'image')} {layout(nrows, ncols)}"
    head += f", titled {quoted(title)}" if title else ""
    if labels is None:
        height, width = images.shape[1:]
        return set_alt_text(fig, f"{head}. Each is {height} x {width} pixels, dark where its values are high.")
    if predicted is None:
        names = [class_names[int(label)] for label in labels]
        return set_alt_text(fig, f"{head}, each titled with its class{_by_rows(names, ncols)}")
    pairs = [(int(guess), int(truth)) for guess, truth in zip(predicted, labels, strict=True)]
    right = sum(guess == truth for guess, truth in pairs)
    names = [f"{_mark(guess == truth)} {class_names[guess]}"
             + ("" if guess == truth else f" (true {class_names[truth]})") for guess, truth in pairs]
    return set_alt_text(fig, f"{head}, each titled with the predicted class and the true one, {right} right "
                             f"({RIGHT_MARK}) and {len(pairs) - right} wrong ({WRONG_MARK}){_by_rows(names, ncols)}")


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
    titles = "; ".join(quoted(title) for title in panels)
    return set_alt_text(fig, f"{plural(len(panels), 'image')} side by side, dark where the values are high: "
                             f"{titles}.")


def filters(kernels: np.ndarray, reference: np.ndarray | None = None, *, ncols: int = 8,
            title: str | None = None, reference_title: str = "hand-made filter") -> Figure:
    """Small filters, shaped (n, height, width), in a diverging colour map: positive weights red,
    negative blue, zero white. All share one symmetric scale, from minus to plus their largest
    absolute weight, shown by one colour bar, so signs and strengths compare across filters.
    ``reference``, one filter (height, width), is drawn on the left on its own symmetric scale,
    with its weights written in.

    Example:
        >>> kernels = cnn.layers[0].get_weights()[0][:, :, 0, :]   # Keras keeps (3, 3, 1 channel, 16 filters)
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
    described = ""
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
        rows = " | ".join(" ".join(f"{weight:g}" for weight in row) for row in reference)
        described = (f"On the left, the {reference_title}, its weights written in, row by row: {rows}. "
                     "On the right, ")
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
    sums = kernels.sum(axis=(1, 2))
    described += (f"{plural(len(kernels), 'filter')} of {kernels.shape[1]} x {kernels.shape[2]} weights"
                  f"{', titled ' + quoted(title) if title else ''}, {layout(nrows, ncols)}, "
                  f"coloured blue for negative weights, white for zero and red for positive ones, all on one "
                  f"scale from {number(-limit)} to {number(limit)}. Their weights add up to more than zero in "
                  f"{int(np.sum(sums > 0))} of them and to less in {int(np.sum(sums < 0))}.")
    return set_alt_text(fig, described[0].upper() + described[1:])


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
            (left - 0.5, top - 0.5), patch.shape[1], patch.shape[0], fill=False, ec=VERMILLION, lw=2
        )
    )
    whole.set_title(f"the whole image ({image.shape[0]} x {image.shape[1]})")
    brightest = 255 if image.max() > 1 else 1  # 0-255 pixels or 0-1 after normalising
    zoom.imshow(patch, cmap=IMAGE_CMAP, vmin=0, vmax=brightest)
    for (r, c), value in np.ndenumerate(patch):
        text = f"{value:.2f}" if np.issubdtype(patch.dtype, np.floating) else str(value)
        color = "white" if value > brightest / 2 else "black"  # readable on any shade
        zoom.text(c, r, text, ha="center", va="center", fontsize=7, color=color)
    zoom.set_title("the red square, pixel by pixel")
    for ax in (whole, zoom):
        ax.set_axis_off()
    return set_alt_text(fig, (
        f"Left: the whole image, {image.shape[0]} x {image.shape[1]} pixels, with a red square around rows "
        f"{top} to {top + patch.shape[0] - 1} and columns {left} to {left + patch.shape[1] - 1}. Right: that "
        f"{patch.shape[0]} x {patch.shape[1]} patch enlarged, each pixel's value written on it: from "
        f"{number(patch.min())} to {number(patch.max())}, {int(np.sum(patch == 0))} of its {patch.size} pixels "
        "are 0 (white background)."))


def class_balance(labels_by_split: Mapping[str, np.ndarray], class_names: Sequence[str] = CLASS_NAMES) -> Figure:
    """Horizontal bars: how many images of each class every split holds.

    Example:
        >>> class_balance({"train": y_train, "test": y_test})
    """
    fig = Figure(figsize=(8, 3.8), layout="constrained")
    axes = fig.subplots(1, len(labels_by_split), sharey=True, squeeze=False)[0]
    positions = np.arange(len(class_names))
    described = []
    for ax, (split, labels) in zip(axes, labels_by_split.items(), strict=True):
        counts = np.bincount(np.asarray(labels), minlength=len(class_names))
        ax.barh(positions, counts, color=SPLIT_COLORS.get(split, GREY))
        ax.bar_label(ax.containers[0], fmt="{:,.0f}", padding=3, fontsize=8)
        ax.set_title(f"{split}: {counts.sum():,} images")
        ax.set_xlim(0, counts.max() * 1.25)
        ax.set_xticks([])
        ax.spines["bottom"].set_visible(False)
        if counts.min() == counts.max():
            described.append(f"{split}: {counts.sum():,} images, {counts[0]:,} in every class")
        else:
            described.append(f"{split}: {counts.sum():,} images, from {counts.min():,} "
                             f"({class_names[int(np.argmin(counts))]}) to {counts.max():,} "
                             f"({class_names[int(np.argmax(counts))]}) per class")
    axes[0].set_yticks(positions, class_names)
    axes[0].invert_yaxis()
    return set_alt_text(fig, f"Horizontal bars counting the images of each of the {len(class_names)} classes, one "
                             f"panel per split. {'; '.join(described)}.")


def pixel_histogram(images: np.ndarray, *, bins: int = 64) -> Figure:
    """How often each pixel value occurs, on a log scale (most pixels are background)."""
    values = np.asarray(images).ravel()
    fig = Figure(figsize=(8, 3), layout="constrained")
    ax = fig.subplots()
    counts, edges, _ = ax.hist(values, bins=bins, color=BLUE, log=True)
    ax.set_xlabel("pixel value")
    ax.set_ylabel("number of pixels (log scale)")

    def span(i: int) -> str:
        return f"{number(edges[i])} to {number(edges[i + 1])}"

    most, fewest = int(np.argmax(counts)), int(np.argmin(counts))
    return set_alt_text(fig, (
        f"A histogram of all {values.size:,} pixel values, from {number(values.min())} to "
        f"{number(values.max())}, in {bins} bins, the counts on a log scale. The fullest bin, {span(most)}, "
        f"holds {counts[most] / values.size:.0%} of the pixels; the emptiest, {span(fewest)}, holds "
        f"{plural(int(counts[fewest]), 'pixel')}; the top bin, {span(len(counts) - 1)}, holds "
        f"{counts[-1] / values.size:.1%}."))


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
    darkest = means.max(axis=(1, 2))  # the highest mean pixel of each class is its darkest spot
    return set_alt_text(fig, (
        f"The mean image of each of the {len(class_names)} classes, "
        f"{layout(-(-len(class_names) // 5), 5)}, all on one scale from 0 (white) to "
        f"{brightest} (black) shown by a colour bar. The darkest pixel of each average: "
        f"{', '.join(f'{name} {number(value)}' for name, value in zip(class_names, darkest, strict=True))}; "
        f"the palest average is {class_names[int(np.argmin(darkest))]}, the darkest "
        f"{class_names[int(np.argmax(darkest))]}."))


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
    height, width = image.shape
    return set_alt_text(fig, (
        f"Top left: an image of {height} x {width} pixels. Below: the same {strip.shape[1]} pixel values laid out "
        f"as one long strip, 1 x {strip.shape[1]}, row 0 first, with a tick every {width} values where the next "
        f"row starts. Top right: the strip folded back into "
        f"rows of {width}, the same image as the first: nothing is lost."))


def activation_functions(functions: Mapping[str, callable], x: np.ndarray | None = None) -> Figure:
    """Each activation function of ``functions`` (name -> vectorised function) on its own panel."""
    x = np.linspace(-4, 4, 401) if x is None else np.asarray(x)
    fig = Figure(figsize=(2.4 * len(functions), 2.5), layout="constrained")
    described = []
    panels = fig.subplots(1, len(functions), sharey=True, squeeze=False)[0]
    for ax, (name, function) in zip(panels, functions.items(), strict=True):
        ax.axhline(0, color=LIGHT_GREY, lw=0.8)
        ax.axvline(0, color=LIGHT_GREY, lw=0.8)
        y = np.asarray(function(x), dtype=float)
        ax.plot(x, y, color=BLUE, lw=2)
        ax.set_title(name)
        ax.set_ylim(-2.2, 4.2)
        described.append(f"{name} {trend(x, y)}")
    return set_alt_text(fig, f"{plural(len(functions), 'panel')} side by side, one per activation function, each "
                             f"drawn from x = {number(x[0])} to {number(x[-1])} with the axes through 0: "
                             f"{'; '.join(described)}.")


CLASS_MARKERS = (("o", "#2166ac"), ("^", "#b2182b"))  # class 0, class 1: blue and red of the RdBu regions


def _boundary_text(predict, points: np.ndarray, labels: np.ndarray) -> str:
    """What a :func:`decision_boundary` panel shows, with how many points lie on their own class's side."""
    on_their_side = int(np.sum((np.asarray(predict(points)).reshape(-1) > 0.5) == (labels == 1)))
    return (f"{plural(len(points), 'point')} of two classes, class 0 as circles and class 1 as triangles, "
            f"over the regions a model assigns to each class, shaded blue to red by its probability of class 1, "
            f"with a line where that probability is 0.5; {on_their_side} of the {len(points)} points lie on "
            "their own class's side")


def decision_boundary(predict, points: np.ndarray, labels: np.ndarray, *, ax=None, title: str = "") -> Figure:
    """The regions a 2-D classifier assigns to each class, with the points on top (class 0 circles,
    class 1 triangles).

    ``predict`` maps an (n, 2) array to the probability of class 1 for each row.
    """
    points, labels = np.asarray(points), np.asarray(labels)
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"points must have shape (n, 2), got {points.shape}.")
    own_figure = ax is None
    fig = ax.figure if ax is not None else Figure(figsize=(4, 4), layout="constrained")
    ax = ax if ax is not None else fig.subplots()
    low, high = points.min(axis=0) - 0.5, points.max(axis=0) + 0.5
    gx, gy = np.meshgrid(np.linspace(low[0], high[0], 150), np.linspace(low[1], high[1], 150))
    probability = np.asarray(predict(np.c_[gx.ravel(), gy.ravel()])).reshape(gx.shape)
    ax.contourf(gx, gy, probability, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.35)
    ax.contour(gx, gy, probability, levels=[0.5], colors="#333333", linewidths=1.2)
    for value, (marker, color) in enumerate(CLASS_MARKERS):
        chosen = labels == value
        ax.scatter(points[chosen, 0], points[chosen, 1], s=10, color=color, marker=marker, linewidths=0,
                   label=f"class {value}")
    ax.legend(loc="lower right", fontsize=7, handletextpad=0.1, borderpad=0.3, markerscale=1.5, framealpha=0.8)
    ax.set_title(title)
    ax.set_xticks([])
    ax.set_yticks([])
    if own_figure:
        set_alt_text(fig, f"{'A panel titled ' + quoted(title) if title else 'A panel'}: "
                          f"{_boundary_text(predict, points, labels)}.")
    return fig


def decision_boundaries(predictors: Mapping[str, callable], points: np.ndarray, labels: np.ndarray) -> Figure:
    """:func:`decision_boundary` for several models side by side (name -> predict function)."""
    fig = Figure(figsize=(4 * len(predictors), 4), layout="constrained")
    for ax, (name, predict) in zip(fig.subplots(1, len(predictors), squeeze=False)[0], predictors.items(), strict=True):
        decision_boundary(predict, points, labels, ax=ax, title=name)
    panels = [f"{quoted(name)}: {_boundary_text(predict, np.asarray(points), np.asarray(labels))}."
              for name, predict in predictors.items()]
    return set_alt_text(fig, f"{plural(len(predictors), 'panel')} side by side, one per model. {' '.join(panels)}")


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
    starts, described = [], []
    for i, (name, losses) in enumerate(curves.items()):
        losses = np.asarray(losses, dtype=float)
        if losses.ndim != 1 or len(losses) == 0:
            raise ValueError(f"{name!r}: expected a list of losses, one per step; got shape {losses.shape}.")
        starts.append(losses[0])
        for ax in (whole, zoom):
            ax.plot(np.arange(len(losses)), losses, ms=4, label=name, **series_style(i))
        described.append(f"{named(name)} {trend(np.arange(len(losses)), losses, 'step')}")
    whole.set_yscale("log")
    whole.set_title("every step (log scale)")
    zoom.set_ylim(0, 1.15 * max(starts))
    zoom.set_title("zoomed in on the starting loss (linear scale)")
    for ax in (whole, zoom):
        ax.set_xlabel("step")
        ax.set_ylabel("loss")
    zoom.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))  # beside the lines, never on them
    return set_alt_text(fig, (
        f"The loss after each step, one line per run, in two panels: every step on a log scale, and zoomed in on "
        f"a linear scale from 0 to {number(1.15 * max(starts))}. {'; '.join(described)}."))


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
    described = []
    for x, (name, values) in enumerate(scores.items()):
        values = np.asarray(values, dtype=float)
        if values.ndim != 1 or len(values) == 0:
            raise ValueError(f"{name!r}: expected one score per seed, got shape {values.shape}.")
        mean = values.mean()
        ax.errorbar([x], [mean], yerr=[[mean - values.min()], [values.max() - mean]], fmt="_", ms=24, mew=2,
                    capsize=5, color=BLUE, label="mean, lowest to highest" if x == 0 else None)
        ax.scatter(np.full(len(values), x + 0.18), values, s=14, color=GREY, label="one seed" if x == 0 else None)
        described.append(f"{named(name)}: mean {number(mean)}, from {number(values.min())} to "
                         f"{number(values.max())} over {plural(len(values), 'seed')}")
    ax.set_xticks(range(len(scores)), list(scores))
    ax.set_xlim(-0.6, len(scores) - 0.4)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    means = {name: np.mean(values) for name, values in scores.items()}
    return set_alt_text(fig, (
        f"{ylabel[0].upper()}{ylabel[1:]} of each choice, every seed a dot beside a bar from the lowest to the "
        f"highest score through the mean. {'; '.join(described)}. Highest mean: {max(means, key=means.get)}; "
        f"lowest: {min(means, key=means.get)}."))


def training_curves(history: Mapping[str, Sequence[float]], *, best_epoch: int | None = None) -> Figure:
    """Loss and accuracy per epoch, training (solid, circles) against validation (dashed, squares) when
    ``history`` has both.

    ``history`` is ``model.fit(...).history``; ``best_epoch`` (counting from 1) is marked by a dotted line.
    """
    fig = Figure(figsize=(10, 3.4), layout="constrained")
    described = []
    for ax, metric in zip(fig.subplots(1, 2), ("loss", "accuracy"), strict=True):
        lines = []
        for index, (prefix, split) in enumerate((("", "training"), ("val_", "validation"))):
            if f"{prefix}{metric}" in history:
                values = history[f"{prefix}{metric}"]
                epochs = range(1, len(values) + 1)
                ax.plot(epochs, values, ms=4, label=split, **series_style(index))
                lines.append(f"{split} {trend(epochs, values, 'epoch')}")
        if best_epoch is not None:
            ax.axvline(best_epoch, color=OKABE_ITO["black"], ls=":", lw=1.2, label=f"best epoch ({best_epoch})")
        ax.set_xlabel("epoch")
        ax.set_title(metric)
        ax.legend(frameon=False)
        described.append(f"{metric[0].upper()}{metric[1:]}: {'; '.join(lines)}.")
    best = f" A dotted vertical line marks the best epoch, {best_epoch}." if best_epoch is not None else ""
    return set_alt_text(fig, f"Two panels, loss and accuracy per epoch. {' '.join(described)}{best}")


def loss_curves(runs: Mapping[str, Mapping[str, Sequence[float]]], *, ylabel: str = "loss") -> Figure:
    """One panel per run (title -> its curves), one line per curve (name -> one value per epoch),
    all panels on one y scale so the runs compare at a glance. Curves are drawn in order in the
    styles of :func:`series_style` (blue solid circles, vermillion dashed squares, green dash-dot
    triangles, sky-blue dotted diamonds); the legend is on the first panel.

    Example:
        >>> loss_curves({"no dropout": {"training": [0.5, 0.3], "validation": [0.4, 0.35]},
        ...              "dropout": {"training": [0.6, 0.4], "validation": [0.45, 0.38]}})
    """
    if not runs:
        raise ValueError("Got no runs: pass a dict of title -> {curve name: values per epoch}.")
    fig = Figure(figsize=(4.6 * len(runs) + 0.4, 3.6), layout="constrained")
    axes = fig.subplots(1, len(runs), sharey=True, squeeze=False)[0]
    described = []
    for ax, (title, curves) in zip(axes, runs.items(), strict=True):
        if len(curves) > len(PALETTE):
            raise ValueError(f"Run {title!r} has {len(curves)} curves; at most {len(PALETTE)} fit in one panel.")
        lines = []
        for index, (name, values) in enumerate(curves.items()):
            epochs = range(1, len(values) + 1)
            ax.plot(epochs, values, ms=4, label=name, **series_style(index))
            lines.append(f"{named(name)} {trend(epochs, values, 'epoch')}")
        ax.set_title(title)
        ax.set_xlabel("epoch")
        described.append(f"{title}: {'; '.join(lines)}.")
    axes[0].set_ylabel(ylabel)
    axes[0].legend(frameon=False, fontsize=8)
    return set_alt_text(fig, f"{plural(len(runs), 'panel')} side by side on one {ylabel} scale, one per run, each "
                             f"with one line per curve over the epochs. {' '.join(described)}")


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
    in each confidence bin against their mean confidence; on the dotted diagonal a model is exactly
    as often right as it is sure, below it the model is over-confident. Right: the share of
    predictions in each bin. The bins are those of :func:`reliability`. Each model has its own
    colour, line style, marker and hatching.

    Example:
        >>> reliability_diagram({"epoch 9": model_9.predict(x_val), "epoch 30": model_30.predict(x_val)}, y_val)
    """
    fig = Figure(figsize=(10, 3.8), layout="constrained")
    left, right = fig.subplots(1, 2)
    left.plot([0, 1], [0, 1], ls=":", color=GREY, lw=1.2, label="as often right as sure")
    width = 0.8 / max(len(probabilities), 1)
    bin_names = [f"{low:g}-{high:g}" for low, high in zip(edges[:-1], edges[1:], strict=True)]
    described = []
    for i, (name, values) in enumerate(probabilities.items()):
        table = reliability(values, labels, edges=edges)
        style = series_style(i)
        filled = table["count"] > 0
        left.plot(table["confidence"][filled], table["accuracy"][filled], label=name, **style)
        shares = table["count"] / table["count"].sum()
        right.bar(np.arange(len(table["count"])) + (i - (len(probabilities) - 1) / 2) * width, shares,
                  width=width, color=style["color"], hatch=HATCHES[i % len(HATCHES)], edgecolor="white",
                  linewidth=0, label=name)
        gaps = table["confidence"] - table["accuracy"]  # above 0: surer than right (NaN: an empty bin)
        worst = int(np.nanargmax(gaps))
        over = int(np.sum(gaps[filled] > 0))
        used = int(filled.sum())
        calibration = (f"right less often than sure in {over} of the {used} bins it fills, most in bin "
                       f"{bin_names[worst]} ({table['confidence'][worst]:.0%} sure, {table['accuracy'][worst]:.0%} "
                       "right)" if over else f"right at least as often as sure in each of the {used} bins it fills")
        described.append(f"{named(name)[0].upper()}{named(name)[1:]}: {calibration}; {shares[-1]:.0%} of its "
                         f"predictions fall in the top bin, {bin_names[-1]}")
    left.set(xlim=(0, 1.02), ylim=(0, 1.02), xlabel="confidence (mean top probability in the bin)",
             ylabel="accuracy in the bin", title="reliability: right as often as sure?")
    left.legend(frameon=False, fontsize=8, loc="upper left")
    right.set_xticks(range(len(edges) - 1), bin_names)
    right.set(xlabel="confidence bin", ylabel="share of the predictions", title="how sure the predictions are")
    right.legend(frameon=False, fontsize=8, loc="upper left")
    return set_alt_text(fig, (
        f"Two panels. Left: for each model, the accuracy of its predictions in each confidence bin against their "
        f"mean confidence, with a dotted diagonal where a model is as often right as it is sure. Right: the share "
        f"of each model's predictions in the bins {listed(bin_names)}. {'. '.join(described)}."))


def _probabilities_text(probabilities: np.ndarray, true_label: int | None, class_names: Sequence[str]) -> str:
    """The top three classes and whether the top one is right, as :func:`probability_bars` shows them."""
    top = [int(k) for k in np.argsort(-probabilities, kind="stable")[:3]]
    shown = [k for k in top if k == top[0] or probabilities[k] >= 0.01]  # a class under 1% is not worth a word
    first, *others = (f"{class_names[k]} {probabilities[k]:.0%}" for k in shown)
    ranked = f"highest {first}" + (f", then {listed(others)}" if others else ", every other class below 1%")
    if true_label is None:
        return ranked
    if top[0] == int(true_label):
        return f"{ranked}; right ({RIGHT_MARK})"
    return (f"{ranked}; wrong ({WRONG_MARK}): the true class, {class_names[int(true_label)]}, "
            f"gets {probabilities[int(true_label)]:.0%}")


def probability_bars(probabilities: np.ndarray, true_label: int | None = None, *, ax=None,
                     class_names: Sequence[str] = CLASS_NAMES) -> Figure:
    """One horizontal bar per class: the model's probability for it. The predicted class is blue
    when right and red and hatched when wrong, its name marked ✓ or ✗; the true class is in bold."""
    probabilities = np.asarray(probabilities, dtype=float)
    if probabilities.shape != (len(class_names),):
        raise ValueError(f"Expected {len(class_names)} probabilities, got shape {probabilities.shape}.")
    own_figure = ax is None
    fig = ax.figure if ax is not None else Figure(figsize=(4, 2.8), layout="constrained")
    ax = ax if ax is not None else fig.subplots()
    predicted = int(np.argmax(probabilities))
    right = true_label is None or predicted == true_label
    colors = [LIGHT_GREY] * len(class_names)
    colors[predicted] = RIGHT if right else WRONG
    bars = ax.barh(range(len(class_names)), probabilities, color=colors)
    if not right:
        bars[predicted].set(hatch="//", edgecolor="white", linewidth=0)
    names = list(class_names)
    if true_label is not None:
        names[predicted] += f" {_mark(right)}"
    ax.set_yticks(range(len(class_names)), names, fontsize=8)
    if true_label is not None:
        ax.get_yticklabels()[int(true_label)].set_fontweight("bold")
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xticks([0, 0.5, 1])
    ax.set_xlabel("probability")
    if own_figure:
        set_alt_text(fig, f"Horizontal bars, the model's probability for each of the {len(class_names)} classes: "
                          f"{_probabilities_text(probabilities, true_label, class_names)}.")
    return fig


def prediction_grid(images: np.ndarray, probabilities: np.ndarray, labels: Sequence[int], *, ncols: int = 3,
                    class_names: Sequence[str] = CLASS_NAMES) -> Figure:
    """Each image with its predicted class (✓ right, ✗ wrong), confidence and true class, beside its
    probability bars."""
    images, probabilities = as_images(images), np.asarray(probabilities)
    if not len(images) == len(probabilities) == len(labels):
        raise ValueError(f"Got {len(images)} images, {len(probabilities)} predictions and {len(labels)} labels; "
                         "pass the same number of each.")
    nrows = max(1, -(-len(images) // ncols))
    fig = Figure(figsize=(4.6 * ncols, 2.2 * nrows), layout="constrained")
    axes = fig.subplots(nrows, 2 * ncols, squeeze=False, width_ratios=[1, 1.3] * ncols)
    described = []
    for index in range(nrows * ncols):
        picture, bars = axes.flat[2 * index], axes.flat[2 * index + 1]
        picture.set_axis_off()
        if index >= len(images):
            bars.set_axis_off()
            continue
        predicted, truth = int(np.argmax(probabilities[index])), int(labels[index])
        picture.imshow(images[index], cmap=IMAGE_CMAP)
        confidence = probabilities[index][predicted]
        picture.set_title(f"{_mark(predicted == truth)} {class_names[predicted]} {confidence:.0%}\n"
                          f"(true: {class_names[truth]})", color=RIGHT if predicted == truth else WRONG, fontsize=9)
        probability_bars(probabilities[index], truth, ax=bars, class_names=class_names)
        shown = _probabilities_text(np.asarray(probabilities[index], dtype=float), truth, class_names)
        described.append(f"{index + 1}. {shown}")
    right = sum(int(np.argmax(p)) == int(label) for p, label in zip(probabilities, labels, strict=True))
    if len(images) == 1:
        return set_alt_text(fig, (f"An image titled with the predicted class, its probability and the true class, "
                                  f"beside bars of the model's probability for every class: {described[0][3:]}."))
    return set_alt_text(fig, (
        f"{plural(len(images), 'image')}, each titled with the predicted class, its probability and the true "
        f"class, beside bars of the model's probability for every class: {right} right ({RIGHT_MARK}), "
        f"{len(images) - right} wrong ({WRONG_MARK}). {'. '.join(described)}."))


def per_class_accuracy(accuracies: Mapping[str, Sequence[float]], class_names: Sequence[str] = CLASS_NAMES) -> Figure:
    """Grouped horizontal bars: each model's accuracy (name -> 10 values) for every class, each model
    in its own colour and hatching."""
    fig = Figure(figsize=(8, 4.2), layout="constrained")
    ax = fig.subplots()
    height = 0.8 / len(accuracies)
    for i, (name, values) in enumerate(accuracies.items()):
        ax.barh(np.arange(len(class_names)) + i * height, values, height, label=name,
                color=PALETTE[i % len(PALETTE)], hatch=HATCHES[i % len(HATCHES)], edgecolor="white", linewidth=0)
    ax.set_yticks(np.arange(len(class_names)) + height * (len(accuracies) - 1) / 2, class_names)
    ax.invert_yaxis()
    ax.set_xlim(0.5, 1.0)
    ax.set_xlabel("accuracy on the test images of the class")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))  # beside the bars, never on them
    table = np.asarray([list(values) for values in accuracies.values()], dtype=float)  # (models, classes)
    rows = [f"{name} " + ", ".join(f"{model} {number(value)}" for model, value in zip(accuracies, column, strict=True))
            for name, column in zip(class_names, table.T, strict=True)]
    hardest = {model: class_names[int(k)] for model, k in zip(accuracies, table.argmin(axis=1), strict=True)}
    hardest_text = (f"{next(iter(hardest.values()))} for every model" if len(set(hardest.values())) == 1
                    else ", ".join(f"{name} for {model}" for model, name in hardest.items()))
    text = (f"Grouped horizontal bars on a scale from 0.5 to 1: the accuracy of {listed(list(accuracies))} on the "
            f"test images of each class. {'; '.join(rows)}. Hardest class: {hardest_text}.")
    if len(accuracies) == 2:
        first, second = accuracies
        text += f" {second} is higher than {first} on {int(np.sum(table[1] > table[0]))} of {len(class_names)} classes."
    return set_alt_text(fig, text)


def accuracy_by_shift(shifts: Sequence[int], accuracies: Mapping[str, Sequence[float]], *,
                      xlabel: str = "shift (pixels)") -> Figure:
    """One line per model: its test accuracy (name -> one value per shift) on images shifted by ``shifts``
    pixels, on the full 0-1 scale, with chance (1 in 10) marked.

    Example:
        >>> accuracy_by_shift([0, 1, 2], {"dense": [0.89, 0.80, 0.55], "CNN": [0.92, 0.91, 0.80]})
    """
    fig = Figure(figsize=(7, 3.4), layout="constrained")
    ax = fig.subplots()
    described = []
    for i, (name, values) in enumerate(accuracies.items()):
        if len(values) != len(shifts):
            raise ValueError(f"{name!r} has {len(values)} accuracies for {len(shifts)} shifts; pass one per shift.")
        ax.plot(shifts, values, label=name, **series_style(i))
        described.append(f"{named(name)} {trend(shifts, values, 'shift')}")
    ax.axhline(1 / len(CLASS_NAMES), color=GREY, linestyle=":", label="chance (1 in 10)")
    ax.set_xticks(list(shifts))
    ax.set_ylim(0, 1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("test accuracy")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))  # beside the lines, never on them
    return set_alt_text(fig, (
        f"Test accuracy against {' '.join(xlabel.split())}, one line per model, on a scale from 0 to 1 with chance "
        f"(0.1) dotted: {'; '.join(described)}."))


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
    right = int(np.trace(counts))
    cells = sorted(((int(count), true, guess) for (true, guess), count in np.ndenumerate(counts)
                    if true != guess and count), key=lambda cell: (-cell[0], cell[1], cell[2]))
    largest = "; ".join(f"{class_names[true]} taken for {class_names[guess]} {times(count)}"
                        for count, true, guess in cells[:5]) or "none, every prediction is right"
    return set_alt_text(fig, (
        f"A {n} x {n} table counting {counts.sum():,} predictions: rows are the true classes, columns the predicted "
        f"ones. The diagonal holds the {right:,} right answers ({right / max(counts.sum(), 1):.0%}), in grey; the "
        f"{counts.sum() - right:,} mistakes are coloured from white (0) to dark red ({most}), every count written. "
        f"Largest mistakes: {largest}."))


def photo_steps(steps) -> Figure:
    """How your photo became the model's input: one panel per step of ``photos.preprocessing_steps``.

    Drawn like every image of the course, high values dark (0 white, 1 black): your photo's light background
    shows dark until it is inverted, and the last panel looks like a Fashion-MNIST image. The red box marks
    where the photo is cropped.

    Example:
        >>> photo_steps(photos.preprocessing_steps("my_shirt.jpg"))
    """
    top, left, bottom, right = steps.box
    width, height = steps.size
    panels = {
        f"your photo, in grey\n({width} x {height})": steps.grayscale,
        ("inverted: background 0,\ngarment high" if steps.inverted
         else "not inverted:\nbackground already 0"): steps.on_black,
        f"cropped to the object\n({right - left} x {bottom - top})": steps.cropped,
        f"longer side to 28 pixels\n({steps.resized.shape[1]} x {steps.resized.shape[0]})": steps.resized,
        "centred in 28 x 28:\nwhat the model sees": steps.model_input.squeeze(),
    }
    fig = Figure(figsize=(11, 2.9), layout="constrained")
    for ax, (title, image) in zip(fig.subplots(1, len(panels)), panels.items(), strict=True):
        ax.imshow(image, cmap=IMAGE_CMAP, vmin=0, vmax=1, interpolation="nearest" if max(image.shape) <= 28 else None)
        ax.set_title(title, fontsize=9)
        ax.set_axis_off()
    fig.axes[1].add_patch(mpl.patches.Rectangle((left - 0.5, top - 0.5), right - left, bottom - top,
                                                fill=False, ec=WRONG, lw=1.5))
    steps_in_words = "; ".join(f"{step}. {' '.join(title.split())}" for step, title in enumerate(panels, 1))
    return set_alt_text(fig, (
        f"{plural(len(panels), 'panel')} side by side, how your photo became the model's input, each drawn "
        f"as the course draws every image, from white (0) to black (1): {steps_in_words}. A red box in panel 2 "
        f"marks where the photo is cropped: columns {left} to {right - 1}, rows {top} to {bottom - 1}."))


def experiment_results(results: Mapping[str, Mapping[str, float]], *, baseline: str | None = None) -> Figure:
    """One row per experiment (name -> {"training": accuracy, "validation": accuracy}, optionally "seconds"),
    in order from the top: the validation accuracy as a filled circle, the training accuracy as an open square,
    joined by a line as long as the gap between them. The ``baseline`` row's validation accuracy runs down the
    figure as a dotted line, to compare every row with. With "seconds" in every row, a second panel shows each
    run's time as a bar. Shapes and line styles, not only colours, tell the parts apart.

    Example:
        >>> experiment_results({"baseline": {"training": 0.89, "validation": 0.87, "seconds": 9.0},
        ...                     "1 epoch": {"training": 0.84, "validation": 0.84, "seconds": 2.5}}, baseline="baseline")
    """
    if not results:
        raise ValueError("Got no results: pass a dict of experiment name -> {'training': ..., 'validation': ...}.")
    for name, row in results.items():
        if not {"training", "validation"} <= set(row):
            raise ValueError(f"{name!r} has {sorted(row)}; every experiment needs 'training' and 'validation' "
                             "accuracies.")
    if baseline is not None and baseline not in results:
        raise ValueError(f"baseline={baseline!r} is not one of the experiments: {list(results)}.")
    timed = all("seconds" in row for row in results.values())
    names, rows = list(results), np.arange(len(results))
    fig = Figure(figsize=(10 if timed else 7, 0.45 * len(results) + 1.3), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True, width_ratios=(3, 1)) if timed else [fig.subplots()]
    accuracy = axes[0]
    training = [results[name]["training"] for name in names]
    validation = [results[name]["validation"] for name in names]
    accuracy.hlines(rows, validation, training, color=GREY, lw=1.5, label="the gap between them")
    accuracy.plot(training, rows, "s", ms=7, mfc="white", mew=1.5, color=SPLIT_COLORS["train"], ls="none",
                  label="training accuracy")
    accuracy.plot(validation, rows, "o", ms=7, color=SPLIT_COLORS["validation"], ls="none",
                  label="validation accuracy")
    if baseline is not None:
        accuracy.axvline(results[baseline]["validation"], color=GREY, ls=":", lw=1,
                         label=f"{baseline}: validation accuracy")
    accuracy.set_yticks(rows, names)
    accuracy.invert_yaxis()  # the first experiment at the top, as in the table
    accuracy.set_xlabel("accuracy")
    fig.legend(*accuracy.get_legend_handles_labels(), loc="outside lower center", ncols=4, frameon=False,
               fontsize=8)  # below the panels, never on the points
    if timed:
        seconds = axes[1]
        seconds.barh(rows, [results[name]["seconds"] for name in names], color=LIGHT_GREY, edgecolor=GREY)
        seconds.set_xlabel("seconds per run (this computer)")
    rows_in_words = "; ".join(
        f"{named(name)}: validation {number(results[name]['validation'])}, training "
        f"{number(results[name]['training'])}" + (f", {number(results[name]['seconds'])} seconds" if timed else "")
        for name in names)
    best = max(names, key=lambda name: results[name]["validation"])
    return set_alt_text(fig, (
        f"One row per experiment, {len(names)} in all: its validation accuracy as a filled circle and its training "
        f"accuracy as an open square, joined by a line as long as the gap between them"
        + (f", with {named(baseline)}'s validation accuracy as a dotted line" if baseline is not None else "")
        + (", and beside them each run's time as a bar" if timed else "")
        + f". {rows_in_words}. Highest validation accuracy: {named(best)}."))
