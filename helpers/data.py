"""Fashion-MNIST, offline first: find the four original IDX files, verify them, load them.

Where the data comes from, in this order:

1. the ``data_dir`` you pass (then only that folder is used);
2. the folder named by the ``FASHION_MNIST_DIR`` environment variable (then only that one);
3. ``/usr/share/datasets/fashion-mnist`` from the Debian/Ubuntu package
   ``dataset-fashion-mnist``;
4. the Keras cache ``~/.keras/datasets/fashion-mnist``;
5. otherwise a download into the Keras cache, with a progress line.

Every file is checked as it is read (IDX header, sizes, counts, labels 0-9 and a SHA-256
fingerprint of the content), so a truncated download, a swapped file or MNIST digits in
disguise stop with a message that names the file and says how to fix it.

For the lesson's own call, ``tfds.load("fashion_mnist", ...)``, :func:`tfds_data_dir` writes those
verified files once into a TensorFlow Datasets folder of the course's own (see helpers/tfds_folder.py).

Example:
    >>> (x_train, y_train), (x_test, y_test) = load_arrays()
    >>> x_train.shape, CLASS_NAMES[y_train[0]]
    ((60000, 28, 28), 'Ankle boot')
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
import struct
import tempfile
import time
import urllib.request
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import numpy as np

from helpers import tfds_folder  # also lets `import tensorflow_datasets` work on Colab: see there

if TYPE_CHECKING:  # TensorFlow and TFDS are imported only when tf.data datasets are asked for.
    import tensorflow as tf
    import tensorflow_datasets as tfds

CLASS_NAMES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
IMAGE_SIZE = 28
ENV_VAR = "FASHION_MNIST_DIR"
DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
DOWNLOAD_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
HOW_TO_GET_DATA = (
    "Ways to get Fashion-MNIST:\n"
    "  - Debian/Ubuntu, works offline: sudo apt-get install dataset-fashion-mnist\n"
    f"  - any folder holding the four files: set {ENV_VAR}=/path/to/folder, or pass data_dir=...\n"
    "  - with internet: call load_arrays() again and it downloads the files (about 30 MB)\n"
    "    into ~/.keras/datasets/fashion-mnist"
)


@dataclass(frozen=True)
class IdxFile:
    """One of the four original files: what it holds and the SHA-256 of its IDX content."""

    name: str
    split: str
    kind: str  # "images" or "labels"
    count: int
    sha256: str


FILES = (
    IdxFile("train-images-idx3-ubyte", "train", "images", 60_000,
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
    IdxFile("train-labels-idx1-ubyte", "train", "labels", 60_000,
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
    IdxFile("t10k-images-idx3-ubyte", "test", "images", 10_000,
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
    IdxFile("t10k-labels-idx1-ubyte", "test", "labels", 10_000,
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
)


class DataError(ValueError):
    """Fashion-MNIST could not be found, or a file is not what it should be."""


class DataNotFoundError(DataError):
    """No folder holds the data and it could not be downloaded."""


class CorruptDataError(DataError):
    """A file exists but is truncated, damaged, swapped or holds other data."""


def keras_cache_dir() -> Path:
    """The folder where Keras keeps Fashion-MNIST (``~/.keras/datasets/fashion-mnist``)."""
    return Path.home() / ".keras" / "datasets" / "fashion-mnist"


def _file_in(folder: Path, spec: IdxFile) -> Path | None:
    """The gzipped or plain copy of ``spec`` in ``folder``, if there is one."""
    for candidate in (folder / f"{spec.name}.gz", folder / spec.name):
        if _is_file(candidate):
            return candidate
    return None


def _is_file(path: Path) -> bool:
    """Whether ``path`` is a file; False also where it cannot be looked at (a folder you may not enter, a
    name too long), so that the search goes on and ends in the "not found, and how to get it" message."""
    try:
        return path.is_file()
    except OSError:
        return False


def read_idx(path: str | os.PathLike, *, kind: str) -> np.ndarray:
    """Read one IDX file (gzipped or not) of ``kind`` "images" or "labels" into a uint8 array.

    Checks the header (magic number, dimensions) against the size of the content and
    raises :class:`CorruptDataError` naming the file when anything is off.

    Example:
        >>> read_idx("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz", kind="labels")[:3]
        array([9, 2, 1], dtype=uint8)
    """
    path = Path(path)
    ndim = {"images": 3, "labels": 1}.get(kind)
    if ndim is None:
        raise ValueError(f"kind must be 'images' or 'labels', not {kind!r}.")
    content = _read_bytes(path)
    expected_magic = 0x0800 | ndim  # 0x08 = unsigned bytes, then the number of dimensions
    if len(content) < 4 or struct.unpack(">I", content[:4])[0] != expected_magic:
        found = content[:4].hex() or "an empty file"
        other = "labels" if kind == "images" else "images"
        raise CorruptDataError(
            f"{path} is not an IDX file of {kind}: it should start with 0x{expected_magic:08x} "
            f"but starts with {found}. Is it a file of {other}, or another format? "
            f"Replace it with the original '{path.name}'.\n{HOW_TO_GET_DATA}"
        )
    header_size = 4 + 4 * ndim
    if len(content) < header_size:
        raise CorruptDataError(f"{path} ends inside its header; it is truncated.\n{HOW_TO_GET_DATA}")
    dims = struct.unpack(f">{ndim}I", content[4:header_size])
    expected_size = header_size + int(np.prod(dims))
    if len(content) != expected_size:
        raise CorruptDataError(
            f"{path} says it holds {' x '.join(map(str, dims))} bytes of data but has "
            f"{len(content) - header_size}; the file is truncated or damaged. "
            f"Replace it with a fresh copy.\n{HOW_TO_GET_DATA}"
        )
    if kind == "images" and dims[1:] != (IMAGE_SIZE, IMAGE_SIZE):
        raise CorruptDataError(
            f"{path} holds images of {dims[1]}x{dims[2]} pixels; Fashion-MNIST images are "
            f"{IMAGE_SIZE}x{IMAGE_SIZE}. This is a different dataset.\n{HOW_TO_GET_DATA}"
        )
    return np.frombuffer(content, dtype=np.uint8, offset=header_size).reshape(dims)


def _read_bytes(path: Path) -> bytes:
    """The IDX content of ``path``, decompressed when it is gzipped, with friendly errors."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataNotFoundError(f"{path} does not exist.\n{HOW_TO_GET_DATA}") from None
    except OSError as error:
        raise DataError(
            f"{path} cannot be read ({error.strerror or error}). Check that the file is "
            f"readable by you (ls -l '{path}'), or point {ENV_VAR} at a readable copy."
        ) from None
    if not raw.startswith(b"\x1f\x8b"):  # not gzipped: plain IDX
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, OSError, zlib.error) as error:
        raise CorruptDataError(
            f"{path} is a damaged gzip file ({error}); it was probably cut off during a "
            f"download or copy. Delete it and get a fresh copy.\n{HOW_TO_GET_DATA}"
        ) from None


