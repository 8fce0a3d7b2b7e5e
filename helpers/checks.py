"""Instant feedback on the "Try it yourself" exercises.

Each check takes your answer (a value or a function), tries it on several cases and returns
:class:`Feedback`: a tick with why it matters, or what went wrong, on which input, and a hint.
An exercise you have not started (``...`` or ``None``) gets a polite "not done yet".

Example:
    >>> checks.normalize(my_normalize)
    ✓ normalize: correct. ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from helpers import data


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


def _not_done(exercise: str, answer: object) -> Feedback | None:
    if answer is None or answer is Ellipsis:
        return Feedback(exercise, None, "not done yet. Replace the ... with your answer and run the cell again.")
    return None


def _passed(exercise: str, why: str) -> Feedback:
    return Feedback(exercise, True, f"correct. {why}")


def _failed(exercise: str, what: str, hint: str) -> Feedback:
    return Feedback(exercise, False, f"{what}\n  Hint: {hint}")


def count_of_class(answer: object, *, class_name: str, split: str = "test") -> Feedback:
    """Check a count of the images of ``class_name`` in ``split`` against the real data."""
    exercise = f"how many {class_name} images in the {split} split"
    if (feedback := _not_done(exercise, answer)) is not None:
        return feedback
    if class_name not in data.CLASS_NAMES:
        raise ValueError(f"class_name must be one of {data.CLASS_NAMES}, not {class_name!r}.")
    (_, y_train), (_, y_test) = data.load_arrays()
    labels = {"train": y_train, "test": y_test}[split]
    expected = int(np.sum(labels == data.CLASS_NAMES.index(class_name)))
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, np.integer)):
        return _failed(exercise, f"the answer should be a whole number, got {answer!r} ({type(answer).__name__}).",
                       "np.sum(labels == k) counts how often label k occurs; int(...) turns it into a Python int.")
    if int(answer) == expected:
        return _passed(exercise, "Every class has the same number of images, so no class is favoured by chance.")
    if int(answer) == len(labels):
        return _failed(exercise, f"{answer} is the size of the whole {split} split.",
                       f"count only the labels equal to {data.CLASS_NAMES.index(class_name)} ({class_name}).")
    return _failed(exercise, f"{answer} is not right.",
                   f"{class_name} is label {data.CLASS_NAMES.index(class_name)}: count the {split} labels equal to it.")


def class_with_brightest_mean(answer: object) -> Feedback:
    """Check the name of the class whose training images have the highest mean pixel value."""
    exercise = "the brightest class on average"
    if (feedback := _not_done(exercise, answer)) is not None:
        return feedback
    (x_train, y_train), _ = data.load_arrays()
    means = np.array([x_train[y_train == k].mean() for k in range(len(data.CLASS_NAMES))])
    expected = data.CLASS_NAMES[int(np.argmax(means))]
    if isinstance(answer, (int, np.integer)) and 0 <= answer < len(data.CLASS_NAMES):
        answer = data.CLASS_NAMES[int(answer)]
    if answer == expected:
        return _passed(exercise, f"{expected} images cover the most of the 28 x 28 frame with bright pixels.")
    if answer not in data.CLASS_NAMES:
        return _failed(exercise, f"{answer!r} is not one of the class names.",
                       "answer with a name from data.CLASS_NAMES, for example 'Coat'.")
    return _failed(exercise, f"{answer!r} is not the brightest: its mean pixel value is "
                   f"{means[data.CLASS_NAMES.index(answer)]:.1f}, another class's is higher.",
                   "compute x_train[y_train == k].mean() for every k from 0 to 9 and take the largest.")


def normalize(function: Callable | None) -> Feedback:
    """Check a function that scales a uint8 image (0-255) to float32 values in 0-1."""
    exercise = "normalize"
    if (feedback := _not_done(exercise, function)) is not None:
        return feedback
    if not callable(function):
        return _failed(exercise, f"expected a function, got {type(function).__name__}.",
                       "define it with def normalize(image): ... and pass normalize, without calling it.")
    rng = np.random.default_rng(0)
    cases = {
        "an all-black image": np.zeros((28, 28), np.uint8),
        "an all-white image": np.full((28, 28), 255, np.uint8),
        "a random image": rng.integers(0, 256, (28, 28), dtype=np.uint8),
        "a batch of 3 random images": rng.integers(0, 256, (3, 28, 28), dtype=np.uint8),
    }
    for name, image in cases.items():
        try:
            result = function(image.copy())
        except Exception as error:  # the learner's code: report whatever it raised
            return _failed(exercise, f"on {name} it raised {type(error).__name__}: {error}",
                           "convert first (image.astype('float32')), then divide by 255.")
        if result is Ellipsis:
            return _not_done(exercise, result)
        if result is None:
            return _failed(exercise, "it returned None.", "end the function with return and the scaled image.")
        result = np.asarray(result)
        expected = image.astype(np.float32) / 255.0
        if result.shape != image.shape:
            return _failed(exercise, f"on {name} of shape {image.shape} it returned shape {result.shape}.",
                           "normalising changes the values only, never the shape.")
        if result.dtype != np.float32:
            return _failed(exercise, f"it returned dtype {result.dtype}; Keras layers compute in float32.",
                           "use image.astype('float32') / 255 (dividing a uint8 array by 255 gives float64).")
        if not np.allclose(result, expected, atol=1e-6):
            worst = np.unravel_index(np.argmax(np.abs(result - expected)), image.shape)
            return _failed(exercise, f"on {name}, pixel {image[worst]} became {result[worst]:.4f}, "
                           f"expected {expected[worst]:.4f}.",
                           "every pixel p should become p / 255, so 0 -> 0.0 and 255 -> 1.0.")
    return _passed(exercise, "Inputs between 0 and 1 keep the first layer's sums small, which makes training steadier.")
