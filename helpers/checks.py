"""Instant feedback on the "Try it yourself" exercises, with hints and worked answers on request.

Each exercise is one declarative :class:`Exercise`: the right answer (from the check's keyword
arguments, or from test inputs for a function you write), typical mistakes and what to say about
them, hints, and a worked answer. One comparison, :func:`compare`, judges them all: it takes Python,
NumPy and TensorFlow values and lists, allows the rounding of the answer's own dtype (float32
included) and never calls NaN right; your function gets fresh copies of its inputs every time.

Example:
    >>> checks.relu(my_relu)      # ✓ correct, or what went wrong, on which input, and a hint
    >>> checks.relu.hint()        # the first hint; call it again for the next one
    >>> checks.relu.solution()    # a worked answer, rendered in Jupyter and Colab
"""

from __future__ import annotations

import contextlib
import copy
import functools
import inspect
import io
import string
import warnings
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from helpers import data, photos

NOT_DONE = "not done yet. Replace the ... with your answer and run the cell again."
# How close a float answer must be, relative and absolute, by its dtype's size in bytes: float16, float32,
# float64 (which also holds answers computed partly in float32, or with a tiny epsilon against log(0)).
TOLERANCE = {2: 1e-2, 4: 1e-5, 8: 1e-6}
Layer = namedtuple("Layer", "W b")  # a linear layer x @ W + b; messages name its parts


@dataclass(frozen=True)
class Feedback:
    """The outcome of one check: ``passed`` is True, False, or None for "not done yet"."""

    exercise: str
    passed: bool | None
    message: str

    def __repr__(self) -> str:
        mark = {True: "✓", False: "✗", None: "…"}[self.passed]
        return f"{mark} {self.exercise}: {self.message}"

    def __bool__(self) -> bool:
        return bool(self.passed)


# --- one comparison for every exercise ------------------------------------------------------------


def plain(value: Any) -> Any:
    """``value`` as Python and NumPy: tensors (anything with ``.numpy()``) become arrays, bytes become text.

    Example:
        >>> plain((tf.constant([b"Bag", b"Coat"]), tf.constant(3)))
        (['Bag', 'Coat'], np.int32(3))
    """
    if isinstance(value, (list, tuple)):
        items = [plain(item) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    if not isinstance(value, np.ndarray) and callable(getattr(value, "numpy", None)):
        with contextlib.suppress(Exception):
            value = value.numpy()
    if isinstance(value, np.ndarray) and value.dtype.kind in "OS":  # text tensors, ragged lists
        return plain(value.tolist())
    return value.decode(errors="replace") if isinstance(value, bytes) else value


def compare(got: Any, expected: Any, *, same_dtype: bool = False) -> tuple[str, str] | None:
    """How ``got`` differs from ``expected``: None when it is right, else (kind, what ``got`` is, in words).

    ``kind`` is "value" when only the value is wrong, "form" when the type, shape or dtype is, or
    there is NaN. Floats match within the rounding of ``got``'s own dtype (:data:`TOLERANCE`); whole
    numbers, names and True/False match exactly. A tuple stands for a pair such as ``(W, b)``, a
    list for a list of names.

    Example:
        >>> compare(np.float32(0.74), 0.74) is None
        True
        >>> compare([3, 4], 7)
        ('form', 'a list of shape (2,), not one number')
    """
    got = plain(got)
    if isinstance(expected, tuple):
        names = getattr(expected, "_fields", [f"item {i + 1}" for i in range(len(expected))])
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            return "form", f"{_described(got)}, not the pair ({', '.join(names)})"
        for name, part, want in zip(names, got, expected, strict=True):
            if problem := compare(part, want, same_dtype=same_dtype):
                return problem[0], f"{name} as {problem[1]}"
        return None
    if isinstance(got, np.ndarray) and (got.ndim == 0 or isinstance(expected, list)):
        got = got.tolist()
    if isinstance(expected, (str, bool, list)):
        kind, noun = {str: (str, "a name"), bool: ((bool, np.bool_), "True or False"),
                      list: ((list, tuple), "a list of names")}[type(expected)]
        if not isinstance(got, kind) or (isinstance(expected, list) and not all(isinstance(g, str) for g in got)):
            return "form", f"{_described(got)}, not {noun}"
        right = list(got) == expected if isinstance(expected, list) else got == expected
        return None if right else ("value", f"{_show(got)}, expected {_show(expected)}")
    want, array = np.asarray(expected), _numbers(got)
    if array is None:
        return "form", f"{_described(got)}, not {'an array of numbers' if want.ndim else 'a number'}"
    if array.shape != want.shape:
        if not array.ndim:
            return "form", f"one number ({_show(got)}), not an array of shape {want.shape}"
        one = "one number" + (" (.item() gives the number in it)" if array.size == 1 else "")
        return "form", f"{_noun(got)} of shape {array.shape}, not {want.shape if want.ndim else one}"
    if same_dtype and array.dtype != want.dtype:
        return "form", f"{_noun(got)} of dtype {array.dtype}, not {want.dtype}"
    if array.dtype.kind == "f" and np.isnan(array).any():
        places = f" in {np.isnan(array).sum()} of {array.size} places" if array.ndim else ""
        return "form", f"NaN (not a number){places}"
    tolerance = TOLERANCE.get(array.dtype.itemsize, 1e-6) if array.dtype.kind == "f" else 1e-6
    close = np.isclose(array, want, rtol=tolerance, atol=tolerance) if want.dtype.kind == "f" else array == want
    if np.all(close):
        return None
    at = np.unravel_index(np.argmin(close), close.shape)
    where = f" at index {list(map(int, at))}" if array.ndim else ""
    return "value", f"{_number(array[at], want[at])}{where}, expected {_number(want[at], array[at])}"


def _numbers(value: Any) -> np.ndarray | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            array = np.asarray(value)
    except Exception:  # ragged lists and other things that are not numbers
        return None
    return array if array.dtype.kind in "iuf" else None


def _number(value: Any, other: Any) -> str:
    """``value`` with just enough digits to tell it from ``other``."""
    value, other = np.asarray(value).item(), np.asarray(other).item()
    digits = next((d for d in range(4, 17) if f"{value:.{d}g}" != f"{other:.{d}g}"), 17)
    return str(value) if isinstance(value, int) else f"{value:.{digits}g}"


def _show(value: Any) -> str:
    """A short text for an answer, for messages."""
    value = value.item() if isinstance(value, np.generic) else value
    if callable(value) and not isinstance(value, np.ndarray):
        return getattr(value, "__name__", "a function")
    if isinstance(value, np.ndarray):
        value = (np.round(value, 4) if value.dtype.kind == "f" else value).tolist()
    text = " ".join(repr(value).split())
    return text if len(text) <= 70 else text[:67] + "..."


def _noun(value: Any) -> str:
    name = ("function" if callable(value) and not isinstance(value, np.ndarray) else
            "array" if isinstance(value, np.ndarray) else type(value).__name__)
    return f"{'an' if name[0] in 'aeiou' else 'a'} {name}"


def _described(value: Any) -> str:
    return f"{_noun(value)} ({_show(value)})"


def _fill(template: str, values: dict) -> str:
    return string.Template(template).safe_substitute(values)


def _run(function: Callable, args: tuple) -> tuple[Any, str, Exception | None]:
    """Call the learner's function on fresh copies of ``args``: (result, what it printed, what it raised)."""
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed), \
                np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return function(*copy.deepcopy(args)), printed.getvalue().strip(), None
    except Exception as error:  # the learner's code: report whatever it raised
        return None, printed.getvalue().strip(), error


