"""helpers.checks: every exercise accepts right answers in several idioms (Python, NumPy, TensorFlow, lists,
float32), fails each known mistake with its own message, and copes with None, NaN, errors, a function that
changes its inputs or prints; hints come step by step and worked answers render as Markdown in Jupyter.

The right answers here are worked out by hand or written independently of the checks (never by calling
what a check uses for its expected value)."""

from __future__ import annotations

import copy
import math
import types

import keras
import nbformat
import numpy as np
import pytest
import tensorflow as tf
from nbclient import NotebookClient

from helpers import checks, data, photos

NOT_DONE = "not done yet. Replace the ... with your answer and run the cell again."

# --- inputs the notebooks would pass, built so that the right answers are known by construction ---------------

LABELS = np.repeat(np.arange(10), 10)
PREDICTIONS = np.where(np.arange(100) % 10 < 6, LABELS, 3)  # every class 60% right, the rest called Dress ...
PREDICTIONS[10:19] = 1  # ... but Trouser 90% right
PREDICTIONS[30:40] = 4  # ... and Dress 0% right, though it is predicted most often
HISTORY = {"loss": [0.9, 0.5, 0.4, 0.3, 0.2, 0.25], "val_loss": [0.8, 0.6, 0.55, 0.58, 0.65, 0.7]}
LIGHT = np.full((60, 60), 230, np.uint8)
LIGHT[20:40, 15:45] = 25  # a dark garment on a light background: preprocessing inverts it

VALUES = {  # exercise: (the keyword arguments of its notebook cell, or like them; the right answer)
    # 3,193,351 of the 6,000 x 784 pixels of the Sandal training images are 0 (counted with tf.math.count_nonzero)
    "background_share": ({"class_name": "Sandal", "split": "train"}, 3_193_351 / (6000 * 784)),
    "class_with_brightest_mean": ({}, "Coat"),
    "flat_index": ({"row": 5, "col": 7}, 147),  # 5 rows of 28, then 7
    "dense_parameter_count": ({"inputs": 784, "units": 64}, 50_240),  # what models.dense_model(64).summary() shows
    "steps_per_epoch": ({"examples": 60_000, "batch_size": 64}, 938),  # 937 full batches and one of 32
    "best_class": ({"labels": LABELS, "predictions": PREDICTIONS}, "Trouser"),
    "best_epoch": ({"history": HISTORY}, 3),
    "conv_parameter_count": ({"kernel": 5, "in_channels": 3, "filters": 16}, 1216),  # 16 x (5 x 5 x 3 + 1)
    "weight_uses": ({"size": 28, "kernel": 3}, 676),  # 26 x 26 positions
    "feature_map_size": ({"size": 64, "kernel": 3, "pool": 2, "stages": 2}, 14),  # 62, 31, then 29, 14
    "photo_inverted": ({"photo": LIGHT}, True),
    # by hand: biases start at 0 and ReLU(255 z) = 255 ReLU(z), so the factor passes through (Keras agrees, below)
    "score_scale": ({"hidden_layers": 2}, 255.0),
}
FUNCTIONS = ["normalize", "flatten", "relu", "compose_linear", "softmax", "cross_entropy", "accuracy",
             "validation_split", "top_k", "gradient_step"]
NOTEBOOK_TITLES = {  # the title each notebook's cell shows before the learner starts
    "background_share": "share of background pixels in the Sandal train images",
    "class_with_brightest_mean": "the brightest class on average", "normalize": "normalize", "flatten": "flatten",
    "flat_index": "index of pixel (row 5, col 7)",
    "dense_parameter_count": "parameters of Dense(64) on 784 inputs", "relu": "relu",
    "compose_linear": "compose two linear layers", "softmax": "softmax", "cross_entropy": "cross-entropy",
    "accuracy": "accuracy", "steps_per_epoch": "steps per epoch for 60,000 examples in batches of 64",
    "best_class": "the class with the highest accuracy", "best_epoch": "the best epoch",
    "validation_split": "validation split", "conv_parameter_count": "parameters of Conv2D(16, 5x5) on 3 channels",
    "weight_uses": "uses of one weight of a 3x3 filter on a 28x28 image",
    "feature_map_size": "width after 2 stages of 3x3 convolution and 2x2 pooling on 64x64", "top_k": "top_k",
    "photo_inverted": "is the photo inverted",
    "score_scale": "how many times larger the scores are for pixels 0-255, with 2 hidden layers",
    "gradient_step": "one step of gradient descent",
}


@pytest.fixture(autouse=True)
def fresh_exercises():
    """Hints shown and keyword arguments remembered are per kernel: start every test afresh."""
    for exercise in checks.EXERCISES.values():
        exercise._hints_shown, exercise._given = 0, {}


def assert_fails(feedback: checks.Feedback, *phrases: str) -> None:
    assert feedback.passed is False, feedback
    text = repr(feedback)
    assert text.startswith("✗") and "\n  Hint: " in text and "More help: checks." in text, text
    for phrase in phrases:
        assert phrase in text, f"{phrase!r} not in {text!r}"


def check(name: str, answer, **given) -> checks.Feedback:
    return checks.EXERCISES[name](answer, **given)


