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


def _unusable_function(exercise: str, function: object, signature: str) -> Feedback | None:
    """Feedback when the learner's function is not written yet, or is not a function at all."""
    if (feedback := _not_done(exercise, function)) is not None:
        return feedback
    if not callable(function):
        name = signature.split("(")[0]
        return _failed(exercise, f"expected a function, got {type(function).__name__}.",
                       f"define it with def {signature}: ... and pass {name} itself, without calling it.")
    return None


def _call(exercise: str, function: Callable, args: tuple, where: str, hint: str) -> tuple[Feedback | None, object]:
    """Run the learner's function; feedback instead of a result when it raised or is unfinished."""
    try:
        result = function(*args)
    except Exception as error:  # the learner's code: report whatever it raised
        return _failed(exercise, f"{where} it raised {type(error).__name__}: {error}", hint), None
    if result is Ellipsis:
        return _not_done(exercise, result), None
    return None, result


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
    if (feedback := _unusable_function(exercise, function, "normalize(image)")) is not None:
        return feedback
    rng = np.random.default_rng(0)
    cases = {
        "an all-black image": np.zeros((28, 28), np.uint8),
        "an all-white image": np.full((28, 28), 255, np.uint8),
        "a random image": rng.integers(0, 256, (28, 28), dtype=np.uint8),
        "a batch of 3 random images": rng.integers(0, 256, (3, 28, 28), dtype=np.uint8),
    }
    for name, image in cases.items():
        feedback, result = _call(exercise, function, (image.copy(),), f"on {name}",
                                 "convert first (image.astype('float32')), then divide by 255.")
        if feedback is not None:
            return feedback
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


def flatten(function: Callable | None) -> Feedback:
    """Check a hand-written flatten: a (28, 28) image to a vector of 784 values, row after row."""
    exercise = "flatten"
    if (feedback := _unusable_function(exercise, function, "flatten(image)")) is not None:
        return feedback
    rng = np.random.default_rng(1)
    cases = {
        "a 28 x 28 image of random pixels": rng.integers(0, 256, (28, 28), dtype=np.uint8),
        "an image whose pixels count 0, 1, 2, ... row by row": np.arange(784).reshape(28, 28),
        "a 3 x 4 image (any size should work)": np.arange(12).reshape(3, 4),
    }
    for name, image in cases.items():
        feedback, result = _call(exercise, function, (image.copy(),), f"on {name}",
                                 "loop over the rows, and inside over the columns, appending image[row, col].")
        if feedback is not None:
            return feedback
        if result is None:
            return _failed(exercise, "it returned None.", "end the function with return and the list of values.")
        result, expected = np.asarray(result), image.reshape(-1)
        if result.shape != expected.shape:
            return _failed(exercise, f"on {name} of shape {image.shape} it returned shape {result.shape}; "
                           f"expected ({expected.size},).", "one value per pixel, in a single flat list.")
        if not np.array_equal(result, expected):
            if np.array_equal(result, image.T.reshape(-1)):
                return _failed(exercise, f"on {name} it went column by column.",
                               "Keras's Flatten takes row 0 first, then row 1: loop over rows on the outside.")
            first = int(np.argmax(result != expected))
            return _failed(exercise, f"on {name}, value {first} is {result[first]}, expected {expected[first]}.",
                           "the value at index i comes from row i // width, column i % width.")
    return _passed(exercise, "Keras's Flatten layer does exactly this, for every image in a batch.")


def flat_index(answer: object, *, row: int, col: int, width: int = 28) -> Feedback:
    """Check the position in the flattened vector of the pixel at (``row``, ``col``)."""
    exercise = f"index of pixel (row {row}, col {col})"
    if (feedback := _not_done(exercise, answer)) is not None:
        return feedback
    expected = row * width + col
    if answer == expected:
        return _passed(exercise, f"Rows come one after another: index = row x {width} + col.")
    if answer == col * width + row:
        return _failed(exercise, f"{answer} is where it would be if columns came first.",
                       "Flatten lays out row 0 first, then row 1, ...")
    return _failed(exercise, f"{answer!r} is not right.", f"every full row before it holds {width} pixels.")


