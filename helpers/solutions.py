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


# --- 02 Flattening ----------------------------------------------------------------------


def flatten(image: np.ndarray) -> list:
    """Row after row, the pixels of a 2-D image as one flat list."""
    height, width = image.shape
    return [image[row, col] for row in range(height) for col in range(width)]


def flat_index(row: int, col: int, width: int = 28) -> int:
    """Where pixel (row, col) lands in the flattened vector."""
    return row * width + col


def dense_parameter_count(inputs: int, units: int) -> int:
    """Weights (one per input and unit) plus biases (one per unit)."""
    return inputs * units + units


# --- 05 Training and testing ------------------------------------------------------------


def accuracy(labels: np.ndarray, probabilities: np.ndarray) -> float:
    """The share of examples whose most probable class is the true label."""
    return float(np.mean(np.argmax(probabilities, axis=1) == labels))


def steps_per_epoch(examples: int, batch_size: int) -> int:
    """Batches per epoch, counting a last, smaller batch."""
    return -(-examples // batch_size)


def best_class(labels: np.ndarray, predictions: np.ndarray) -> str:
    """The class with the highest share of right predictions."""
    per_class = [np.mean(predictions[labels == k] == k) for k in range(len(data.CLASS_NAMES))]
    return data.CLASS_NAMES[int(np.argmax(per_class))]


# --- 03 ReLU versus linear --------------------------------------------------------------


def relu(x: np.ndarray) -> np.ndarray:
    """0 for x <= 0, x otherwise, element by element."""
    return np.maximum(0, x)


def compose_linear(W1: np.ndarray, b1: np.ndarray, W2: np.ndarray, b2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The single layer (W, b) with x @ W + b == (x @ W1 + b1) @ W2 + b2."""
    return W1 @ W2, b1 @ W2 + b2


# --- 04 Softmax ---------------------------------------------------------------------------


def softmax(logits: np.ndarray) -> np.ndarray:
    """Probabilities over the last axis; subtracting the maximum keeps exp from overflowing."""
    e = np.exp(logits - np.max(logits, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def cross_entropy(labels: np.ndarray, probabilities: np.ndarray) -> float:
    """The mean of -log(probability given to the true class)."""
    return float(-np.mean(np.log(probabilities[np.arange(len(labels)), labels])))


# --- 06 Validation and overfitting --------------------------------------------------------


def best_epoch(history: dict) -> int:
    """The epoch, counting from 1, with the lowest validation loss."""
    return int(np.argmin(history["val_loss"])) + 1


def validation_split(images: np.ndarray, labels: np.ndarray, validation_size: int, seed: int = 0):
    """A random split into (training, validation), each image kept with its label."""
    order = np.random.default_rng(seed).permutation(len(images))
    validation, training = order[:validation_size], order[validation_size:]
    return (images[training], labels[training]), (images[validation], labels[validation])


# --- 07 Convolutional network ---------------------------------------------------------------


def conv_parameter_count(kernel: int, in_channels: int, filters: int) -> int:
    """Weights (kernel x kernel x in_channels per filter) plus one bias per filter."""
    return kernel * kernel * in_channels * filters + filters


def conv_output_size(size: int, kernel: int, pool: int = 1) -> int:
    """Width after a 'valid' convolution (size - kernel + 1), then max-pooling (rounding down)."""
    return (size - kernel + 1) // pool


# --- 08 Use your model ------------------------------------------------------------------------


def top_k(probabilities: np.ndarray, k: int) -> list[str]:
    """The names of the k most probable classes, most probable first."""
    return [data.CLASS_NAMES[i] for i in np.argsort(probabilities)[::-1][:k]]


def photo_inverted(photo) -> bool:
    """Whether preprocessing inverts ``photo``: yes when its border (the background) is light."""
    from helpers import photos

    return photos.preprocessing_steps(photo).inverted
