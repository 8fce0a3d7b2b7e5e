"""Measure the course: data loading, training speed, the notebooks, and how far from the hardware.

    python benchmarks/benchmark.py                  # everything (about 40 minutes on 2 cores)
    python benchmarks/benchmark.py --only data training
    python benchmarks/benchmark.py --only suite      # the test suite, part by part, and each stack

Writes benchmarks/RESULTS.md (a Markdown report with the machine, library versions and date).
Sections not measured in a run keep their earlier results, so one section can be re-measured
alone. It measures; it asserts nothing, and CI does not run it. Run it on an otherwise idle
machine: each section records the load average it started with.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "benchmarks" / "RESULTS.md"
PYTHON = sys.executable
QUIET = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
COLAB_VENV = ".venv-colab"  # the Colab-parity environment that .ci/run builds
COLAB_PYTEST = ["--nbval", "notebooks", "tests/test_widgets.py", "tests/test_colab.py"]  # what .ci/run runs in it


def run_python(code: str, env: dict | None = None, timeout: int = 1800) -> dict:
    """Run ``code`` in a fresh Python process; it prints one JSON object as its last line."""
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, env=env or QUIET,
                            timeout=timeout, cwd=ROOT)
    if result.returncode != 0:
        raise RuntimeError(f"benchmark process failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def drop_page_cache() -> bool:
    """Empty the OS file cache (root on Linux only) so a 'cold' load really reads the disk."""
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


# --- data ------------------------------------------------------------------------------------

# Each measurement in a fresh process; %r is the TFDS folder. TFDS imports TensorFlow only when first used,
# so both are imported, and timed, before the TFDS calls.
DATA_CODE = """
import json, time
started = time.perf_counter()
from helpers import data
(x_train, y_train), (x_test, y_test) = data.load_arrays()
arrays = time.perf_counter() - started
started = time.perf_counter()
import tensorflow as tf
import tensorflow_datasets as tfds
imported = time.perf_counter() - started
started = time.perf_counter()
folder = data.tfds_data_dir(%r)
checked = time.perf_counter() - started
started = time.perf_counter()
dataset, metadata = tfds.load("fashion_mnist", data_dir=folder, as_supervised=True, with_info=True)
next(iter(dataset["train"]))
print(json.dumps({"arrays": arrays, "import": imported, "check": checked,
                  "load": time.perf_counter() - started}))
"""

# A learner's first run: the helpers write the IDX files into a new TFDS folder (imports not timed).
PREPARE_CODE = """
import contextlib, io, json, time
from helpers import data
import tensorflow as tf
import tensorflow_datasets as tfds
started = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    data.tfds_data_dir(%r)
print(json.dumps({"prepare": time.perf_counter() - started}))
"""


def bench_data(repeats: int = 3) -> list[str]:
    """Seconds until the data is ready in a fresh process: the arrays, and the lesson's ``tfds.load`` call on
    the course's TFDS folder, cold (empty file cache) and warm; and the one-time preparation of that folder."""
    with tempfile.TemporaryDirectory(prefix="benchmark-tfds-") as scratch:
        prepared = [run_python(PREPARE_CODE % str(Path(scratch) / f"run{run}")) for run in range(repeats)]
        cold, warm = [], []
        for _ in range(repeats):
            dropped = drop_page_cache()
            cold.append(run_python(DATA_CODE % str(Path(scratch) / "run0")))
            warm.append(run_python(DATA_CODE % str(Path(scratch) / "run0")))
    rows = ["| what | cold (s) | warm (s) |", "|---|---|---|"]
    for key, label in [("arrays", "`data.load_arrays()` (read, verify, decode)"),
                       ("import", "`import tensorflow`, `import tensorflow_datasets`"),
                       ("check", "`data.tfds_data_dir()`, folder prepared (sizes and SHA-256 checked)"),
                       ("load", '`tfds.load("fashion_mnist", data_dir=..., as_supervised=True, with_info=True)` '
                                "until the first example")]:
        rows.append(f"| {label} | {median(cold, key)} | {median(warm, key)} |")
    note = ("cold = page cache dropped before a fresh process" if dropped
            else "cold = fresh process (cache not dropped)")
    return [f"Median of {repeats} runs; {note}; warm = the same again right after.", "", *rows, "",
            f"Once per computer, `data.tfds_data_dir()` writes the TFDS folder from the IDX files: "
            f"{median(prepared, 'prepare')} s (median of {repeats} fresh processes, each into a new temporary "
            "folder; imports not counted)."]