def _display(markdown: str, text: str) -> None:
    """Rendered Markdown in Jupyter and Colab (and ``text`` for front ends without it); ``text`` elsewhere."""
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        get_ipython = None
    if get_ipython is None or get_ipython() is None:
        print(text)
    else:
        display({"text/markdown": markdown, "text/plain": text}, raw=True)


# --- the description of an exercise, and the one way every exercise is judged ---------------------


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and what to say about it.

    It is spotted by ``gives``, the wrong answer itself, computed from the same inputs as the right
    one and compared the same way, or by ``spots(answer, *inputs)``. ``says`` and ``hint`` are
    templates naming ``$answer`` and the check's keyword arguments; ``says`` may instead be a
    function of ``(answer, *inputs)``. A function's mistakes tell what "it" did.

    Example:
        >>> Mistake("$answer counts the weights only.", "every unit also has one bias.",
        ...         gives=lambda inputs, units: inputs * units)
    """

    says: str | Callable[..., str]
    hint: str
    gives: Callable[..., Any] | None = None
    spots: Callable[..., bool] | None = None

    def matches(self, answer: Any, args: tuple, kwargs: dict) -> bool:
        try:
            if self.gives is not None:
                return compare(answer, self.gives(*args, **kwargs)) is None
            return bool(self.spots(answer, *args, **kwargs))
        except Exception:  # an answer this test cannot handle does not show this mistake
            return False


@dataclass(eq=False)
class Exercise:
    """One exercise: call it with the answer to check it; ``.hint()`` and ``.solution()`` help.

    A *value* exercise's right answer is ``expected(**the check's keyword arguments)``. A *function*
    exercise (``cases`` given) calls the learner's function on each case's inputs, fresh copies each
    time, and compares the result with ``expected(*inputs)``. Where there is no single right answer
    (a random split), ``expected`` is None and an answer is right when it shows none of the mistakes.
    ``hints`` go from a nudge to nearly the answer (the first also comes with a wrong answer, the
    last with an error); ``worked`` is a worked answer's code. Both, and ``why`` (said with the tick),
    are templates naming the check's keyword arguments, and ``why`` also ``$expected``.

    Example:
        >>> checks.flat_index(147, row=5, col=7)
        ✓ index of pixel (row 5, col 7): correct. Rows come one after another: index = row x 28 + col.
    """

    name: str
    title: str | Callable[..., str]
    expected: Callable[..., Any] | None
    why: str
    hints: tuple[str, ...]
    worked: str
    mistakes: tuple[Mistake, ...] = ()
    cases: Callable[[], dict[str, tuple]] | None = None
    on_error: str = ""
    answer_as: Callable[[Any], Any] = plain
    same_dtype: bool = False
    _given: dict = field(default_factory=dict, repr=False)
    _hints_shown: int = field(default=0, repr=False)

    def __call__(self, answer: Any, /, **given: Any) -> Feedback:
        given = self._bind(given)
        title = self.title(**given) if callable(self.title) else self.title
        if answer is None or answer is Ellipsis:
            return Feedback(title, None, NOT_DONE)
        if self.cases is None:
            expected = self.expected(**given)
            if (failure := self._judge(title, "", self.answer_as(plain(answer)), expected, (), given)) is not None:
                return failure
            return Feedback(title, True, f"correct. {_fill(self.why, {**given, 'expected': expected})}")
        if not callable(answer):
            return self._failed(title, f"expected a function, got {_described(answer)}.",
                                "define it with def and pass the function itself, without calling it.")
        for case, args in self.cases().items():
            result, printed, error = _run(answer, args)
            if result is Ellipsis:
                return Feedback(title, None, NOT_DONE)
            if error is not None:
                reason = (str(error).strip().splitlines() or [""])[0][:200]
                return self._failed(title, f"on {case} it raised {type(error).__name__}: {reason}",
                                    self.on_error or self._text(self.hints[-1]), printed)
            if result is None:
                instead = f" It printed {_show(printed)} instead: print shows a value, return hands it back."
                return self._failed(title, f"on {case} it returned None — is a `return` missing?"
                                    f"{instead if printed else ''}", "end the function with return and the result.")
            expected = None if self.expected is None else self.expected(*args)
            if (failure := self._judge(title, f"on {case}", plain(result), expected, args, {}, printed)) is not None:
                return failure
        return Feedback(title, True, f"correct. {self.why}")

    def _judge(self, title: str, where: str, got: Any, expected: Any, args: tuple, kwargs: dict,
               printed: str = "") -> Feedback | None:
        """None when ``got`` is right for these inputs, else the feedback that says what is wrong."""
        problem = None if self.expected is None else compare(got, expected, same_dtype=self.same_dtype)
        if problem is None and self.expected is not None:
            return None
        values = {**kwargs, "answer": _show(got)}
        for mistake in self.mistakes:
            if mistake.matches(got, args, kwargs):
                says = mistake.says(got, *args, **kwargs) if callable(mistake.says) else _fill(mistake.says, values)
                return self._failed(title, f"{where} {says}".strip(), _fill(mistake.hint, values), printed)
        if problem is None:
            return None
        kind, what = problem
        what = (f"{where} it returned {what}." if where else
                f"{_show(got)} is not right." if kind == "value" else f"your answer is {what}.")
        return self._failed(title, what, self._text(self.hints[0]), printed)

    def _failed(self, title: str, what: str, hint: str, printed: str = "") -> Feedback:
        said = f"\n  It printed: {_show(printed)}" if printed else ""
        return Feedback(title, False, f"{what}\n  Hint: {hint.replace('`', '')}{said}\n  More help: "
                                      f"checks.{self.name}.hint() (step by step), then checks.{self.name}.solution()")

    def _bind(self, given: dict) -> dict:
        if self.cases is not None and given:
            raise TypeError(f"checks.{self.name} takes only your function: checks.{self.name}(my_function).")
        if self.cases is None:
            try:
                bound = inspect.signature(self.expected).bind(**given)
            except TypeError as error:
                raise TypeError(f"checks.{self.name}: {error}. Its keyword arguments: "
                                f"{inspect.signature(self.expected)}.") from None
            bound.apply_defaults()
            self._given = dict(bound.arguments)
        return self._given

    def _text(self, template: str) -> str:
        """``template`` filled with the check's last keyword arguments (their names, before its first run)."""
        parameters = {} if self.cases else inspect.signature(self.expected).parameters.items()
        names = {name: name if p.default is p.empty else p.default for name, p in parameters}
        return _fill(template, {**names, **self._given})

    def hint(self, number: int | None = None) -> None:
        """Show the next hint (the first on the first call), or hint ``number`` again.

        Example:
            >>> checks.relu.hint()
            Hint 1 of 2 for checks.relu: ReLU keeps every positive element ...
        """
        if number is None:
            self._hints_shown = number = min(self._hints_shown + 1, len(self.hints))
        if not 1 <= number <= len(self.hints):
            raise ValueError(f"checks.{self.name} has hints 1 to {len(self.hints)}, not {number}.")
        text, heading = self._text(self.hints[number - 1]), f"Hint {number} of {len(self.hints)} for checks.{self.name}"
        more = (f"Run `checks.{self.name}.hint()` again for the next hint." if number < len(self.hints) else
                f"That was the last hint: `checks.{self.name}.solution()` shows a worked answer.")
        _display(f"**{heading}:** {text}\n\n*{more}*", f"{heading}: {text}\n{more}")

    def solution(self) -> None:
        """Show a worked answer: rendered Markdown with the code in Jupyter and Colab, plain text elsewhere.

        Example:
            >>> checks.relu.solution()
            A worked answer for checks.relu (...):
                def my_relu(x): ...
        """
        code, note = self.worked_answer(), "type it in yourself rather than pasting it, then run the check again"
        indented = "\n".join(f"    {line}" for line in code.splitlines())
        _display(f"**A worked answer for `checks.{self.name}`** ({note}):\n\n```python\n{code}\n```",
                 f"A worked answer for checks.{self.name} ({note}):\n\n{indented}")

    def worked_answer(self) -> str:
        """The worked answer's code, for the check's last keyword arguments.

        Example:
            >>> checks.flat_index(..., row=5, col=7); print(checks.flat_index.worked_answer())
            index = 5 * 28 + 7   # 5 full rows of 28 pixels, then 7 more
        """
        return self._text(self.worked).strip("\n")

    def __repr__(self) -> str:
        return (f"<exercise checks.{self.name}: check with checks.{self.name}(answer); "
                f"hints: checks.{self.name}.hint(); a worked answer: checks.{self.name}.solution()>")


