"""Try the model on your own photo: turn any picture of clothing into a Fashion-MNIST-like input.

Fashion-MNIST images are 28 x 28 grey pictures of one garment, bright on a black background,
trimmed to the garment and scaled so that its longer side fills the frame. :func:`to_model_input`
does the same to your photo, step by step (:func:`preprocessing_steps` keeps every step so
``plots.photo_steps`` can show them):

1. read it (a file path, the bytes of an upload, a PIL image or a NumPy array) and make it grey;
2. invert it when its background (the median of the outer frame) is light;
3. remove the background and crop to the object;
4. resize the crop so that its longer side is 28 pixels, brightest pixel 1;
5. centre it on a black 28 x 28 square.

Anything that cannot work (not an image, an empty or damaged file, a blank picture) raises a
:class:`PhotoError` that says what was wrong and how to fix it.

Example:
    >>> x = to_model_input(sample_photo("t-shirt"))    # or a path, upload bytes, an array
    >>> x.shape, x.dtype
    ((28, 28, 1), dtype('float32'))
    >>> probabilities = model(x[None]).numpy()[0]
    >>> confidence_caveat(probabilities, x)             # None, or an honest warning
"""

from __future__ import annotations

import functools
import io
import os
import reprlib
import stat
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageOps, UnidentifiedImageError

from helpers.data import CLASS_NAMES, IMAGE_SIZE

BOX, LANCZOS = Image.Resampling.BOX, Image.Resampling.LANCZOS

HOW_TO_FIX = "Use a PNG or JPEG photo of one piece of clothing on a plain, light background."
MAX_BYTES = 20 * 2**20  # 20 MB: more than any phone photo; larger files are refused unread
MAX_PIXELS = 50_000_000  # 50 megapixels; also stops "decompression bombs" (tiny files, huge images)
WORK_SIZE = 512  # photos are first shrunk to at most this many pixels a side: plenty for a 28 x 28 result

# Fashion-MNIST's framing, measured on its 60,000 training images (helpers.data.load_arrays()):
# the bounding box of the non-zero pixels has a longer side of 28 pixels in 98.3% of images and
# of at least 27 in 99.97%; its centre is at (13.5, 13.5), the middle of the frame, in the median
# image (5th-95th percentile 13.5-14). So the object's longer side fills all 28 pixels, with no
# margin, and the box is centred. (Matches the dataset paper: trim, resize the longest edge to 28,
# centre, negate.) Garments are then as wide as their shape: median width 11 px for trousers,
# 22 for T-shirts. The brightest pixel is 254 or 255 in 99% of images, so ours is scaled to 1.
# Check: 1,000 test images, enlarged to 280 x 280 dark-on-light photos and put back through
# to_model_input, get the same prediction from a 5-epoch dense model 98.9% of the time (95.9%
# when enlarged smoothly and saved as JPEG), at the same accuracy as the originals.
# An odd number of spare rows (columns) around the object puts the extra one above (left), as Fashion-MNIST
# centres its objects in 94% (99.7%) of its images: Pillow's pad() rounds (spare x 0.51) to that.
CENTRING = 0.51

# A pixel belongs to the object when it differs from the background by more than this (0-1), as
# Fashion-MNIST's makers trimmed at 5%, or by four times the noise of the photo's outer frame
# when that is larger (noisy or unevenly lit photos), up to MAX_TOLERANCE.
MIN_TOLERANCE, MAX_TOLERANCE = 0.05, 0.3

# What 99% of the training images look like, measured on the 60,000 training images scaled to
# 0-1 (0.5th and 99.5th percentiles): mean pixel value 0.057-0.603 (median 0.272); share of
# background pixels (below 0.05) 0.210-0.865 (median 0.526). Outside these, a photo is unlike
# anything the model learned from; 1.6% of the 10,000 test images are outside one or both.
TRAIN_MEAN_RANGE = (0.057, 0.603)
TRAIN_BACKGROUND_RANGE = (0.210, 0.865)
BACKGROUND_LEVEL = 0.05
# Below this top probability the model is "unsure": for a 5-epoch dense model (87% test accuracy),
# 12% of the test images fall below it, and only 52% of those are right (92% of the others).
MIN_CONFIDENCE = 0.6


