"""helpers.data: finding, verifying and loading Fashion-MNIST, good files and every kind of bad one."""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from helpers import data, tfds_folder

REAL_DIR = Path(os.environ.get(data.ENV_VAR) or data.DEBIAN_DIR)
NAMES = [spec.name for spec in data.FILES]


def idx_bytes(array: np.ndarray, magic: int | None = None) -> bytes:
    """``array`` (uint8) in IDX format, optionally with a wrong magic number."""
    magic = (0x0800 | array.ndim) if magic is None else magic
    return struct.pack(f">I{array.ndim}I", magic, *array.shape) + array.astype(np.uint8).tobytes()


def write_idx(path: Path, content: bytes, *, gz: bool = True) -> Path:
    path.write_bytes(gzip.compress(content, compresslevel=1) if gz else content)
    return path


@pytest.fixture()
def isolated(tmp_path, monkeypatch):
    """No data anywhere: empty Debian folder, HOME (and so the Keras cache) in tmp, no env var,
    and a download address that cannot answer."""
    monkeypatch.setattr(data, "DEBIAN_DIR", tmp_path / "debian")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    monkeypatch.setattr(data, "DOWNLOAD_URL", (tmp_path / "server").as_uri() + "/")
    data._load_verified.cache_clear()
    yield tmp_path
    data._load_verified.cache_clear()


@pytest.fixture(scope="session")
def real_dir() -> Path:
    if not all((REAL_DIR / f"{name}.gz").is_file() for name in NAMES):
        pytest.fail(f"The real Fashion-MNIST files are needed in {REAL_DIR}: "
                    f"apt-get install dataset-fashion-mnist, or set {data.ENV_VAR}.")
    return REAL_DIR


def copy_real(real_dir: Path, target: Path, **renames: str) -> Path:
    """Copy the four real files into ``target``; ``renames`` maps a file name to the source it takes."""
    target.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        shutil.copy(real_dir / f"{renames.get(name, name)}.gz", target / f"{name}.gz")
    return target


# --- read_idx on small synthetic files ------------------------------------------------


@pytest.mark.parametrize("gz", [True, False])
def test_read_idx_reads_images_and_labels(tmp_path, gz):
    images = np.arange(2 * 28 * 28, dtype=np.uint32).reshape(2, 28, 28).astype(np.uint8)
    labels = np.array([3, 9], np.uint8)
    got_images = data.read_idx(write_idx(tmp_path / "i", idx_bytes(images), gz=gz), kind="images")
    got_labels = data.read_idx(write_idx(tmp_path / "l", idx_bytes(labels), gz=gz), kind="labels")
    np.testing.assert_array_equal(got_images, images)
    np.testing.assert_array_equal(got_labels, labels)
    assert got_images.dtype == np.uint8


def test_labels_file_read_as_images_names_the_file(tmp_path):
    path = write_idx(tmp_path / "train-images-idx3-ubyte.gz", idx_bytes(np.zeros(5, np.uint8)))
    message = r"(?s)train-images-idx3-ubyte\.gz is not an IDX file of images.*labels"
    with pytest.raises(data.CorruptDataError, match=message):
        data.read_idx(path, kind="images")


def test_wrong_magic_number(tmp_path):
    path = write_idx(tmp_path / "x.gz", idx_bytes(np.zeros((1, 28, 28), np.uint8), magic=0x00000D03))
    with pytest.raises(data.CorruptDataError, match="should start with 0x00000803 but starts with 00000d03"):
        data.read_idx(path, kind="images")


def test_truncated_gzip_is_a_clear_error_not_eoferror(tmp_path):
    whole = gzip.compress(idx_bytes(np.ones((50, 28, 28), np.uint8)))
    path = tmp_path / "cut.gz"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(data.CorruptDataError, match=r"(?s)cut\.gz is a damaged gzip file.*fresh copy.*apt-get install"):
        data.read_idx(path, kind="images")