def median(runs: list[dict], key: str) -> str:
    return f"{statistics.median(run[key] for run in runs):.2f}"


# --- training --------------------------------------------------------------------------------

TRAINING_CODE = """
import json
import helpers
helpers.setup()
import keras, numpy as np
from helpers import data, models
dataset, info = data.load_datasets()
results = {}
# XLA compiles each step into fused code of its own: other rounding, so its accuracy is compared over seeds
for name, pipeline, steps, jit in [("plain", models.plain_pipeline, 1, False),
                                   ("fast", models.fast_pipeline, 100, False),
                                   ("xla", models.fast_pipeline, 100, True)]:
    keras.utils.set_random_seed(%d)
    model = models.compile_model(models.dense_model(), steps_per_execution=steps, jit_compile=jit)
    batches = pipeline(dataset["train"], training=True)
    history = models.train(model, batches, epochs=%d, every=10**6)  # logs the last epoch only
    accuracy = model.evaluate(pipeline(dataset["test"], training=False), verbose=0)[1]
    results[name] = {"epoch_seconds": history.epoch_seconds[1:], "accuracy": accuracy}
print(json.dumps(results))
"""


def flops_per_epoch(examples: int = 60_000) -> float:
    """Floating-point operations of one training epoch of the course model, from its layer shapes.

    A Dense layer with n inputs and k units does 2*n*k operations per example forward (a multiply
    and an add per weight); the backward pass needs about twice that (gradients for the inputs
    and for the weights), so training costs about 3x the forward pass.
    """
    forward = 2 * (784 * 128 + 128 * 10)
    return 3 * forward * examples


MATMUL_CODE = """
import json, time
import tensorflow as tf
n = 2048
a, b = tf.random.uniform((n, n)), tf.random.uniform((n, n))
matmul = tf.function(lambda a, b: tf.reduce_sum(tf.matmul(a, b)))
matmul(a, b).numpy()  # trace and warm up
best = float("inf")
for _ in range(10):
    started = time.perf_counter()
    matmul(a, b).numpy()
    best = min(best, time.perf_counter() - started)
print(json.dumps({"gflops": 2 * n**3 / best / 1e9}))
"""


def matmul_ceiling() -> float:
    """GFLOP/s of a large float32 matrix product in TensorFlow: what these cores can really do."""
    return run_python(MATMUL_CODE)["gflops"]


