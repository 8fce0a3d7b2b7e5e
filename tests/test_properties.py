"""Property-based tests (hypothesis) for the pure functions the course teaches (its worked answers, as
``checks.<exercise>.solution()`` shows them) and for the one comparison that judges every exercise."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import checks, data

SETTINGS = settings(max_examples=80, derandomize=True, database=None, deadline=None)
finite = st.floats(-1e4, 1e4, allow_nan=False, allow_infinity=False)


def worked(name: str):
    """The function that the worked answer of ``checks.<name>`` defines."""
    namespace = {"np": np, "data": data}
    exec(checks.EXERCISES[name].worked_answer(), namespace)
    return next(value for key, value in namespace.items() if key.startswith("my_"))


softmax, flatten, normalize, relu = (worked(name) for name in ("softmax", "flatten", "normalize", "relu"))


@SETTINGS
@given(arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 12)), elements=finite))
def test_softmax_is_a_probability_distribution_in_the_same_order(logits):
    probabilities = softmax(logits)
    assert np.all(np.isfinite(probabilities)) and np.all(probabilities >= 0)
    np.testing.assert_allclose(probabilities.sum(axis=-1), 1.0, atol=1e-9)
    largest = np.take_along_axis(probabilities, logits.argmax(axis=-1)[:, None], axis=-1)[:, 0]
    np.testing.assert_array_equal(largest, probabilities.max(axis=-1))  # the largest logit, the largest share


@SETTINGS
@given(arrays(np.float64, st.integers(1, 12), elements=finite), finite)
def test_softmax_ignores_a_shift_of_all_logits(logits, shift):
    np.testing.assert_allclose(softmax(logits + shift), softmax(logits), atol=1e-9)


@SETTINGS
@given(arrays(np.uint8, st.tuples(st.integers(1, 30), st.integers(1, 30))))
def test_flatten_matches_reshape_and_the_index_formula(image):
    flat = np.asarray(flatten(image))
    np.testing.assert_array_equal(flat, image.reshape(-1))
    height, width = image.shape
    for row, col in [(0, 0), (height - 1, width - 1), (height // 2, width // 3)]:
        assert flat[row * width + col] == image[row, col]
        assert checks.flat_index(row * width + col, row=row, col=col, width=width)


@SETTINGS
@given(arrays(np.uint8, st.tuples(st.integers(1, 4), st.integers(1, 30), st.integers(1, 30))))
def test_normalize_maps_0_255_to_0_1_as_float32(images):
    scaled = normalize(images)
    assert scaled.dtype == np.float32 and scaled.shape == images.shape
    assert 0.0 <= scaled.min() <= scaled.max() <= 1.0
    np.testing.assert_allclose(scaled * 255, images, atol=1e-4)


@SETTINGS
@given(arrays(np.float64, st.integers(1, 8), elements=finite))
def test_relu_is_nonnegative_and_keeps_positive_values(x):
    y = relu(x)
    assert np.all(y >= 0) and np.array_equal(y[x > 0], x[x > 0])


def test_checks_accept_the_worked_answers_these_properties_cover():
    for feedback in (checks.softmax(softmax), checks.flatten(flatten), checks.normalize(normalize), checks.relu(relu)):
        assert feedback.passed, feedback


@SETTINGS
@given(arrays(np.float64, st.integers(1, 20), elements=finite), st.sampled_from([np.float16, np.float32, np.float64]))
def test_compare_allows_the_rounding_of_the_answers_dtype_and_never_nan(values, dtype):
    rounded = values.astype(dtype)
    if np.all(np.isfinite(rounded)):
        assert checks.compare(rounded, values) is None
    with_nan = rounded.astype(np.float64)
    with_nan[len(with_nan) // 2] = np.nan
    assert checks.compare(with_nan, values)[0] == "form"
    assert checks.compare(values + 0.01 * (np.abs(values) + 1), values)[0] == "value"
