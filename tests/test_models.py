"""helpers.models: the course model, its pipelines and the compact training log."""

from __future__ import annotations

import warnings

import keras
import numpy as np
import pytest
import tensorflow as tf

from helpers import data, models

RNG = np.random.default_rng(0)
IMAGES = RNG.integers(0, 256, (64, 28, 28), dtype=np.uint8)
LABELS = RNG.integers(0, 10, 64)


def test_dense_model_is_the_course_model():
    model = models.dense_model()
    assert model.count_params() == 784 * 128 + 128 + 128 * 10 + 10 == 101_770
    assert [layer.name for layer in model.layers] == ["flatten", "hidden", "output"]
    assert model.get_layer("hidden").activation is keras.activations.relu
    probabilities = model(np.zeros((2, 28, 28, 1), np.float32)).numpy()
    assert probabilities.shape == (2, 10) and np.allclose(probabilities.sum(axis=1), 1)


def test_dense_model_variants():
    assert models.dense_model(activation=None).get_layer("hidden").activation is keras.activations.linear
    logits = models.dense_model(output=None)(np.ones((1, 28, 28, 1), np.float32)).numpy()
    assert not np.isclose(logits.sum(), 1)
    assert models.dense_model(64).get_layer("hidden").units == 64
    with pytest.raises(ValueError, match="hidden_units must be at least 1"):
        models.dense_model(0)


def test_pipelines_normalise_batch_and_shuffle_only_training_data():
    dataset = data.as_dataset(IMAGES, LABELS)
    test_batches = models.plain_pipeline(dataset, training=False, batch_size=10)
    images, labels = next(iter(test_batches))
    assert images.shape == (10, 28, 28, 1) and images.dtype == tf.float32 and float(tf.reduce_max(images)) <= 1.0
    np.testing.assert_array_equal(labels.numpy(), LABELS[:10])  # in order: predictions line up
    np.testing.assert_allclose(images.numpy()[0, ..., 0], IMAGES[0] / 255, atol=1e-6)
    train_labels = np.concatenate([y.numpy() for _, y in models.plain_pipeline(dataset, training=True)])
    assert sorted(train_labels) == sorted(LABELS) and not np.array_equal(train_labels, LABELS)
    assert len(models.fast_pipeline(dataset, training=True)) == 2  # 64 images in batches of 32


def test_train_logs_one_line_per_epoch_and_times_them(capsys):
    keras.utils.set_random_seed(0)
    model = models.compile_model(models.dense_model(16), steps_per_execution=2)
    batches = models.fast_pipeline(data.as_dataset(IMAGES, LABELS), training=True)
    history = models.train(model, batches, epochs=4, validation_data=batches, every=2)
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split()[1] for line in lines] == ["2/4", "4/4"]
    assert lines[0].split()[2::2] == ["loss", "accuracy", "val_loss", "val_accuracy"]
    assert len(history.epoch_seconds) == 4 and all(s > 0 for s in history.epoch_seconds)
    assert len(history.history["val_loss"]) == 4


def test_compile_model_choices():
    model = models.compile_model(models.dense_model(8, output=None), from_logits=True, learning_rate=0.01)
    assert model.loss.get_config()["from_logits"] is True
    assert np.isclose(float(model.optimizer.learning_rate), 0.01)
    assert models.compile_model(models.dense_model(8), jit_compile=False).jit_compile is False
    assert models.compile_model(models.dense_model(8), jit_compile=True).jit_compile is True


def test_train_never_warns_about_shuffling_a_dataset():
    """Keras ignores ``shuffle`` for a tf.data.Dataset and warns when fit's default shuffle=True is left on;
    train passes shuffle=False, so notebooks show no such warning (the pipeline does the shuffling)."""
    batches = models.plain_pipeline(data.as_dataset(IMAGES, LABELS), training=True)
    model = models.compile_model(models.dense_model(8))
    with pytest.warns(UserWarning, match="`shuffle=True` was passed, but will be ignored"):
        model.fit(batches, epochs=1, verbose=0)  # what train avoids
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        models.train(model, batches, epochs=1, every=2)
