"""The course's TensorFlow Datasets (TFDS) folder, behind :func:`helpers.data.tfds_data_dir`: the verified IDX files,
written once in TFDS's format and their original order. When notebooks start at once a lock lets one write while the
others wait; the copy is written aside and renamed into place whole; a record of each file's size and SHA-256 lets
later calls recognise a damaged copy. Importing this module also lets ``import tensorflow_datasets`` work on Colab.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from helpers import data

TFDS_NAME = "fashion_mnist"
PREPARED_RECORD = "prepared_from_idx_files.json"  # written last into a prepared folder: what it holds


def _let_tensorflow_datasets_import() -> None:
    """Import tensorflow-metadata's messages with protobuf's version check off where protobuf is older than them."""
    # Colab pairs tensorflow-metadata 1.21 (made by protobuf 6.31) with protobuf 5.29, which runs it fine but refuses
    # to load it, so `import tensorflow_datasets` fails (tensorflow/metadata#68).
    spec = importlib.util.find_spec("tensorflow_metadata")
    if spec is None or not spec.submodule_search_locations or "tensorflow_metadata.proto" in sys.modules:
        return
    try:
        header = (Path(spec.submodule_search_locations[0]) / "proto" / "v0" / "schema_pb2.py").read_text()[:1000]
        runtime = importlib.metadata.version("protobuf")
    except (OSError, importlib.metadata.PackageNotFoundError):
        return
    generated = re.search(r"Protobuf Python Version: (\d+)\.(\d+)\.(\d+)", header)
    installed = re.match(r"(\d+)\.(\d+)\.(\d+)", runtime)
    if not generated or not installed or tuple(map(int, generated.groups())) <= tuple(map(int, installed.groups())):
        return
    switch = "TEMPORARILY_DISABLE_PROTOBUF_VERSION_CHECK"
    before = os.environ.get(switch)
    os.environ[switch] = "true"
    try:
        with contextlib.suppress(ImportError, TypeError):  # protobuf too old even so: TFDS's import then says so
            importlib.import_module("tensorflow_metadata.proto")
    finally:
        del os.environ[switch]
        if before is not None:
            os.environ[switch] = before


_let_tensorflow_datasets_import()  # now: notebooks import helpers.data, and so this module, before TFDS


def import_tfds():
    """``tensorflow_datasets``, or an ImportError that says how to install it."""
    try:
        import tensorflow_datasets as tfds
    except ImportError as error:
        raise ImportError(
            f"TensorFlow Datasets is not installed ({error}). Install it with: "
            "pip install 'tensorflow-datasets>=4.9.10'"
        ) from None
    return tfds


def default_tfds_dir() -> Path:
    """The course's own TFDS data folder, ``~/.cache/fashion-mnist-course/tensorflow_datasets``.

    Not TFDS's default ``~/tensorflow_datasets``: a copy TFDS prepared there itself is in another (shuffled)
    order, and the course never reads or changes it.
    """
    return Path.home() / ".cache" / "fashion-mnist-course" / "tensorflow_datasets"


def prepared_folder(folder: str | os.PathLike | None, source: str | os.PathLike | None) -> Path:
    """``folder`` (default: :func:`default_tfds_dir`), prepared from ``source`` if need be, and checked."""
    tfds = import_tfds()
    root = Path(folder).expanduser() if folder is not None else default_tfds_dir()
    prepared = root / TFDS_NAME / str(tfds.builder_cls(TFDS_NAME).VERSION)
    if not prepared.exists():
        _prepare_once(root, prepared, source)
    if (problem := _problem_with_prepared(prepared)) is not None:
        raise data.CorruptDataError(
            f"The TensorFlow Datasets copy of Fashion-MNIST in {prepared} cannot be used: {problem}. "
            f"It is only a prepared copy of the original files: delete that folder and run again, and it is "
            f"written anew (about half a minute). To delete it from a notebook cell:\n"
            f"    import shutil; shutil.rmtree({str(prepared)!r})"
        )
    return root


def _prepare_once(root: Path, prepared: Path, source: str | os.PathLike | None) -> None:
    """Write the TFDS copy into ``prepared`` unless another process does it first."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise data.DataError(
            f"could not create the folder {root} for TensorFlow Datasets ({error.strerror or error}). Pass a "
            f"folder you may write to: data.tfds_data_dir('/path/to/a/folder')."
        ) from None
    with _exclusive(root / f".{TFDS_NAME}.lock", root):
        if prepared.exists():  # another process prepared it while this one waited
            return
        for leftover in root.glob(f".{TFDS_NAME}-preparing-*"):  # of a preparation that was killed
            shutil.rmtree(leftover, ignore_errors=True)
        started = time.perf_counter()
        print(f"Preparing Fashion-MNIST for TensorFlow Datasets in {root} (once, about half a minute) ...",
              flush=True)
        folder = data.find_data_dir(source).resolve()
        (x_train, y_train), (x_test, y_test) = data.load_arrays(folder)
        staging = Path(tempfile.mkdtemp(dir=root, prefix=f".{TFDS_NAME}-preparing-"))
        try:
            written = _write_tfds_copy(staging, prepared.name, {"train": (x_train, y_train), "test": (x_test, y_test)})
            _write_record(written, folder)
            prepared.parent.mkdir(exist_ok=True)
            os.rename(written, prepared)  # atomic: others see no folder, or the finished one
        except OSError as error:
            if prepared.exists():  # without a lock (Windows) another process may have finished first: use its copy
                return
            raise data.DataError(
                f"Preparing Fashion-MNIST for TensorFlow Datasets in {root} failed ({error}). Nothing "
                f"half-written was kept. Free some disk space, or pass another folder: "
                f"data.tfds_data_dir('/path/to/a/folder'), and run again."
            ) from error
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        print(f"Done in {time.perf_counter() - started:.0f} s: the {len(y_train) + len(y_test):,} images of "
              f"{folder}, in their original order. Later runs reuse them.", flush=True)