def test_corrupt_gzip_stream(tmp_path):
    whole = bytearray(gzip.compress(idx_bytes(np.ones((50, 28, 28), np.uint8))))
    whole[20:40] = b"\xff" * 20
    path = tmp_path / "bad.gz"
    path.write_bytes(bytes(whole))
    with pytest.raises(data.CorruptDataError, match="damaged gzip"):
        data.read_idx(path, kind="images")


def test_content_shorter_than_header_says(tmp_path):
    path = write_idx(tmp_path / "short.gz", idx_bytes(np.zeros((4, 28, 28), np.uint8))[:-100])
    with pytest.raises(data.CorruptDataError, match="says it holds 4 x 28 x 28 bytes of data but has 3036"):
        data.read_idx(path, kind="images")


def test_empty_file(tmp_path):
    path = tmp_path / "empty"
    path.write_bytes(b"")
    with pytest.raises(data.CorruptDataError, match="an empty file"):
        data.read_idx(path, kind="labels")


def test_wrong_image_size(tmp_path):
    path = write_idx(tmp_path / "big.gz", idx_bytes(np.zeros((2, 32, 32), np.uint8)))
    with pytest.raises(data.CorruptDataError, match="32x32 pixels; Fashion-MNIST images are 28x28"):
        data.read_idx(path, kind="images")


def test_unreadable_file(tmp_path):
    folder_not_file = tmp_path / "labels.gz"
    folder_not_file.mkdir()
    with pytest.raises(data.DataError, match=r"labels\.gz cannot be read"):
        data.read_idx(folder_not_file, kind="labels")


def test_missing_file_and_bad_kind(tmp_path):
    with pytest.raises(data.DataNotFoundError, match="does not exist"):
        data.read_idx(tmp_path / "nope.gz", kind="labels")
    with pytest.raises(ValueError, match="kind must be 'images' or 'labels'"):
        data.read_idx(tmp_path / "nope.gz", kind="pictures")


def test_errors_are_value_errors():
    assert issubclass(data.CorruptDataError, ValueError)
    assert issubclass(data.DataNotFoundError, ValueError)


# --- the real dataset -------------------------------------------------------------------


def test_load_arrays_returns_the_real_dataset(isolated, real_dir):
    (x_train, y_train), (x_test, y_test) = data.load_arrays(real_dir)
    assert (x_train.shape, y_train.shape, x_test.shape, y_test.shape) == (
        (60000, 28, 28), (60000,), (10000, 28, 28), (10000,))
    assert {a.dtype for a in (x_train, y_train, x_test, y_test)} == {np.dtype(np.uint8)}
    assert x_train.min() == 0 and x_train.max() == 255
    np.testing.assert_array_equal(np.bincount(y_train), [6000] * 10)
    np.testing.assert_array_equal(np.bincount(y_test), [1000] * 10)
    assert [data.CLASS_NAMES[k] for k in y_test[:3]] == ["Ankle boot", "Pullover", "Trouser"]


