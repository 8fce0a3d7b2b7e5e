"""How notebook 08's CNN was chosen: each design on notebook 06's validation split, over three seeds.

    python benchmarks/cnn_design.py          # 24 runs of 10 or 20 epochs: hours on 2 CPU cores
    KERAS_BACKEND=jax python benchmarks/cnn_design.py   # minutes on a GPU

The split is 06's (a random 10,000 of the 60,000 training images, ``default_rng(0)``, for validation; the
other 50,000 for training); the test set is never read. Every design trains as 08 trains its CNN: batches of
128, Adam from 0.002 with cosine decay to zero. Writes benchmarks/CNN_DESIGN.md.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import keras
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from helpers import data  # noqa: E402

L = keras.layers
DESIGNS = {  # name: (dense head, epochs, first-layer filters, batch normalisation)
    "Dense(128), no dropout, 10 epochs": ("128", 10, 16, False),
    "the course CNN: Dropout(0.25), Dense(256), Dropout(0.4), 10 epochs": ("dropout", 10, 16, False),
    "the same with batch normalisation, 10 epochs": ("dropout", 10, 16, True),
    "the same with 32 first-layer filters, 10 epochs": ("dropout", 10, 32, False),
    "Dense(128), no dropout, 20 epochs": ("128", 20, 16, False),
    "the course CNN, 20 epochs": ("dropout", 20, 16, False),
    "the same with batch normalisation, 20 epochs": ("dropout", 20, 16, True),
    "the same with 32 first-layer filters, 20 epochs": ("dropout", 20, 32, False),
}


def design(head: str, filters: int, batch_norm: bool) -> keras.Sequential:
    def stage(n: int) -> list:
        if batch_norm:
            return [L.Conv2D(n, 3, padding="same"), L.BatchNormalization(), L.Activation("relu"), L.MaxPooling2D()]
        return [L.Conv2D(n, 3, padding="same", activation="relu"), L.MaxPooling2D()]

    dense = ([L.Dense(128, activation="relu")] if head == "128" else
             [L.Dropout(0.25), L.Dense(256, activation="relu"), L.Dropout(0.4)])
    return keras.Sequential([keras.Input((28, 28, 1)), *stage(filters), *stage(64), L.Flatten(), *dense,
                             L.Dense(10, activation="softmax")])


def main() -> None:
    (images, labels), _ = data.load_arrays()
    images = images[..., np.newaxis].astype("float32") / 255
    order = np.random.default_rng(0).permutation(len(images))
    validation, training = order[:10_000], order[10_000:]
    rows = []
    for name, (head, epochs, filters, batch_norm) in DESIGNS.items():
        scores, seconds = [], []
        for seed in (1, 2, 3):
            keras.utils.set_random_seed(seed)
            model = design(head, filters, batch_norm)
            steps = epochs * -(-len(training) // 128)
            model.compile(keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(0.002, steps)),
                          "sparse_categorical_crossentropy", metrics=["accuracy"])
            began = time.perf_counter()
            model.fit(images[training], labels[training], batch_size=128, epochs=epochs, verbose=0)
            seconds.append(time.perf_counter() - began)
            scores.append(model.evaluate(images[validation], labels[validation], verbose=0, batch_size=1000)[1])
            print(f"{name}, seed {seed}: validation accuracy {scores[-1]:.4f}", flush=True)
        rows.append(f"| {name} | {statistics.mean(scores):.4f} | {min(scores):.4f}–{max(scores):.4f} | "
                    f"{statistics.mean(seconds):.0f} s |")
    (ROOT / "benchmarks" / "CNN_DESIGN.md").write_text(
        f"# Notebook 08's CNN: designs on 06's validation split\n\nKeras {keras.__version__} on the "
        f"{keras.backend.backend()} backend; three seeds per design; the test set is not read.\n\n"
        "| design | validation accuracy, mean | range | training time, mean |\n|---|---|---|---|\n"
        + "\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
