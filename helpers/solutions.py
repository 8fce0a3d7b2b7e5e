"""Worked answers to the "Try it yourself" exercises, for instructors and stuck learners.

Try the exercise first: the checks in :mod:`helpers.checks` tell you what is wrong. Each
solution is as short as a learner's answer would be; the tests check that every one passes.

Example:
    >>> import inspect
    >>> print(inspect.getsource(solutions.normalize))
"""

from __future__ import annotations

import numpy as np

from helpers import data

# --- 01 Data exploration -------------------------------------------------------------


def normalize(image: np.ndarray) -> np.ndarray:
    """Scale a uint8 image (0-255) to float32 values in 0-1."""
    return image.astype(np.float32) / 255.0


def count_of_class(class_name: str, split: str = "test") -> int:
    """How many images of ``class_name`` the split holds."""
    (_, y_train), (_, y_test) = data.load_arrays()
    labels = {"train": y_train, "test": y_test}[split]
    return int(np.sum(labels == data.CLASS_NAMES.index(class_name)))


def class_with_brightest_mean() -> str:
    """The class whose training images have the highest mean pixel value."""
    (x_train, y_train), _ = data.load_arrays()
    means = [x_train[y_train == k].mean() for k in range(len(data.CLASS_NAMES))]
    return data.CLASS_NAMES[int(np.argmax(means))]