def test_every_exercise_is_described_and_the_notebooks_call_them_as_before():
    assert set(checks.EXERCISES) == set(VALUES) | set(FUNCTIONS) == set(NOTEBOOK_TITLES)
    for name, exercise in checks.EXERCISES.items():
        assert getattr(checks, name) is exercise and exercise.name == name
        assert len(exercise.hints) >= 2 and exercise.worked.strip() and exercise.why


@pytest.mark.parametrize("name", sorted(checks.EXERCISES))
@pytest.mark.parametrize("untouched", [..., None])
def test_untouched_exercise_is_not_done_yet_exactly_as_the_notebooks_show(name, untouched):
    feedback = check(name, untouched, **VALUES.get(name, ({},))[0])
    assert feedback.passed is None and not feedback
    assert repr(feedback) == f"… {NOTEBOOK_TITLES[name]}: {NOT_DONE}"


# --- value exercises: the same answer however it is written ------------------------------------------------


def idioms(answer):
    """The right answer as a learner might write it: Python, NumPy, TensorFlow, another dtype."""
    if isinstance(answer, bool):
        return [answer, np.bool_(answer), np.array(answer), tf.constant(answer)]
    if isinstance(answer, str):
        label = data.CLASS_NAMES.index(answer)
        return [answer, np.str_(answer), label, np.int64(label), tf.argmax(tf.one_hot(label, 10)),
                tf.constant(answer), np.array(label)]
    if isinstance(answer, float):
        return [answer, np.float64(answer), np.array(answer), tf.constant(answer), np.float32(answer),
                tf.constant(answer, tf.float64), tf.reduce_mean(tf.constant([answer - 0.25, answer + 0.25]))]
    return [answer, np.int64(answer), np.array(answer), tf.constant(answer), float(answer), np.float32(answer),
            tf.reduce_sum(tf.constant([answer - 1, 1]))]


@pytest.mark.parametrize("name", sorted(VALUES))
def test_value_exercises_accept_the_right_answer_in_every_idiom(name):
    given, answer = VALUES[name]
    for idiom in idioms(answer):
        assert check(name, idiom, **given), (idiom, check(name, idiom, **given))


@pytest.mark.parametrize("name", sorted(VALUES))
def test_value_exercises_explain_arrays_nan_functions_and_tensors_of_the_wrong_shape(name):
    given, answer = VALUES[name]
    noun = {str: "not a name", bool: "not True or False"}.get(type(answer), "not one number")
    wrong = [(np.array([answer, answer]), noun), (tf.constant([answer, answer]), noun),
             (print, "a function (print)"), ({"answer": answer}, "a dict")]
    if not isinstance(answer, (str, bool)):
        wrong += [(float("nan"), "NaN (not a number)"), (np.array([answer]), ".item() gives the number")]
    for value, phrase in wrong:
        assert_fails(check(name, value, **given), phrase)


def test_best_epoch_takes_a_keras_history_or_its_dictionary():
    keras_history = keras.callbacks.History()
    keras_history.history = HISTORY
    assert checks.best_epoch(3, history=keras_history) and checks.best_epoch(3, history=HISTORY)
    assert checks.best_epoch(3, history=types.SimpleNamespace(history=HISTORY))
    with pytest.raises(ValueError, match="validation_data"):
        checks.best_epoch(1, history={"loss": [1.0]})