class PhotoError(ValueError):
    """The photo cannot be turned into a model input; the message says why and what to do."""


@dataclass(frozen=True)
class PhotoSteps:
    """Every intermediate image of :func:`preprocessing_steps`, all grey, 0-1 (1 = white).

    ``size`` is the photo's (width, height) as given; ``grayscale`` is at most :data:`WORK_SIZE`
    pixels a side. ``box`` is the object's bounding box in ``on_black`` as (top, left, bottom,
    right), bottom and right exclusive; ``inverted`` says whether the photo had a light background.
    """

    size: tuple[int, int]
    grayscale: np.ndarray
    inverted: bool
    on_black: np.ndarray
    box: tuple[int, int, int, int]
    cropped: np.ndarray
    resized: np.ndarray
    model_input: np.ndarray


def to_model_input(photo: Any) -> np.ndarray:
    """``photo`` as the model wants it: float32 of shape (28, 28, 1), values 0-1, bright on black.

    ``photo`` is a file path, the bytes of a file, an upload (an ipywidgets ``FileUpload``'s ``value``
    or what Colab's ``files.upload()`` returns, holding one file), a PIL image, or a NumPy array
    (H, W), (H, W, 1), (H, W, 3) or (H, W, 4) of uint8, uint16, bool or floats in 0-1.
    Raises :class:`PhotoError` otherwise.

    Example:
        >>> x = to_model_input("my_shirt.jpg")
        >>> model(x[None]).numpy().argmax()
        6
    """
    return preprocessing_steps(photo).model_input


def preprocessing_steps(photo: Any) -> PhotoSteps:
    """What :func:`to_model_input` does to ``photo``, one image per step (see :class:`PhotoSteps`).

    Example:
        >>> steps = preprocessing_steps(sample_photo("trouser"))
        >>> steps.inverted, steps.cropped.shape, steps.model_input.shape
        (True, (386, 153), (28, 28, 1))
    """
    pixels, size = _to_array(photo)
    grayscale = _to_gray(pixels)
    if max(grayscale.shape) > WORK_SIZE:
        grayscale = np.asarray(ImageOps.contain(Image.fromarray(grayscale), (WORK_SIZE, WORK_SIZE), BOX))
    if grayscale.size == 0:  # shrunk to WORK_SIZE, the shorter side rounds to 0 pixels
        raise PhotoError(f"The photo is {size[0]} x {size[1]} pixels: a strip too thin to show a garment. For a "
                         "flattened image, give it back its height and width, e.g. array.reshape(28, 28). "
                         f"{HOW_TO_FIX}")
    frame = _frame(grayscale)
    inverted = bool(np.median(frame) > 0.5)
    bright, frame = (1 - grayscale, 1 - frame) if inverted else (grayscale, frame)
    background = float(np.median(frame))
    noise = 1.4826 * float(np.median(np.abs(frame - background)))  # robust standard deviation
    tolerance = min(max(MIN_TOLERANCE, 4 * noise), MAX_TOLERANCE)
    above = bright - background
    # From here on Pillow works on one image: the object, bright on black, is cropped, resized and centred
    on_black = Image.fromarray(np.where(above > tolerance, above, 0).astype(np.float32))
    # The box leaves out isolated specks of noise (a 3 x 3 median) in photos larger than twice the result
    despeckled = on_black.filter(ImageFilter.MedianFilter(3)) if min(grayscale.shape) >= 2 * IMAGE_SIZE else on_black
    if (box := despeckled.getbbox()) is None:
        low, high = np.percentile(grayscale, [1, 99])
        raise PhotoError(
            f"Found no object in the photo: it is almost one flat shade (99% of its pixels between "
            f"{low:.2f} and {high:.2f}, from 0 = black to 1 = white). {HOW_TO_FIX} The garment must be "
            "clearly darker than the background, and fill a good part of the picture."
        )
    cropped = on_black.crop(box)
    scale = IMAGE_SIZE / max(cropped.size)  # the longer side fills the frame; the shorter keeps at least 1 pixel
    object_size = tuple(max(1, round(side * scale)) for side in cropped.size)
    resized = cropped.resize(object_size, BOX if scale <= 1 else LANCZOS)  # Lanczos: sharp when enlarging
    square = ImageOps.pad(resized, (IMAGE_SIZE, IMAGE_SIZE), color=0, centering=(CENTRING, CENTRING))
    peak = max(resized.getextrema()[1], 1e-6)  # the brightest pixel becomes 1; Lanczos may undershoot below 0
    resized, square = (np.clip(np.asarray(image) / peak, 0, 1) for image in (resized, square))
    left, top, right, bottom = box
    return PhotoSteps(size, grayscale, inverted, np.asarray(on_black), (top, left, bottom, right),
                      np.asarray(cropped), resized, square[..., np.newaxis])