def bench_training(repeats: int = 3, epochs: int = 4) -> list[str]:
    """Seconds per epoch: the plain course pipeline, the project's, and the project's with XLA, side by side
    in each run; each run has its own seed, the same for the three."""
    seeds = [42 + run for run in range(repeats)]
    runs = [run_python(TRAINING_CODE % (seed, epochs)) for seed in seeds]
    rows = ["| pipeline | median s/epoch | epochs timed | test accuracy: mean (range) over the seeds "
            "| achieved GFLOP/s |", "|---|---|---|---|---|"]
    medians, achieved = {}, {}
    for name, label in [("plain", "plain course pipeline (map, cache, shuffle, batch 32; 1 step/call)"),
                        ("fast", "project pipeline (+ prefetch; 100 steps/call; batch 32)"),
                        ("xla", "project pipeline + XLA (jit_compile=True)")]:
        seconds = [s for run in runs for s in run[name]["epoch_seconds"]]
        medians[name] = statistics.median(seconds)
        achieved[name] = flops_per_epoch() / medians[name] / 1e9
        accuracies = [run[name]["accuracy"] for run in runs]
        rows.append(f"| {label} | {medians[name]:.2f} | {len(seconds)} | {statistics.mean(accuracies):.4f} "
                    f"({min(accuracies):.4f}-{max(accuracies):.4f}) | {achieved[name]:.2f} |")
    # prefetch and steps_per_execution change no arithmetic: each seed's plain and fast models must agree exactly
    same = all(run["plain"]["accuracy"] == run["fast"]["accuracy"] for run in runs)
    agreement = ("each seed's plain and fast runs reach exactly the same test accuracy" if same else
                 "**plain and fast runs differed for some seed: they should not; look for the cause**")
    xla_shift = statistics.mean(run["xla"]["accuracy"] - run["fast"]["accuracy"] for run in runs)
    ceiling = matmul_ceiling()
    return [f"{repeats} runs x {epochs} epochs each, seeds {', '.join(map(str, seeds))} (one per run, the same "
            "for the three pipelines; the first epoch, which fills the cache and compiles, is not timed).",
            "", *rows, "",
            f"**Speed-up per epoch: {medians['plain'] / medians['fast']:.2f}x** for the project pipeline over the "
            f"plain one, at the same batch size and test accuracy ({agreement}); "
            f"**{medians['plain'] / medians['xla']:.2f}x** with XLA on top "
            f"({medians['fast'] / medians['xla']:.2f}x over the project pipeline). XLA fuses operations and rounds "
            "differently, so its models are not bit for bit the same: over the seeds its test accuracy differs "
            f"from the project pipeline's by {xla_shift * 100:+.2f} points on average.",
            "", f"FLOPs per training epoch, from the layer shapes: {flops_per_epoch() / 1e9:.1f} GFLOP "
            "(forward 2·n·k per Dense layer and example, backward about twice that).", "",
            f"Hardware ceiling: a 2048 × 2048 float32 matrix product in TensorFlow reaches {ceiling:.1f} GFLOP/s "
            f"on this machine. The project pipeline uses {achieved['fast'] / ceiling:.0%} of that "
            f"({achieved['xla'] / ceiling:.0%} with XLA), the plain one {achieved['plain'] / ceiling:.0%}. The rest "
            "goes to per-step overhead: a batch of 32 is a small matrix product, and the optimizer, metrics and "
            "input pipeline run at every step."]


# --- notebooks -------------------------------------------------------------------------------

def kernel_peak_memory_mb(path: Path) -> tuple[float, float]:
    """Wall time and the kernel's peak resident memory (MB) for one notebook, on a fresh kernel."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(
        "import resource; print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"))
    started = time.perf_counter()
    NotebookClient(notebook, timeout=1800, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - started
    text = notebook.cells[-1].outputs[0]["text"]
    return seconds, int(text.split()[-1]) / 1024


def bench_notebooks() -> list[str]:
    rows = ["| notebook | wall time (s) | kernel peak memory (MB) |", "|---|---|---|"]
    total = 0.0
    for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        seconds, peak = kernel_peak_memory_mb(path)
        total += seconds
        rows.append(f"| {path.name} | {seconds:.1f} | {peak:.0f} |")
    rows.append(f"| all notebooks | {total:.1f} | |")
    return ["Each notebook on a fresh kernel, top to bottom, as a learner runs it, one after the other.", "", *rows]


# --- the test suite --------------------------------------------------------------------------

def suite_groups(junit: Path) -> dict[str, float]:
    """Seconds per part of the suite, summed from pytest's JUnit report (test time, not wall time:
    with several workers the parts overlap)."""
    import xml.etree.ElementTree as ElementTree

    groups: dict[str, float] = {}
    for case in ElementTree.parse(junit).iter("testcase"):
        name = case.get("classname", "")
        if name.startswith("notebooks."):
            group = f"nbval {name.removeprefix('notebooks.').removesuffix('.ipynb')}.ipynb"
        elif name.endswith("test_browser"):
            group = "browser (JupyterLab in Chromium)"
        elif name.endswith("test_site"):
            group = "course website (build, Chromium)"
        elif name.endswith("test_colab"):
            group = "Colab simulation"
        else:
            group = "unit, property, lint and format tests"
        groups[group] = groups.get(group, 0.0) + float(case.get("time", 0))
    return groups


def timed_pytest(arguments: list[str], env: dict | None = None, python: str = PYTHON) -> tuple[float, str, Path]:
    """Wall seconds, pytest's summary line and its JUnit report for one pytest run from the checkout."""
    junit = Path(os.environ.get("TMPDIR", "/tmp")) / f"course-suite-{os.getpid()}-{time.monotonic_ns()}.xml"
    started = time.perf_counter()
    run = subprocess.run([python, "-m", "pytest", *arguments, "-q", f"--junitxml={junit}"], cwd=ROOT,
                         capture_output=True, text=True, env={**QUIET, **(env or {})})
    seconds = time.perf_counter() - started
    summary = run.stdout.strip().splitlines()[-1].strip("= ") if run.stdout.strip() else "no output"
    return seconds, summary, junit