@pytest.mark.parametrize("name, wrong, phrases", [
    ("background_share", 0.5020514030612245, ["is the share over all ten classes, not only the Sandal images",
                                               "x_train[y_train == data.CLASS_NAMES.index('Sandal')]"]),
    ("background_share", 0.3708767006802721, ["is the share for Shirt (label 6), not for Sandal (label 5)",
                                               "labels count from 0"]),
    ("background_share", 1 - 3_193_351 / 4_704_000, ["is the share of pixels that are not background"]),
    ("background_share", 531_533 / 784_000, ["is the share in the test split; the exercise asks about the train"]),
    ("background_share", 3_193_351, ["3193351 counts the background pixels; the exercise asks for their share"]),
    ("background_share", 3 / 784, ["is the share of pixel positions that are 0 in every Sandal image"]),
    ("background_share", 67.9, ["67.9 looks like a percentage", "50% is 0.5"]),
    ("background_share", 0.68, ["0.68 is close, but rounded"]),
    ("background_share", 0.5, ["0.5 is not right.", "Hint: Count only the pixels of Sandal images"]),
    ("background_share", "0.68", ["a str ('0.68'), not a number"]),
    ("background_share", True, ["a bool (True), not a number"]),
    ("class_with_brightest_mean", "Sandal", ["'Sandal' is not the brightest: its mean pixel value is 34.9"]),
    ("class_with_brightest_mean", "coats", ["'coats' is not one of the class names"]),
    ("class_with_brightest_mean", 11, ["your answer is an int (11), not a name"]),
    ("flat_index", 7 * 28 + 5, ["201 is where it would be if columns came first"]),
    ("flat_index", 148, ["148 counts from 1"]),
    ("flat_index", 12, ["12 is not right", "Hint: Flatten puts all 28 pixels of row 0 first"]),
    ("dense_parameter_count", 784 * 64, ["50176 counts the weights only", "every unit also has one bias"]),
    ("dense_parameter_count", 784 + 64, ["848 adds where it should multiply"]),
    ("dense_parameter_count", 784 * 64 + 784, ["gives a bias to every input"]),
    ("steps_per_epoch", 937, ["937 forgets the last, smaller batch"]),
    ("steps_per_epoch", 60_000 / 64, ["937.5 is not a whole number"]),
    ("steps_per_epoch", 60_000 * 64, ["multiplies"]),
    ("best_class", "Pullover", ["'Pullover' gets 60.0% right; another class does better"]),
    ("best_class", "Dress", ["'Dress' is the class predicted most often, not the one predicted right most often"]),
    ("best_class", "trousers", ["'trousers' is not one of the class names"]),
    ("best_epoch", 2, ["2 is one too small", "np.argmin counts from 0"]),
    ("best_epoch", 6, ["6 is the last epoch"]),
    ("best_epoch", 5, ["5 has the lowest training loss"]),
    ("best_epoch", 1, ["1 is not right"]),
    ("conv_parameter_count", 5 * 5 * 3 * 16, ["1200 counts the weights only"]),
    ("conv_parameter_count", 5 * 5 * 16 + 16, ["416 forgets the input channels"]),
    ("conv_parameter_count", 5 * 3 * 16 + 16, ["256 gives a filter 5 weights per channel"]),
    ("conv_parameter_count", 5 * 5 * 3 + 1, ["76 counts the parameters of one filter", "16 filters"]),
    ("conv_parameter_count", 7, ["7 is not right"]),
    ("weight_uses", 28 * 28, ["784 counts every pixel of the image", "fits only 28 - 3 + 1 times"]),
    ("weight_uses", 26 * 26 * 9, ["6084 counts all 3 x 3 weights of the filter"]),
    ("weight_uses", 26, ["26 counts one row of positions"]),
    ("weight_uses", 25 * 25, ["625 is one position too few"]),
    ("weight_uses", 13 * 13, ["169 counts what is left after 2 x 2 pooling"]),
    ("weight_uses", 700, ["700 is not right", "Hint: The filter visits every position"]),
    ("feature_map_size", 16, ["16 assumes the convolutions keep the size"]),
    ("feature_map_size", 60, ["60 leaves out the pooling"]),
    ("feature_map_size", 31, ["31 is the width after the first stage only"]),
    ("feature_map_size", 14.5, ["14.5 is not a whole number", "round down"]),
    ("feature_map_size", 15, ["15 rounds up"]),
    ("feature_map_size", 13, ["13 is one too small at each convolution"]),
    ("feature_map_size", 12, ["12 is not right", "Hint: Work one stage at a time"]),
    ("photo_inverted", False, ["False is not right.", "a light border means a light background"]),
    ("photo_inverted", "yes", ["a str ('yes'), not True or False"]),
    ("photo_inverted", 1, ["an int (1), not True or False"]),
    ("score_scale", 1 / 255, ["is the factor the wrong way round", "which scores are larger"]),
    ("score_scale", 1, ["1 would mean the scores do not change", "0.5 x 255"]),
    ("score_scale", 255 ** 2, ["65025 multiplies by 255 again at every layer"]),
    ("score_scale", 255 ** 3, ["16581375 multiplies by 255 again at every layer"]),
    ("score_scale", 2 * 255, ["510 adds 255 for every layer"]),
    ("score_scale", 3 * 255, ["765 adds 255 for every layer"]),
    ("score_scale", 256, ["256 is one too many", "raw = 255 x normalised"]),
    ("score_scale", 128, ["128 is not right.", "Hint: Before training, every bias is 0"]),
    ("score_scale", "255", ["a str ('255'), not a number"]),
])
def test_value_exercises_name_each_known_mistake(name, wrong, phrases):
    assert_fails(check(name, wrong, **VALUES[name][0]), *phrases)


def test_count_and_conv_size_for_other_arguments():
    assert checks.background_share(507_541 / (1000 * 784), class_name="Trouser", split="test")  # 507,541 zeros
    assert checks.feature_map_size(13, size=28, kernel=3, pool=2, stages=1)
    assert checks.feature_map_size(5, size=28, kernel=3, pool=2, stages=2)  # 26, 13, 11, 5 without padding
    assert repr(checks.feature_map_size(..., size=28, kernel=3, pool=2, stages=1)).startswith(
        "… width after 1 stage of 3x3 convolution and 2x2 pooling on 28x28: not done")
    assert checks.conv_parameter_count(9_280, kernel=3, in_channels=16, filters=64)  # the course CNN's second layer
    with pytest.raises(ValueError, match="class_name must be one of"):
        checks.background_share(0.5, class_name="Hat")
    with pytest.raises(ValueError, match="split must be 'train' or 'test'"):
        checks.background_share(0.5, split="validation")
    with pytest.raises(TypeError, match=r"checks.flat_index: missing a required argument: 'col'.*\(row, col"):
        checks.flat_index(1, row=5)