def confidence_caveat(probabilities: Any, model_input: np.ndarray | None = None, *,
                      min_confidence: float = MIN_CONFIDENCE) -> str | None:
    """An honest warning about a prediction on your photo, or None when there is nothing to say.

    Warns when the top probability is below ``min_confidence`` and, given the ``model_input``,
    when its brightness or its share of background is outside what 99% of the training images
    show (:data:`TRAIN_MEAN_RANGE`, :data:`TRAIN_BACKGROUND_RANGE`).

    Example:
        >>> confidence_caveat([0.4, 0.35, 0.25, 0, 0, 0, 0, 0, 0, 0])
        'The model is unsure: its best guess, T-shirt/top, gets only 40%, and Trouser 35%. ...'
    """
    probabilities = np.asarray(probabilities, dtype=float).squeeze()
    if probabilities.shape != (len(CLASS_NAMES),):
        raise ValueError(f"Expected {len(CLASS_NAMES)} probabilities, one per class, got shape {probabilities.shape}. "
                         "Pass model(x[None]).numpy()[0].")
    if not (np.all(probabilities >= 0) and abs(probabilities.sum() - 1) <= 1e-2):  # also catches NaN
        raise ValueError(f"These are not probabilities: they add up to {probabilities.sum():.3g}, not 1. "
                         "A model without softmax returns raw scores (logits); apply keras.activations.softmax first.")
    notes = []
    first, second = np.argsort(probabilities)[::-1][:2]
    if probabilities[first] < min_confidence:
        notes.append(f"The model is unsure: its best guess, {CLASS_NAMES[first]}, gets only "
                     f"{probabilities[first]:.0%}, and {CLASS_NAMES[second]} {probabilities[second]:.0%}.")
    if model_input is not None:
        image = np.asarray(model_input, dtype=float).squeeze()
        if image.shape != (IMAGE_SIZE, IMAGE_SIZE) or not 0 <= image.min() <= image.max() <= 1:
            raise ValueError(f"model_input must be a 28 x 28 image with values 0-1, as to_model_input returns; "
                             f"got shape {np.shape(model_input)}, values {image.min():.3g} to {image.max():.3g}.")
        mean, background = image.mean(), (image < BACKGROUND_LEVEL).mean()
        low, high = TRAIN_MEAN_RANGE
        if not low <= mean <= high:
            notes.append(f"Your photo is {'darker' if mean < low else 'brighter'} than nearly all training images: "
                         f"its mean pixel value is {mean:.2f}, theirs {low:.2f} to {high:.2f}.")
        low, high = TRAIN_BACKGROUND_RANGE
        if not low <= background <= high:
            looks = ("It shows a thin or faint object" if background > high else
                     "The picture is filled nearly edge to edge")
            notes.append(f"{background:.0%} of its pixels are background, against {low:.0%} to {high:.0%} in "
                         f"the training images. {looks}, unlike the garments on black the model learned from.")
    if not notes:
        return None
    return " ".join(notes) + (" The model only knows 10 kinds of clothing, photographed flat and centred, "
                              "so treat its answer as a guess.")