def other_isa() -> str:
    """oneDNN's cap one level below this CPU's own instruction set, as CI chooses it: AVX2 on an AVX-512
    machine, else AVX."""
    return "AVX2" if "avx512f" in Path("/proc/cpuinfo").read_text().split() else "AVX"


def bench_suite() -> list[str]:
    """The README's test command, part by part, and the other stacks CI runs the notebooks on."""
    seconds, summary, junit = timed_pytest(["--nbval"])
    rows = ["| part of `pytest --nbval` | test time (s) |", "|---|---|"]
    rows += [f"| {group} | {time_:.1f} |" for group, time_ in sorted(suite_groups(junit).items())]
    lines = [f"The README's command, `pytest --nbval`, on the default stack: **{seconds:.0f} s wall** "
             f"({summary}). Test time per part, summed from its JUnit report (the notebooks run side by side "
             "on the workers, so the parts add up to more than the wall time):", "", *rows, ""]
    isa = other_isa()
    seconds, summary, _ = timed_pytest(["--nbval", "notebooks", "--nbval-cell-timeout=2400"],
                                       env={"ONEDNN_MAX_CPU_ISA": isa})
    lines.append(f"- The notebooks again with another processor's arithmetic, `ONEDNN_MAX_CPU_ISA={isa} pytest --nbval "
                 f"notebooks`: {seconds:.0f} s ({summary}).")
    colab = ROOT / COLAB_VENV / "bin" / "python"
    if colab.exists():
        seconds, summary, _ = timed_pytest(COLAB_PYTEST, python=str(colab))
        lines.append(f"- The Colab-parity stack (`{COLAB_VENV}`), `pytest {' '.join(COLAB_PYTEST)}`: "
                     f"{seconds:.0f} s ({summary}).")
    else:
        lines.append(f"- The Colab-parity stack: not measured (no `{COLAB_VENV}`; `.ci/run` builds it).")
    return lines


# --- report ----------------------------------------------------------------------------------


def machine() -> list[str]:
    versions = run_python("import json, tensorflow as tf, keras, numpy; print(json.dumps({'tensorflow': "
                          "tf.__version__, 'keras': keras.__version__, 'numpy': numpy.__version__}))")
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    return [f"- date: {datetime.date.today().isoformat()}",
            f"- machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
            f"- Python {platform.python_version()}, " + ", ".join(f"{k} {v}" for k, v in versions.items())]


SECTIONS = {"data": ("Time to data ready", bench_data), "training": ("Training speed", bench_training),
            "notebooks": ("The whole course", bench_notebooks), "suite": ("The test suite", bench_suite)}


def earlier_sections() -> dict[str, str]:
    """The sections of the existing report by title, so a partial run keeps the rest."""
    if not REPORT.exists():
        return {}
    chunks = REPORT.read_text(encoding="utf-8").split("\n## ")[1:]
    return {chunk.split("\n", 1)[0]: chunk.split("\n", 1)[1].strip() for chunk in chunks}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    args = parser.parse_args(argv)
    sections = earlier_sections()
    for key in args.only:
        title, bench = SECTIONS[key]
        print(f"measuring: {title} ...", flush=True)
        load = os.getloadavg()[0]
        sections[title] = "\n".join([f"Measured {datetime.date.today().isoformat()}, load average "
                                      f"{load:.1f} at the start.", "", *bench()])
    lines = ["# Benchmark results", "", "Made by `python benchmarks/benchmark.py`.", "", *machine()]
    for title, _ in SECTIONS.values():
        lines += ["", f"## {title}", "", sections.get(title, "Not measured yet.")]
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(REPORT.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