def _verify(path: Path, spec: IdxFile, array: np.ndarray) -> None:
    """Check that ``array`` read from ``path`` is exactly the Fashion-MNIST file ``spec``."""
    if len(array) != spec.count:
        other = "t10k (test)" if spec.split == "train" else "train"
        raise CorruptDataError(
            f"{path} holds {len(array):,} {spec.kind}; Fashion-MNIST's {spec.split} split has "
            f"{spec.count:,}. Are the train and t10k files swapped, or is this a different "
            f"file renamed? The {other} file should not be named '{path.name}'.\n{HOW_TO_GET_DATA}"
        )
    if spec.kind == "labels" and array.max(initial=0) >= len(CLASS_NAMES):
        bad = int(np.argmax(array >= len(CLASS_NAMES)))
        raise CorruptDataError(
            f"{path} has label {array[bad]} at position {bad}; labels must be 0-9. "
            f"The file is damaged.\n{HOW_TO_GET_DATA}"
        )
    if _fingerprint(array) != spec.sha256:
        raise CorruptDataError(
            f"{path} has the right format and size but not Fashion-MNIST's content. The "
            f"original MNIST digits use the very same file names: check that this folder "
            f"holds Fashion-MNIST (clothing), not MNIST (handwritten digits).\n{HOW_TO_GET_DATA}"
        )


def _fingerprint(array: np.ndarray) -> str:
    """SHA-256 of the IDX content ``array`` was read from (header and data)."""
    digest = hashlib.sha256(struct.pack(f">I{array.ndim}I", 0x0800 | array.ndim, *array.shape))
    digest.update(np.ascontiguousarray(array, dtype=np.uint8))
    return digest.hexdigest()


def _candidate_dirs(data_dir: str | os.PathLike | None) -> tuple[list[Path], bool]:
    """The folders to search, and whether the user chose them explicitly."""
    if data_dir is not None:
        return [Path(data_dir).expanduser()], True
    if os.environ.get(ENV_VAR):
        return [Path(os.environ[ENV_VAR]).expanduser()], True
    return [DEBIAN_DIR, keras_cache_dir()], False