# --- what the exercises need to know ---------------------------------------------------------------


def _label(class_name: str) -> int:
    if class_name not in data.CLASS_NAMES:
        raise ValueError(f"class_name must be one of {data.CLASS_NAMES}, not {class_name!r}.")
    return data.CLASS_NAMES.index(class_name)


def _split(split: str) -> tuple[np.ndarray, np.ndarray]:
    """The images and labels of the "train" or "test" split."""
    if split not in ("train", "test"):
        raise ValueError(f"split must be 'train' or 'test', not {split!r}.")
    return data.load_arrays()[split == "test"]


@functools.cache
def _background(class_name: str, split: str) -> dict[str, float]:
    """Background pixels (exactly 0) in a split: their share in the class's images ("class") and in all images
    ("all"), their number in the class's images ("count"), and the share of positions 0 in every one ("always")."""
    label = _label(class_name)
    images, labels = _split(split)
    zero = images[labels == label] == 0
    return {"class": float(np.mean(zero)), "all": float(np.mean(images == 0)), "count": int(np.sum(zero)),
            "always": float(np.mean(np.all(zero, axis=0)))}


def _other_class(answer: Any, class_name: str, split: str) -> str | None:
    """The class, other than ``class_name``, whose background share ``answer`` is, if any."""
    return next((name for name in data.CLASS_NAMES if name != class_name
                 and compare(answer, _background(name, split)["class"]) is None), None)


def _scalar(answer: Any) -> float:
    """``answer`` as one float, for mistakes that look at its size; anything else raises (so no mistake matches)."""
    if isinstance(answer, (str, bool, np.bool_)) or np.ndim(answer) != 0:
        raise TypeError(f"not one number: {answer!r}")
    return float(answer)


def _class_means() -> np.ndarray:
    (x_train, y_train), _ = data.load_arrays()
    return np.array([x_train[y_train == k].mean() for k in range(len(data.CLASS_NAMES))])


def _class_accuracies(labels: Any, predictions: Any) -> np.ndarray:
    labels, predictions = np.asarray(plain(labels)), np.asarray(plain(predictions))
    return np.array([np.mean(predictions[labels == k] == k) for k in range(len(data.CLASS_NAMES))])


def _class_name(answer: Any) -> Any:
    """A class number (0-9) as its name; anything else as it is."""
    number = answer.item() if isinstance(answer, (np.ndarray, np.generic)) and np.ndim(answer) == 0 else answer
    if isinstance(number, int) and not isinstance(number, bool) and 0 <= number < len(data.CLASS_NAMES):
        return data.CLASS_NAMES[number]
    return answer


def _val_loss(history: Any) -> np.ndarray:
    history = getattr(history, "history", history)  # a Keras History, or its dictionary
    if not isinstance(history, dict) or "val_loss" not in history:
        raise ValueError("history has no 'val_loss': train with validation_data=... to get one, and pass "
                         "the History that model.fit returns (or its .history).")
    return np.asarray(history["val_loss"], dtype=float)


def _layers(n_in: int, n_hidden: int, n_out: int) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(n_in)
    return tuple(rng.normal(size=shape) for shape in ((n_in, n_hidden), n_hidden, (n_hidden, n_out), n_out))


