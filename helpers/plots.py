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


def _as_images(images: np.ndarray) -> np.ndarray:
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
    class_names: Sequence[str] = CLASS_NAMES,
    ncols: int = 5,
    title: str | None = None,
) -> Figure:
    """A grid of images, each titled with its class name when ``labels`` are given.

    Example:
        >>> show_images(x_train[:25], y_train[:25], title="The first 25 training images")
    """
    images = _as_images(images)
    if labels is not None and len(labels) != len(images):
        raise ValueError(f"Got {len(images)} images but {len(labels)} labels; pass one label per image.")
    nrows = max(1, -(-len(images) // ncols))
    fig = Figure(figsize=(1.7 * ncols, 1.9 * nrows + (0.3 if title else 0)), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    for index, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if index < len(images):
            ax.imshow(images[index], cmap=IMAGE_CMAP)
            if labels is not None:
                ax.set_title(class_names[int(labels[index])], fontsize=9)
    if title:
        fig.suptitle(title)
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
    zoom.imshow(patch, cmap=IMAGE_CMAP, vmin=0, vmax=255 if image.max() > 1 else 1)
    for (r, c), value in np.ndenumerate(patch):
        text = f"{value:.2f}" if np.issubdtype(patch.dtype, np.floating) else str(value)
        color = "white" if value > patch.max() / 2 else "black"  # readable on dark and light pixels
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
    """The average image of every class: what a "typical" member looks like."""
    images, labels = _as_images(images), np.asarray(labels)
    means = np.stack([images[labels == k].mean(axis=0) for k in range(len(class_names))])
    labels = list(range(len(class_names)))
    return show_images(means, labels, class_names=class_names, title="The mean image of each class")