# --- reading any kind of photo ------------------------------------------------------------


def _to_array(photo: Any) -> tuple[np.ndarray, tuple[int, int]]:
    """The pixels of ``photo``, whatever it is, as an array (H, W) or (H, W, channels), and its (width, height)."""
    photo, source = _unwrap_upload(photo)
    if isinstance(photo, (str, os.PathLike)):
        source, photo = f"The file '{photo}'", _read_file(Path(photo).expanduser())
    if isinstance(photo, (bytes, bytearray, memoryview)):
        photo = _open(bytes(photo), source)
    elif isinstance(photo, Image.Image):
        source = "The PIL image"
        if photo.width * photo.height > MAX_PIXELS:
            raise _too_many_pixels(source, f"{photo.width} x {photo.height}")
        try:
            photo.load()
        except OSError as error:  # its data is cut off or damaged
            raise _damaged(source, error) from None
        except (AssertionError, ValueError) as error:  # how Pillow fails once the image's file is closed
            raise PhotoError(f"The PIL image cannot be read (Pillow says: {_reason(error)}). Was its file closed, "
                             "e.g. by the end of a `with Image.open(...)` block? Pass the file's path instead, or "
                             "call image.load() while the file is open.") from None
    if isinstance(photo, Image.Image):
        return _pil_pixels(photo, source)
    if hasattr(photo, "__array__"):  # NumPy arrays and numbers, tensors
        array = np.asarray(photo)
        return array, (array.shape[1], array.shape[0]) if array.ndim > 1 else (array.size, 1)
    hint = " Pixel values in a list? Make them an array first: np.array(...)." if isinstance(photo, list) else ""
    raise PhotoError(f"Cannot read a photo from {type(photo).__name__} {reprlib.repr(photo)}. Pass a file path, "
                     f"the bytes of an uploaded file, a PIL image or a NumPy array.{hint}")


def _unwrap_upload(photo: Any) -> tuple[Any, str]:
    """The one file in what an upload returns, and how to name it: an ipywidgets 8 ``FileUpload.value``
    (a tuple of dicts with "name" and "content"), one of those dicts, or Colab's ``files.upload()``
    (a dict of file name -> bytes)."""
    name = ""
    is_uploads = isinstance(photo, (tuple, list)) and all(isinstance(item, Mapping) for item in photo)
    if is_uploads or (isinstance(photo, Mapping) and "content" not in photo):
        names = list(photo) if isinstance(photo, Mapping) else [item.get("name", "?") for item in photo]
        if not names:
            raise PhotoError("Nothing was uploaded yet: choose a photo with the upload button first, "
                             "then run this cell again.")
        if len(names) > 1:
            raise PhotoError(f"{len(names)} files were uploaded ({', '.join(map(str, names))}); "
                             "choose one photo at a time.")
        name, photo = names[0], (photo[names[0]] if isinstance(photo, Mapping) else photo[0])
    if isinstance(photo, Mapping) and "content" in photo:
        name, photo = photo.get("name", name), photo["content"]
    return photo, f"The upload '{name}'" if name else "The photo"


