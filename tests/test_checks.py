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
