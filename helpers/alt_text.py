"""Alt text: what a Matplotlib figure shows, in words, for readers who cannot see it.

The helper that draws a figure attaches a description made from what it drew (:func:`set_alt_text`); a
figure drawn any other way is described from its axes (:func:`describe_figure`). :func:`alt_text` gives
whichever applies. In a notebook, :func:`save_alt_text_with_figures` has IPython save it with the picture
as its alt text, ``output.metadata["image/png"]["alt"]``, which screen readers and the course website read.

The small functions :func:`number`, :func:`plural`, :func:`trend` and their kin put numbers, lists and the
course of a line into words, so that every description in the course reads alike.

Example:
    >>> fig = Figure(); ax = fig.subplots(); ax.plot([1, 2, 3], [0.5, 0.3, 0.4], label="validation")
    >>> alt_text(fig)
    'A chart: validation falls from 0.5 at x 1 to its lowest, 0.3 at x 2, then rises to 0.4 at x 3.'
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.container import BarContainer
from matplotlib.figure import Figure

ALT_TEXT_ATTRIBUTE = "course_alt_text"  # where a helper leaves its description of the figure it drew


def set_alt_text(fig: Figure, text: str) -> Figure:
    """Attach ``text`` to ``fig`` as its description for readers who cannot see it; returns ``fig``.

    Example:
        >>> set_alt_text(fig, "Validation loss falls to its lowest at epoch 4, then rises.")
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"The alt text must be a non-empty string that says what the figure shows; got {text!r}.")
    setattr(fig, ALT_TEXT_ATTRIBUTE, " ".join(text.split()))
    return fig


def alt_text(fig: Figure) -> str:
    """What ``fig`` shows, in words: the description its helper attached (:func:`set_alt_text`), or else
    one built from its axes (:func:`describe_figure`).

    Example:
        >>> alt_text(plots.confusion_matrix(y_test, predicted))
        'A 10 x 10 table counting 10,000 predictions: ... Largest mistakes: Shirt taken for T-shirt/top ...'
    """
    return getattr(fig, ALT_TEXT_ATTRIBUTE, None) or describe_figure(fig)


def save_alt_text_with_figures() -> None:
    """In IPython, save every Figure's alt text with its picture, as the output's metadata.

    The printer goes to IPython's mime-bundle formatter rather than its image/png formatter:
    ``%matplotlib inline`` (which ``helpers.setup()`` runs after this) replaces whatever image/png printer
    a Figure had, but leaves this one; and it returns no data, only metadata, so the picture is drawn by
    IPython exactly as before (same size, same dpi, shown once). With the inline backend set to 'retina',
    whose printer returns metadata of its own, the alt text is replaced by that.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: no notebook, nothing to save
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.mimebundle_formatter.for_type(Figure, _alt_text_metadata)


def _alt_text_metadata(fig: Figure) -> tuple[dict, dict] | None:
    """IPython's metadata for ``fig``: its alt text under every image type it will be shown as."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or not fig.axes:  # IPython draws no picture of a figure without axes
        return None
    shown_as = []
    for mime_type, formatter in shell.display_formatter.formatters.items():
        if mime_type.startswith("image/") and formatter.enabled:
            try:
                formatter.lookup(fig)
            except KeyError:
                continue
            shown_as.append(mime_type)
    if not shown_as:
        return None
    try:
        text = alt_text(fig)
    except Exception:  # a figure nobody foresaw: a short description beats a traceback under the picture
        text = f"A figure with {len(fig.axes)} panel{'s' if len(fig.axes) > 1 else ''}."
    return {}, {mime_type: {"alt": text} for mime_type in shown_as}


# Numbers, lists and lines in words, for every description of the course


def number(value: float) -> str:
    """``value`` short and readable aloud: 3 significant digits, thousands separated, no "e+13"."""
    value = float(value)
    if not np.isfinite(value):
        return str(value)
    if value == round(value) and abs(value) < 1e6:
        return f"{int(round(value)):,}"
    if 1e-3 <= abs(value) < 1e6:
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    mantissa, exponent = f"{value:.2g}".split("e")
    return f"{mantissa} × 10^{int(exponent)}"


def quoted(text: str) -> str:
    return "“" + " ".join(str(text).split()) + "”"