def _softmax(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _picked(labels: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    return probabilities[np.arange(len(labels)), labels]


def _top(probabilities: np.ndarray, k: int) -> list[str]:
    return [data.CLASS_NAMES[i] for i in np.argsort(probabilities)[::-1][:k]]


def _map_size(size: int, kernel: int, pool: int, stages: int, *, up: bool = False) -> int:
    """The width after ``stages`` of a convolution without padding, then pooling (rounding up with ``up``)."""
    for _ in range(stages):
        size = size - kernel + 1
        size = -(-size // pool) if up else size // pool
    return size


def _accuracy_case() -> tuple[np.ndarray, np.ndarray]:
    probabilities = np.random.default_rng(2).dirichlet(np.ones(10), size=50)
    labels = probabilities.argmax(axis=1)
    labels[:13] = (labels[:13] + 1) % 10  # 13 of 50 wrong: accuracy 0.74
    return labels, probabilities


def _is_split(answer: Any) -> bool:
    try:
        (x_train, y_train), (x_val, y_val) = answer
        return min(np.ndim(part) for part in (x_train, y_train, x_val, y_val)) >= 1
    except (TypeError, ValueError):
        return False


def _split_ids(split: Any, images: np.ndarray) -> list | None:
    """[(image numbers, labels)] of the training and validation parts, or None if the images were changed.
    Image i of the test inputs is filled with the number i, so its first pixel tells which it is."""
    parts = []
    for x, y in split:
        x = np.asarray(x)
        number = x.reshape(len(x), -1)[:, 0].astype(int) if x.shape[1:] == images.shape[1:] else None
        if number is None or not np.array_equal(x, images[number]):
            return None
        parts.append((number, np.asarray(y)))
    return parts


# --- the exercises, in the order of the notebooks --------------------------------------------------

background_share = Exercise(
    "background_share",
    lambda class_name="Sandal", split="train": f"share of background pixels in the {class_name} {split} images",
    expected=lambda class_name="Sandal", split="train": _background(class_name, split)["class"],
    why="Compare it with np.mean(x_$split == 0), the share over all ten classes: the higher a class's share, the "
        "less of the 28 x 28 frame its clothes cover.",
    hints=("Count only the pixels of $class_name images, and among them those that are exactly 0; the answer is "
           "their share, a fraction between 0 and 1.",
           '`x_$split[y_$split == data.CLASS_NAMES.index("$class_name")]` keeps only the $class_name images.',
           "`images == 0` is True or False for every pixel of every image; `np.mean` of it is the share of Trues, "
           "because True counts as 1 and False as 0."),
    worked="""
label = data.CLASS_NAMES.index("$class_name")  # the class's number, 0-9
images = x_$split[y_$split == label]  # only the $class_name images: shape (n, 28, 28)
background = float(np.mean(images == 0))  # True counts as 1: the mean is the share of 0 pixels""",
    mistakes=(Mistake("$answer is the share over all ten classes, not only the $class_name images.",
                      "keep only the $class_name images first: x_$split[y_$split == "
                      "data.CLASS_NAMES.index('$class_name')].",
                      gives=lambda class_name="Sandal", split="train": _background(class_name, split)["all"]),
              Mistake(lambda answer, class_name="Sandal", split="train": f"{_show(answer)} is the share for "
                      f"{(other := _other_class(answer, class_name, split))} (label {_label(other)}), not for "
                      f"{class_name} (label {_label(class_name)}).",
                      "labels count from 0: data.CLASS_NAMES.index('$class_name') gives the label of $class_name.",
                      spots=lambda answer, class_name="Sandal", split="train":
                      _other_class(answer, class_name, split) is not None),
              Mistake("$answer is the share of pixels that are not background (above 0).",
                      "count the pixels that are exactly 0: images == 0.",
                      gives=lambda class_name="Sandal", split="train": 1 - _background(class_name, split)["class"]),
              Mistake(lambda answer, class_name="Sandal", split="train": f"{_show(answer)} is the share in the "
                      f"{'test' if split == 'train' else 'train'} split; the exercise asks about the {split} images.",
                      "use x_$split and y_$split.",
                      gives=lambda class_name="Sandal", split="train":
                      _background(class_name, "test" if split == "train" else "train")["class"]),
              Mistake("$answer counts the background pixels; the exercise asks for their share, a fraction between 0 "
                      "and 1.", "divide by the number of pixels (images.size), or take np.mean of images == 0.",
                      gives=lambda class_name="Sandal", split="train": _background(class_name, split)["count"]),
              Mistake("$answer is the share of pixel positions that are 0 in every $class_name image; the exercise "
                      "asks about all their pixels, image by image.",
                      "compare every pixel of every image: np.mean(images == 0) over the whole (n, 28, 28) array.",
                      gives=lambda class_name="Sandal", split="train": _background(class_name, split)["always"]),
              Mistake("$answer looks like a percentage; answer with a fraction between 0 and 1.",
                      "divide by 100 (or leave out the * 100): 50% is 0.5.",
                      spots=lambda answer, class_name="Sandal", split="train": 1 < _scalar(answer) <= 100 and
                      abs(_scalar(answer) / 100 - _background(class_name, split)["class"]) < 0.005),
              Mistake("$answer is close, but rounded: let the code compute the share rather than typing in a number.",
                      "assign the result of the computation itself, for example float(np.mean(images == 0)).",
                      spots=lambda answer, class_name="Sandal", split="train":
                      abs(_scalar(answer) - _background(class_name, split)["class"]) < 0.005)))

class_with_brightest_mean = Exercise(
    "class_with_brightest_mean", "the brightest class on average",
    expected=lambda: data.CLASS_NAMES[int(np.argmax(_class_means()))],
    why="$expected images cover the most of the 28 x 28 frame with bright pixels.",
    hints=("`x_train[y_train == k]` are the training images of class k; `.mean()` averages all their pixels.",
           "Do that for every k from 0 to 9: `np.argmax` finds the largest, and `data.CLASS_NAMES[k]` is its name."),
    worked="""
means = [x_train[y_train == k].mean() for k in range(10)]   # the mean pixel value of each class
brightest = data.CLASS_NAMES[int(np.argmax(means))]""",
    mistakes=(Mistake("$answer is not one of the class names.", "answer with a name from data.CLASS_NAMES.",
                      spots=lambda answer: isinstance(answer, str) and answer not in data.CLASS_NAMES),
              Mistake(lambda answer: f"{answer!r} is not the brightest: its mean pixel value is "
                      f"{_class_means()[data.CLASS_NAMES.index(answer)]:.1f}, another class's is higher.",
                      "compute x_train[y_train == k].mean() for every k from 0 to 9 and take the largest.",
                      spots=lambda answer: answer in data.CLASS_NAMES)),
    answer_as=_class_name)

normalize = Exercise(
    "normalize", "normalize", expected=lambda image: image.astype(np.float32) / np.float32(255),
    why="Inputs between 0 and 1 keep the first layer's sums small, which makes training steadier.",
    hints=("Two steps: make the pixels float32 numbers, then divide by 255, so that 0 stays 0 and 255 becomes 1.",
           '`image.astype("float32")` converts; a float32 array divided by 255 stays float32 (a uint8 array '
           "divided by 255 would become float64)."),
    worked="""
def my_normalize(image):
    return image.astype("float32") / 255   # float32 first: uint8 / 255 would give float64""",
    mistakes=(Mistake("it returned dtype float64; Keras layers compute in float32.",
                      "convert first: image.astype('float32') / 255 (a uint8 array divided by 255 gives float64).",
                      spots=lambda answer, image: np.asarray(answer).dtype == np.float64),
              Mistake(lambda answer, image: f"it returned values up to {np.max(answer):g}; they should be between 0 "
                      "and 1.", "divide by 255: 0 -> 0.0 and 255 -> 1.0.", spots=lambda answer, _: np.max(answer) > 1)),
    cases=lambda: {"an all-black image": (np.zeros((28, 28), np.uint8),),
                   "an all-white image": (np.full((28, 28), 255, np.uint8),),
                   "a random image": (np.random.default_rng(0).integers(0, 256, (28, 28), np.uint8),),
                   "a batch of 3 random images": (np.random.default_rng(1).integers(0, 256, (3, 28, 28), np.uint8),)},
    same_dtype=True)

flatten = Exercise(
    "flatten", "flatten", expected=lambda image: image.reshape(-1),
    why="Keras's Flatten layer does exactly this, for every image in a batch.",
    hints=("Start with an empty list; go through the rows from top to bottom, and within each row through the "
           "columns from left to right, appending `image[row, col]`.",
           "`height, width = image.shape` gives the sizes for the two `range(...)` loops; return the list at the end."),
    worked="""
def my_flatten(image):
    height, width = image.shape
    pixels = []
    for row in range(height):        # top to bottom ...
        for col in range(width):     # ... and left to right within each row
            pixels.append(image[row, col])
    return pixels""",
    mistakes=(Mistake("it went column by column.", "Keras's Flatten takes row 0 first, then row 1: loop over the "
                      "rows on the outside.", gives=lambda image: image.T.reshape(-1)),),
    cases=lambda: {"a 28 x 28 image of random pixels": (np.random.default_rng(1).integers(0, 256, (28, 28), np.uint8),),
                   "an image whose pixels count 0, 1, 2, ... row by row": (np.arange(784).reshape(28, 28),),
                   "a 3 x 4 image (any size should work)": (np.arange(12).reshape(3, 4),)})

flat_index = Exercise(
    "flat_index", lambda row, col, width=28: f"index of pixel (row {row}, col {col})",
    expected=lambda row, col, width=28: row * width + col,
    why="Rows come one after another: index = row x $width + col.",
    hints=("Flatten puts all $width pixels of row 0 first, then those of row 1, and so on.",
           "Before row $row come $row full rows of $width pixels each; then $col more pixels of row $row."),
    worked="index = $row * $width + $col   # $row full rows of $width pixels, then $col more",
    mistakes=(Mistake("$answer is where it would be if columns came first.", "Flatten lays out row 0 first, then row "
                      "1, ...", gives=lambda row, col, width=28: col * width + row),
              Mistake("$answer counts from 1; positions count from 0.", "leave out the + 1.",
                      gives=lambda row, col, width=28: row * width + col + 1)))

dense_parameter_count = Exercise(
    "dense_parameter_count", lambda inputs, units: f"parameters of Dense({units}) on {inputs} inputs",
    expected=lambda inputs, units: inputs * units + units,
    why="$inputs x $units weights plus $units biases: model.summary() agrees.",
    hints=("A Dense layer has one weight for every (input, unit) pair, and one bias for every unit.",
           "That is $inputs x $units weights, plus $units biases."),
    worked="hidden_parameters = $inputs * $units + $units   # weights, plus one bias per unit",
    mistakes=(Mistake("$answer counts the weights only.", "every unit also has one bias.",
                      gives=lambda inputs, units: inputs * units),
              Mistake("$answer adds where it should multiply.", "every input connects to every unit: inputs x units "
                      "weights.", gives=lambda inputs, units: inputs + units),
              Mistake("$answer gives a bias to every input; biases belong to the units.", "add $units biases.",
                      gives=lambda inputs, units: inputs * units + inputs)))

relu = Exercise(
    "relu", "relu", expected=lambda x: np.maximum(0, x),
    why="One line, and it is what lets stacked layers bend the line.",
    hints=("ReLU keeps every positive element and replaces every other one by 0; the shape stays the same.",
           "`np.maximum(0, x)` compares 0 with every element of `x` and keeps the larger."),
    worked="""
def my_relu(x):
    return np.maximum(0, x)   # element by element: the larger of 0 and x""",
    mistakes=(Mistake("it returned the absolute values: negative inputs must become 0.",
                      "ReLU(x) is 0 for x <= 0 and x otherwise.", gives=np.abs),),
    cases=lambda: {"[-2.0, -0.5, 0.0, 0.5, 2.0]": (np.array([-2.0, -0.5, 0.0, 0.5, 2.0]),),
                   "a 3 x 4 array of random values": (np.random.default_rng(3).normal(size=(3, 4)),),
                   "[-1e9, 1e9]": (np.array([-1e9, 1e9]),)},
    on_error="np.maximum(0, x) works on whole arrays, element by element; Python's max(0, x) does not.")

compose_linear = Exercise(
    "compose_linear", "compose two linear layers", expected=lambda W1, b1, W2, b2: Layer(W1 @ W2, b1 @ W2 + b2),
    why="Any stack of linear layers is one linear layer: depth without activations adds nothing.",
    hints=("Multiply out `(x @ W1 + b1) @ W2 + b2`: the matrix product distributes over the sum, as with numbers.",
           "It equals `x @ (W1 @ W2) + (b1 @ W2 + b2)`: read off W and b, and return them as a pair."),
    worked="""
def my_compose(W1, b1, W2, b2):
    # (x @ W1 + b1) @ W2 + b2  ==  x @ (W1 @ W2) + (b1 @ W2 + b2)
    return W1 @ W2, b1 @ W2 + b2""",
    mistakes=(Mistake("it returned one value, not the pair (W, b).", "end the function with return W, b.",
                      spots=lambda answer, *_: not isinstance(answer, (tuple, list))),
              Mistake("its b leaves out the first layer's bias.", "the first bias passes through W2 too: "
                      "b = b1 @ W2 + b2.", gives=lambda W1, b1, W2, b2: (W1 @ W2, b2)),
              Mistake("its b adds b1 without passing it through W2.", "b = b1 @ W2 + b2.",
                      gives=lambda W1, b1, W2, b2: (W1 @ W2, b1 + b2))),
    cases=lambda: {f"W1 {(n_in, n_hidden)}, W2 {(n_hidden, n_out)}": _layers(n_in, n_hidden, n_out)
                   for n_in, n_hidden, n_out in ((4, 3, 3), (3, 4, 2), (5, 1, 3))})

softmax = Exercise(
    "softmax", "softmax", expected=_softmax,
    why="Stable even for huge logits, so it never returns nan during training.",
    hints=("softmax(z) = exp(z) / sum(exp(z)): take the exponential of every logit, then divide by their sum.",
           "`np.exp(1000)` overflows to inf. Subtracting the largest logit first gives the same probabilities (the "
           "factor cancels) and keeps every exponent at most 0.",
           "For a batch, take the max and the sum over the last axis with `axis=-1, keepdims=True`, so that they "
           "line up with the rows."),
    worked="""
def my_softmax(logits):
    shifted = logits - np.max(logits, axis=-1, keepdims=True)   # the largest is 0: exp cannot overflow
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)                 # each row sums to 1""",
    mistakes=(Mistake("it returned $answer: exp overflowed (to inf, or NaN).", "subtract the largest logit first: "
                      "softmax(z) == softmax(z - max(z)).",
                      spots=lambda answer, z: not np.isfinite(np.asarray(answer, float)).all()),
              Mistake(lambda answer, z: f"its rows sum to {np.round(np.sum(answer, axis=-1), 4).tolist()}, not 1 each.",
                      "sum over the last axis only, with keepdims=True.",
                      spots=lambda answer, z: z.ndim == 2 and not np.allclose(np.sum(answer, axis=-1), 1, atol=1e-4)),
              Mistake(lambda answer, z: f"its probabilities sum to {np.sum(answer):.4g}, not 1.",
                      "divide every exp by the sum of all of them.",
                      spots=lambda answer, z: not np.isclose(np.sum(answer), 1, atol=1e-4))),
    cases=lambda: {"[1.0, 2.0, 3.0]": (np.array([1.0, 2.0, 3.0]),),
                   "a batch of 4 rows of 10 logits": (np.random.default_rng(5).normal(size=(4, 10)) * 3,),
                   "[1000.0, 1001.0, 1002.0] (large logits)": (np.array([1000.0, 1001.0, 1002.0]),),
                   "[-1000.0, -1001.0] (large negative logits)": (np.array([-1000.0, -1001.0]),)})

cross_entropy = Exercise(
    "cross_entropy", "cross-entropy", expected=lambda labels, p: float(-np.mean(np.log(_picked(labels, p)))),
    why="This is exactly Keras's SparseCategoricalCrossentropy on probabilities.",
    hints=("For example i only one probability counts: the one it gives its true class, "
           "`probabilities[i, labels[i]]`.",
           "`probabilities[np.arange(len(labels)), labels]` picks that probability for every row at once.",
           "Then `-np.mean(np.log(...))`: the log of a probability is negative, hence the minus."),
    worked="""
def my_cross_entropy(labels, probabilities):
    rows = np.arange(len(labels))
    true_class = probabilities[rows, labels]   # the probability each row gives its true class
    return float(-np.mean(np.log(true_class)))""",
    mistakes=(Mistake("it returned $answer, a negative loss.", "the log of a probability is negative: put a minus "
                      "sign in front.", gives=lambda labels, p: float(np.mean(np.log(_picked(labels, p))))),
              Mistake("it returned $answer, the sum.", "take the mean, not the sum.",
                      gives=lambda labels, p: float(-np.sum(np.log(_picked(labels, p))))),
              Mistake("it returned one loss per example, not their mean.", "average over the examples: np.mean(...).",
                      gives=lambda labels, p: -np.log(_picked(labels, p))),
              Mistake("it used the largest probability of each row, not the true class's.", "only the probability of "
                      "the true class counts: probabilities[i, labels[i]].",
                      gives=lambda labels, p: float(-np.mean(np.log(p.max(axis=1))))),
              Mistake("it averaged whole columns: probabilities[:, labels] takes every row's probability of every "
                      "label.", "pick one per row: probabilities[np.arange(len(labels)), labels].",
                      gives=lambda labels, p: float(-np.mean(np.log(p[:, labels]))))),
    cases=lambda: {"3 examples": (np.array([0, 2, 1]), np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]])),
                   "20 examples of 10 classes": (np.random.default_rng(6).integers(0, 10, 20),
                                                 np.random.default_rng(7).dirichlet(np.ones(10), 20))})

