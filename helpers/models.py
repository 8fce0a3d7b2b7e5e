"""The course's models, input pipelines and training log, built the same way in every notebook.

Example:
    >>> model = compile_model(dense_model())
    >>> train = plain_pipeline(datasets["train"], training=True)
    >>> history = model.fit(train, epochs=5, verbose=0, callbacks=[EpochLog()])
"""

from __future__ import annotations

import time

import keras
import tensorflow as tf

from helpers import data

INPUT_SHAPE = (data.IMAGE_SIZE, data.IMAGE_SIZE, 1)
NUM_CLASSES = len(data.CLASS_NAMES)
BATCH_SIZE = 32


def dense_model(
    hidden_units: int = 128,
    activation: str | None = "relu",
    *,
    output: str | None = "softmax",
    name: str | None = None,
) -> keras.Sequential:
    """The course model: Flatten -> Dense(hidden_units, activation) -> Dense(10, output).

    ``activation=None`` gives a purely linear hidden layer; ``output=None`` makes the last layer
    return raw scores (logits) for a loss with ``from_logits=True``.

    Example:
        >>> dense_model().count_params()
        101770
    """
    if hidden_units < 1:
        raise ValueError(f"hidden_units must be at least 1, got {hidden_units}.")
    layers = [
        keras.Input(shape=INPUT_SHAPE),
        keras.layers.Flatten(name="flatten"),
        keras.layers.Dense(hidden_units, activation=activation, name="hidden"),
        keras.layers.Dense(NUM_CLASSES, activation=output, name="output"),
    ]
    return keras.Sequential(layers, name=name or f"dense_{hidden_units}_{activation or 'linear'}")


def compile_model(
    model: keras.Model,
    *,
    from_logits: bool = False,
    learning_rate: float | keras.optimizers.schedules.LearningRateSchedule = 0.001,
    steps_per_execution: int = 1,
    jit_compile: bool | str = "auto",
) -> keras.Model:
    """Compile with the course's choices: Adam, sparse categorical cross-entropy, accuracy.

    ``steps_per_execution`` runs that many training steps per call into TensorFlow, which saves
    Python overhead on small models (notebook 05 measures it). ``jit_compile=True`` has XLA compile
    each step into fused machine code: faster, with slightly different rounding. Keras's default,
    ``"auto"``, kept here, uses XLA only when the computer has a GPU or TPU.
    """
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=from_logits),
        metrics=["accuracy"],
        steps_per_execution=steps_per_execution,
        jit_compile=jit_compile,
    )
    return model


def plain_pipeline(dataset: tf.data.Dataset, *, training: bool, batch_size: int = BATCH_SIZE) -> tf.data.Dataset:
    """The course's pipeline: normalise -> cache -> (shuffle, for training) -> batch.

    Shuffling comes after the cache so every epoch sees a new order, and the test data is
    never shuffled so predictions line up with the labels.
    """
    dataset = dataset.map(data.normalize).cache()
    if training:
        dataset = dataset.shuffle(int(dataset.cardinality()), seed=None)
    return dataset.batch(batch_size)


def fast_pipeline(dataset: tf.data.Dataset, *, training: bool, batch_size: int = BATCH_SIZE) -> tf.data.Dataset:
    """The same data as :func:`plain_pipeline`, plus ``prefetch``: batches are prepared while
    the model trains on the previous one instead of in turn."""
    return plain_pipeline(dataset, training=training, batch_size=batch_size).prefetch(tf.data.AUTOTUNE)


def _metric_order(name: str) -> tuple[bool, bool]:
    """Training metrics before validation ones, loss before accuracy."""
    return name.startswith("val_"), "accuracy" in name


class EpochLog(keras.callbacks.Callback):
    """A compact training log: one short line per epoch, readable in a saved notebook.

    The seconds each epoch took are kept in ``epoch_seconds`` (not printed, as they vary).
    """

    def __init__(self, every: int = 1):
        super().__init__()
        self.every = every
        self.epoch_seconds: list[float] = []

    def on_epoch_begin(self, epoch, logs=None):
        self._started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.epoch_seconds.append(time.perf_counter() - self._started)
        epochs = self.params.get("epochs", epoch + 1)
        if (epoch + 1) % self.every == 0 or epoch + 1 == epochs:
            names = sorted((name for name in logs or {} if "loss" in name or "accuracy" in name), key=_metric_order)
            shown = "  ".join(f"{name} {logs[name]:.4f}" for name in names)
            print(f"epoch {epoch + 1:>{len(str(epochs))}}/{epochs}  {shown}")


def train(
    model: keras.Model,
    batches: tf.data.Dataset,
    *,
    epochs: int,
    validation_data: tf.data.Dataset | None = None,
    callbacks: list[keras.callbacks.Callback] | None = None,
    every: int = 1,
) -> keras.callbacks.History:
    """``model.fit`` with the course's compact log (one line every ``every`` epochs).

    The pipeline does all the shuffling: Keras never shuffles a ``tf.data.Dataset`` (its
    ``TFDatasetAdapter`` takes no ``shuffle`` argument and passes the batches on as they come).
    ``shuffle=False`` changes nothing in training; it only avoids the ``UserWarning`` that ``fit``'s
    default ``shuffle=True`` raises for a dataset ("... will be ignored ..."), which would show as
    stderr in a notebook. The per-epoch seconds are in ``history.epoch_seconds``.

    Example:
        >>> history = train(model, train_batches, epochs=5)
        epoch 1/5  loss 0.4974  accuracy 0.8258
        ...
    """
    log = EpochLog(every=every)
    history = model.fit(batches, epochs=epochs, validation_data=validation_data, shuffle=False, verbose=0,
                        callbacks=[log, *(callbacks or [])])
    history.epoch_seconds = log.epoch_seconds
    return history
