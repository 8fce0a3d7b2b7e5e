"""helpers.photos: any photo becomes a Fashion-MNIST-like input, and bad ones a clear PhotoError."""

from __future__ import annotations

import datetime
import io
import os
import struct
import sys
import threading
import types
import zlib
from pathlib import Path

import ipywidgets
import nbformat
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from matplotlib.figure import Figure
from PIL import Image

from helpers import data, photos, plots
from helpers.photos import PhotoError

# derandomize: the same examples on every run, so a failure in CI can be reproduced here
HYPOTHESIS = settings(max_examples=80, deadline=None, database=None, derandomize=True,
                      suppress_health_check=[HealthCheck.too_slow])


def garment(height: int = 300, width: int = 200, *, top: int = 40, left: int = 50, box: tuple[int, int] = (200, 80),
            background: float = 0.9, colour: float = 0.2) -> np.ndarray:
    """A float grey "photo": a rectangle with a lighter stripe (so it has some inner detail)."""
    image = np.full((height, width), background, np.float32)
    image[top:top + box[0], left:left + box[1]] = colour
    image[top + box[0] // 3:top + box[0] // 3 + 5, left:left + box[1]] = (colour + background) / 2
    return image


def encoded(image: Image.Image | np.ndarray, fmt: str = "PNG", **options) -> bytes:
    image = image if isinstance(image, Image.Image) else Image.fromarray(image)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` x ``height`` pixels (a "decompression bomb")."""
    content = bytearray(encoded(np.zeros((8, 8), np.uint8)))
    header = b"IHDR" + struct.pack(">II", width, height) + content[24:29]
    content[12:29] = header
    content[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(content)


def assert_model_input(x: np.ndarray) -> None:
    assert isinstance(x, np.ndarray) and x.shape == (28, 28, 1) and x.dtype == np.float32
    assert np.isfinite(x).all() and x.min() >= 0 and x.max() <= 1


def object_box(x: np.ndarray, level: float = 0.05) -> tuple[int, int, int, int]:
    rows, cols = np.flatnonzero((x.squeeze() > level).any(1)), np.flatnonzero((x.squeeze() > level).any(0))
    return rows[0], cols[0], rows[-1] + 1, cols[-1] + 1


# --- bad input: always a PhotoError that says what was wrong and what to do -------------------


def test_photo_error_is_a_value_error():
    assert issubclass(PhotoError, ValueError)


@pytest.mark.parametrize("photo, message", [
    (None, "Cannot read a photo from NoneType None. Pass a file path, the bytes"),
    (42, "Cannot read a photo from int 42"),
    ([[0, 1], [1, 0]], r"from list \[\[0, 1\], \[1, 0\]\]\..*Make them an array first: np\.array"),
    ((), "Nothing was uploaded yet: choose a photo with the upload button first"),
    ({}, "Nothing was uploaded yet"),
    ({"a.png": b"1", "b.png": b"2"}, r"2 files were uploaded \(a\.png, b\.png\); choose one photo at a time"),
    ({"a.png": b"..."}, r"The upload 'a\.png' is not an image: its 3 bytes look like text"),
    (({"name": "x.jpg", "content": memoryview(b"")},), r"The upload 'x\.jpg' is empty \(0 bytes\)"),
    ({"x.jpg": {"metadata": {"name": "x.jpg"}, "content": b""}}, r"The upload 'x\.jpg' is empty"),  # ipywidgets 7
    (3.5, "Cannot read a photo from float"),
])
def test_wrong_types(photo, message):
    with pytest.raises(PhotoError, match=message):
        photos.to_model_input(photo)


def test_random_bytes_and_text_are_not_images(tmp_path):
    noise = np.random.default_rng(0).integers(0, 256, 5000, dtype=np.uint8).tobytes()
    with pytest.raises(PhotoError, match=r"The photo is not an image: its 5,000 bytes look like data.*PNG or JPEG"):
        photos.to_model_input(noise)
    text = tmp_path / "notes.txt"
    text.write_text("my favourite shirt\n")
    with pytest.raises(PhotoError, match=r"The file '.*notes\.txt' is not an image: its 19 bytes look like text"):
        photos.to_model_input(text)


def test_empty_bytes_and_empty_file(tmp_path):
    with pytest.raises(PhotoError, match=r"The photo is empty \(0 bytes\): the upload or copy did not work"):
        photos.to_model_input(b"")
    (tmp_path / "empty.jpg").write_bytes(b"")
    with pytest.raises(PhotoError, match=r"The file '.*empty\.jpg' is empty \(0 bytes\)"):
        photos.to_model_input(str(tmp_path / "empty.jpg"))


def test_huge_file_and_bytes_are_refused_unread(tmp_path):
    huge = tmp_path / "huge.png"
    with open(huge, "wb") as file:
        file.truncate(photos.MAX_BYTES + 2**20)  # sparse: no disk space used
    with pytest.raises(PhotoError, match=r"The file '.*huge\.png' is 21 MB; photos up to 20 MB are accepted"):
        photos.to_model_input(huge)
    with pytest.raises(PhotoError, match=r"The photo is 21 MB; photos up to 20 MB"):
        photos.to_model_input(bytes(photos.MAX_BYTES + 2**20))


@pytest.mark.parametrize("width, height, size", [
    (8000, 8000, r"8000 x 8000"),  # 64 megapixels: over our limit, under Pillow's
    (30000, 30000, "more than Pillow's safety limit"),  # 900 megapixels: Pillow's own bomb check
])
def test_decompression_bombs(width, height, size):
    bomb = png_declaring(width, height)
    assert len(bomb) < 200
    with pytest.raises(PhotoError, match=f"has too many pixels \\({size}\\); up to 50 megapixels"):
        photos.to_model_input(bomb)


def test_too_many_pixels_in_a_pil_image_or_array():
    with pytest.raises(PhotoError, match=r"too many pixels \(10000 x 6000\)"):
        photos.to_model_input(Image.new("1", (10000, 6000)))
    with pytest.raises(PhotoError, match=r"The image array has too many pixels \(5001 x 10000\)"):
        photos.to_model_input(np.broadcast_to(np.uint8(0), (10000, 5001)))


@pytest.mark.parametrize("value", [0.0, 0.5, 1.0])
def test_blank_photos_have_no_object(value):
    with pytest.raises(PhotoError, match=f"Found no object in the photo: it is almost one flat shade "
                                         f"\\(99% of its pixels between {value:.2f} and {value:.2f}.*PNG or JPEG"):
        photos.to_model_input(np.full((60, 40), value))


def test_faint_noise_alone_is_not_an_object():
    noise = np.random.default_rng(1).normal(0.8, 0.01, (200, 150)).clip(0, 1)
    with pytest.raises(PhotoError, match="Found no object"):
        photos.to_model_input(noise)


@pytest.mark.parametrize("shape, message", [
    ((10,), r"got shape \(10,\)\.$"),
    ((2, 3, 5, 7), r"got shape \(2, 3, 5, 7\)\."),
    ((1, 30, 30, 3), r"For a batch of one image, pass array\[0\]"),
    ((12, 9, 2), r"got shape \(12, 9, 2\)\. 2 channels \(grey \+ alpha\?\) are not supported"),
    ((3, 40, 30), r"Channels come last here: use np\.moveaxis"),
    ((0, 5), r"The image array of shape \(0, 5\) has no pixels"),
])
def test_arrays_of_the_wrong_shape(shape, message):
    with pytest.raises(PhotoError, match=message):
        photos.to_model_input(np.zeros(shape, np.uint8))


@pytest.mark.parametrize("array, message", [
    (garment() * 255, r"Float pixel values must lie between 0 \(black\) and 1 \(white\); this array holds 51 to 230\. "
                      r"For values 0-255, pass array / 255"),
    (np.where(garment() > 0.5, np.nan, 0.2), "NaN or infinite"),
    ((garment() * 255).astype(np.int16) - 100, r"this int16 array holds -49 to 129"),
    (np.full((5, 5), 70000, np.int32), r"this int32 array holds 70000 to 70000"),
    (np.full((5, 5), "a"), "must hold numbers .* not <U1"),
    (np.ones((5, 5), complex), "not complex128"),
])
def test_arrays_of_the_wrong_values(array, message):
    with pytest.raises(PhotoError, match=message):
        photos.to_model_input(array)


def test_missing_path_and_folder(tmp_path):
    with pytest.raises(PhotoError, match=r"There is no file '.*nope\.jpg' \(looked in .*\)\. Check the name"):
        photos.to_model_input(tmp_path / "nope.jpg")
    with pytest.raises(PhotoError, match=r"is a folder, not a photo"):
        photos.to_model_input(tmp_path)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
@pytest.mark.parametrize("keep", [0.5, 0.1])
def test_truncated_files(tmp_path, fmt, keep):
    whole = encoded((garment() * 255).astype(np.uint8), fmt)
    path = tmp_path / f"cut.{fmt.lower()}"
    path.write_bytes(whole[: int(len(whole) * keep)])
    with pytest.raises(PhotoError, match=r"The file '.*cut\.\w+' is a damaged or cut-off image \(Pillow says: .*\)\. "
                                         r"It was probably not copied or uploaded completely"):
        photos.to_model_input(path)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_pil_image_of_a_cut_off_file_says_so(tmp_path, fmt):
    """Pillow reads the pixels only when they are needed: a cut-off file fails then, and is not a closed one."""
    whole = encoded(GREY, fmt)
    path = tmp_path / f"cut.{fmt.lower()}"
    path.write_bytes(whole[: len(whole) // 2])
    message = (r"^The PIL image is a damaged or cut-off image \(Pillow says: image file is truncated.*\)\. It was "
               r"probably not copied or uploaded completely: open it in an image viewer, save it again, and retry\.")
    with Image.open(path) as image, pytest.raises(PhotoError, match=message):
        photos.to_model_input(image)


@pytest.mark.parametrize("shape, size", [((1, 10_000), "10000 x 1"), ((10_000, 1), "1 x 10000")])
def test_a_thin_strip_says_so(shape, size):
    """Shrunk to WORK_SIZE pixels, a strip 10,000 pixels long would be 0 pixels wide."""
    with pytest.raises(PhotoError, match=rf"^The photo is {size} pixels: a strip too thin to show a garment\. For a "
                                         r"flattened image, give it back its height and width, e\.g\. array\.reshape"):
        photos.preprocessing_steps(np.full(shape, 200, np.uint8))


def test_corrupt_png_data():
    content = bytearray(encoded((garment() * 255).astype(np.uint8)))
    content[60:80] = b"\x00" * 20  # inside the compressed pixel data: the checksum no longer matches
    with pytest.raises(PhotoError, match="damaged or cut-off image"):
        photos.to_model_input(bytes(content))


def test_messages_keep_the_path_and_upload_name_as_written(tmp_path):
    """A path lower-cased does not exist on macOS or Linux: messages quote it exactly."""
    folder = tmp_path / "Users" / "Anna"
    folder.mkdir(parents=True)
    (folder / "IMG_1.HEIC").write_bytes(b"")
    with pytest.raises(PhotoError, match=f"^The file '{folder}/IMG_1.HEIC' is empty"):
        photos.to_model_input(folder / "IMG_1.HEIC")
    with pytest.raises(PhotoError, match=r"^The upload 'IMG_2\.HEIC' is not an image"):
        photos.to_model_input({"IMG_2.HEIC": b"ftypheic but not really"})
    with pytest.raises(PhotoError, match=r"^The file '.*/Users/Anna/Nope\.JPG' is a damaged"):
        (folder / "Nope.JPG").write_bytes(encoded(GREY, "JPEG")[:300])
        photos.to_model_input(folder / "Nope.JPG")


@pytest.mark.parametrize("number", [np.array(0.5), np.float64(0.5), np.uint8(3), np.array([[0.5]])[0, 0]])
def test_a_single_number_is_not_a_photo(number):
    with pytest.raises(PhotoError, match=r"got shape \(\)\. That is a single number, not a picture"):
        photos.to_model_input(number)


def test_a_closed_pil_image_says_so(tmp_path):
    path = tmp_path / "shirt.png"
    path.write_bytes(encoded(GREY))
    with Image.open(path) as never_loaded:  # the pixels were never read before the file was closed
        pass
    loaded_then_closed = Image.open(path)
    loaded_then_closed.load()
    loaded_then_closed.close()
    for image in (never_loaded, loaded_then_closed):
        with pytest.raises(PhotoError, match=r"The PIL image cannot be read \(Pillow says: \w.*\)\. Was its file "
                                             r"closed, e\.g\. by the end of a `with Image\.open\(\.\.\.\)` block\?"):
            photos.to_model_input(image)


def test_a_pipe_is_refused_not_read_forever(tmp_path):
    fifo = tmp_path / "photo.jpg"
    os.mkfifo(fifo)
    outcome = {}

    def attempt():
        try:
            photos.to_model_input(fifo)
        except PhotoError as error:
            outcome["error"] = str(error)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():  # waiting for someone to write into the pipe: do it, so that the thread ends
        with open(fifo, "wb"):
            pass
        thread.join(10)
        pytest.fail("to_model_input waited forever to read a pipe")
    assert outcome["error"] == f"'{fifo}' is not a file but a pipe or a device. Pass the path of a photo file."


def test_sample_photo_unknown_name():
    with pytest.raises(ValueError, match="There is no sample photo 'dress'; choose one of 't-shirt', 'trouser'"):
        photos.sample_photo("dress")


# --- good input of every kind: always a (28, 28, 1) float32 input in 0-1 ----------------------

GREY = (garment() * 255).astype(np.uint8)
RGB = np.stack([GREY, GREY // 2, GREY], axis=-1)


@pytest.mark.parametrize("photo", [
    GREY, GREY[..., None], RGB, np.dstack([RGB, np.full_like(GREY, 255)]),
    GREY.astype(np.uint16) * 257, GREY / 255, (GREY / 255).astype(np.float32), GREY > 128, GREY.astype(np.int64),
    Image.fromarray(GREY), Image.fromarray(RGB), Image.fromarray(GREY).convert("1"), Image.fromarray(RGB).convert("P"),
    Image.fromarray(RGB).convert("CMYK"), Image.fromarray(GREY).convert("LA"), Image.fromarray(GREY).convert("I"),
    Image.fromarray(GREY.astype(np.uint16) * 257), Image.fromarray(GREY / 255),
    encoded(GREY), bytearray(encoded(RGB, "JPEG")), memoryview(encoded(RGB, "WEBP")), encoded(RGB, "BMP"),
    encoded(RGB, "GIF"), encoded(GREY.astype(np.uint16) * 257),
    {"name": "shirt.png", "content": memoryview(encoded(RGB))},  # one file of an ipywidgets 8 FileUpload
    ({"name": "shirt.png", "type": "image/png", "size": 1, "content": memoryview(encoded(RGB))},),  # its value
    {"shirt.png": {"metadata": {"name": "shirt.png", "type": "image/png", "size": 1}, "content": encoded(RGB)}},  # 7's
    {"shirt.png": encoded(RGB, "JPEG")},  # what Colab's files.upload() returns
], ids=lambda photo: type(photo).__name__)
def test_every_kind_of_photo_gives_a_model_input(photo):
    x = photos.to_model_input(photo)
    assert_model_input(x)
    assert x.max() == 1.0
    assert object_box(x)[0] == 0 and object_box(x)[2] == 28  # the tall object fills the height


@pytest.mark.parametrize("suffix, fmt", [(".png", "PNG"), (".jpg", "JPEG"), (".JPEG", "JPEG")])
def test_files_by_str_and_path(tmp_path, suffix, fmt):
    path = tmp_path / f"my shirt{suffix}"
    path.write_bytes(encoded(RGB, fmt))
    expected = photos.to_model_input(RGB)
    for photo in (path, str(path)):
        np.testing.assert_allclose(photos.to_model_input(photo), expected, atol=0.08 if fmt == "JPEG" else 1e-6)


@pytest.mark.parametrize("height, width", [(5, 7), (7, 5), (28, 28), (640, 480), (480, 640), (2000, 3000),
                                           (3000, 2000)])
def test_any_size(height, width):
    image = np.full((height, width), 230, np.uint8)
    image[height // 5: height - height // 5, width // 3: width - width // 3] = 40
    x = photos.to_model_input(image)
    assert_model_input(x)
    top, left, bottom, right = object_box(x)
    assert max(bottom - top, right - left) == 28


def test_transparent_background_counts_as_white():
    rgba = np.zeros((100, 80, 4), np.uint8)  # transparent pixels are black underneath, as in many cut-outs
    rgba[20:80, 30:50] = (90, 60, 30, 255)
    x = photos.to_model_input(Image.fromarray(rgba))
    assert object_box(x) == (0, 10, 28, 19)  # a 60 x 20 object: 28 x 9, centred


def test_phone_rotation_tag_is_applied():
    landscape = np.full((60, 100), 230, np.uint8)
    landscape[20:40, 10:90] = 30  # a wide bar, stored sideways
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was turned, rotate 90 degrees to view
    x = photos.to_model_input(encoded(landscape, "JPEG", exif=exif))
    top, left, bottom, right = object_box(x, 0.5)
    assert bottom - top == 28 and right - left < 10  # shown upright: tall and narrow


def test_dark_on_light_is_inverted_and_light_on_dark_is_not():
    dark_on_light = garment(background=0.9, colour=0.2)
    light_on_dark = garment(background=0.1, colour=0.8)
    inverted, kept = photos.preprocessing_steps(dark_on_light), photos.preprocessing_steps(light_on_dark)
    assert inverted.inverted and not kept.inverted
    for steps in (inverted, kept):
        assert steps.model_input[14, 14, 0] == pytest.approx(1.0)  # the object is bright
        assert steps.model_input[14, 0, 0] == 0 and steps.model_input[0, 0, 0] == 0  # on black
    np.testing.assert_allclose(inverted.model_input, kept.model_input, atol=1e-5)


@pytest.mark.parametrize("top, left", [(0, 0), (10, 200), (250, 5), (130, 120)])
def test_object_ends_up_centred_and_filling_the_frame(top, left):
    """Wherever the object is in the photo, it ends up as Fashion-MNIST's: longer side 28, box centred."""
    photo = garment(400, 300, top=top, left=left, box=(150, 90))
    x = photos.to_model_input(photo)
    assert object_box(x) == (0, 6, 28, 23)  # 150 x 90 -> 28 x 17: 11 spare columns, 6 left, 5 right


def test_steps_are_consistent():
    steps = photos.preprocessing_steps(photos.sample_photo("trouser"))
    top, left, bottom, right = steps.box
    assert steps.size == (480, 640) and steps.grayscale.shape == steps.on_black.shape == (512, 384)  # WORK_SIZE
    assert steps.cropped.shape == (bottom - top, right - left)
    assert max(steps.resized.shape) == 28 and steps.resized.shape[1] < 28
    assert steps.on_black.min() == 0 and steps.on_black[:top].max() == 0
    # the 28 x 11 trouser centred in 28 x 28: 17 spare columns, 9 on the left and 8 on the right, all black
    assert steps.model_input.shape == (28, 28, 1) and steps.model_input.dtype == np.float32
    np.testing.assert_array_equal(steps.model_input[:, 9:20, 0], steps.resized)
    assert steps.model_input[:, :9].max() == steps.model_input[:, 20:].max() == 0


def test_photo_steps_figure():
    fig = plots.photo_steps(photos.preprocessing_steps(photos.sample_photo("sneaker")))
    assert isinstance(fig, Figure) and len(fig.axes) == 5
    assert [ax.get_title() for ax in fig.axes] == [
        "your photo, in grey\n(640 x 480)", "inverted: background 0,\ngarment high",
        "cropped to the object\n(406 x 147)",
        "longer side to 28 pixels\n(28 x 10)", "centred in 28 x 28:\nwhat the model sees"]
    assert len(fig.axes[1].patches) == 1  # the crop box
    kept = plots.photo_steps(photos.preprocessing_steps(garment(background=0.1, colour=0.8)))
    assert kept.axes[1].get_title() == "not inverted:\nbackground already 0"


# --- realism: a real Fashion-MNIST image, printed large as a photo, comes back as it was -----------


@pytest.fixture(scope="module")
def fashion_test_images() -> np.ndarray:
    _, (x_test, _) = data.load_arrays()
    return x_test


def round_trip_differences(images: np.ndarray, method: Image.Resampling, fmt: str | None = None) -> np.ndarray:
    """Mean absolute difference (0-1) between each image and itself made into a 280 x 280 dark-on-light
    photo (saved as ``fmt``) and put back through to_model_input."""
    differences = []
    for image in images:
        photo = Image.fromarray(255 - image).resize((280, 280), method)
        x = photos.to_model_input(encoded(photo, fmt, quality=90) if fmt else photo)
        differences.append(np.abs(x[..., 0] - image / 255).mean())
    return np.array(differences)


def test_fashion_mnist_image_made_into_a_photo_comes_back(fashion_test_images):
    """Enlarged pixel for pixel, most come back exact; the rest differ where faint edge pixels (below 5%) are trimmed.
    For scale: a 1-pixel shift of the same image differs by 0.085 (median), two images of one class by 0.20."""
    differences = round_trip_differences(fashion_test_images[:200], Image.Resampling.NEAREST)
    assert np.median(differences) < 0.002
    assert np.mean(differences < 0.01) > 0.85
    assert differences.max() < 0.25


def test_fashion_mnist_image_as_a_smooth_jpeg_photo_comes_close(fashion_test_images):
    """Smooth enlargement blurs the edges, so the object's box grows a little: close, but not exact."""
    differences = round_trip_differences(fashion_test_images[:100], Image.Resampling.BICUBIC, "JPEG")
    assert np.mean(differences) < 0.07
    assert differences.max() < 0.2


def test_training_images_pass_the_statistics_check(fashion_test_images):
    flagged = [photos.confidence_caveat(np.eye(10)[0], image / 255) is not None for image in fashion_test_images[::5]]
    assert np.mean(flagged) < 0.025  # 1% of the training images are outside each range; 1.6% of the test images


# --- sample photos and the caveat -----------------------------------------------------------------


def test_sample_photos_are_realistic_and_deterministic():
    for name in photos.SAMPLES:
        photo = photos.sample_photo(name)
        assert photo.mode == "RGB" and max(photo.size) == 640 and min(photo.size) == 480
        assert photo.tobytes() == photos._draw_sample.__wrapped__(name, 0).tobytes()  # drawn again, not cached
        steps = photos.preprocessing_steps(photo)
        assert steps.inverted and max(steps.resized.shape) == 28
        assert photos.confidence_caveat(np.eye(10)[0], steps.model_input) is None, name
    assert photos.sample_photo(seed=1).tobytes() != photos.sample_photo(seed=2).tobytes()
    photo.paste(0, (0, 0, 100, 100))
    assert photos.sample_photo("sneaker").getpixel((0, 0)) != (0, 0, 0)  # each call gives a fresh copy


def test_caveat_is_none_for_a_confident_typical_prediction():
    x = photos.to_model_input(photos.sample_photo("t-shirt"))
    assert photos.confidence_caveat([0.9, 0.02, 0.08, 0, 0, 0, 0, 0, 0, 0], x) is None


def test_caveat_when_unsure():
    note = photos.confidence_caveat(np.array([[0.05, 0, 0.4, 0, 0.35, 0, 0.2, 0, 0, 0]]))
    assert note.startswith("The model is unsure: its best guess, Pullover, gets only 40%, and Coat 35%.")
    assert note.endswith("so treat its answer as a guess.")


def test_caveat_when_the_photo_is_unlike_the_training_images():
    block = np.ones((28, 28, 1), np.float32)
    note = photos.confidence_caveat(np.eye(10)[3], block)
    assert "brighter than nearly all training images: its mean pixel value is 1.00, theirs 0.06 to 0.60" in note
    assert ("0% of its pixels are background, against 21% to 86% in the training images. The picture is filled "
            "nearly edge to edge, unlike the garments on black the model learned from.") in note
    assert "blocky" not in note  # a frame of noise or of one flat shade shows no object at all
    line = np.zeros((28, 28))
    line[:, 14] = 1
    note = photos.confidence_caveat(np.eye(10)[1], line)
    assert "darker than nearly all" in note and "unsure" not in note
    assert "It shows a thin or faint object, unlike the garments on black the model learned from." in note


@pytest.mark.parametrize("probabilities, message", [
    (np.ones(10) * 3, "they add up to 30, not 1.*logits.*softmax"),
    (np.linspace(-1, 1, 10), "logits"),
    (np.full(10, np.nan), "not probabilities"),
    (np.ones(9) / 9, r"Expected 10 probabilities, one per class, got shape \(9,\)"),
])
def test_caveat_rejects_what_is_not_probabilities(probabilities, message):
    with pytest.raises(ValueError, match=message):
        photos.confidence_caveat(probabilities)


def test_caveat_rejects_an_image_that_is_not_a_model_input():
    with pytest.raises(ValueError, match=r"model_input must be a 28 x 28 image with values 0-1.*values 0 to 255"):
        photos.confidence_caveat(np.eye(10)[0], np.arange(784).reshape(28, 28) % 256)


# --- properties: whatever comes in, a model input or a PhotoError, never another exception ------

DTYPES = st.sampled_from([np.uint8, np.uint16, np.int16, np.int64, np.float32, np.float64, np.bool_])
SHAPES = st.tuples(st.integers(1, 70), st.integers(1, 70), st.sampled_from([(), (1,), (2,), (3,), (4,)])).map(
    lambda t: t[:2] + t[2])


def model_input_or_photo_error(photo) -> np.ndarray | None:
    try:
        x = photos.to_model_input(photo)
    except PhotoError as error:
        assert str(error)
        return None
    assert_model_input(x)
    return x


@HYPOTHESIS
@given(array=hnp.arrays(DTYPES, SHAPES, elements={"allow_nan": False, "allow_infinity": False}))
def test_any_array(array):
    model_input_or_photo_error(array)


@HYPOTHESIS
@given(array=hnp.arrays(np.uint8, SHAPES), fmt=st.sampled_from(["PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP"]))
def test_any_image_file(array, fmt):
    image = Image.fromarray(array[..., 0] if array.ndim == 3 and array.shape[2] in (1, 2) else array)
    if fmt in ("JPEG", "GIF") and image.mode == "RGBA":
        image = image.convert("RGB")
    model_input_or_photo_error(encoded(image, fmt))


@HYPOTHESIS
@given(content=st.binary(max_size=2000), keep=st.floats(0, 1))
def test_any_bytes(content, keep):
    model_input_or_photo_error(content)
    png = encoded(GREY)  # and a valid file, cut anywhere
    model_input_or_photo_error(png[: int(len(png) * keep)])


@HYPOTHESIS
@given(height=st.integers(30, 200), width=st.integers(30, 200), data=st.data())
def test_any_rectangle_ends_up_centred_and_filling_the_frame(height, width, data):
    box_height, box_width = data.draw(st.integers(3, height)), data.draw(st.integers(3, width))
    top, left = data.draw(st.integers(0, height - box_height)), data.draw(st.integers(0, width - box_width))
    background, colour = data.draw(st.sampled_from([(0.95, 0.1), (0.05, 0.7), (0.8, 0.3)]))
    if box_height * box_width > 0.45 * height * width:  # the frame must be mostly background
        return
    image = np.full((height, width), background)
    image[top:top + box_height, left:left + box_width] = colour
    x = photos.to_model_input(image)
    assert_model_input(x)
    top, left, bottom, right = object_box(x, 0.5)
    assert max(bottom - top, right - left) == 28
    assert abs((top + bottom) - 28) <= 1 and abs((left + right) - 28) <= 1


# --- notebook 09's upload cells: Colab's upload and JupyterLab's button both reach the model ----------

NOTEBOOK_09 = Path(__file__).resolve().parents[1] / "notebooks" / "09_use_your_model.ipynb"
SHIRT = encoded(RGB)


class StandInModel:
    """Stands in for the reloaded model: remembers what it was given, always answers Sneaker (90%)."""

    def __call__(self, x):
        self.seen = np.asarray(x)
        return types.SimpleNamespace(numpy=lambda: np.array([[0.01] * 7 + [0.91] + [0.01] * 2]))


def upload_cells() -> list[str]:
    """Notebook 08's upload cell and the two after it (choose the photo; predict), exactly as committed."""
    cells = [cell.source for cell in nbformat.read(NOTEBOOK_09, as_version=4).cells if cell.cell_type == "code"]
    first = next(index for index, source in enumerate(cells) if "files.upload()" in source)
    return cells[first:first + 3]


def run_upload_cells(monkeypatch, colab_upload=None, button_files=()) -> dict:
    """Run the cells in a namespace like the notebook's. With ``colab_upload``, in a simulated Colab whose
    ``files.upload()`` returns it; else as in JupyterLab, where the learner chose ``button_files``."""
    if colab_upload is None:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    else:
        colab = types.ModuleType("google.colab")
        colab.files = types.SimpleNamespace(upload=lambda: colab_upload)
        monkeypatch.setitem(sys.modules, "google.colab", colab)
    shown = []
    namespace = {"sys": sys, "ipywidgets": ipywidgets, "np": np, "data": data, "photos": photos, "plots": plots,
                 "reloaded": StandInModel(), "display": shown.append, "shown": shown}
    first, *rest = upload_cells()
    exec(first, namespace)
    if button_files:  # what ipywidgets 8 holds after the learner picked a file
        namespace["upload"].value = tuple({"name": name, "type": "image/png", "size": len(content),
                                           "content": memoryview(content),
                                           "last_modified": datetime.datetime.now(datetime.UTC)}
                                          for name, content in button_files)
    for source in rest:
        exec(source, namespace)
    return namespace


def test_colab_upload_reaches_the_model(monkeypatch, capsys):
    """The bug this guards against: the cell after the upload replaced a Colab learner's photo by the sample."""
    namespace = run_upload_cells(monkeypatch, colab_upload={"shirt.png": SHIRT})
    assert namespace["upload"] == {"shirt.png": SHIRT}  # Colab's dict, no button
    printed = capsys.readouterr().out
    assert printed.startswith("your upload: shirt.png\nprediction: Sneaker (91.0%)\ncaveat:"), printed
    np.testing.assert_array_equal(namespace["reloaded"].seen[0], photos.to_model_input(RGB))
    assert isinstance(namespace["shown"][-1], Figure)  # the preprocessing steps


def test_colab_upload_of_two_files_or_none(monkeypatch, capsys):
    run_upload_cells(monkeypatch, colab_upload={"a.png": SHIRT, "b.png": SHIRT})
    assert "2 files were uploaded (a.png, b.png); choose one photo at a time" in capsys.readouterr().out
    namespace = run_upload_cells(monkeypatch, colab_upload={})  # the learner cancelled
    assert capsys.readouterr().out.startswith("nothing uploaded yet: the sample sneaker\n")
    sample = photos.to_model_input(photos.sample_photo("sneaker"))
    np.testing.assert_array_equal(namespace["reloaded"].seen[0], sample)


def test_jupyterlab_button_with_and_without_an_upload(monkeypatch, capsys):
    namespace = run_upload_cells(monkeypatch)
    assert isinstance(namespace["upload"], ipywidgets.FileUpload) and namespace["shown"][0] is namespace["upload"]
    assert capsys.readouterr().out.startswith("nothing uploaded yet: the sample sneaker\n")
    namespace = run_upload_cells(monkeypatch, button_files=[("my shirt.png", SHIRT)])
    assert capsys.readouterr().out.startswith("your upload: my shirt.png\n")
    np.testing.assert_array_equal(namespace["reloaded"].seen[0], photos.to_model_input(RGB))