accuracy = Exercise(
    "accuracy", "accuracy", expected=lambda labels, p: float(np.mean(np.argmax(p, axis=1) == labels)),
    why="This is exactly the 'accuracy' metric Keras reports during training.",
    hints=("The predicted class of a row is the position of its largest probability: "
           "`np.argmax(probabilities, axis=1)` gives one per row.",
           "`predicted == labels` is True where a prediction is right; the mean of it is the share of right ones."),
    worked="""
def my_accuracy(labels, probabilities):
    predicted = np.argmax(probabilities, axis=1)   # the most probable class of each row
    return float(np.mean(predicted == labels))     # True counts as 1: the share of right ones""",
    mistakes=(Mistake("it returned $answer, the number of right predictions, not their share.",
                      "a share is between 0 and 1: divide by the number of predictions (or use np.mean).",
                      gives=lambda labels, p: np.sum(np.argmax(p, axis=1) == labels)),
              Mistake("it returned $answer, the share of wrong predictions.", "count the right ones: "
                      "predicted == labels.", gives=lambda labels, p: 1 - np.mean(np.argmax(p, axis=1) == labels)),
              Mistake("it returned one value per prediction, not their mean.", "take the mean: "
                      "np.mean(predicted == labels).", spots=lambda answer, y, p: np.shape(answer) == y.shape)),
    cases=lambda: {"50 predictions, 37 of them right": _accuracy_case(),
                   "3 predictions, all right": (np.array([2, 0, 1]), np.eye(3)[[2, 0, 1]]),
                   "2 predictions, both wrong": (np.array([0, 0]), np.array([[0.2, 0.8], [0.4, 0.6]]))},
    on_error="take the argmax over the classes (axis=1), one per prediction, then compare it with labels.")

