"""helpers.checks: every check passes the worked solution, fails typical wrong answers with a
specific message, and says "not done yet" to an untouched exercise."""

from __future__ import annotations

import numpy as np
import pytest

from helpers import checks, solutions


def assert_fails(feedback: checks.Feedback, *phrases: str) -> None:
    assert feedback.passed is False, feedback
    text = repr(feedback)
    assert text.startswith("✗") and "Hint:" in text
    for phrase in phrases:
        assert phrase in text, f"{phrase!r} not in {text!r}"


@pytest.mark.parametrize("untouched", [..., None])
def test_untouched_exercises_are_not_done_yet(untouched):
    for feedback in (checks.count_of_class(untouched, class_name="Bag"), checks.class_with_brightest_mean(untouched),
                     checks.normalize(untouched)):
        assert feedback.passed is None and "not done yet" in repr(feedback) and not feedback


def test_count_of_class():
    assert checks.count_of_class(solutions.count_of_class("Bag"), class_name="Bag")
    assert checks.count_of_class(np.int64(6000), class_name="Coat", split="train")
    assert_fails(checks.count_of_class(10000, class_name="Bag"), "size of the whole test split")
    assert_fails(checks.count_of_class(999, class_name="Bag"), "Bag is label 8")
    assert_fails(checks.count_of_class("1000", class_name="Bag"), "whole number", "str")
    assert_fails(checks.count_of_class(True, class_name="Bag"), "whole number")
    with pytest.raises(ValueError, match="class_name must be one of"):
        checks.count_of_class(1, class_name="Hat")


def test_class_with_brightest_mean():
    answer = solutions.class_with_brightest_mean()
    assert checks.class_with_brightest_mean(answer)
    assert checks.class_with_brightest_mean(4) and answer == "Coat"  # label numbers are accepted too
    assert_fails(checks.class_with_brightest_mean("Sandal"), "not the brightest", "34.9")
    assert_fails(checks.class_with_brightest_mean("coats"), "not one of the class names")