def test_convolution_exercises_agree_with_keras():
    """Independent of the checks: Keras builds the layers and reports their shapes and parameters."""
    colour = keras.Sequential([keras.Input(shape=(64, 64, 3)), keras.layers.Conv2D(16, 5)])
    assert checks.conv_parameter_count(colour.count_params(), kernel=5, in_channels=3, filters=16)
    stages = keras.Sequential([keras.Input(shape=(64, 64, 1)), keras.layers.Conv2D(4, 3), keras.layers.MaxPooling2D(),
                               keras.layers.Conv2D(4, 3), keras.layers.MaxPooling2D()])
    assert checks.feature_map_size(stages.output_shape[1], size=64, kernel=3, pool=2, stages=2)
    one_weight = np.zeros((3, 3, 1, 1), np.float32)
    one_weight[1, 2] = 1  # a filter whose only weight is 1: each output value is one use of that weight
    uses = tf.nn.conv2d(tf.ones((1, 28, 28, 1)), one_weight, strides=1, padding="VALID")
    assert checks.weight_uses(int(tf.reduce_sum(uses)), size=28, kernel=3)


def test_score_scale_agrees_with_keras_for_any_number_of_hidden_layers():
    """Independent of the checks: untrained Keras models, their scores before softmax for raw and normalised pixels."""
    raw = np.random.default_rng(0).integers(0, 256, (20, 28, 28, 1)).astype("float32")
    for hidden_layers in (1, 2, 3):
        keras.utils.set_random_seed(hidden_layers)
        model = keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Flatten(),
                                  *[keras.layers.Dense(64, activation="relu") for _ in range(hidden_layers)],
                                  keras.layers.Dense(10)])  # no softmax: the scores themselves
        scores_raw, scores_normalised = (model(images).numpy().astype(float) for images in (raw, raw / 255))
        factor = np.sum(scores_raw * scores_normalised) / np.sum(scores_normalised ** 2)  # least squares
        np.testing.assert_allclose(scores_raw, factor * scores_normalised, rtol=1e-4,
                                   atol=1e-4 * np.abs(scores_raw).max())
        assert checks.score_scale(round(factor, 2), hidden_layers=hidden_layers)
        assert checks.score_scale(255, hidden_layers=hidden_layers)  # a whole number is right too
        compounded = 255 ** (hidden_layers + 1)  # multiplied at every layer, the output layer too
        assert_fails(checks.score_scale(compounded, hidden_layers=hidden_layers), "again at every layer")


def test_photo_inverted_follows_the_background_not_the_check():
    """Independent of preprocessing_steps: which photos have a light background is known by construction."""
    assert checks.photo_inverted(False, photo=255 - LIGHT)  # light garment on black
    assert checks.photo_inverted(True, photo=photos.sample_photo("trouser"))  # dark trousers on a white sheet
    assert checks.photo_inverted(False, photo=255 - np.asarray(photos.sample_photo("trouser")))  # notebook 09


# --- function exercises: right answers in several idioms ------------------------------------------------------


def rows(n):
    return np.arange(n)


def split_with(take):
    """A right split, built with ``take(array, positions)``."""
    def split(images, labels, validation_size, seed):
        order = np.random.default_rng(seed + 7).permutation(len(images))
        val, train = order[:validation_size], order[validation_size:]
        return (take(images, train), take(labels, train)), (take(images, val), take(labels, val))
    return split


def relu_in_place(x):
    x[x < 0] = 0  # changes the input: the check gives every call its own copy
    return x


def compose_then_scribble(W1, b1, W2, b2):
    W, b = W1 @ W2, b1 @ W2 + b2
    W1 *= 2  # changing the inputs afterwards does not change the right answer
    b1[:] = 0
    return W, b


def compose_ignoring_b1(W1, b1, W2, b2):
    b1[:] = 0  # once b1 is zeroed, b1 @ W2 + b2 is just b2: wrong, however the check's own b1 looked afterwards
    return W1 @ W2, b1 @ W2 + b2


def flatten_by_hand(image):
    pixels = []
    for row in image:
        pixels.extend(row)
    return pixels


def cross_entropy_by_hand(labels, probabilities):
    return sum(-math.log(probabilities[i][label]) for i, label in enumerate(labels)) / len(labels)


def accuracy_by_hand(labels, probabilities):
    right = [row.index(max(row)) == label for row, label in zip(probabilities, labels, strict=True)]
    return sum(right) / len(right)