steps_per_epoch = Exercise(
    "steps_per_epoch",
    lambda examples, batch_size: f"steps per epoch for {examples:,} examples in batches of {batch_size}",
    expected=lambda examples, batch_size: -(-examples // batch_size),
    why="One step per batch; the last batch may be smaller than the rest.",
    hints=("Each step processes one batch of $batch_size examples: how many batches hold $examples examples?",
           "$examples / $batch_size is not a whole number. The last batch is smaller, but it is a step too: round up "
           "with `math.ceil(...)`."),
    worked="""
import math
steps = math.ceil($examples / $batch_size)   # the last batch is smaller, but it is a step too""",
    mistakes=(Mistake("$answer forgets the last, smaller batch.", "round the division up, not down.",
                      gives=lambda examples, batch_size: examples // batch_size),
              Mistake("$answer is not a whole number: each step processes a whole batch.", "round up with "
                      "math.ceil(...): the last, smaller batch is a step too.",
                      spots=lambda answer, **_: float(answer) != int(float(answer))),
              Mistake("$answer multiplies.", "each step uses one batch: divide.",
                      gives=lambda examples, batch_size: examples * batch_size)))

best_class = Exercise(
    "best_class", "the class with the highest accuracy",
    expected=lambda labels, predictions: data.CLASS_NAMES[int(np.argmax(_class_accuracies(labels, predictions)))],
    why="$expected: the model gets it right more often than any other class; its shape is like no other class's.",
    hints=("For one class k, `predicted[y_test == k]` are the predictions for its images, and "
           "`np.mean(predicted[y_test == k] == k)` is the share of them that is right.",
           "Do that for k from 0 to 9, take `np.argmax`, and turn the class number into its name with "
           "`data.CLASS_NAMES`."),
    worked="""
per_class = [np.mean(predicted[y_test == k] == k) for k in range(10)]   # the accuracy of each class
best = data.CLASS_NAMES[int(np.argmax(per_class))]""",
    mistakes=(Mistake("$answer is not one of the class names.", "answer with a name from data.CLASS_NAMES.",
                      spots=lambda answer, **_: isinstance(answer, str) and answer not in data.CLASS_NAMES),
              Mistake("$answer is the class predicted most often, not the one predicted right most often.",
                      "compare each prediction with its label: np.mean(predicted[y_test == k] == k).",
                      gives=lambda labels, predictions: data.CLASS_NAMES[int(np.argmax(np.bincount(
                          np.asarray(plain(predictions)), minlength=10)))]),
              Mistake(lambda answer, labels, predictions: f"{answer!r} gets "
                      f"{_class_accuracies(labels, predictions)[data.CLASS_NAMES.index(answer)]:.1%} right; another "
                      "class does better.", "for each k, np.mean(predicted[y_test == k] == k), then take the largest.",
                      spots=lambda answer, **_: answer in data.CLASS_NAMES)),
    answer_as=_class_name)

best_epoch = Exercise(
    "best_epoch", "the best epoch", expected=lambda history: int(np.argmin(_val_loss(history))) + 1,
    why="After epoch $expected the validation loss never got lower: from there on the model memorises more than "
        "it learns.",
    hints=('`history["val_loss"]` holds one validation loss per epoch; `np.argmin` finds the position of the '
           "smallest.", "Positions count from 0, epochs from 1: add 1."),
    worked='answer = int(np.argmin(dropout_run.history["val_loss"])) + 1   # epochs count from 1',
    mistakes=(Mistake("$answer is one too small.", "np.argmin counts from 0, epochs count from 1.",
                      gives=lambda history: int(np.argmin(_val_loss(history)))),
              Mistake("$answer is the last epoch; the training loss is lowest there, not the validation loss.",
                      "look at history['val_loss'].", gives=lambda history: len(_val_loss(history))),
              Mistake("$answer has the lowest training loss; the question is about the validation loss.",
                      "look at history['val_loss'], not history['loss'].",
                      gives=lambda history: int(np.argmin(getattr(history, "history", history)["loss"])) + 1)))

validation_split = Exercise(
    "validation_split", "validation split", expected=None,
    why="A random sample, never trained on: an honest judge during training.",
    hints=("Shuffle the positions, not the data: `order = np.random.default_rng(seed).permutation(len(images))`.",
           "The first `validation_size` positions are for validation, the rest for training: "
           "`order[:validation_size]` and `order[validation_size:]`.",
           "Index images and labels with the same positions, so that every image keeps its label, and return "
           "`(x_train, y_train), (x_val, y_val)`."),
    worked="""
def my_split(images, labels, validation_size, seed):
    order = np.random.default_rng(seed).permutation(len(images))   # the positions, shuffled
    val, train = order[:validation_size], order[validation_size:]
    return (images[train], labels[train]), (images[val], labels[val])""",
    mistakes=(Mistake("it returned $answer, not ((x_train, y_train), (x_val, y_val)).",
                      "end with return (x_train, y_train), (x_val, y_val).",
                      spots=lambda answer, *_: not _is_split(answer)),
              Mistake(lambda answer, images, labels, size, seed: f"with validation_size={size} of {len(images)} "
                      f"images it gave {len(answer[0][0])} training images ({len(answer[0][1])} labels) and "
                      f"{len(answer[1][0])} validation images ({len(answer[1][1])} labels).",
                      "validation gets validation_size images, training all the others, each with its label.",
                      spots=lambda answer, images, labels, size, seed: [len(part) for pair in answer for part in pair]
                      != [len(images) - size] * 2 + [size] * 2),
              Mistake(lambda answer, images, *_: f"it changed the images: their shape is {np.shape(answer[0][0])[1:]}, "
                      f"not {images.shape[1:]}." if np.shape(answer[0][0])[1:] != images.shape[1:] else
                      "it changed the images: a split only chooses where each image goes.",
                      "index images with the shuffled positions, and change nothing else.",
                      spots=lambda answer, images, *_: _split_ids(answer, images) is None),
              Mistake("some images are in both parts (or in neither).", "split one shuffled order in two: "
                      "order[:validation_size] and order[validation_size:].",
                      spots=lambda answer, images, *_: len({int(i) for ids, _ in _split_ids(answer, images)
                                                            for i in ids}) != len(images)),
              Mistake("some labels no longer belong to their images.", "index images and labels with the same "
                      "positions.", spots=lambda answer, images, labels, *_: not all(
                          np.array_equal(y, labels[ids]) for ids, y in _split_ids(answer, images))),
              Mistake("the validation images are simply the first or last ones.",
                      "shuffle first, so that the validation set is a random sample.",
                      spots=lambda answer, images, labels, size, seed: sorted(_split_ids(answer, images)[1][0].tolist())
                      in (list(range(size)), list(range(len(images) - size, len(images)))))),
    cases=lambda: {f"{n} images, validation_size={size}": (np.arange(n).repeat(4).reshape(n, 2, 2),  # image i: all i
                                                           np.arange(n) * 7 % 10, size, seed)
                   for n, size, seed in ((100, 20, 0), (50, 10, 1))})

conv_parameter_count = Exercise(
    "conv_parameter_count",
    lambda kernel, in_channels, filters: f"parameters of Conv2D({filters}, {kernel}x{kernel}) on {in_channels} "
                                         "channels",
    expected=lambda kernel, in_channels, filters: kernel * kernel * in_channels * filters + filters,
    why="The same small filters slide over the whole image: few parameters, wherever the pattern is.",
    hints=("Each filter is a $kernel x $kernel window over all $in_channels input channels at once, plus one bias.",
           "Per filter: $kernel x $kernel x $in_channels weights and 1 bias; there are $filters filters."),
    worked="conv_parameters = $kernel * $kernel * $in_channels * $filters + $filters   # weights, one bias per filter",
    mistakes=(Mistake("$answer counts the weights only.", "every filter also has one bias.",
                      gives=lambda kernel, in_channels, filters: kernel * kernel * in_channels * filters),
              Mistake("$answer forgets the input channels.", "each filter sees all $in_channels input channels: "
                      "$kernel x $kernel x $in_channels weights.",
                      gives=lambda kernel, in_channels, filters: kernel * kernel * filters + filters),
              Mistake("$answer gives a filter $kernel weights per channel.", "a $kernel x $kernel filter has "
                      "$kernel x $kernel weights on each channel.",
                      gives=lambda kernel, in_channels, filters: kernel * in_channels * filters + filters),
              Mistake("$answer counts the parameters of one filter.", "the layer has $filters filters, each with its "
                      "own weights and bias.", gives=lambda kernel, in_channels, filters: kernel * kernel * in_channels
                      + 1)))

weight_uses = Exercise(
    "weight_uses", lambda size, kernel: f"uses of one weight of a {kernel}x{kernel} filter on a {size}x{size} image",
    expected=lambda size, kernel: (size - kernel + 1) ** 2,
    why="Each weight is used once at every position where the filter fits: $expected times per image. Sharing "
        "one filter's weights over all positions is why a convolution needs so few parameters.",
    hints=("The filter visits every position where it fits inside the image. At each position, each of its "
           "$kernel x $kernel weights multiplies exactly one pixel.",
           "Across a row of $size pixels a $kernel x $kernel filter fits $size - $kernel + 1 times, and down a "
           "column just as often.",
           "The positions are the pixels of the feature map the filter makes."),
    worked="uses = ($size - $kernel + 1) ** 2   # once at every position: one use per pixel of the feature map",
    mistakes=(Mistake("$answer counts every pixel of the image.", "without padding the filter fits only "
                      "$size - $kernel + 1 times across, not $size.", gives=lambda size, kernel: size * size),
              Mistake("$answer counts all $kernel x $kernel weights of the filter, not one.", "at each position "
                      "one weight multiplies one pixel: one use per position.",
                      gives=lambda size, kernel: (size - kernel + 1) ** 2 * kernel * kernel),
              Mistake("$answer counts one row of positions.", "the filter slides down as well as across: "
                      "positions across x positions down.", gives=lambda size, kernel: size - kernel + 1),
              Mistake("$answer is one position too few across and down.", "count the positions: the first at 0, "
                      "the last at $size - $kernel.", gives=lambda size, kernel: (size - kernel) ** 2),
              Mistake("$answer counts what is left after 2 x 2 pooling.", "pooling comes after the convolution, "
                      "which computes every position.", gives=lambda size, kernel: ((size - kernel + 1) // 2) ** 2)))

feature_map_size = Exercise(
    "feature_map_size", lambda size, kernel, pool, stages: f"width after {stages} stage{'s' * (stages > 1)} of "
    f"{kernel}x{kernel} convolution and {pool}x{pool} pooling on {size}x{size}",
    expected=lambda size, kernel, pool, stages: _map_size(size, kernel, pool, stages),
    why="Each stage: the convolution takes the width down to width - $kernel + 1, then pooling divides it by $pool, "
        "rounding down.",
    hints=("Work one stage at a time. A $kernel x $kernel convolution without padding fits $size - $kernel + 1 "
           "times across $size pixels.",
           "$pool x $pool pooling keeps one value per $pool x $pool block and drops a leftover row or column: "
           "divide by $pool, rounding down. The next stage starts from that width.",
           "On 28 x 28 without padding: 26, 13, then 11, 5. (The course's CNN pads, padding=\"same\", so its summary "
           "shows 28, 14, then 14, 7.)"),
    worked="""
size = $size
for stage in range($stages):
    size = (size - $kernel + 1) // $pool   # the convolution trims, pooling divides (rounding down)
width = size""",
    mistakes=(Mistake("$answer assumes the convolutions keep the size.", "without padding, a $kernel x $kernel "
                      "filter fits only width - $kernel + 1 times across.",
                      gives=lambda size, kernel, pool, stages: _map_size(size, 1, pool, stages)),
              Mistake("$answer leaves out the pooling.", "each stage ends with $pool x $pool pooling, which divides "
                      "the width by $pool.",
                      gives=lambda size, kernel, pool, stages: _map_size(size, kernel, 1, stages)),
              Mistake("$answer is the width after the first stage only.", "the second stage starts from that width.",
                      gives=lambda size, kernel, pool, stages: _map_size(size, kernel, pool, 1)),
              Mistake("$answer is not a whole number: a map has whole pixels.", "pooling drops a leftover row or "
                      "column: round down.", spots=lambda answer, **_: float(answer) != int(float(answer))),
              Mistake("$answer rounds up.", "pooling drops a leftover row or column: round down.",
                      gives=lambda size, kernel, pool, stages: _map_size(size, kernel, pool, stages, up=True)),
              Mistake("$answer is one too small at each convolution.", "the filter fits $size - $kernel + 1 times "
                      "across: the first position at 0, the last at $size - $kernel.",
                      gives=lambda size, kernel, pool, stages: _map_size(size, kernel + 1, pool, stages))))

top_k = Exercise(
    "top_k", "top_k", expected=_top, why="The top few classes tell you what else the model considered.",
    hints=("`np.argsort(probabilities)` gives the class numbers from the least to the most probable.",
           "Reverse that with `[::-1]`, keep the first k, and turn each number into its name with "
           "`data.CLASS_NAMES[i]`."),
    worked="""
def my_top_k(probabilities, k):
    best_first = np.argsort(probabilities)[::-1]   # class numbers, the most probable first
    return [data.CLASS_NAMES[i] for i in best_first[:k]]""",
    mistakes=(Mistake("it returned class numbers, not names.", "data.CLASS_NAMES[i] is the name of class i.",
                      spots=lambda answer, p, k: np.asarray(answer).dtype.kind in "iu"),
              Mistake("it returned the order reversed.", "np.argsort sorts from small to large: reverse it first.",
                      gives=lambda p, k: _top(p, k)[::-1]),
              Mistake("it returned the least probable classes.", "np.argsort sorts from small to large: reverse it, "
                      "then take the first k.", gives=lambda p, k: _top(p, len(p))[::-1][:k]),
              Mistake("it returned the right classes in the wrong order.", "the most probable first.",
                      spots=lambda answer, p, k: sorted(answer) == sorted(_top(p, k)))),
    cases=lambda: {f"k={k}": (np.random.default_rng(k).dirichlet(np.ones(10)), k) for k in (1, 3, 10)})

photo_inverted = Exercise(
    "photo_inverted", "is the photo inverted", expected=lambda photo: photos.preprocessing_steps(photo).inverted,
    why="preprocessing_steps inverts a photo exactly when its border, the background, is light: Fashion-MNIST's "
        "background is black.",
    hints=("`preprocessing_steps` looks at the photo's border: a light border means a light background, and then it "
           "inverts the photo, so that the garment is bright on black as in Fashion-MNIST.",
           "Look at the border of the negative (`plt.imshow(negative)`), or compute the median of its outer pixels: "
           "is it light (more than half the brightest value) or dark?"),
    worked="""
border = np.concatenate([negative[0], negative[-1], negative[:, 0], negative[:, -1]])   # the outer pixels
inverted = bool(np.median(border) > 127)   # light border: inverted; the negative's border is dark""",
    mistakes=(Mistake("$answer is not right.", "look at the border of the photo: a light border means a light "
                      "background, which gets inverted.",
                      spots=lambda answer, photo: isinstance(answer, (bool, np.bool_))),))

def _descent_step(celsius: np.ndarray, fahrenheit: np.ndarray, w: float, b: float,
                  learning_rate: float) -> tuple[float, float]:
    """One step of gradient descent on the mean squared error of the unit w * c + b."""
    error = w * celsius + b - fahrenheit
    return w - learning_rate * 2 * np.mean(error * celsius), b - learning_rate * 2 * np.mean(error)


def _celsius_case(w: float, b: float, learning_rate: float) -> tuple:
    celsius = np.array([-40, -10, 0, 8, 15, 22, 38], dtype=float)
    return celsius, celsius * 1.8 + 32, w, b, learning_rate


gradient_step = Exercise(
    "gradient_step", "one step of gradient descent", expected=_descent_step,
    why="Repeat it and the unit learns: this is what fit does for every batch, with Adam's step rule instead.",
    hints=("First the error of every prediction: `error = w * celsius + b - fahrenheit`.",
           "The gradients of the mean squared error: `grad_w = 2 * np.mean(error * celsius)` and "
           "`grad_b = 2 * np.mean(error)`.",
           "Step against the gradient: return `w - learning_rate * grad_w, b - learning_rate * grad_b`."),
    worked="""
def my_step(celsius, fahrenheit, w, b, learning_rate):
    error = w * celsius + b - fahrenheit          # how far off each prediction is
    grad_w = 2 * np.mean(error * celsius)         # d(loss)/dw
    grad_b = 2 * np.mean(error)                   # d(loss)/db
    return w - learning_rate * grad_w, b - learning_rate * grad_b   # a step against the gradient""",
    mistakes=(Mistake("it returned one value, not the pair (w, b).", "end the function with return w, b.",
                      spots=lambda answer, *_: not isinstance(answer, (tuple, list))),
              Mistake("it stepped along the gradient, not against it: the loss grows.",
                      "subtract learning_rate x gradient from each weight.",
                      gives=lambda c, f, w, b, lr: _descent_step(c, f, w, b, -lr)),
              Mistake("it returned the new (b, w): the pair comes in the order (w, b).", "return w first, then b.",
                      gives=lambda c, f, w, b, lr: _descent_step(c, f, w, b, lr)[::-1]),
              Mistake("its gradients leave out the factor 2 of the squared error.",
                      "d/dw of (w·c + b − f)² is 2·(w·c + b − f)·c.",
                      gives=lambda c, f, w, b, lr: _descent_step(c, f, w, b, lr / 2)),
              Mistake("its gradient for w leaves out the input: d(loss)/dw = 2 · mean(error × celsius).",
                      "w multiplies the input, so its gradient carries the input as a factor.",
                      gives=lambda c, f, w, b, lr: (w - lr * 2 * np.mean(w * c + b - f),
                                                    _descent_step(c, f, w, b, lr)[1]))),
    cases=lambda: {"the blank unit (w = b = 0), learning rate 0.001": _celsius_case(0.0, 0.0, 0.001),
                   "w = 2, b = 10, learning rate 0.0001": _celsius_case(2.0, 10.0, 0.0001),
                   "the right unit (w = 1.8, b = 32): no change": _celsius_case(1.8, 32.0, 0.001)})

score_scale = Exercise(
    "score_scale", lambda hidden_layers=1: f"how many times larger the scores are for pixels 0-255, with "
                                           f"{hidden_layers} hidden layer{'s' * (hidden_layers != 1)}",
    expected=lambda hidden_layers=1: 255.0,
    why="Every bias starts at 0, so the first layer's sums grow by the pixels' own factor, ReLU(255 x z) = 255 x "
        "ReLU(z), and each further layer passes the factor on without multiplying it again. Softmax then gets "
        "scores 255 times too large: it is all but certain of answers that are still random.",
    hints=("Before training, every bias is 0, so a Dense layer computes W @ x. What happens to W @ x when every "
           "input is 255 times larger?",
           "ReLU keeps a positive number and turns a negative one into 0, so ReLU(255 * z) = 255 * ReLU(z): the "
           "next layer gets inputs 255 times larger. What does that layer do with them?",
           "Follow the factor through all $hidden_layers hidden layers and the output layer: is it multiplied "
           "again at each layer, or passed on?"),
    worked="""
# Before training every bias is 0, so each Dense layer computes W @ x.
# First layer: W @ (255 * x) = 255 * (W @ x), and ReLU(255 * z) = 255 * ReLU(z) because 255 > 0.
# Every later layer, the output layer too: W @ (255 * h) = 255 * (W @ h). The factor is passed on, not multiplied.
scale = 255""",
    mistakes=(Mistake("$answer is the factor the wrong way round: raw pixels are 255 times the normalised ones, "
                      "not a 255th of them.", "which scores are larger, those for 0-255 or those for 0-1?",
                      gives=lambda hidden_layers=1: 1 / 255),
              Mistake("$answer would mean the scores do not change; but with biases of 0 a Dense layer multiplies "
                      "its inputs by its weights, so inputs 255 times larger give sums 255 times larger.",
                      "try one weight: 0.5 x 1 (a normalised pixel) against 0.5 x 255 (the same pixel, raw).",
                      gives=lambda hidden_layers=1: 1),
              Mistake(lambda answer, hidden_layers=1: f"{_show(answer)} multiplies by 255 again at every layer; but "
                      "a layer does not multiply the factor again, it passes it on: W @ (255 * h) = 255 * (W @ h).",
                      "only the pixels were multiplied by 255; follow that one factor through the layers.",
                      spots=lambda answer, hidden_layers=1: any(_scalar(answer) == 255.0 ** layers
                                                                for layers in range(2, hidden_layers + 2))),
              Mistake("$answer adds 255 for every layer; but a layer does not add to the factor, it passes it on: "
                      "W @ (255 * h) = 255 * (W @ h).", "only the pixels were multiplied by 255; follow that one "
                      "factor through the layers.",
                      spots=lambda answer, hidden_layers=1: any(_scalar(answer) == 255.0 * layers
                                                                for layers in range(2, hidden_layers + 2))),
              Mistake("$answer is one too many: pixels go from 0 to 255, and normalising divides them by 255.",
                      "normalised = raw / 255, so raw = 255 x normalised.", gives=lambda hidden_layers=1: 256)))

EXERCISES = {name: value for name, value in globals().items() if isinstance(value, Exercise)}