@contextlib.contextmanager
def _exclusive(lock_file: Path, root: Path):
    """Hold an exclusive lock on ``lock_file``, saying so when another process holds it first. Without POSIX locks
    (Windows) two processes may both prepare: the atomic rename keeps each copy whole, and the second finds the first's.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    with open(lock_file, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"Waiting for another notebook that is preparing Fashion-MNIST in {root} ...", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_tfds_copy(staging: Path, version: str, splits: dict[str, tuple[np.ndarray, np.ndarray]]) -> Path:
    """Write ``splits`` as TFDS's fashion_mnist into the data folder ``staging``; return its version folder.

    The features, description and citation are those of TFDS's own fashion_mnist builder, so what
    ``tfds.load`` reads is exactly what it would have prepared itself, except for the order of the examples:
    TFDS shuffles them as it writes, here ``disable_shuffling=True`` keeps the original files' order.
    """
    tfds = import_tfds()

    class FromIdxFiles(tfds.dataset_builders.AdhocBuilder, skip_registration=True):
        """TFDS's builder for data in memory. It downloads nothing, so it has no download checksums to look
        up; looking them up needs the package importlib_resources, which Colab lacks and TFDS 4.9.10 does not
        declare."""

        @tfds.core.utils.classproperty
        @classmethod
        def url_infos(cls):
            return None

    def examples(images: np.ndarray, labels: np.ndarray):
        for index, (image, label) in enumerate(zip(images, labels, strict=True)):
            yield index, {"image": image[..., np.newaxis], "label": int(label)}

    official = tfds.builder(TFDS_NAME, data_dir=staging).info  # reads nothing, writes nothing
    builder = FromIdxFiles(
        name=TFDS_NAME, version=version, features=official.features, description=official.description,
        homepage=official.homepage, citation=official.citation, disable_shuffling=True, data_dir=staging,
        split_datasets={split: examples(*arrays) for split, arrays in splits.items()},
    )
    # The notebook shows only the two lines above: not TFDS's progress bars (widgets), nor the lines it prints
    # about "downloading" (it downloads nothing here). TFDS cannot say whether the bars were on: they are by default.
    tfds.disable_progress_bar()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            builder.download_and_prepare()
    finally:
        tfds.enable_progress_bar()
    return Path(builder.data_dir)


def _write_record(version_dir: Path, source: Path) -> None:
    """Record in ``version_dir`` each file's size and SHA-256, so a damaged copy is recognised."""
    files = {path.name: {"bytes": path.stat().st_size, "sha256": _file_sha256(path)}
             for path in sorted(version_dir.iterdir()) if path.is_file()}
    record = {"made_by": "helpers.data.tfds_data_dir", "source": str(source),
              "idx_sha256": {spec.name: spec.sha256 for spec in data.FILES}, "files": files}
    (version_dir / PREPARED_RECORD).write_text(json.dumps(record, indent=1) + "\n")


def _file_sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _problem_with_prepared(version_dir: Path) -> str | None:
    """What makes ``version_dir`` not a whole prepared copy, or None."""
    try:
        record = json.loads((version_dir / PREPARED_RECORD).read_text())
        files = record["files"]
    except FileNotFoundError:
        return f"it has no {PREPARED_RECORD}, so it was not prepared (or not finished) by the course helpers"
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"its {PREPARED_RECORD} is damaged ({error})"
    stamp = []
    for name, expected in files.items():
        path = version_dir / name
        try:
            size = path.stat().st_size
        except OSError:
            return f"its file {name} is missing"
        if size != expected["bytes"]:
            return f"its file {name} has {size:,} bytes instead of {expected['bytes']:,}"
        stamp.append((name, size, path.stat().st_mtime_ns, expected["sha256"]))
    return _content_problem(version_dir, tuple(stamp))


@functools.lru_cache(maxsize=4)
def _content_problem(version_dir: Path, stamp: tuple) -> str | None:
    """Whether each file's content still has its recorded SHA-256: read once per process (about 40 MB)."""
    for name, _, _, sha256 in stamp:
        if _file_sha256(version_dir / name) != sha256:
            return f"the content of its file {name} has changed since it was written"
    return None