def dense_parameter_count(answer: object, *, inputs: int, units: int) -> Feedback:
    """Check the number of parameters of a Dense layer with ``units`` units on ``inputs`` inputs."""
    exercise = f"parameters of Dense({units}) on {inputs} inputs"
    if (feedback := _not_done(exercise, answer)) is not None:
        return feedback
    expected = inputs * units + units
    if answer == expected:
        return _passed(exercise, f"{inputs} x {units} weights plus {units} biases: model.summary() agrees.")
    if answer == inputs * units:
        return _failed(exercise, f"{answer} counts the weights only.", "every unit also has one bias.")
    if answer == inputs + units:
        return _failed(exercise, f"{answer} adds where it should multiply.",
                       "every input connects to every unit: inputs x units weights.")
    return _failed(exercise, f"{answer!r} is not right.", "weights: one per (input, unit) pair; biases: one per unit.")


def accuracy(function: Callable | None) -> Feedback:
    """Check ``accuracy(labels, probabilities)``: the share of rows whose most probable class is the label."""
    exercise = "accuracy"
    if (feedback := _unusable_function(exercise, function, "accuracy(labels, probabilities)")) is not None:
        return feedback
    rng = np.random.default_rng(2)
    probabilities = rng.dirichlet(np.ones(10), size=50)
    labels = probabilities.argmax(axis=1)
    labels[:13] = (labels[:13] + 1) % 10  # 13 of 50 wrong: accuracy 0.74
    cases = {
        "50 predictions, 37 of them right": (labels, probabilities, 0.74),
        "3 predictions, all right": (np.array([2, 0, 1]), np.eye(3)[[2, 0, 1]], 1.0),
        "2 predictions, both wrong": (np.array([0, 0]), np.array([[0.2, 0.8], [0.4, 0.6]]), 0.0),
    }
    for name, (case_labels, case_probabilities, expected) in cases.items():
        feedback, result = _call(exercise, function, (case_labels.copy(), case_probabilities.copy(),), f"on {name}",
                                 "predicted = probabilities.argmax(axis=1), then compare with labels.")
        if feedback is not None:
            return feedback
        try:
            value = float(result)
        except (TypeError, ValueError):
            return _failed(exercise, f"on {name} it returned {type(result).__name__}, not a number.",
                           "return one number: the mean of (predicted == labels).")
        if abs(value - expected) > 1e-9:
            hint = ("a share is between 0 and 1: divide the count of right answers by the number of predictions."
                    if value > 1 else "take the argmax over the classes (axis=1), one per prediction.")
            return _failed(exercise, f"on {name} it returned {value:.4f}, expected {expected:.4f}.", hint)
    return _passed(exercise, "This is exactly the 'accuracy' metric Keras reports during training.")