def test_load_arrays_matches_keras_load_data(real_dir, tmp_path):
    """Keras reads the same files from its cache (no download when they are there)."""
    copy_real(real_dir, tmp_path / ".keras" / "datasets" / "fashion-mnist")
    script = textwrap.dedent(f"""
        import numpy as np, keras
        from helpers import data
        ours = data.load_arrays({str(real_dir)!r})
        theirs = keras.datasets.fashion_mnist.load_data()
        for a, b in zip(ours, theirs):
            for x, y in zip(a, b):
                assert x.dtype == y.dtype and np.array_equal(x, y)
        print("same")
    """)
    env = {**os.environ, "HOME": str(tmp_path), "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("KERAS_HOME", None)
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert result.stdout.strip() == "same", result.stderr[-2000:]


def test_returned_arrays_are_fresh_copies(isolated, real_dir):
    (x_train, _), _ = data.load_arrays(real_dir)
    x_train[0] = 7
    (again, _), _ = data.load_arrays(real_dir)
    assert again[0].max() == 255 and again[0].min() == 0


def test_normalize_scales_to_unit_range():
    import tensorflow as tf

    image, label = data.normalize(tf.constant([[0, 51, 255]], tf.uint8), tf.constant(4, tf.int64))
    assert image.dtype == tf.float32
    np.testing.assert_allclose(image.numpy(), [[0.0, 0.2, 1.0]])
    assert label.numpy() == 4


# --- where the data comes from ----------------------------------------------------------


def test_search_order_debian_before_keras_cache(isolated, real_dir, monkeypatch):
    monkeypatch.setattr(data, "DEBIAN_DIR", real_dir)
    copy_real(real_dir, data.keras_cache_dir())
    assert data.find_data_dir() == real_dir


def test_keras_cache_used_when_no_debian_package(isolated, real_dir):
    copy_real(real_dir, data.keras_cache_dir())
    assert data.find_data_dir() == data.keras_cache_dir()
    assert data.load_arrays()[1][0].shape == (10000, 28, 28)


def test_env_var_wins_and_is_the_only_place(isolated, real_dir, monkeypatch):
    monkeypatch.setattr(data, "DEBIAN_DIR", real_dir)
    chosen = copy_real(real_dir, isolated / "chosen")
    monkeypatch.setenv(data.ENV_VAR, str(chosen))
    assert data.find_data_dir() == chosen
    monkeypatch.setenv(data.ENV_VAR, str(isolated / "empty"))
    with pytest.raises(data.DataNotFoundError, match=f"empty \\(named by {data.ENV_VAR}\\) lacks"):
        data.find_data_dir()


def test_explicit_data_dir_is_the_only_place(isolated, real_dir, monkeypatch):
    monkeypatch.setattr(data, "DEBIAN_DIR", real_dir)
    (isolated / "mine").mkdir()
    with pytest.raises(data.DataNotFoundError, match=r"mine \(passed as data_dir\) lacks train-images"):
        data.load_arrays(isolated / "mine")


def test_folder_with_only_some_files(isolated, real_dir):
    folder = copy_real(real_dir, isolated / "some")
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(data.DataNotFoundError, match="lacks t10k-labels-idx1-ubyte"):
        data.load_arrays(folder)


def test_swapped_train_and_test_files(isolated, real_dir):
    folder = copy_real(real_dir, isolated / "swapped", **{
        "train-images-idx3-ubyte": "t10k-images-idx3-ubyte", "t10k-images-idx3-ubyte": "train-images-idx3-ubyte"})
    with pytest.raises(data.CorruptDataError, match=r"holds 10,000 images; Fashion-MNIST's train split has 60,000\. "
                                                    r"Are the train and t10k files swapped"):
        data.load_arrays(folder)


def test_images_and_labels_swapped(isolated, real_dir):
    folder = copy_real(real_dir, isolated / "mixed", **{"t10k-labels-idx1-ubyte": "t10k-images-idx3-ubyte"})
    with pytest.raises(data.CorruptDataError, match="t10k-labels-idx1-ubyte.gz is not an IDX file of labels"):
        data.load_arrays(folder)


def test_labels_out_of_range(isolated, real_dir):
    folder = copy_real(real_dir, isolated / "labels")
    labels = data.read_idx(real_dir / "t10k-labels-idx1-ubyte.gz", kind="labels").copy()
    labels[1234] = 12
    write_idx(folder / "t10k-labels-idx1-ubyte.gz", idx_bytes(labels))
    with pytest.raises(data.CorruptDataError, match="has label 12 at position 1234; labels must be 0-9"):
        data.load_arrays(folder)


def test_right_format_wrong_content_is_caught(isolated, real_dir):
    """MNIST digits have the same file names, counts and shapes: only the content differs."""
    folder = copy_real(real_dir, isolated / "digits")
    write_idx(folder / "t10k-images-idx3-ubyte.gz", idx_bytes(np.zeros((10000, 28, 28), np.uint8)))
    with pytest.raises(data.CorruptDataError, match="not Fashion-MNIST's content.*MNIST"):
        data.load_arrays(folder)


def test_reading_writes_nothing_into_the_data_folder(isolated, real_dir):
    folder = copy_real(real_dir, isolated / "ro")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir())
    data.load_arrays(folder)
    assert sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()) == before