def test_normalize():
    assert checks.normalize(solutions.normalize)
    assert_fails(checks.normalize(lambda image: image / 255), "float64")
    assert_fails(checks.normalize(lambda image: image // 255), "dtype")
    assert_fails(checks.normalize(lambda image: image.astype(np.float32)), "became 255.0000", "p / 255")
    assert_fails(checks.normalize(lambda image: image.astype(np.float32)[0] / 255), "returned shape (28,)")
    assert_fails(checks.normalize(lambda image: None), "returned None")
    assert_fails(checks.normalize(lambda image: image.to_float()), "raised AttributeError")
    assert_fails(checks.normalize(42), "expected a function")
    assert checks.normalize(lambda image: ...).passed is None


def test_flatten():
    assert checks.flatten(solutions.flatten)
    assert checks.flatten(lambda image: image.reshape(-1))
    assert_fails(checks.flatten(lambda image: image.T.reshape(-1)), "column by column")
    assert_fails(checks.flatten(lambda image: image.reshape(-1)[:-1]), "returned shape (783,)")
    assert_fails(checks.flatten(lambda image: image.reshape(28 * 28)), "3 x 4 image", "raised ValueError")
    assert_fails(checks.flatten(lambda image: np.sort(image.reshape(-1))), "value 0 is")
    assert_fails(checks.flatten(lambda image: None), "returned None")
    assert checks.flatten(lambda image: ...).passed is None


def test_flat_index():
    assert checks.flat_index(solutions.flat_index(5, 7), row=5, col=7)
    assert_fails(checks.flat_index(7 * 28 + 5, row=5, col=7), "columns came first")
    assert_fails(checks.flat_index(12, row=5, col=7), "not right")


def test_dense_parameter_count():
    assert checks.dense_parameter_count(solutions.dense_parameter_count(784, 64), inputs=784, units=64)
    assert_fails(checks.dense_parameter_count(784 * 64, inputs=784, units=64), "weights only")
    assert_fails(checks.dense_parameter_count(784 + 64, inputs=784, units=64), "adds where it should multiply")
    assert_fails(checks.dense_parameter_count(5, inputs=784, units=64), "not right")


def test_accuracy():
    assert checks.accuracy(solutions.accuracy)
    assert_fails(checks.accuracy(lambda y, p: np.sum(p.argmax(axis=1) == y)), "returned 37.0000", "between 0 and 1")
    assert_fails(checks.accuracy(lambda y, p: np.mean(p.argmax(axis=0) == y)), "raised", "argmax")
    assert_fails(checks.accuracy(lambda y, p: "74%"), "returned str")
    assert checks.accuracy(lambda y, p: ...).passed is None


def test_steps_per_epoch():
    assert checks.steps_per_epoch(solutions.steps_per_epoch(60000, 64), examples=60000, batch_size=64)
    assert_fails(checks.steps_per_epoch(937, examples=60000, batch_size=64), "last, smaller batch")
    assert_fails(checks.steps_per_epoch(60000 * 64, examples=60000, batch_size=64), "multiplies")
    assert_fails(checks.steps_per_epoch(3, examples=60000, batch_size=64), "not right")


def test_best_class():
    labels = np.repeat(np.arange(10), 10)
    predictions = np.where(np.arange(100) % 10 < 5, labels, (labels + 1) % 10)  # every class half right ...
    predictions[10:19] = 1  # ... but Trouser 9 of 10
    predictions[20:27] = 2  # and Pullover 7 of 10
    assert checks.best_class(solutions.best_class(labels, predictions), labels=labels, predictions=predictions)
    assert checks.best_class(1, labels=labels, predictions=predictions)
    assert_fails(checks.best_class("Pullover", labels=labels, predictions=predictions), "70.0%", "largest")
    assert_fails(checks.best_class("trousers", labels=labels, predictions=predictions), "not one of the class names")


def test_relu():
    assert checks.relu(solutions.relu)
    assert_fails(checks.relu(lambda x: max(0, x)), "raised ValueError", "np.maximum")
    assert_fails(checks.relu(lambda x: np.abs(x)), "input -2 gave 2", "0 for x <= 0")
    assert_fails(checks.relu(lambda x: np.maximum(0, x).ravel()), "returned shape (12,)")
    assert checks.relu(lambda x: ...).passed is None


def test_compose_linear():
    assert checks.compose_linear(solutions.compose_linear)
    assert_fails(checks.compose_linear(lambda W1, b1, W2, b2: (W1 @ W2, b2)), "b is not right", "b1 @ W2")
    assert_fails(checks.compose_linear(lambda W1, b1, W2, b2: (W2.T @ W1.T, b1 @ W2 + b2)), "expected W (3, 2)")
    assert_fails(checks.compose_linear(lambda W1, b1, W2, b2: W1 @ W2), "expected a pair")
    assert_fails(checks.compose_linear(lambda W1, b1, W2, b2: (W1 @ W2 * 2, b1 @ W2 + b2)), "W is not right")


def naive_softmax(z):
    return np.exp(z) / np.exp(z).sum(axis=-1, keepdims=True)


def test_softmax():
    assert checks.softmax(solutions.softmax)
    assert_fails(checks.softmax(naive_softmax), "exp overflowed", "subtract the largest logit")
    assert_fails(checks.softmax(lambda z: np.exp(z - z.max())), "sum to", "divide every exp")
    assert_fails(checks.softmax(lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum()), "batch of 4 rows",
                 "last axis only")
    assert_fails(checks.softmax(lambda z: z / z.sum(axis=-1, keepdims=True)), "[1.0, 2.0, 3.0]")
    assert checks.softmax(lambda z: ...).passed is None


def test_cross_entropy():
    assert checks.cross_entropy(solutions.cross_entropy)
    assert_fails(checks.cross_entropy(lambda y, p: np.mean(np.log(p[np.arange(len(y)), y]))), "negative loss")
    assert_fails(checks.cross_entropy(lambda y, p: -np.sum(np.log(p[np.arange(len(y)), y]))), "the sum")
    assert_fails(checks.cross_entropy(lambda y, p: -np.mean(np.log(p.max(axis=1)))), "true class")
    assert_fails(checks.cross_entropy(lambda y, p: -np.log(p[np.arange(len(y)), y])), "not one number")


def test_best_epoch():
    history = {"loss": [0.9, 0.5, 0.4, 0.3, 0.2], "val_loss": [0.8, 0.6, 0.55, 0.58, 0.65]}
    assert checks.best_epoch(solutions.best_epoch(history), history=history)
    assert_fails(checks.best_epoch(2, history=history), "one too small")
    assert_fails(checks.best_epoch(5, history=history), "the last epoch")
    assert_fails(checks.best_epoch(1, history=history), "does not have the lowest")
    with pytest.raises(ValueError, match="validation_data"):
        checks.best_epoch(1, history={"loss": [1.0]})


def test_validation_split():
    assert checks.validation_split(solutions.validation_split)
    assert_fails(checks.validation_split(lambda x, y, validation_size, seed: ((x[20:], y[20:]), (x[:20], y[:20]))),
                 "first or last ones")
    assert_fails(checks.validation_split(
        lambda x, y, validation_size, seed: ((x[20:], y[20:]), (x[np.arange(0, 40, 2)], y[:20]))),
        "both parts")
    shuffled = np.random.default_rng(0).permutation(100)
    assert_fails(checks.validation_split(
        lambda x, y, validation_size, seed: ((x[shuffled[20:]], y[20:]), (x[shuffled[:20]], y[:20]))),
        "labels no longer belong")
    assert_fails(checks.validation_split(lambda x, y, validation_size, seed: ((x, y), (x[:10], y[:10]))),
                 "gave 100 training and 10 validation")
    assert_fails(checks.validation_split(lambda x, y, validation_size, seed: None), "raised TypeError")
    assert checks.validation_split(lambda x, y, validation_size, seed: ...).passed is None


def test_conv_parameter_count():
    assert checks.conv_parameter_count(solutions.conv_parameter_count(3, 32, 64), kernel=3, in_channels=32, filters=64)
    assert_fails(checks.conv_parameter_count(3 * 3 * 32 * 64, kernel=3, in_channels=32, filters=64), "weights only")
    assert_fails(checks.conv_parameter_count(3 * 3 * 64 + 64, kernel=3, in_channels=32, filters=64), "input channels")
    assert_fails(checks.conv_parameter_count(7, kernel=3, in_channels=32, filters=64), "not right")


def test_conv_output_size():
    assert checks.conv_output_size(solutions.conv_output_size(28, 3, 2), size=28, kernel=3, pool=2)
    assert checks.conv_output_size(26, size=28, kernel=3)
    assert_fails(checks.conv_output_size(14, size=28, kernel=3, pool=2), "keeps the size")
    assert_fails(checks.conv_output_size(26, size=28, kernel=3, pool=2), "after the convolution only")
    assert_fails(checks.conv_output_size(12, size=28, kernel=3, pool=2), "not right")


def test_top_k():
    assert checks.top_k(solutions.top_k)
    assert_fails(checks.top_k(lambda p, k: [solutions.top_k(p, k)[i] for i in range(k)][::-1]), "k=3", "reversed")
    assert_fails(checks.top_k(lambda p, k: list(np.argsort(p)[::-1][:k])), "expected ['")
    assert_fails(checks.top_k(lambda p, k: sorted(solutions.top_k(p, k))), "wrong order")
    assert checks.top_k(lambda p, k: ...).passed is None


def test_photo_inverted():
    light_background = np.ones((60, 60))
    light_background[20:40, 15:45] = 0.1  # a dark garment on white
    assert checks.photo_inverted(solutions.photo_inverted(light_background), photo=light_background)
    assert checks.photo_inverted(True, photo=light_background)
    assert checks.photo_inverted(False, photo=1 - light_background)
    assert_fails(checks.photo_inverted(False, photo=light_background), "not right", "light border")
    assert_fails(checks.photo_inverted("yes", photo=light_background), "True or False")
    assert checks.photo_inverted(..., photo=light_background).passed is None