RIGHT = {
    "normalize": {
        "numpy": lambda image: image.astype(np.float32) / 255,
        "tensorflow": lambda image: tf.cast(image, tf.float32) / 255.0,
        "keras": lambda image: keras.layers.Rescaling(1 / 255)(image),
        "in place": lambda image: np.divide(image, 255, dtype=np.float32),
    },
    "flatten": {
        "numpy": lambda image: image.reshape(-1),
        "tensorflow": lambda image: tf.reshape(image, [-1]),
        "list": flatten_by_hand,
        "float32": lambda image: image.astype(np.float32).flatten(),
    },
    "relu": {
        "numpy": lambda x: np.maximum(0, x),
        "tensorflow": tf.nn.relu,
        "keras": keras.activations.relu,
        "list": lambda x: np.where(x > 0, x, 0).tolist(),
        "float32": lambda x: np.maximum(0, x).astype(np.float32),
        "in place": relu_in_place,
    },
    "compose_linear": {
        "numpy": lambda W1, b1, W2, b2: (W1 @ W2, b1 @ W2 + b2),
        "list": lambda W1, b1, W2, b2: [W1 @ W2, (b1 @ W2 + b2).tolist()],
        "tensorflow": lambda W1, b1, W2, b2: (tf.matmul(W1, W2), tf.linalg.matvec(W2, b1, transpose_a=True) + b2),
        "float32": lambda W1, b1, W2, b2: (np.float32(W1) @ np.float32(W2), np.float32(b1) @ np.float32(W2) + b2),
        "changes its inputs afterwards": compose_then_scribble,
    },
    "softmax": {
        "numpy": lambda z: (lambda e: e / e.sum(axis=-1, keepdims=True))(np.exp(z - z.max(axis=-1, keepdims=True))),
        "tensorflow": tf.nn.softmax,
        "float32": lambda z: tf.nn.softmax(tf.cast(z, tf.float32)),
        "keras": keras.activations.softmax,
        "list": lambda z: tf.nn.softmax(z).numpy().tolist(),
    },
    "cross_entropy": {
        "numpy": lambda y, p: -np.mean(np.log(p[rows(len(y)), y])),
        "keras (float32)": lambda y, p: tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, p)),
        "lists": lambda y, p: cross_entropy_by_hand(y.tolist(), p.tolist()),
        "float32": lambda y, p: np.float32(-np.log(p[rows(len(y)), y].astype(np.float32)).mean()),
    },
    "accuracy": {
        "numpy": lambda y, p: np.mean(p.argmax(axis=1) == y),
        "tensorflow (float32)": lambda y, p: tf.reduce_mean(tf.cast(tf.argmax(p, axis=1) == y, tf.float32)),
        "numpy float32": lambda y, p: np.mean(p.argmax(axis=1) == y, dtype=np.float32),
        "keras": lambda y, p: tf.reduce_mean(keras.metrics.sparse_categorical_accuracy(y, p)),
        "lists": lambda y, p: accuracy_by_hand(y.tolist(), p.tolist()),
    },
    "validation_split": {
        "numpy": split_with(lambda array, positions: array[positions]),
        "tensorflow": split_with(tf.gather),
        "lists": split_with(lambda array, positions: [array[i] for i in positions]),
    },
    "top_k": {
        "numpy": lambda p, k: [data.CLASS_NAMES[i] for i in np.argsort(-p)[:k]],
        "numpy array of names": lambda p, k: np.array(data.CLASS_NAMES)[np.argsort(p)[::-1][:k]],
        "tensorflow text": lambda p, k: tf.gather(data.CLASS_NAMES, tf.math.top_k(p, k).indices),
        "sorted": lambda p, k: tuple(data.CLASS_NAMES[i] for i in sorted(range(10), key=lambda i: -p[i])[:k]),
    },
    "gradient_step": {
        "numpy": lambda c, f, w, b, lr: (w - lr * 2 * np.mean((w * c + b - f) * c),
                                         b - lr * 2 * np.mean(w * c + b - f)),
        "a loop over the examples": lambda c, f, w, b, lr: (
            w - lr * 2 * sum((w * x + b - y) * x for x, y in zip(c, f, strict=True)) / len(c),
            b - lr * 2 * sum(w * x + b - y for x, y in zip(c, f, strict=True)) / len(c)),
        "tensorflow": lambda c, f, w, b, lr: tuple(
            v - lr * g for v, g in zip((w, b), _tape_gradients(c, f, w, b), strict=True)),
    },
}


def _tape_gradients(celsius, fahrenheit, w, b):
    """The mean squared error's gradients as tf.GradientTape finds them (float32, as notebook 07 computes)."""
    weights = [tf.Variable(float(w)), tf.Variable(float(b))]
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((weights[0] * celsius + weights[1] - fahrenheit) ** 2)
    return [float(g) for g in tape.gradient(loss, weights)]


@pytest.mark.parametrize("name, idiom", [(name, idiom) for name, answers in RIGHT.items() for idiom in answers])
def test_function_exercises_accept_right_answers_in_every_idiom(name, idiom):
    feedback = check(name, RIGHT[name][idiom])
    assert feedback.passed is True and repr(feedback).startswith("✓"), feedback


def scribbling(function):
    """``function``, which then overwrites every array it was given."""
    def wrapped(*args):
        result = copy.deepcopy(function(*args))
        for arg in args:
            if isinstance(arg, np.ndarray):
                arg.fill(0)
        return result
    return wrapped


def chatty(function):
    def wrapped(*args):
        print("debugging:", *args)
        return function(*args)
    return wrapped


@pytest.mark.parametrize("name", FUNCTIONS)
def test_a_right_function_that_prints_or_changes_its_inputs_is_still_right(name, capsys):
    numpy_answer = RIGHT[name]["numpy"]
    assert check(name, scribbling(numpy_answer))
    assert check(name, chatty(numpy_answer))
    assert capsys.readouterr().out == ""  # what the function prints does not flood the notebook