def _read_file(path: Path) -> bytes:
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise PhotoError(f"'{path}' is a folder, not a photo. Pass the path of an image file inside it.")
        if not stat.S_ISREG(status.st_mode):  # reading a pipe or a device would wait forever, or never end
            raise PhotoError(f"'{path}' is not a file but a pipe or a device. Pass the path of a photo file.")
        if (size := status.st_size) > MAX_BYTES:
            raise PhotoError(f"The file '{path}' is {size / 2**20:.0f} MB; photos up to {MAX_BYTES // 2**20} MB "
                             "are accepted. Save a smaller copy (a JPEG of a few megapixels is plenty).")
        return path.read_bytes()
    except FileNotFoundError:
        web = " To use a photo from the web, download it first." if str(path).startswith(("http:", "https:")) else ""
        raise PhotoError(f"There is no file '{path}' (looked in {Path.cwd()}). Check the name and folder, "
                         f"or upload the photo first.{web} {HOW_TO_FIX}") from None
    except OSError as error:
        raise PhotoError(f"The file '{path}' cannot be read ({error.strerror or error}). "
                         "Check its name and that you may read it.") from None


def _open(content: bytes, source: str) -> Image.Image:
    """The image stored in ``content``, fully decoded, or a :class:`PhotoError`."""
    if not content:
        raise PhotoError(f"{source} is empty (0 bytes): the upload or copy did not work. Try again. {HOW_TO_FIX}")
    if len(content) > MAX_BYTES:
        raise PhotoError(f"{source} is {len(content) / 2**20:.0f} MB; photos up to "
                         f"{MAX_BYTES // 2**20} MB are accepted. Save a smaller copy (a JPEG of a few megapixels).")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(content))
    except UnidentifiedImageError:
        looks = "text" if _looks_like_text(content) else "data"
        raise PhotoError(f"{source} is not an image: its {len(content):,} bytes look like {looks}, "
                         f"not a picture format Pillow knows. {HOW_TO_FIX}") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(source, "more than Pillow's safety limit") from None
    except Exception as error:  # Pillow raises many kinds of errors on damaged headers
        raise _damaged(source, error) from None
    if image.width * image.height > MAX_PIXELS:
        raise _too_many_pixels(source, f"{image.width} x {image.height}")
    try:
        image.load()
    except Exception as error:
        raise _damaged(source, error) from None
    return image


def _looks_like_text(content: bytes) -> bool:
    try:
        content[:1000].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__  # some of Pillow's errors come without a message


def _damaged(source: str, error: Exception) -> PhotoError:
    return PhotoError(f"{source} is a damaged or cut-off image (Pillow says: {_reason(error)}). It was probably "
                      f"not copied or uploaded completely: open it in an image viewer, save it again, and retry. "
                      f"{HOW_TO_FIX}")


def _too_many_pixels(source: str, size: str) -> PhotoError:
    return PhotoError(f"{source} has too many pixels ({size}); up to {MAX_PIXELS // 1_000_000} "
                      "megapixels are accepted. Save a smaller copy, e.g. 1000 pixels wide.")