def find_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The folder to load Fashion-MNIST from; downloads the files (about 30 MB) into the Keras cache if none has them.

    A folder that holds any of the four files is the one used; if it lacks some, or was
    chosen explicitly and holds none, a :class:`DataNotFoundError` says what is missing.

    Example:
        >>> find_data_dir()
        PosixPath('/usr/share/datasets/fashion-mnist')
    """
    folders, explicit = _candidate_dirs(data_dir)
    for folder in folders:
        present = {spec.name: _file_in(folder, spec) for spec in FILES}
        if any(present.values()) or explicit:
            missing = [name for name, path in present.items() if path is None]
            if missing and not explicit and folder == keras_cache_dir():
                break  # an earlier download was interrupted: finish it below
            if missing:
                how = "passed as data_dir" if data_dir is not None else f"named by {ENV_VAR}"
                how = how if explicit else "searched automatically"
                raise DataNotFoundError(
                    f"The folder {folder} ({how}) lacks {', '.join(missing)} (.gz). "
                    f"It needs all four Fashion-MNIST files.\n{HOW_TO_GET_DATA}"
                )
            return folder
    searched = "\n".join(f"  - {folder}" for folder in folders)
    try:
        return download_data(keras_cache_dir())
    except DataError as error:
        reason = f"\nThe download failed too: {error}"
    raise DataNotFoundError(
        f"Fashion-MNIST was not found. Places searched:\n{searched}\n"
        f"  - the environment variable {ENV_VAR} (not set){reason}\n{HOW_TO_GET_DATA}"
    )


def download_data(folder: Path) -> Path:
    """Download the four files into ``folder``, each verified before it takes its final name.

    Each file is downloaded into a temporary file of this process's own and renamed into place in
    one step, so two notebooks downloading at once both succeed (a file the other one finished is
    used as it is), and a failed or interrupted download leaves nothing that could break the next run.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # HOME not writable, or a file where a folder should be
        raise DataNotFoundError(f"could not create the folder {folder} ({error.strerror or error}).") from None
    for spec in FILES:
        target, partial = folder / f"{spec.name}.gz", None
        if _is_file(target):
            continue
        url = DOWNLOAD_URL + target.name
        try:
            _remove_stale_downloads(folder, target.name)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{target.name}.", suffix=".part",
                                             delete=False) as out:
                partial = Path(out.name)
                _fetch(url, out, target.name)
            if (problem := _download_problem(partial, spec)) is not None:
                raise DataNotFoundError(f"could not download {url}: {problem}. Nothing was kept; try again.")
            os.replace(partial, target)  # atomic: others see no file, or the whole verified file
        except OSError as error:  # includes urllib's URLError
            raise DataNotFoundError(f"could not download {url} ({error}).") from None
        finally:
            if partial is not None:
                partial.unlink(missing_ok=True)
    return folder


def _remove_stale_downloads(folder: Path, name: str) -> None:
    """Temporary files of downloads that were killed: unchanged for 10 minutes (a live one grows every second)."""
    for stale in folder.glob(f".{name}.*.part"):
        try:
            if time.time() - stale.stat().st_mtime > 600:
                stale.unlink()
        except OSError:  # removed meanwhile by the process that wrote it
            pass


def _download_problem(path: Path, spec: IdxFile) -> str | None:
    """What is wrong with a downloaded copy of ``spec``, or None: its content must have the SHA-256 of the original."""
    try:
        content = gzip.decompress(path.read_bytes())
    except (EOFError, OSError, zlib.error) as error:
        return f"the file arrived damaged or cut off ({error})"
    if hashlib.sha256(content).hexdigest() != spec.sha256:
        return f"the file that arrived is not Fashion-MNIST's {spec.name} (its content differs)"
    return None


def _fetch(url: str, out: BinaryIO, name: str) -> None:
    """Copy ``url`` into the open file ``out`` and show one progress line on stdout."""
    with urllib.request.urlopen(url, timeout=30) as response:
        total = int(response.headers.get("Content-Length") or 0)
        done = 0
        while chunk := response.read(1 << 20):
            out.write(chunk)
            done += len(chunk)
            percent = f"{100 * done // total:3d}%" if total else f"{done >> 20} MB"
            print(f"\rDownloading {name}: {percent}", end="")
    print()


@functools.lru_cache(maxsize=2)
def _load_verified(folder: Path, stamp: tuple) -> dict[tuple[str, str], np.ndarray]:
    """All four arrays of ``folder``, read and verified once per process (``stamp`` = file states)."""
    arrays = {}
    for spec in FILES:
        path = _file_in(folder, spec)
        array = read_idx(path, kind=spec.kind)
        _verify(path, spec, array)
        arrays[spec.split, spec.kind] = array
    return arrays