def steps_per_epoch(answer: object, *, examples: int, batch_size: int) -> Feedback:
    """Check the number of training steps (batches) in one epoch."""
    exercise = f"steps per epoch for {examples:,} examples in batches of {batch_size}"
    if (feedback := _not_done(exercise, answer)) is not None:
        return feedback
    expected = -(-examples // batch_size)
    if answer == expected:
        return _passed(exercise, "One step per batch; the last batch may be smaller than the rest.")
    if answer == examples // batch_size:
        return _failed(exercise, f"{answer} forgets the last, smaller batch.", "round the division up, not down.")
    if answer == examples * batch_size:
        return _failed(exercise, f"{answer} multiplies.", "each step uses one batch: divide.")
    return _failed(exercise, f"{answer!r} is not right.", "one step processes one batch of batch_size examples.")


def best_class(answer: object, *, labels: np.ndarray, predictions: np.ndarray) -> Feedback:
    """Check the name of the class the model gets right most often, given its ``predictions``."""
    exercise = "the class with the highest accuracy"
    if (feedback := _not_done(exercise, answer)) is not None:
        return feedback
    labels, predictions = np.asarray(labels), np.asarray(predictions)
    per_class = np.array([np.mean(predictions[labels == k] == k) for k in range(len(data.CLASS_NAMES))])
    expected = data.CLASS_NAMES[int(np.argmax(per_class))]
    if isinstance(answer, (int, np.integer)) and 0 <= answer < len(data.CLASS_NAMES):
        answer = data.CLASS_NAMES[int(answer)]
    if answer == expected:
        return _passed(exercise, f"{expected}: {per_class.max():.1%} right. Its shape is like no other class's.")
    if answer not in data.CLASS_NAMES:
        return _failed(exercise, f"{answer!r} is not one of the class names.",
                       "answer with a name from data.CLASS_NAMES.")
    return _failed(exercise, f"{answer!r} gets {per_class[data.CLASS_NAMES.index(answer)]:.1%} right; another class "
                   "does better.", "for each k, np.mean(predicted[y_test == k] == k), then take the largest.")


def relu(function: Callable | None) -> Feedback:
    """Check a NumPy ReLU: max(0, x) element by element, for any shape."""
    exercise = "relu"
    if (feedback := _unusable_function(exercise, function, "relu(x)")) is not None:
        return feedback
    cases = {
        "[-2.0, -0.5, 0.0, 0.5, 2.0]": np.array([-2.0, -0.5, 0.0, 0.5, 2.0]),
        "a 3 x 4 array of random values": np.random.default_rng(3).normal(size=(3, 4)),
        "[-1e9, 1e9]": np.array([-1e9, 1e9]),
    }
    for name, x in cases.items():
        feedback, result = _call(exercise, function, (x.copy(),), f"on {name}",
                                 "np.maximum(0, x) works on whole arrays; Python's max() does not.")
        if feedback is not None:
            return feedback
        result, expected = np.asarray(result), np.maximum(0, x)
        if result.shape != x.shape:
            return _failed(exercise, f"on {name} it returned shape {result.shape}, expected {x.shape}.",
                           "apply ReLU to every element; the shape stays the same.")
        if not np.allclose(result, expected):
            where = int(np.argmax(~np.isclose(result.ravel(), expected.ravel())))
            return _failed(exercise, f"on {name}, input {x.ravel()[where]:g} gave {result.ravel()[where]:g}, "
                           f"expected {expected.ravel()[where]:g}.", "ReLU(x) is 0 for x <= 0 and x otherwise.")
    return _passed(exercise, "One line, and it is what lets stacked layers bend the line.")


def compose_linear(function: Callable | None) -> Feedback:
    """Check ``compose(W1, b1, W2, b2) -> (W, b)``: one linear layer equal to two stacked ones.

    A layer computes ``x @ W + b`` (Keras's convention: inputs are rows).
    """
    exercise = "compose two linear layers"
    if (feedback := _unusable_function(exercise, function, "compose(W1, b1, W2, b2)")) is not None:
        return feedback
    rng = np.random.default_rng(4)
    for n_in, n_hidden, n_out in ((3, 4, 2), (5, 1, 3)):
        W1, b1 = rng.normal(size=(n_in, n_hidden)), rng.normal(size=n_hidden)
        W2, b2 = rng.normal(size=(n_hidden, n_out)), rng.normal(size=n_out)
        case = f"W1 {W1.shape}, W2 {W2.shape}"
        feedback, result = _call(exercise, function, (W1, b1, W2, b2,), f"with {case}",
                                 "W = W1 @ W2 and b = b1 @ W2 + b2.")
        if feedback is not None:
            return feedback
        if not (isinstance(result, tuple) and len(result) == 2):
            return _failed(exercise, f"it returned {type(result).__name__}; expected a pair (W, b).",
                           "end with return W, b.")
        W, b = np.asarray(result[0]), np.asarray(result[1])
        if W.shape != (n_in, n_out) or b.shape != (n_out,):
            return _failed(exercise, f"with {case} it returned W {W.shape} and b {b.shape}; "
                           f"expected W {(n_in, n_out)} and b {(n_out,)}.", "W = W1 @ W2 (mind the order).")
        x = rng.normal(size=(6, n_in))
        if not np.allclose(x @ W + b, (x @ W1 + b1) @ W2 + b2):
            wrong = "W" if not np.allclose(W, W1 @ W2) else "b"
            hint = "W = W1 @ W2." if wrong == "W" else "the first bias passes through W2 too: b = b1 @ W2 + b2."
            return _failed(exercise, f"with {case}, {wrong} is not right: the outputs differ from the two layers'.",
                           hint)
    return _passed(exercise, "Any stack of linear layers is one linear layer: depth without activations adds nothing.")


def softmax(function: Callable | None) -> Feedback:
    """Check a numerically stable softmax over the last axis, for single vectors and batches."""
    exercise = "softmax"
    if (feedback := _unusable_function(exercise, function, "softmax(logits)")) is not None:
        return feedback
    cases = {
        "[1.0, 2.0, 3.0]": np.array([1.0, 2.0, 3.0]),
        "a batch of 4 rows of 10 logits": np.random.default_rng(5).normal(size=(4, 10)) * 3,
        "[1000.0, 1001.0, 1002.0] (large logits)": np.array([1000.0, 1001.0, 1002.0]),
        "[-1000.0, -1001.0] (large negative logits)": np.array([-1000.0, -1001.0]),
    }
    for name, logits in cases.items():
        try:
            with np.errstate(all="ignore"):  # overflow shows up as nan/inf below, with a hint
                result = function(logits.copy())
        except Exception as error:  # the learner's code: report whatever it raised
            return _failed(exercise, f"on {name} it raised {type(error).__name__}: {error}",
                           "e = np.exp(logits - logits.max(axis=-1, keepdims=True)); return e / e.sum(...).")
        if result is Ellipsis:
            return _not_done(exercise, result)
        result = np.asarray(result, dtype=float)
        shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
        expected = shifted / shifted.sum(axis=-1, keepdims=True)
        if result.shape != logits.shape:
            return _failed(exercise, f"on {name} it returned shape {result.shape}, expected {logits.shape}.",
                           "one probability per logit: keep the shape.")
        if not np.all(np.isfinite(result)):
            return _failed(exercise, f"on {name} it returned {np.round(result, 4).tolist()}: exp overflowed.",
                           "subtract the largest logit first: softmax(z) == softmax(z - max(z)).")
        if not np.allclose(result.sum(axis=-1), 1.0, atol=1e-6):
            sums = np.round(result.sum(axis=-1), 4).tolist()
            hint = ("sum over the last axis only, with keepdims=True." if logits.ndim == 2
                    else "divide every exp by the sum of all of them.")
            return _failed(exercise, f"on {name} the probabilities sum to {sums}, not 1.", hint)
        if not np.allclose(result, expected, atol=1e-6):
            return _failed(exercise, f"on {name} it returned {np.round(result, 4).ravel()[:5].tolist()}..., "
                           f"expected {np.round(expected, 4).ravel()[:5].tolist()}...",
                           "softmax(z)_i = exp(z_i) / sum_j exp(z_j).")
    return _passed(exercise, "Stable even for huge logits, so it never returns nan during training.")


def cross_entropy(function: Callable | None) -> Feedback:
    """Check ``cross_entropy(labels, probabilities)``: the mean of -log(probability of the true class)."""
    exercise = "cross-entropy"
    if (feedback := _unusable_function(exercise, function, "cross_entropy(labels, probabilities)")) is not None:
        return feedback
    rng = np.random.default_rng(6)
    cases = {
        "3 examples": (np.array([0, 2, 1]), np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]])),
        "20 examples of 10 classes": (rng.integers(0, 10, 20), rng.dirichlet(np.ones(10), 20)),
    }
    for name, (labels, probabilities) in cases.items():
        expected = float(-np.mean(np.log(probabilities[np.arange(len(labels)), labels])))
        feedback, result = _call(exercise, function, (labels.copy(), probabilities.copy(),), f"on {name}",
                                 "pick probabilities[np.arange(len(labels)), labels], then -np.mean(np.log(...)).")
        if feedback is not None:
            return feedback
        try:
            value = float(result)
        except (TypeError, ValueError):
            return _failed(exercise, f"on {name} it returned {type(result).__name__}, not one number.",
                           "average over the examples: np.mean(...).")
        if np.isclose(value, expected, atol=1e-6):
            continue
        if np.isclose(value, -expected):
            return _failed(exercise, f"on {name} it returned {value:.4f}, a negative loss.",
                           "log of a probability is negative: put a minus sign in front.")
        if np.isclose(value, expected * len(labels)):
            return _failed(exercise, f"on {name} it returned {value:.4f}, the sum.", "take the mean, not the sum.")
        return _failed(exercise, f"on {name} it returned {value:.4f}, expected {expected:.4f}.",
                       "only the probability of the true class counts: probabilities[i, labels[i]].")
    return _passed(exercise, "This is exactly Keras's SparseCategoricalCrossentropy on probabilities.")