def _pil_pixels(image: Image.Image, source: str) -> tuple[np.ndarray, tuple[int, int]]:
    """The pixels of a loaded PIL image, upright (phone photos store a rotation tag), shrunk when huge."""
    try:
        image = ImageOps.exif_transpose(image)
    except Exception:  # a damaged rotation tag: use the photo as stored (a damaged image fails just below)
        pass
    try:
        size = image.size
        if image.mode not in ("1", "L", "I;16", "I;16B", "I;16L", "I", "F", "RGB", "RGBA"):
            image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        if image.mode in ("L", "I", "F", "RGB", "RGBA") and (factor := max(image.size) // WORK_SIZE) >= 2:
            image = image.reduce(factor)  # fast averaging of factor x factor blocks; saves memory
        return np.asarray(image), size
    except Exception as error:
        raise _damaged(source, error) from None


def _to_gray(array: np.ndarray) -> np.ndarray:
    """A grey float32 image, 0 = black to 1 = white; transparent parts become white."""
    shape = array.shape
    if not (array.ndim == 2 or (array.ndim == 3 and shape[2] in (1, 3, 4))):
        raise PhotoError(f"An image array must have shape (height, width) for grey, (height, width, 3) for RGB or "
                         f"(height, width, 4) for RGBA; got shape {shape}.{_shape_hint(shape)}")
    if array.size == 0:
        raise PhotoError(f"The image array of shape {shape} has no pixels. {HOW_TO_FIX}")
    if shape[0] * shape[1] > MAX_PIXELS:
        raise _too_many_pixels("The image array", f"{shape[1]} x {shape[0]}")
    values = _unit_range(array)
    if values.ndim == 3 and values.shape[2] == 4:  # composite onto white
        alpha = values[..., 3:]
        values = values[..., :3] * alpha + (1 - alpha)
    if values.ndim == 3 and values.shape[2] == 3:
        values = values @ np.array([0.299, 0.587, 0.114], np.float32)  # ITU-R 601 luma, as Pillow's "L"
    return np.clip(values.reshape(shape[:2]), 0, 1).astype(np.float32)


def _shape_hint(shape: tuple[int, ...]) -> str:
    if len(shape) == 0:
        return " That is a single number, not a picture."
    if len(shape) == 3 and shape[2] == 2:
        return " 2 channels (grey + alpha?) are not supported: pass array[..., 0]."
    if len(shape) == 4 and shape[0] == 1:
        return " For a batch of one image, pass array[0]."
    if len(shape) == 3 and shape[0] in (1, 3, 4):
        return " Channels come last here: use np.moveaxis(array, 0, -1)."
    return ""


def _unit_range(array: np.ndarray) -> np.ndarray:
    """The pixel values as float32 in 0-1, judged by the dtype (uint8 0-255, uint16 0-65535, floats 0-1)."""
    kind = array.dtype.kind
    if kind == "b":
        return array.astype(np.float32)
    if kind in "ui":
        low, high = int(array.min()), int(array.max())
        if kind == "u" and array.dtype.itemsize <= 2:  # uint8 images are 0-255, uint16 ones 0-65535
            scale = 255 if array.dtype.itemsize == 1 else 65535
        elif low >= 0 and high <= 65535:
            scale = 255 if high <= 255 else 65535
        else:
            raise PhotoError(f"Integer pixel values must lie between 0 and 255 (or 65535 for 16-bit images); "
                             f"this {array.dtype} array holds {low} to {high}. Rescale it, e.g. to uint8.")
        return array.astype(np.float32) / scale
    if kind == "f":
        if not np.isfinite(array).all():
            raise PhotoError("The image array holds NaN or infinite values; every pixel must be a number between "
                             "0 and 1. Replace them, e.g. with np.nan_to_num(array).")
        low, high = float(array.min()), float(array.max())
        if low < 0 or high > 1:
            raise PhotoError(f"Float pixel values must lie between 0 (black) and 1 (white); this array holds "
                             f"{low:.3g} to {high:.3g}. For values 0-255, pass array / 255 or array.astype('uint8').")
        return array.astype(np.float32)
    raise PhotoError(f"An image array must hold numbers (uint8, uint16, bool or floats 0-1), not {array.dtype}.")


# --- finding and framing the object -------------------------------------------------------


def _frame(image: np.ndarray) -> np.ndarray:
    """The pixels of the outer frame, 2% of the shorter side wide (at least 1 pixel)."""
    width = max(1, round(0.02 * min(image.shape)))
    return np.concatenate([image[:width].ravel(), image[-width:].ravel(),
                           image[:, :width].ravel(), image[:, -width:].ravel()])


# --- sample photos, made here ------------------------------------------------------------

SAMPLES = {  # canvas (width, height) and the parts drawn on it: shape, points, RGB colour (and line width)
    "t-shirt": ((480, 640), [
        ("polygon", [(150, 110), (200, 100), (215, 128), (240, 138), (265, 128), (280, 100), (330, 110), (425, 205),
                     (385, 262), (338, 228), (342, 545), (138, 545), (142, 228), (95, 262), (55, 205)], (34, 52, 96)),
        ("line", [(200, 102), (215, 128), (240, 138), (265, 128), (280, 102)], (78, 98, 148), 8),
        ("ellipse", [(205, 220), (275, 290)], (170, 64, 60)),
    ]),
    "trouser": ((480, 640), [
        ("polygon", [(168, 85), (312, 85), (318, 120), (335, 565), (262, 568), (241, 250), (218, 568), (145, 565),
                     (162, 120)], (52, 70, 110)),
        ("line", [(166, 98), (314, 98)], (36, 48, 80), 14),
        ("line", [(240, 106), (240, 200)], (36, 48, 80), 3),
        ("line", [(176, 110), (200, 160)], (36, 48, 80), 3),
        ("line", [(304, 110), (280, 160)], (36, 48, 80), 3),
    ]),
    "sneaker": ((640, 480), [  # toe to the left, as in Fashion-MNIST
        ("polygon", [(555, 300), (75, 318), (50, 290), (75, 255), (200, 215), (295, 160), (340, 170), (410, 148),
                     (490, 150), (528, 185), (548, 240)], (55, 58, 66)),
        ("polygon", [(200, 215), (75, 255), (50, 290), (75, 318), (170, 312)], (84, 86, 96)),
        ("rounded_rectangle", [(45, 280), (560, 330)], (178, 178, 172)),
        *[("line", [(340 - 30 * k, 175 + 12 * k), (310 - 30 * k, 160 + 12 * k)], (214, 212, 206), 5) for k in range(4)],
    ]),
}


def sample_photo(name: str = "t-shirt", *, seed: int = 0) -> Image.Image:
    """A made-up colour "photo" of a garment, to try the model without a photo of your own.

    A dark garment (``name``: "t-shirt", "trouser" or "sneaker") lies on a light, unevenly lit
    background with a soft shadow, folds and camera noise; the same ``seed`` gives the same photo.

    Example:
        >>> photo = sample_photo("t-shirt")
        >>> photo.size, photo.mode
        ((480, 640), 'RGB')
    """
    if name not in SAMPLES:
        raise ValueError(f"There is no sample photo {name!r}; choose one of {', '.join(map(repr, SAMPLES))}.")
    return _draw_sample(name, seed).copy()  # a copy: changing it never changes the next one


@functools.lru_cache(maxsize=8)
def _draw_sample(name: str, seed: int) -> Image.Image:
    (width, height), parts = SAMPLES[name]
    rng = np.random.default_rng(seed)
    drawn = Image.new("RGBA", (2 * width, 2 * height))  # drawn twice as large, then shrunk: smooth edges
    pen = ImageDraw.Draw(drawn)
    for shape, points, colour, *line_width in parts:
        points = [(2 * x, 2 * y) for x, y in points]
        if shape == "line":
            pen.line(points, fill=(*colour, 255), width=2 * line_width[0], joint="curve")
        elif shape == "rounded_rectangle":
            pen.rounded_rectangle(points, radius=40, fill=(*colour, 255))
        else:
            getattr(pen, shape)(points, fill=(*colour, 255))
    drawn = np.asarray(drawn.resize((width, height), Image.Resampling.LANCZOS), np.float32) / 255
    cloth, garment = drawn[..., :3] * 255, drawn[..., 3:]
    shadow = Image.fromarray((garment[..., 0] * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(12))
    shadow = np.asarray(shadow.transform(shadow.size, Image.Transform.AFFINE, (1, 0, -10, 0, 1, -14)), np.float32)
    y, x = np.mgrid[0:height, 0:width] / max(width, height)
    light = 1.0 - 0.09 * (x + y) - 0.12 * shadow / 255  # brighter at the top left, a shadow to the bottom right
    folds = 1 + 0.3 * np.sin(9 * x + 4 * y + rng.uniform(0, 6)) * np.sin(5 * y - 3 * x + rng.uniform(0, 6))
    paper = np.array([236, 232, 224], np.float32) * light[..., None]
    pixels = garment * cloth * (folds * light)[..., None] + (1 - garment) * paper
    pixels += rng.normal(0, 3, (height, width, 1))  # camera noise
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