def load_arrays(
    data_dir: str | os.PathLike | None = None,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Fashion-MNIST as NumPy arrays: ``(x_train, y_train), (x_test, y_test)``.

    uint8 arrays of shapes (60000, 28, 28), (60000,), (10000, 28, 28), (10000,), in the
    original file order -- the same arrays ``keras.datasets.fashion_mnist.load_data()``
    returns. Each call returns fresh copies, so changing them never changes the next load.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = load_arrays()
        >>> x_test.shape, y_test[:5]
        ((10000, 28, 28), array([9, 2, 1, 1, 6], dtype=uint8))
    """
    folder = find_data_dir(data_dir).resolve()
    files = [_file_in(folder, spec) for spec in FILES]
    arrays = _load_verified(folder, tuple((f, f.stat().st_size, f.stat().st_mtime_ns) for f in files))
    return tuple((arrays[split, "images"].copy(), arrays[split, "labels"].copy()) for split in ("train", "test"))


# --- TensorFlow Datasets: the lesson's own call, offline (the folder itself: helpers/tfds_folder.py) -------------


def tfds_data_dir(folder: str | os.PathLike | None = None, *, source: str | os.PathLike | None = None) -> Path:
    """Return a TFDS data folder holding Fashion-MNIST, writing it there (about 40 MB) on the first call.

    For ``tfds.load("fashion_mnist", data_dir=tfds_data_dir())``, which then downloads nothing. The first call
    writes the verified files that :func:`load_arrays` reads (from ``source``), in their original order and in
    TFDS's format, into ``folder`` (default: ``~/.cache/fashion-mnist-course/tensorflow_datasets``), and says
    so; it takes about half a minute. Later calls only check that copy. Notebooks may call it at the same time.

    Example:
        >>> import tensorflow_datasets as tfds
        >>> dataset, metadata = tfds.load("fashion_mnist", data_dir=tfds_data_dir(),
        ...                               as_supervised=True, with_info=True)
        >>> metadata.splits["train"].num_examples
        60000
    """
    return tfds_folder.prepared_folder(folder, source)


def load_datasets(
    folder: str | os.PathLike | None = None,
) -> tuple[dict[str, tf.data.Dataset], tfds.core.DatasetInfo]:
    """The lesson's call, ``tfds.load("fashion_mnist", as_supervised=True, with_info=True)``, on the course's
    prepared folder (:func:`tfds_data_dir`): TFDS's own ``(dataset, metadata)``. For scripts; the notebooks
    write the call out.

    Example:
        >>> dataset, metadata = load_datasets()
        >>> dataset["train"].element_spec[0]
        TensorSpec(shape=(28, 28, 1), dtype=tf.uint8, name=None)
    """
    tfds = tfds_folder.import_tfds()
    return tfds.load(tfds_folder.TFDS_NAME, data_dir=tfds_data_dir(folder), as_supervised=True, with_info=True)


def as_dataset(images: np.ndarray, labels: np.ndarray) -> tf.data.Dataset:
    """Arrays of images (n, 28, 28) and labels (n,) as a ``tf.data.Dataset`` of ``(image, label)``
    pairs with the structure TFDS gives: uint8 (28, 28, 1) and int64.

    Example:
        >>> as_dataset(x_train[:100], y_train[:100]).cardinality().numpy()
        100
    """
    import tensorflow as tf

    images, labels = np.asarray(images), np.asarray(labels)
    if images.ndim != 3 or images.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE) or images.dtype != np.uint8:
        raise ValueError(
            f"images must be uint8 of shape (n, {IMAGE_SIZE}, {IMAGE_SIZE}), got {images.dtype} {images.shape}. "
            "Pass images as load_arrays() returns them, before normalising."
        )
    if labels.shape != (len(images),):
        raise ValueError(f"Got {len(images)} images but labels of shape {labels.shape}; pass one label per image.")
    return tf.data.Dataset.from_tensor_slices((images[..., np.newaxis], labels.astype(np.int64)))


def normalize(image: tf.Tensor, label: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """Scale pixels from 0-255 (uint8) to 0-1 (float32); use with ``dataset.map(normalize)``."""
    import tensorflow as tf

    return tf.cast(image, tf.float32) / 255.0, label


def two_moons(n: int = 400, *, noise: float = 0.15, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A small 2-D toy problem no straight line can solve: two interleaved half-circles.

    Returns ``points`` (n, 2) float32 and ``labels`` (n,) int64 (0 or 1, half each).

    Example:
        >>> points, labels = two_moons(200)
        >>> points.shape, labels.mean()
        ((200, 2), 0.5)
    """
    if n < 2 or n % 2:
        raise ValueError(f"n must be an even number of points, at least 2; got {n}.")
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, np.pi, n)
    upper = np.c_[np.cos(angle[: n // 2]), np.sin(angle[: n // 2])]
    lower = np.c_[1 - np.cos(angle[n // 2:]), 0.5 - np.sin(angle[n // 2:])]
    points = np.concatenate([upper, lower]) + rng.normal(0, noise, (n, 2))
    labels = np.repeat(np.array([0, 1], np.int64), n // 2)
    return points.astype(np.float32), labels