def best_epoch(answer: object, *, history: dict) -> Feedback:
    """Check the epoch (counting from 1) with the lowest validation loss in ``history``."""
    exercise = "the best epoch"
    if (feedback := _not_done(exercise, answer)) is not None:
        return feedback
    if "val_loss" not in history:
        raise ValueError("history has no 'val_loss': train with validation_data=... to get one.")
    val_loss = np.asarray(history["val_loss"])
    expected = int(np.argmin(val_loss)) + 1
    if answer == expected:
        return _passed(exercise, f"After epoch {expected} the validation loss only rises: the model starts "
                       "memorising its training images.")
    if answer == expected - 1:
        return _failed(exercise, f"{answer} is one too small.", "np.argmin counts from 0, epochs count from 1.")
    if answer == len(val_loss):
        return _failed(exercise, f"{answer} is the last epoch; the training loss is lowest there, not the "
                       "validation loss.", "look at history['val_loss'].")
    return _failed(exercise, f"epoch {answer!r} does not have the lowest validation loss.",
                   "np.argmin(history['val_loss']) + 1.")


def validation_split(function: Callable | None) -> Feedback:
    """Check ``split(images, labels, validation_size, seed)`` -> ``(x_train, y_train), (x_val, y_val)``:
    a random, disjoint split that keeps every image with its label."""
    exercise = "validation split"
    if (feedback := _unusable_function(exercise, function, "split(images, labels, validation_size, seed)")) is not None:
        return feedback
    n, size = 100, 20
    images = np.arange(n).repeat(4).reshape(n, 2, 2)  # image i is filled with the number i ...
    labels = np.arange(n) * 7 % 10  # ... and its label is 7 * i % 10
    try:
        result = function(images.copy(), labels.copy(), validation_size=size, seed=0)
        if result is Ellipsis:
            return _not_done(exercise, result)
        (x_tr, y_tr), (x_val, y_val) = result
    except Exception as error:  # the learner's code: report whatever it raised
        return _failed(exercise, f"on 100 images it raised {type(error).__name__}: {error}",
                       "order = np.random.default_rng(seed).permutation(len(images)); then index with it.")
    ids_tr, ids_val = np.asarray(x_tr)[:, 0, 0], np.asarray(x_val)[:, 0, 0]
    if len(ids_val) != size or len(ids_tr) != n - size:
        return _failed(exercise, f"with validation_size={size} of {n} it gave {len(ids_tr)} training and "
                       f"{len(ids_val)} validation images.", f"validation gets {size}, training the other {n - size}.")
    if set(ids_tr) & set(ids_val) or len(set(ids_tr) | set(ids_val)) != n:
        return _failed(exercise, "some images are in both parts (or in neither).",
                       "split one permutation in two: order[:size] and order[size:].")
    if not (np.array_equal(np.asarray(y_tr), ids_tr * 7 % 10) and np.array_equal(np.asarray(y_val), ids_val * 7 % 10)):
        return _failed(exercise, "some labels no longer belong to their images.",
                       "index images and labels with the same permutation.")
    if np.array_equal(np.sort(ids_val), np.arange(n - size, n)) or np.array_equal(np.sort(ids_val), np.arange(size)):
        return _failed(exercise, "the validation images are simply the first or last ones.",
                       "shuffle first, so that the validation set is a random sample.")
    return _passed(exercise, "A random sample, never trained on: an honest judge during training.")