def listed(items: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def named(name: str) -> str:
    """A line's or model's name, quoted when it has commas of its own ("“training, as logged”")."""
    return quoted(name) if any(mark in name for mark in ",;:") else name


def plural(count: int, word: str, words: str | None = None) -> str:
    """"1 bar", "2 bars"; ``words`` where the plural is not ``word`` + "s"."""
    return f"{count:,} {word if count == 1 else words or word + 's'}"


def times(count: int) -> str:
    """"0 times", "once", "2 times", "1,024 times"."""
    return "once" if count == 1 else f"{count:,} times"


def layout(nrows: int, ncols: int) -> str:
    """How a grid's panels sit: "side by side" or "in 3 rows of 5"."""
    return "side by side" if nrows == 1 else f"in {nrows} rows of {ncols}"


def trend(x: Sequence[float], y: Sequence[float], x_name: str = "x") -> str:
    """How a line runs, in words, from its values: e.g. "falls from 0.52 at epoch 1 to its lowest,
    0.31 at epoch 4, then rises to 0.41 at epoch 30"."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    finite = np.isfinite(x) & np.isfinite(y)
    x, y = x[finite], y[finite]
    if not len(y):
        return "has no values"

    def at(i: int) -> str:
        return f"{number(y[i])} at {x_name} {number(x[i])}"

    last = len(y) - 1
    tolerance = 1e-9 * max(1.0, float(np.abs(y).max()))
    if last == 0:
        return f"is {at(0)}"
    if np.ptp(y) <= tolerance:
        return f"stays at {number(y[0])} from {x_name} {number(x[0])} to {number(x[last])}"
    low, high = int(np.argmin(y)), int(np.argmax(y))
    inside = {i for i in (low, high) if 0 < i < last}  # extremes between the ends
    if not inside:
        verb = "rises" if y[last] > y[0] else "falls"
        # how many values stay at the first one (relative to it: a line that explodes later is no excuse)
        flat = int(np.argmax(np.abs(y - y[0]) > 1e-9 * abs(y[0]) + 1e-12))
        if flat >= 3:
            return f"stays at {number(y[0])} up to {x_name} {number(x[flat - 1])}, then {verb} to {at(last)}"
        return f"{verb} from {at(0)} to {at(last)}"
    slight = 0.1 * np.ptp(y)  # a last step back smaller than this is noise, not a change of direction
    if inside == {low}:
        if y[last] - y[low] < slight:
            return f"falls from {at(0)} to {at(last)}, its lowest {at(low)}"
        return f"falls from {at(0)} to its lowest, {at(low)}, then rises to {at(last)}"
    if inside == {high}:
        if y[high] - y[last] < slight:
            return f"rises from {at(0)} to {at(last)}, its highest {at(high)}"
        return f"rises from {at(0)} to its highest, {at(high)}, then falls to {at(last)}"
    first, second = sorted((low, high))
    name = {low: "its lowest", high: "its highest"}
    return (f"starts at {at(0)}, reaches {name[first]}, {at(first)}, then {name[second]}, {at(second)}, "
            f"and ends at {at(last)}")


# A figure described from its axes


def _is_colorbar(ax) -> bool:
    return ax.get_label() == "<colorbar>"


def _tick_name(ax, axis: str, position: float) -> str | None:
    """The tick label at ``position`` on the x or y axis, if a labelled tick sits there."""
    ticks = ax.get_xticks() if axis == "x" else ax.get_yticks()
    labels = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    for tick, label in zip(ticks, labels, strict=False):
        if abs(tick - position) < 0.5 and label.get_text():
            return label.get_text()
    return None


def _describe_bars(ax, bars: BarContainer) -> str:
    horizontal = getattr(bars, "orientation", None) == "horizontal"
    values, names = [], []
    for patch in bars.patches:
        if horizontal:
            values.append(patch.get_width())
            names.append(_tick_name(ax, "y", patch.get_y() + patch.get_height() / 2))
        else:
            values.append(patch.get_height())
            names.append(_tick_name(ax, "x", patch.get_x() + patch.get_width() / 2))
    shown = [f"{name} {number(value)}" if name else number(value) for name, value in zip(names, values, strict=True)]
    label = bars.get_label()
    head = f"{label}: " if label and not label.startswith("_") else ""
    more = f" and {len(shown) - 12} more" if len(shown) > 12 else ""
    return f"{head}{plural(len(shown), 'bar')} ({', '.join(shown[:12])}{more})"


def _describe_axes(ax) -> str:
    """What one panel holds: title, images, lines with their trends, bars, points, written values, axes."""
    parts = []
    if ax.get_title():
        parts.append(f"titled {quoted(ax.get_title())}")
    for image in ax.get_images():
        shape = np.shape(image.get_array())
        parts.append(f"an image of {shape[0]} x {shape[1]} values" if len(shape) >= 2 else "an image")
    x_name = " ".join(ax.get_xlabel().split()) or "x"
    for line in ax.get_lines():
        x, y = np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)
        label = line.get_label()
        name = label if label and not label.startswith("_") else None
        if len(x) == 2 and x[0] == x[1]:  # a vertical reference line
            parts.append(f"{name + ': ' if name else ''}a vertical line at {x_name} {number(x[0])}")
        elif len(y) == 2 and y[0] == y[1]:
            parts.append(f"{name + ': ' if name else ''}a horizontal line at {number(y[0])}")
        else:
            parts.append(f"{name or 'a line'} {trend(x, y, x_name)}")
    for container in ax.containers:
        if isinstance(container, BarContainer):
            parts.append(_describe_bars(ax, container))
    for collection in ax.collections:
        if isinstance(collection, mpl.collections.PathCollection) and len(collection.get_offsets()):
            label = collection.get_label()
            labelled = f" ({label})" if label and not label.startswith("_") else ""
            parts.append(f"{plural(len(collection.get_offsets()), 'point')}{labelled}")
    if ax.texts:
        parts.append(f"{plural(len(ax.texts), 'value or label', 'values or labels')} written on it")
    if ax.axison:
        for axis, label, scale in (("x", ax.get_xlabel(), ax.get_xscale()), ("y", ax.get_ylabel(), ax.get_yscale())):
            if label:
                parts.append(f"{axis} axis: {' '.join(label.split())}{' (log scale)' if scale == 'log' else ''}")
    return "; ".join(parts) if parts else "an empty panel"


def describe_figure(fig: Figure) -> str:
    """A description of ``fig`` built from what its axes hold: titles, axis labels, each line's trend
    (named by its legend label), images, bars, points and colour bars. The helpers attach better, more
    specific descriptions (:func:`set_alt_text`); this is for figures drawn any other way.

    Example:
        >>> fig = Figure(); ax = fig.subplots(); ax.plot([1, 2, 3], [0.5, 0.3, 0.4], label="validation")
        >>> describe_figure(fig)
        'A chart: validation falls from 0.5 at x 1 to its lowest, 0.3 at x 2, then rises to 0.4 at x 3.'
    """
    titles = [figure.get_suptitle() for figure in [fig, *fig.subfigs] if figure.get_suptitle()]
    panels = [ax for ax in fig.get_axes() if not _is_colorbar(ax)]
    head = "A chart" if len(panels) == 1 else f"A figure with {plural(len(panels), 'panel')}"
    if titles:
        head += f" titled {listed([quoted(title) for title in titles])}"
    if not panels:
        return f"{head.replace('with 0 panels', 'without any chart')}."
    if len(panels) == 1:
        sentences = [f"{head}: {_describe_axes(panels[0])}."]
    else:
        sentences = [f"{head}."] + [f"Panel {i}: {_describe_axes(ax)}." for i, ax in enumerate(panels, 1)]
    for colorbar_ax in (ax for ax in fig.get_axes() if _is_colorbar(ax)):
        colorbar = getattr(colorbar_ax, "_colorbar", None)  # matplotlib keeps it there (3.6 and later)
        vertical = colorbar is None or colorbar.orientation == "vertical"
        low, high = colorbar_ax.get_ylim() if vertical else colorbar_ax.get_xlim()
        label = " ".join((colorbar_ax.get_ylabel() if vertical else colorbar_ax.get_xlabel()).split())
        sentences.append(f"A colour bar{' for ' + quoted(label) if label else ''}, from {number(low)} "
                         f"to {number(high)}.")
    return " ".join(sentences)