# --- downloading --------------------------------------------------------------------------


def test_nothing_anywhere_and_offline_lists_places_and_ways(isolated):
    with pytest.raises(data.DataNotFoundError) as caught:
        data.load_arrays()
    message = str(caught.value)
    for expected in (str(isolated / "debian"), str(data.keras_cache_dir()), f"{data.ENV_VAR} (not set)",
                     "The download failed too: could not download"):
        assert expected in message
    assert message.count(data.HOW_TO_GET_DATA) == 1  # the ways to get the data, once
    assert not any(data.keras_cache_dir().iterdir()), "a failed download left files behind"


def test_download_into_keras_cache(isolated, real_dir, capsys):
    copy_real(real_dir, isolated / "server")
    (x_train, _), _ = data.load_arrays()
    assert x_train.shape == (60000, 28, 28)
    assert sorted(p.name for p in data.keras_cache_dir().iterdir()) == sorted(f"{n}.gz" for n in NAMES)
    assert "Downloading train-images-idx3-ubyte.gz: 100%" in capsys.readouterr().out


def test_broken_download_leaves_nothing_that_breaks_the_next_run(isolated, real_dir):
    server = copy_real(real_dir, isolated / "server")
    good = (server / "train-images-idx3-ubyte.gz").read_bytes()
    (server / "train-images-idx3-ubyte.gz").write_bytes(good[: len(good) // 3])
    with pytest.raises(data.DataNotFoundError, match="download failed too: could not download .*train-images-idx3-"
                                                     "ubyte.gz: the file arrived damaged or cut off") as caught:
        data.load_arrays()
    message = str(caught.value)  # says what happened once, and nothing about a temporary file that is already gone
    assert ".part" not in message and "Delete it" not in message and message.count(data.HOW_TO_GET_DATA) == 1
    leftovers = {p.name for p in data.keras_cache_dir().iterdir()}
    assert not any("train-images" in name for name in leftovers)
    (server / "train-images-idx3-ubyte.gz").write_bytes(good)  # the network is back
    assert data.load_arrays()[0][0].shape == (60000, 28, 28)


def test_download_of_other_content_is_refused(isolated, real_dir):
    server = copy_real(real_dir, isolated / "server", **{"t10k-labels-idx1-ubyte": "train-labels-idx1-ubyte"})
    with pytest.raises(data.DataNotFoundError, match="t10k-labels-idx1-ubyte.gz: the file that arrived is not "
                                                     "Fashion-MNIST's t10k-labels-idx1-ubyte"):
        data.download_data(data.keras_cache_dir())
    assert (server / "t10k-labels-idx1-ubyte.gz").is_file()
    assert not (data.keras_cache_dir() / "t10k-labels-idx1-ubyte.gz").exists()


def test_two_notebooks_downloading_at_once_both_succeed(isolated, real_dir, monkeypatch):
    """Two notebooks opened at the same time (as in Colab): while the first is still downloading its first file,
    the second downloads everything. Both end with the verified files; the first uses the files the second
    finished instead of downloading them again."""
    copy_real(real_dir, isolated / "server")
    fetch, fetched = data._fetch, []

    def interleaved(url, out, name):
        fetch(url, out, name)
        fetched.append(name)
        if len(fetched) == 1:  # the first notebook is between its download and its rename ...
            data.download_data(data.keras_cache_dir())  # ... when the second one runs from start to end

    monkeypatch.setattr(data, "_fetch", interleaved)
    assert data.download_data(data.keras_cache_dir()) == data.keras_cache_dir()
    assert fetched == [f"{name}.gz" for name in NAMES[:1] + NAMES]  # the first notebook fetched one file only
    assert sorted(p.name for p in data.keras_cache_dir().iterdir()) == sorted(f"{name}.gz" for name in NAMES)
    assert data.load_arrays()[1][0].shape == (10000, 28, 28)


def test_a_killed_downloads_temporary_file_is_removed_later(isolated, real_dir):
    copy_real(real_dir, isolated / "server")
    cache = data.keras_cache_dir()
    cache.mkdir(parents=True)
    stale, live = cache / ".t10k-labels-idx1-ubyte.gz.abc.part", cache / ".t10k-labels-idx1-ubyte.gz.xyz.part"
    stale.write_bytes(b"half")
    live.write_bytes(b"growing")  # another notebook's download, still going on
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    data.download_data(cache)
    assert not stale.exists() and live.exists()


# --- folders that cannot be used: the "not found, and how to get it" message, never a raw OSError ----------------


def outcome(function) -> str:
    try:
        return f"RETURNED {function()}"
    except Exception as error:
        return f"RAISED {type(error).__name__}: {error}"


def as_another_user(function) -> str:
    """``outcome(function)`` for a user who is not root: root may enter any folder, so only someone else gets a
    permission error. As root, a forked child gives up root (to "nobody") first."""
    if os.geteuid() != 0:
        return outcome(function)
    reader, writer = os.pipe()
    if (child := os.fork()) == 0:
        try:
            os.setgid(65534)
            os.setuid(65534)
            text = outcome(function)
        except BaseException as error:  # report anything, and never return into pytest in the child
            text = f"CHILD FAILED: {error!r}"
        os.write(writer, text.encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        text = pipe.read()
    os.waitpid(child, 0)
    return text


@pytest.fixture()
def open_folder(isolated):
    """A folder everyone may enter (pytest's tmp_path is root's alone), removed afterwards."""
    folder = Path(tempfile.mkdtemp())
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def test_folders_you_may_not_enter_or_write_to(open_folder, real_dir, monkeypatch):
    locked = copy_real(real_dir, open_folder / "locked")
    locked.chmod(0o700)  # root's: nobody else may look inside
    home = open_folder / "home"
    home.mkdir()  # nobody else may write here: no Keras cache can be made
    monkeypatch.setattr(data, "DEBIAN_DIR", locked)
    monkeypatch.setenv("HOME", str(home))
    searched = as_another_user(data.find_data_dir)
    assert searched.startswith("RAISED DataNotFoundError: Fashion-MNIST was not found."), searched
    assert f"could not create the folder {home}/.keras/datasets/fashion-mnist (Permission denied)" in searched
    assert searched.count(data.HOW_TO_GET_DATA) == 1
    chosen = as_another_user(lambda: data.find_data_dir(locked))
    assert chosen.startswith(f"RAISED DataNotFoundError: The folder {locked} (passed as data_dir) lacks"), chosen


def test_home_that_is_a_file(isolated, monkeypatch):
    (isolated / "home").write_text("not a folder")
    with pytest.raises(data.DataNotFoundError, match=r"(?s)not found.*could not create the folder .*\(Not a "
                                                     r"directory\).*apt-get install"):
        data.load_arrays()


def test_names_too_long_for_the_file_system(isolated, monkeypatch):
    too_long = isolated / ("x" * 300)
    with pytest.raises(data.DataNotFoundError, match=r"passed as data_dir\) lacks train-images"):
        data.load_arrays(too_long)
    monkeypatch.setenv("HOME", str(too_long))
    with pytest.raises(data.DataNotFoundError, match=r"(?s)could not create the folder .*File name too long"):
        data.load_arrays()


def test_as_dataset_structure_and_bad_input():
    import tensorflow as tf

    images, labels = np.zeros((3, 28, 28), np.uint8), np.array([1, 2, 3], np.uint8)
    dataset = data.as_dataset(images, labels)
    assert dataset.element_spec == (tf.TensorSpec((28, 28, 1), tf.uint8), tf.TensorSpec((), tf.int64))
    with pytest.raises(ValueError, match=r"images must be uint8 of shape \(n, 28, 28\), got float64"):
        data.as_dataset(images / 255, labels)
    with pytest.raises(ValueError, match=r"Got 3 images but labels of shape \(2,\)"):
        data.as_dataset(images, labels[:2])


def test_two_moons_is_balanced_seeded_and_checked():
    points, labels = data.two_moons(100, seed=3)
    assert points.shape == (100, 2) and points.dtype == np.float32 and labels.tolist() == [0] * 50 + [1] * 50
    np.testing.assert_array_equal(points, data.two_moons(100, seed=3)[0])
    with pytest.raises(ValueError, match="even number"):
        data.two_moons(7)


# --- TensorFlow Datasets: the lesson's own call, offline ------------------------------------------------------


def tree(folder: Path) -> list[tuple[str, int, int]]:
    """Every file under ``folder``: its path, size and modification time."""
    return sorted((str(path.relative_to(folder)), path.stat().st_size, path.stat().st_mtime_ns)
                  for path in folder.rglob("*") if path.is_file())


def version_dir(root: Path) -> Path:
    import tensorflow_datasets as tfds

    return root / "fashion_mnist" / str(tfds.builder_cls("fashion_mnist").VERSION)


def split_arrays(dataset) -> tuple[np.ndarray, np.ndarray]:
    """All (image, label) pairs of a split, in the order the dataset yields them."""
    import tensorflow_datasets as tfds

    batches = list(tfds.as_numpy(dataset.batch(10_000)))
    return np.concatenate([images for images, _ in batches]), np.concatenate([labels for _, labels in batches])


@contextlib.contextmanager
def network_refused():
    """Every attempt to look up a host or connect fails, and is recorded in the list this yields."""
    import socket
    from unittest import mock

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("no network in this test")

    with mock.patch.object(socket, "getaddrinfo", refuse), mock.patch.object(socket.socket, "connect", refuse):
        yield attempts


@pytest.fixture(scope="module")
def prepared(tmp_path_factory, real_dir) -> tuple[Path, Path, str, str]:
    """One TFDS folder prepared, without a network, from a copy of the real files, for the tests that read it:
    the folder, the copy of the files, and what the preparation printed on stdout and on stderr."""
    source = copy_real(real_dir, tmp_path_factory.mktemp("idx"))
    before = tree(source)
    root = tmp_path_factory.mktemp("tfds")
    with (network_refused() as attempts, contextlib.redirect_stdout(io.StringIO()) as out,
          contextlib.redirect_stderr(io.StringIO()) as err):
        assert data.tfds_data_dir(root, source=source) == root
    assert attempts == [], "preparing tried to reach the network"
    assert tree(source) == before, "preparing changed the folder of the original files"
    return root, source, out.getvalue(), err.getvalue()


def test_the_lessons_call_returns_the_idx_files_in_their_order(prepared, real_dir):
    import tensorflow as tf
    import tensorflow_datasets as tfds

    root, _, _, _ = prepared
    dataset, metadata = tfds.load("fashion_mnist", data_dir=root, as_supervised=True, with_info=True)
    assert isinstance(metadata, tfds.core.DatasetInfo) and set(dataset) == {"train", "test"}
    assert dataset["train"].element_spec == (tf.TensorSpec((28, 28, 1), tf.uint8), tf.TensorSpec((), tf.int64))
    assert metadata.features["label"].names == list(data.CLASS_NAMES)
    assert metadata.splits["train"].num_examples == 60_000 and metadata.splits["test"].num_examples == 10_000
    assert metadata.supervised_keys == ("image", "label")
    for (x, y), split in zip(data.load_arrays(real_dir), ("train", "test"), strict=True):
        images, labels = split_arrays(dataset[split])
        np.testing.assert_array_equal(images[..., 0], x)  # every pixel, in the original order
        np.testing.assert_array_equal(labels, y)


def test_a_first_run_says_what_it_does_and_nothing_else(prepared):
    root, source, out, err = prepared
    lines = out.splitlines()
    assert len(lines) == 2, out
    assert lines[0] == f"Preparing Fashion-MNIST for TensorFlow Datasets in {root} (once, about half a minute) ..."
    assert re.fullmatch(rf"Done in \d+ s: the 70,000 images of {re.escape(str(source))}, in their original order\. "
                        r"Later runs reuse them\.", lines[1]), lines[1]
    assert err == "", "TFDS's progress bars or messages reached stderr"


def test_a_second_call_reuses_the_folder_and_tfds_load_writes_nothing(prepared, capsys):
    import tensorflow_datasets as tfds

    root, _, _, _ = prepared
    before = tree(root)
    assert data.tfds_data_dir(root) == root
    tfds.load("fashion_mnist", data_dir=root, as_supervised=True, with_info=True)
    assert tree(root) == before
    assert capsys.readouterr().out == ""


def test_the_lessons_call_does_not_touch_the_network(prepared):
    import tensorflow_datasets as tfds

    root, _, _, _ = prepared
    with network_refused() as attempts:
        dataset, _ = tfds.load("fashion_mnist", data_dir=data.tfds_data_dir(root), as_supervised=True,
                               with_info=True)
        next(iter(dataset["test"]))
    assert attempts == []


def test_load_datasets_is_the_lessons_call_on_the_courses_folder(prepared, real_dir):
    import tensorflow_datasets as tfds

    root, _, _, _ = prepared
    dataset, metadata = data.load_datasets(root)
    assert isinstance(metadata, tfds.core.DatasetInfo) and metadata.name == "fashion_mnist"
    image, label = next(iter(dataset["test"]))
    _, (x_test, y_test) = data.load_arrays(real_dir)
    np.testing.assert_array_equal(image.numpy()[..., 0], x_test[0])
    assert label.numpy() == y_test[0]


def test_tfds_class_names_are_the_courses(tmp_path):
    """The helpers' CLASS_NAMES (used by the figures) and TFDS's own fashion_mnist builder agree."""
    import tensorflow_datasets as tfds

    assert tfds.builder("fashion_mnist", data_dir=tmp_path).info.features["label"].names == list(data.CLASS_NAMES)
    assert not any(tmp_path.iterdir()), "asking TFDS's builder for its features wrote files"


def test_tensorflow_datasets_imports_after_the_helpers():
    """On Colab's stack (protobuf 5.29 and tensorflow-metadata generated by protobuf 6.31) ``import
    tensorflow_datasets`` fails unless helpers.data has imported tensorflow-metadata first; the version check
    is switched off for that import only."""
    import tensorflow_datasets as tfds

    assert tfds.builder_cls("fashion_mnist").name == "fashion_mnist"
    assert "TEMPORARILY_DISABLE_PROTOBUF_VERSION_CHECK" not in os.environ


PREPARE_IN_ANOTHER_PROCESS = """
import sys
from helpers import data
data.tfds_data_dir(sys.argv[1], source=sys.argv[2])
"""


def test_notebooks_preparing_at_once_and_a_killed_preparations_leftovers(tmp_path, real_dir):
    """Two processes (two notebooks, or two pytest-xdist workers) ask for a folder that a killed preparation
    left half-written: one prepares, the other waits for it, and the leftovers are neither used nor kept."""
    root = tmp_path / "tfds"
    leftover = root / ".fashion_mnist-preparing-killed" / "fashion_mnist" / "3.0.1"
    leftover.mkdir(parents=True)
    (leftover / "fashion_mnist-train.tfrecord-00000-of-00001").write_bytes(b"half")
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    command = [sys.executable, "-c", PREPARE_IN_ANOTHER_PROCESS, str(root), str(real_dir)]
    processes = [subprocess.Popen(command, cwd=Path(data.__file__).parents[1], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(process.communicate(timeout=600), process.returncode) for process in processes]
    for (_, err), returncode in results:
        assert returncode == 0, err[-3000:]
    outputs = [out for (out, _), _ in results]
    assert sum("Preparing Fashion-MNIST" in out for out in outputs) == 1, outputs
    assert not any("Preparing" in out and "Waiting" in out for out in outputs)
    assert sorted(path.name for path in root.iterdir()) == [".fashion_mnist.lock", "fashion_mnist"]
    assert data.tfds_data_dir(root) == root  # whole: every file as recorded


def test_an_interrupted_preparation_keeps_nothing(tmp_path, real_dir, monkeypatch, capsys):
    def disk_full(staging, version, splits):
        (staging / "fashion_mnist").mkdir()
        (staging / "fashion_mnist" / "half-written").write_bytes(b"x" * 100)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tfds_folder, "_write_tfds_copy", disk_full)
    root = tmp_path / "tfds"
    with pytest.raises(data.DataError, match=r"(?s)failed \(\[Errno 28\] No space left on device\)\. Nothing "
                                             r"half-written was kept\. Free some disk space"):
        data.tfds_data_dir(root, source=real_dir)
    assert [path.name for path in root.iterdir()] == [".fashion_mnist.lock"]
    assert "Preparing Fashion-MNIST" in capsys.readouterr().out


@pytest.mark.parametrize("damage", ["truncated", "changed", "missing", "no record", "bad record"])
def test_a_damaged_folder_is_refused_with_the_way_to_fix_it(prepared, tmp_path, damage):
    root = tmp_path / "tfds"
    shutil.copytree(prepared[0], root)
    folder = version_dir(root)
    train = folder / "fashion_mnist-train.tfrecord-00000-of-00001"
    if damage == "truncated":
        train.write_bytes(train.read_bytes()[:-1000])
        problem = r"its file fashion_mnist-train\.tfrecord-00000-of-00001 has 33,67\d,\d{3} bytes instead of"
    elif damage == "changed":
        content = bytearray(train.read_bytes())
        content[len(content) // 2] ^= 0xFF
        train.write_bytes(bytes(content))
        problem = r"the content of its file fashion_mnist-train\.tfrecord-00000-of-00001 has changed"
    elif damage == "missing":
        (folder / "features.json").unlink()
        problem = r"its file features\.json is missing"
    elif damage == "no record":
        (folder / tfds_folder.PREPARED_RECORD).unlink()
        problem = r"it has no prepared_from_idx_files\.json, so it was not prepared \(or not finished\) by the course"
    else:
        (folder / tfds_folder.PREPARED_RECORD).write_text("{")
        problem = r"its prepared_from_idx_files\.json is damaged"
    with pytest.raises(data.CorruptDataError, match=rf"(?s){re.escape(str(folder))} cannot be used: {problem}.*"
                                                    r"delete that folder and run again") as caught:
        data.tfds_data_dir(root)
    fix = str(caught.value).splitlines()[-1].strip()
    assert fix.startswith("import shutil; shutil.rmtree(")
    exec(fix)  # the fix the message gives works
    assert not folder.exists()


def test_no_data_anywhere_prepares_nothing(isolated):
    root = isolated / "tfds"
    with pytest.raises(data.DataNotFoundError, match="Fashion-MNIST was not found") as caught:
        data.tfds_data_dir(root)
    assert data.HOW_TO_GET_DATA in str(caught.value)
    assert [path.name for path in root.iterdir()] == [".fashion_mnist.lock"]


def test_a_folder_that_cannot_be_made(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(data.DataError, match=r"could not create the folder .*a-file/tfds for TensorFlow Datasets "
                                             r"\(Not a directory\)\. Pass a folder you may write to"):
        data.tfds_data_dir(tmp_path / "a-file" / "tfds")


def test_default_folder_is_the_courses_not_tfdss(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert tfds_folder.default_tfds_dir() == tmp_path / ".cache" / "fashion-mnist-course" / "tensorflow_datasets"
    assert tfds_folder.default_tfds_dir() != tmp_path / "tensorflow_datasets"