def conv_parameter_count(answer: object, *, kernel: int, in_channels: int, filters: int) -> Feedback:
    """Check the number of parameters of a Conv2D layer with ``filters`` filters of ``kernel`` x ``kernel``."""
    exercise = f"parameters of Conv2D({filters}, {kernel}x{kernel}) on {in_channels} channels"
    if (feedback := _not_done(exercise, answer)) is not None:
        return feedback
    weights = kernel * kernel * in_channels * filters
    if answer == weights + filters:
        return _passed(exercise, "The same small filters slide over the whole image: few parameters, "
                       "wherever the pattern is.")
    if answer == weights:
        return _failed(exercise, f"{answer} counts the weights only.", "every filter also has one bias.")
    if answer == kernel * kernel * filters + filters:
        return _failed(exercise, f"{answer} forgets the input channels.",
                       f"each filter sees all {in_channels} input channels: {kernel}x{kernel}x{in_channels} weights.")
    return _failed(exercise, f"{answer!r} is not right.",
                   "per filter: kernel x kernel x input channels weights and 1 bias.")


def conv_output_size(answer: object, *, size: int, kernel: int, pool: int = 1) -> Feedback:
    """Check the width of the output of a 'valid' convolution (then max-pooling by ``pool``)."""
    pooling = f", then {pool}x{pool} pooling" if pool > 1 else ""
    exercise = f"output size of a {kernel}x{kernel} convolution on {size}x{size}{pooling}"
    if (feedback := _not_done(exercise, answer)) is not None:
        return feedback
    convolved = size - kernel + 1
    expected = convolved // pool
    if answer == expected:
        return _passed(exercise, "A filter fits size - kernel + 1 times across; pooling then divides by its size.")
    if answer == size // pool:
        return _failed(exercise, f"{answer} assumes the convolution keeps the size.",
                       f"a {kernel}x{kernel} filter fits only {size} - {kernel} + 1 times across the image.")
    if answer == convolved and pool > 1:
        return _failed(exercise, f"{answer} is the size after the convolution only.",
                       f"{pool}x{pool} pooling keeps one value per {pool}x{pool} block (rounding down).")
    return _failed(exercise, f"{answer!r} is not right.", "size - kernel + 1, then divided by the pool size.")