@pytest.mark.parametrize("name", FUNCTIONS)
def test_none_errors_placeholders_and_non_functions(name):
    assert_fails(check(name, lambda *args: None), "it returned None — is a `return` missing?")
    assert_fails(check(name, chatty(lambda *args: None)), "returned None", "It printed 'debugging:", "instead")
    assert_fails(check(name, lambda *args: 1 / 0), "it raised ZeroDivisionError: division by zero")
    assert_fails(check(name, 42), "expected a function, got an int (42)")
    assert_fails(check(name, np.zeros(3)), "expected a function, got an array")
    assert check(name, lambda *args: ...).passed is None
    with pytest.raises(TypeError, match="takes only your function"):
        check(name, lambda *args: None, seed=1)


def with_nan(function):
    """``function``, with one number of its result made NaN."""
    def wrapped(*args):
        result = checks.plain(function(*args))
        if isinstance(result, tuple):  # compose's (W, b)
            return with_nan(lambda: result[0])(), result[1]
        result = np.array(result)
        result = result.astype(np.result_type(result.dtype, np.float32))
        result.flat[-1] = np.nan
        return result
    return wrapped


@pytest.mark.parametrize("name", ["normalize", "flatten", "relu", "compose_linear", "softmax", "cross_entropy",
                                  "accuracy"])
def test_nan_is_never_right(name):
    assert_fails(check(name, with_nan(RIGHT[name]["numpy"])), "NaN")


@pytest.mark.parametrize("name, wrong, phrases", [
    ("normalize", lambda image: image / 255, ["it returned dtype float64", "convert first"]),
    ("normalize", lambda image: image.astype(np.float32), ["on an all-white image it returned values up to 255"]),
    ("normalize", lambda image: image // 255, ["on an all-black image it returned an array of dtype uint8, not "
                                                "float32"]),
    ("normalize", lambda image: image.astype(np.float32)[0] / 255, ["an array of shape (28,), not (28, 28)"]),
    ("normalize", lambda image: image.to_float(), ["raised AttributeError", 'image.astype("float32") converts']),
    ("flatten", lambda image: image.T.reshape(-1), ["on a 28 x 28 image of random pixels it went column by column"]),
    ("flatten", lambda image: image.reshape(-1)[:-1], ["an array of shape (783,), not (784,)"]),
    ("flatten", lambda image: image.reshape(28 * 28), ["on a 3 x 4 image (any size should work) it raised ValueError"]),
    ("flatten", lambda image: np.sort(image.reshape(-1)), ["at index [0], expected"]),
    ("relu", lambda x: max(0, x), ["raised ValueError", "np.maximum(0, x) works on whole arrays"]),
    ("relu", np.abs, ["it returned the absolute values", "0 for x <= 0"]),
    ("relu", lambda x: np.maximum(0, x).ravel(), ["an array of shape (12,), not (3, 4)"]),
    ("relu", lambda x: x > 0, ["not an array of numbers"]),
    ("compose_linear", lambda W1, b1, W2, b2: (W1 @ W2, b2), ["its b leaves out the first layer's bias"]),
    ("compose_linear", compose_ignoring_b1, ["its b leaves out the first layer's bias"]),
    ("compose_linear", lambda W1, b1, W2, b2: (W1 @ W2, b1 + b2),
     ["on W1 (4, 3), W2 (3, 3) its b adds b1 without passing it"]),
    ("compose_linear", lambda W1, b1, W2, b2: (W2.T @ W1.T, b1 @ W2 + b2),
     ["W as an array of shape (3, 4), not (4, 3)"]),
    ("compose_linear", lambda W1, b1, W2, b2: W1 @ W2, ["it returned one value, not the pair (W, b)"]),
    ("compose_linear", lambda W1, b1, W2, b2: (W1, b1, W2), ["a tuple (", "not the pair (W, b)"]),
    ("compose_linear", lambda W1, b1, W2, b2: (2 * W1 @ W2, b1 @ W2 + b2), ["W as ", "at index [0, 0], expected"]),
    ("softmax", lambda z: np.exp(z) / np.exp(z).sum(-1, keepdims=True), ["exp overflowed", "subtract the largest"]),
    ("softmax", lambda z: np.exp(z - z.max()), ["on [1.0, 2.0, 3.0] its probabilities sum to 1.503, not 1"]),
    ("softmax", lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(), ["batch of 4 rows", "rows sum to"]),
    ("softmax", lambda z: z / z.sum(axis=-1, keepdims=True), ["on [1.0, 2.0, 3.0] it returned 0.1667 at index [0]"]),
    ("cross_entropy", lambda y, p: np.mean(np.log(p[rows(len(y)), y])), ["a negative loss"]),
    ("cross_entropy", lambda y, p: -np.sum(np.log(p[rows(len(y)), y])), ["the sum", "take the mean"]),
    ("cross_entropy", lambda y, p: -np.log(p[rows(len(y)), y]), ["one loss per example, not their mean"]),
    ("cross_entropy", lambda y, p: -np.mean(np.log(p.max(axis=1))), ["largest probability of each row"]),
    ("cross_entropy", lambda y, p: -np.mean(np.log(p[:, y])), ["averaged whole columns"]),
    ("accuracy", lambda y, p: np.sum(p.argmax(axis=1) == y), ["it returned 37, the number of right predictions"]),
    ("accuracy", lambda y, p: 1 - np.mean(p.argmax(axis=1) == y), ["the share of wrong predictions"]),
    ("accuracy", lambda y, p: np.mean(p.argmax(axis=0) == y), ["raised ValueError", "axis=1"]),
    ("accuracy", lambda y, p: p.argmax(axis=1) == y, ["one value per prediction, not their mean"]),
    ("accuracy", lambda y, p: "74%", ["a str ('74%'), not a number"]),
    ("accuracy", lambda y, p: 0.75, ["it returned 0.75, expected 0.74"]),
    ("validation_split", lambda x, y, n, seed: ((x[n:], y[n:]), (x[:n], y[:n])), ["first or last ones"]),
    ("validation_split", lambda x, y, n, seed: ((x[n:], y[n:]), (x[-n:], y[-n:])), ["both parts (or in neither)"]),
    ("validation_split", split_with(lambda a, i: a[i] if a.ndim > 1 else a[np.sort(i)]), ["labels no longer belong"]),
    ("validation_split", lambda x, y, n, seed: ((x, y), (x[:10], y[:10])),
     ["with validation_size=20 of 100 images it gave 100 training images (100 labels) and 10 validation"]),
    ("validation_split", split_with(lambda a, i: a[i].reshape(len(i), -1) if a.ndim > 1 else a[i]),
     ["it changed the images: their shape is (4,), not (2, 2)."]),
    ("validation_split", split_with(lambda a, i: a[i] / 255 if a.ndim > 1 else a[i]), ["it changed the images"]),
    ("validation_split", lambda x, y, n, seed: (x[n:], y[n:]), ["not ((x_train, y_train), (x_val, y_val))"]),
    ("top_k", lambda p, k: RIGHT["top_k"]["numpy"](p, k)[::-1], ["on k=3 it returned the order reversed"]),
    ("top_k", lambda p, k: list(np.argsort(p)[::-1][:k]), ["it returned class numbers, not names"]),
    ("top_k", lambda p, k: sorted(RIGHT["top_k"]["numpy"](p, k)), ["the right classes in the wrong order"]),
    ("top_k", lambda p, k: [data.CLASS_NAMES[i] for i in np.argsort(p)[:k]], ["the least probable classes"]),
    ("top_k", lambda p, k: [data.CLASS_NAMES[np.argsort(p)[5]]] * k, ["on k=1 it returned ['", "'], expected ['"]),
])
def test_function_exercises_name_each_known_mistake(name, wrong, phrases):
    assert_fails(check(name, wrong), *phrases)


def test_what_a_wrong_function_printed_is_shown_with_the_feedback():
    assert_fails(checks.relu(chatty(np.abs)), "absolute values", "It printed: 'debugging:")


# --- the one comparison ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("got, expected, result", [
    (np.float32(0.74), 0.74, None),
    (tf.constant(0.74), 0.74, None),
    (np.float16(0.74), 0.74, None),
    (0.74001, 0.74, ("value", "0.74001, expected 0.74")),
    (np.float32(0.7401), 0.74, ("value", "0.7401, expected 0.74")),
    (938.0, 938, None),
    (938.0000001, 938, ("value", "938.0000001, expected 938")),  # whole numbers are exact
    (float("nan"), 0.74, ("form", "NaN (not a number)")),
    (np.array([1.0, np.nan]), np.array([1.0, 2.0]), ("form", "NaN (not a number) in 1 of 2 places")),
    ([1, 2], 3, ("form", "a list of shape (2,), not one number")),
    (np.array([1, 2]), np.array([[1, 2]]), ("form", "an array of shape (2,), not (1, 2)")),
    (np.float64(3), np.array([3.0]), ("form", "one number (3.0), not an array of shape (1,)")),
    ("Bag", "Bag", None), (b"Bag", "Bag", None), (tf.constant("Bag"), "Bag", None),
    ("Bag", "Coat", ("value", "'Bag', expected 'Coat'")),
    (8, "Bag", ("form", "an int (8), not a name")),
    (np.bool_(True), True, None), (1, True, ("form", "an int (1), not True or False")),
    ([np.ones(2), np.zeros(1)], checks.Layer(np.ones(2), np.zeros(1)), None),
    ((np.ones(2), np.ones(1)), checks.Layer(np.ones(2), np.zeros(1)), ("value", "b as 1 at index [0], expected 0")),
    (np.ones(2), checks.Layer(np.ones(2), np.zeros(1)), ("form", "an array ([1.0, 1.0]), not the pair (W, b)")),
    (np.array(["Bag", "Coat"]), ["Bag", "Coat"], None),
    ([0, 1], ["Bag"], ("form", "a list ([0, 1]), not a list of names")),
])
def test_compare(got, expected, result):
    assert checks.compare(got, expected) == result


# --- hints and worked answers ----------------------------------------------------------------------------------