def top_k(function: Callable | None) -> Feedback:
    """Check ``top_k(probabilities, k)``: the names of the ``k`` most probable classes, most probable first."""
    exercise = "top_k"
    if (feedback := _unusable_function(exercise, function, "top_k(probabilities, k)")) is not None:
        return feedback
    rng = np.random.default_rng(7)
    for k in (1, 3, 10):
        probabilities = rng.dirichlet(np.ones(len(data.CLASS_NAMES)))
        expected = [data.CLASS_NAMES[i] for i in np.argsort(probabilities)[::-1][:k]]
        feedback, result = _call(exercise, function, (probabilities.copy(), k,), f"with k={k}",
                                 "np.argsort(probabilities)[::-1][:k] gives the k best class numbers.")
        if feedback is not None:
            return feedback
        result = [str(name) for name in result] if isinstance(result, (list, tuple, np.ndarray)) else result
        if result == expected:
            continue
        if isinstance(result, list) and result == expected[::-1]:
            return _failed(exercise, f"with k={k} the order is reversed.", "np.argsort sorts from small to large.")
        if isinstance(result, list) and sorted(result) == sorted(expected):
            return _failed(exercise, f"with k={k} the right classes come in the wrong order.",
                           "most probable first.")
        return _failed(exercise, f"with k={k} it returned {result!r}, expected {expected!r}.",
                       "return class names from data.CLASS_NAMES, the most probable first.")
    return _passed(exercise, "The top few classes tell you what else the model considered.")


def photo_inverted(answer: object, *, photo: object) -> Feedback:
    """Check whether the learner predicted correctly if preprocessing inverts ``photo``."""
    from helpers import photos  # Pillow is needed only here

    exercise = "is the photo inverted"
    if (feedback := _not_done(exercise, answer)) is not None:
        return feedback
    if not isinstance(answer, (bool, np.bool_)):
        return _failed(exercise, f"answer True or False, not {answer!r}.", "True means: it gets inverted.")
    expected = photos.preprocessing_steps(photo).inverted
    if answer == expected:
        why = ("its background is light, and Fashion-MNIST's is black." if expected
               else "its background is already dark, like Fashion-MNIST's.")
        return _passed(exercise, f"It is {'' if expected else 'not '}inverted: {why}")
    return _failed(exercise, f"{answer} is not right.",
                   "look at the border of the photo: a light border means a light background, which gets inverted.")