def test_hints_come_one_by_one_then_point_to_the_solution(capsys):
    for number in (1, 2, 3, 3):
        checks.softmax.hint()
        shown = capsys.readouterr().out
        assert shown.startswith(f"Hint {number} of 3 for checks.softmax: ")
        assert ("again for the next hint" in shown) == (number < 3)
    assert "That was the last hint: `checks.softmax.solution()` shows a worked answer." in shown
    checks.softmax.hint(1)
    assert capsys.readouterr().out.startswith("Hint 1 of 3 for checks.softmax: softmax(z) = exp(z) / sum(exp(z))")
    with pytest.raises(ValueError, match="has hints 1 to 3, not 4"):
        checks.softmax.hint(4)


def test_hints_and_solutions_use_the_checks_arguments(capsys):
    checks.flat_index(..., row=2, col=3, width=10)
    checks.flat_index.hint(2)
    checks.flat_index.solution()
    shown = capsys.readouterr().out
    assert "Before row 2 come 2 full rows of 10 pixels each; then 3 more pixels of row 2." in shown
    assert "    index = 2 * 10 + 3" in shown and "A worked answer for checks.flat_index" in shown


def test_repr_of_an_exercise_says_how_to_use_it():
    assert repr(checks.relu) == ("<exercise checks.relu: check with checks.relu(answer); hints: checks.relu.hint(); "
                                 "a worked answer: checks.relu.solution()>")


def run_worked_answer(name: str, **notebook) -> object:
    """Run the worked answer's code with the notebook's variables; its answer is the last name it defines."""
    namespace = {"np": np, "data": data, "photos": photos, **notebook}
    before = set(namespace)
    exec(checks.EXERCISES[name].worked_answer(), namespace)
    return namespace[[key for key in namespace if key not in before and key != "__builtins__"][-1]]


@pytest.fixture(scope="module")
def notebook_variables():
    (x_train, y_train), (_, y_test) = data.load_arrays()
    return {
        "background_share": {"x_train": x_train, "y_train": y_train},
        "class_with_brightest_mean": {"x_train": x_train, "y_train": y_train},
        "best_class": {"y_test": LABELS, "predicted": PREDICTIONS},
        "best_epoch": {"dropout_run": types.SimpleNamespace(history=HISTORY)},
        "photo_inverted": {"negative": 255 - np.asarray(photos.sample_photo("trouser"))},
    }


@pytest.mark.parametrize("name", sorted(checks.EXERCISES))
def test_every_worked_answer_passes_its_check_and_gives_the_right_answer(name, notebook_variables):
    given = VALUES.get(name, ({},))[0]
    if name == "photo_inverted":
        given = {"photo": notebook_variables[name]["negative"]}
    check(name, ..., **given)  # the notebook's cell runs first: the worked answer uses its arguments
    answer = run_worked_answer(name, **notebook_variables.get(name, {}))
    assert check(name, answer, **given)
    if name in VALUES and name != "photo_inverted":
        assert answer == VALUES[name][1]


def test_solution_shows_rendered_markdown_in_jupyter():
    """In a real kernel (as JupyterLab and Colab run it): Markdown with the code, and text for other front ends."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in (
        "from helpers import checks\nchecks.relu.hint()\nchecks.relu.hint()", "checks.relu.solution()")])
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    hints, solution = (cell.outputs for cell in notebook.cells)
    assert [output.output_type for output in hints + solution] == ["display_data"] * 3
    assert hints[0].data["text/markdown"].startswith("**Hint 1 of 2 for checks.relu:** ReLU keeps")
    assert hints[1].data["text/markdown"].endswith("*That was the last hint: `checks.relu.solution()` shows a worked "
                                                   "answer.*")
    markdown = solution[0].data["text/markdown"]
    assert "```python\ndef my_relu(x):\n    return np.maximum(0, x)" in markdown and markdown.endswith("```")
    assert solution[0].data["text/plain"].startswith("A worked answer for checks.relu")


def _step(celsius, fahrenheit, w, b, learning_rate, *, sign=1, factor=2, with_input=True):
    error = w * celsius + b - fahrenheit
    grad_w = factor * np.mean(error * celsius if with_input else error)
    return w - sign * learning_rate * grad_w, b - sign * learning_rate * factor * np.mean(error)


@pytest.mark.parametrize(("answer", "verdict", "says"), [
    (_step, True, "correct"),
    (lambda *args: tuple(float(v) for v in _step(*args)), True, "correct"),  # plain floats, not NumPy's
    (lambda *args: list(_step(*args)), True, "correct"),
    (lambda *args: _step(*args, sign=-1), False, "along the gradient"),
    (lambda *args: _step(*args, factor=1), False, "factor 2"),
    (lambda *args: _step(*args, with_input=False), False, "leaves out the input"),
    (lambda *args: _step(*args)[::-1], False, "(b, w)"),
    (lambda *args: _step(*args)[0], False, "one value"),
    (lambda c, f, w, b, lr: (w, b), False, "on the blank unit"),  # no step at all
])
def test_gradient_step_judges_each_kind_of_answer(answer, verdict, says):
    feedback = checks.gradient_step(answer)
    assert feedback.passed is verdict and says in feedback.message, feedback
