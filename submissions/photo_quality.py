"""Photo-quality checker for correspondents' uploads (plain Pillow + NumPy, no Django).

The editorial plan asks for photos that are sharp ("rõ nét"), well exposed ("đủ độ sáng") and
balanced ("cân đối hài hòa"). :func:`check_photo` answers that for one file in a few tens of
milliseconds, whatever its size:

* JPEGs are decoded at reduced scale by libjpeg itself (``Image.draft``), so a 24-megapixel photo
  is analysed as a ~750 px grey image without ever decoding every pixel; other formats are decoded
  and box-reduced. The analysis image has a long edge of 512–1024 px (smaller originals are used
  as they are; a JPEG from 3200 px up is decoded at 1/8, so an 8 MP phone photo is analysed at 408), so all measures see the photo roughly as a reader sees it on a web page.
* Sharpness is the blur width of edges estimated by re-blurring (the ratio of the gradient at two
  scales at each edge point, Zhuo & Sim 2011). The ratio cancels edge contrast and exposure, and
  the gradient energy of the estimated noise is removed first. Edges are grouped by orientation and
  only the strongest edges of each orientation count: a portrait whose background is soft still
  has a sharp subject (the soft background has the weak edges), while a shaken photo has no sharp
  edge across the direction of the shake (the worst orientation decides), and an out-of-focus one
  has none at all.
* Exposure and contrast come from the luminance histogram (mean, percentiles, clipped shadows and
  highlights); a night scene is dark but its lights are bright, an under-exposed photo has no
  bright part at all.
* Noise is the robust sigma of a Laplacian-like residual in the flattest tiles (Immerkær 1996).
* Heavy JPEG compression is read from the quantisation tables (cheap, exact for the last save) and
  from the 8x8 block-boundary discontinuities in the pixels (catches a forwarded/re-saved copy).
* Tilt (dominant near-axis line angle from a gradient-orientation histogram) and balance (centroid
  of the edge-energy "visual weight" far from the centre) give warnings only.

Every number that decides a verdict is a field of :class:`Thresholds`. Messages are English msgids
marked with ``_()`` so ``makemessages`` extracts them; the Django layer translates them with
``gettext(problem.message)``.

Pillow's decompression-bomb guard stays on: its warning is turned into an error while the file is
opened (``warnings.catch_warnings``, which is process-wide, so another thread's warnings filters
are briefly affected) and reported as ``too_large``. A file object is read from its current
position, which is restored afterwards.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import warnings
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np
from PIL import Image

__all__ = [
    "DEFAULT_THRESHOLDS",
    "MESSAGES",
    "PhotoReport",
    "Problem",
    "Thresholds",
    "check_photo",
    "deep_check_photo",
]


def _(s: str) -> str:
    """gettext_noop: marks a msgid for ``makemessages`` without translating it here."""
    return s


@dataclass(frozen=True)
class Thresholds:
    """Every limit the checker applies. Sizes are in pixels of the original, unless noted.

    "Analysis scale" means the reduced grey image (long edge 512–1024 px) the measures run on.
    """

    # --- file and size ---
    # Bigger files are not phone photos (a 50 MP phone JPEG is ~25 MB) and are slow to store/serve.
    max_file_bytes: int = 40 * 1024 * 1024
    # ~89.5 MP, Pillow's own decompression-bomb limit: no phone mode we need goes above it.
    max_pixels: int = 89_478_485
    # A print-or-web news photo needs at least this long edge; below it the photo is rejected.
    min_long_edge: int = 800
    # Below this the photo still works on the web but not as a lead image, so warn.
    warn_long_edge: int = 1200

    # --- sharpness (edge blur sigma, in % of the long edge, discretisation removed) ---
    # Gaussian blur of 0.4 % of the long edge, or camera shake over 2 % of it, is plainly soft on a
    # web page; sharp photos, even small ones, measure below 0.16 %. Fail above 0.21 %.
    blur_fail_pct: float = 0.21
    # Between 0.16 and 0.21 % the photo is a little soft: usable, worth retaking.
    blur_warn_pct: float = 0.16
    # Edge orientations are judged separately (8 bins of 22.5 deg): camera shake blurs only edges
    # across its direction, so the blurriest orientation decides.
    blur_orientation_bins: int = 8
    # Within an orientation only the strongest edges count (this share by gradient): a soft
    # background has weak edges, the subject in focus has the strong ones.
    blur_strong_share_pct: float = 30.0
    # ...and their median blur is that orientation's blur.
    blur_quantile: float = 50.0
    # An orientation needs this many edge points to be judged (fewer: not enough evidence there).
    blur_min_points: int = 40
    # Fewer edge points than this in the whole frame means there is no detail at all: blurry.
    blur_min_edges: int = 60

    # --- exposure (luma 0-255 at analysis scale) ---
    # Too dark when the brightest 1 % is below this (-2 EV puts even a white shirt below ~137)...
    dark_p99_fail: float = 140.0
    # ...unless the brightest 0.5 % reach this: lamps or lit windows, i.e. a night scene.
    dark_lights_min: float = 160.0
    # Rather dark (warning) when the brightest 1 % is below this...
    dark_p99_warn: float = 160.0
    # ...or the mean luma is below this (a night scene with a few lights is still very dark).
    dark_mean_warn: float = 25.0
    # A frame whose mean is at least this is not dark, whatever its brightest tones: a flat, foggy
    # mid-grey photo lacks contrast (low_contrast says so) rather than light. -2 EV puts a normal
    # scene's mean near 60.
    dark_mean_max: float = 90.0
    # Blown out: more than this share of pixels at >= 250 ...
    bright_clipped_fail_pct: float = 5.0
    # ... while the frame is bright overall (mean above this; a blown sky over a normal scene
    # alone only warns) ...
    bright_clipped_mean_min: float = 125.0
    # ... or more than this share blown out whatever the mean.
    bright_clipped_hard_pct: float = 15.0
    # Washed out: mean luma above this with no dark tones (p5 above bright_p5_min); a snow scene
    # with people or trees keeps dark tones and passes.
    bright_mean_fail: float = 150.0
    bright_p5_min: float = 60.0
    # Warn when this share of the frame is blown out, or the mean luma is above bright_mean_fail.
    bright_clipped_warn_pct: float = 2.5

    # --- contrast (luma 0-255) ---
    # Fail when the tonal range between the 1st and 99th percentiles is below this: a flat, hazy
    # photo (a normal photo at 30 % contrast spans ~45-75 levels, at 70 % still >= 100).
    contrast_fail_range: float = 90.0
    # Warn below this range.
    contrast_warn_range: float = 110.0

    # --- noise (sigma in luma levels at analysis scale) ---
    # Grain of sigma >= 9 levels after reduction is plainly visible on screen: fail.
    noise_fail_sigma: float = 9.0
    # Visible but tolerable grain (dense texture such as grass can also read this high): warn.
    noise_warn_sigma: float = 6.0

    # --- compression ---
    # Estimated JPEG quality (from the quantisation tables) at or below this is heavy compression.
    jpeg_quality_fail: int = 30
    # Quality at or below this is noticeable compression (typical of chat-app forwards): warn.
    jpeg_quality_warn: int = 50
    # Ratio of the pixel difference across 8x8 block boundaries to the largest one at any other
    # offset: heavy blocking at or above this (JPEG quality 10 gives ~1.8-4.5, quality 75 of a
    # normal photo ~1.1-1.2, an uncompressed photo ~1.0).
    blockiness_fail: float = 1.7
    # Visible blocking (around quality 30-40, or a flat image at 75): warn.
    blockiness_warn: float = 1.4

    # --- framing (warnings only) ---
    # A dominant line more than this many degrees off level/plumb looks like a tilted camera.
    tilt_warn_deg: float = 2.5
    # Lines beyond this angle are taken as deliberate diagonals, not tilt.
    tilt_max_deg: float = 12.0
    # The dominant-angle peak must be this many times the average of the orientation histogram.
    tilt_min_prominence: float = 3.0
    # Visual-weight centroid farther than this (fraction of the frame) from the centre: unbalanced.
    # A subject on a rule-of-thirds point gives ~0.24 at most, so it is not warned.
    balance_warn_offset: float = 0.28

    # --- analysis ---
    # Long edge of the analysis image is kept within [min, max] where the original allows.
    analysis_min_edge: int = 512
    analysis_max_edge: int = 1024
    # ...except that a JPEG is decoded at 1/8, libjpeg's cheapest scale, whenever that keeps at least
    # this long edge: every phone photo from 8 MP (3264 px: 408) up. At 1/4 a 12 MP photo (4032 px:
    # 1008) cost 3x a bare 1/8 decode; at 1/8 (504) it costs 1.6x. Verdicts on camera-sized photos
    # checked both ways agree (bench/photo_accuracy.py --camera, docs/benchmarks.md).
    jpeg_eighth_min_edge: int = 400


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Problem:
    code: str
    severity: str  # "fail" | "warn"
    message: str  # English source msgid; the Django layer shows gettext(message)

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "severity": self.severity, "message": self.message}


@dataclass
class PhotoReport:
    verdict: str  # "pass" | "warn" | "fail"
    problems: list[Problem] = field(default_factory=list)
    metrics: dict[str, float | int | str] = field(default_factory=dict)
    width: int = 0
    height: int = 0

    def to_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "problems": [p.to_dict() for p in self.problems],
            "metrics": dict(self.metrics),
        }

    def codes(self, severity: str | None = None) -> set[str]:
        """The problem codes, optionally only those of one severity."""
        return {p.code for p in self.problems if severity is None or p.severity == severity}


FAIL = "fail"
WARN = "warn"

# (code, severity) -> msgid. Plain instructions that tell the correspondent what to do.
MESSAGES: dict[tuple[str, str], str] = {
    ("not_an_image", FAIL): _("This file is not a photo we can read: send the photo as a JPEG or PNG file."),
    ("too_large", FAIL): _(
        "The photo file is too large: send a smaller copy or set the camera to a normal resolution."
    ),
    ("too_small", FAIL): _("The photo is too small: send the original photo from the camera, not a reduced copy."),
    ("too_small", WARN): _("The photo is rather small: if you can, send the original full-size photo."),
    ("blurry", FAIL): _("The photo is blurry: hold the phone steady, tap the subject to focus and take it again."),
    ("blurry", WARN): _("The photo is slightly soft: if you can, hold the phone steady and take it again."),
    ("too_dark", FAIL): _("The photo is too dark: add light or move to a brighter place and take it again."),
    ("too_dark", WARN): _("The photo is rather dark: if you can, take it again with more light."),
    ("too_bright", FAIL): _(
        "The photo is too bright: tap the brightest part on the screen to lower the exposure and take it again."
    ),
    ("too_bright", WARN): _(
        "The photo is rather bright: if you can, tap the brightest part on the screen to lower the exposure."
    ),
    ("low_contrast", FAIL): _(
        "The photo looks flat and washed out: do not shoot against the light or through glass, and take it again."
    ),
    ("low_contrast", WARN): _("The photo has rather low contrast: if you can, take it again in better light."),
    ("noisy", FAIL): _("The photo is very grainy: take it again with more light."),
    ("noisy", WARN): _("The photo is somewhat grainy: more light will give a cleaner photo."),
    ("compressed", FAIL): _(
        "The photo has been compressed too much: send the original file from the camera, "
        "not a copy forwarded through a chat app."
    ),
    ("compressed", WARN): _("The photo is somewhat compressed: if you can, send the original file from the camera."),
    ("tilted", WARN): _("The photo looks tilted: keep the horizon level when you take the photo."),
    ("unbalanced", WARN): _("The main subject is far from the centre: frame the shot so it looks balanced."),
}

# Formats a correspondent's photo can come in; others (EPS, PDF, ...) are refused before parsing.
_ALLOWED_FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "GIF", "BMP", "TIFF", "AVIF", "HEIF")

_ORIENTATION_TAG = 0x0112

# Standard IJG luminance quantisation table (quality 50); only its sum is used, so order is irrelevant.
_STD_LUMA_QT_SUM = sum(
    [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51]
    + [87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120]
    + [101, 72, 92, 95, 98, 112, 100, 103, 99]
)


def _problem(code: str, severity: str) -> Problem:
    return Problem(code, severity, MESSAGES[(code, severity)])


def _report(problems: list[Problem], metrics: dict, width: int = 0, height: int = 0) -> PhotoReport:
    severities = {p.severity for p in problems}
    verdict = FAIL if FAIL in severities else WARN if WARN in severities else "pass"
    return PhotoReport(verdict, problems, metrics, width, height)


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


class _TooLarge(Exception):
    pass


def _open_stream(source, max_bytes: int) -> tuple[BinaryIO, int, bool]:
    """Return (binary stream, size in bytes, whether we own the stream)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        return io.BytesIO(data), len(data), True
    if isinstance(source, (str, os.PathLike)):
        size = os.path.getsize(source)
        if size > max_bytes:
            raise _TooLarge(size)
        return open(source, "rb"), size, True  # closed by the caller
    # A file-like object (Django's UploadedFile, an open file, BytesIO ...).
    try:
        start = source.tell()
        source.seek(0, os.SEEK_END)
        size = source.tell() - start
        source.seek(start)
        if start == 0:
            return source, size, False
        if size > max_bytes:
            raise _TooLarge(size)
        # Pillow reads an image from offset 0 of its stream: copy what follows the position.
        data = source.read()
        source.seek(start)
        return io.BytesIO(data), len(data), True
    except (AttributeError, OSError, ValueError):
        data = source.read(max_bytes + 1)
        return io.BytesIO(data), len(data), True


def _exif_orientation(im: Image.Image) -> int:
    try:
        value = int(im.getexif().get(_ORIENTATION_TAG, 1))
    except Exception:  # a broken EXIF block must not reject the photo
        return 1
    return value if 1 <= value <= 8 else 1


def _to_grey_array(im: Image.Image) -> np.ndarray:
    """Any Pillow mode -> luma 0..255 (alpha composited over white): uint8 for 8-bit images, a
    quarter of a float32 copy (49 MB rather than 196 at 49 MP), float32 for 16-bit and float ones.

    The pixels of ``im`` are released (``im.close()``) as soon as the grey copy is made, so a full-size
    decode and its grey copies are not all held at once (the deep check of a 49 MP PNG); the caller
    must not read ``im``'s pixels afterwards."""
    mode = im.mode
    if mode.startswith("I;16") or mode == "I":
        arr = np.asarray(im).astype(np.float32)
        if mode != "I" or arr.size and float(arr.max()) > 255.0:
            arr *= 255.0 / 65535.0
        return np.clip(arr, 0, 255)
    if mode == "F":
        arr = np.asarray(im, dtype=np.float32)
        if arr.size and float(np.nanmax(arr)) <= 1.0:
            arr = arr * 255.0
        return np.clip(np.nan_to_num(arr), 0, 255)
    source = im
    if mode in ("RGBA", "LA", "PA", "La", "RGBa") or (mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        source.close()
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(white, rgba)
        del rgba, white
    if mode != "L":
        grey = im.convert("L")
        im.close()
        source.close()
        im = grey
    return np.asarray(im, dtype=np.uint8)


def _box_reduce(arr: np.ndarray, factor: int) -> np.ndarray:
    """The mean of each ``factor`` x ``factor`` block, as float32 (uint8 input is summed in float32
    without a full-size float copy; the sums of at most a few thousand levels are exact)."""
    if factor <= 1:
        return arr.astype(np.float32, copy=False)
    h, w = (arr.shape[0] // factor) * factor, (arr.shape[1] // factor) * factor
    a = arr[:h, :w].reshape(h // factor, factor, w // factor, factor)
    return a.mean(axis=(1, 3), dtype=np.float32)


def _orient(arr: np.ndarray, orientation: int) -> np.ndarray:
    """Apply an EXIF orientation (the same transposes as ImageOps.exif_transpose)."""
    if orientation == 2:
        return arr[:, ::-1]
    if orientation == 3:
        return arr[::-1, ::-1]
    if orientation == 4:
        return arr[::-1, :]
    if orientation == 5:
        return arr.T
    if orientation == 6:
        return np.rot90(arr, -1)
    if orientation == 7:
        return arr[::-1, ::-1].T
    if orientation == 8:
        return np.rot90(arr, 1)
    return arr


def _jpeg_quality(im: Image.Image) -> int:
    """Estimated IJG quality of the last JPEG save from the luma quantisation table (-1: unknown)."""
    tables = getattr(im, "quantization", None)
    if not tables:
        return -1
    try:
        table = tables[min(tables)]
        scale = 100.0 * float(sum(table)) / _STD_LUMA_QT_SUM
    except Exception:
        return -1
    quality = (200.0 - scale) / 2.0 if scale <= 100.0 else 5000.0 / scale
    return int(round(min(100.0, max(1.0, quality))))


def _blockiness(arr: np.ndarray, period: int) -> float:
    """Mean |difference| across block boundaries / mean |difference| inside blocks (1.0 = none)."""
    if period < 2:
        return float("nan")
    # A central crop, aligned to the block grid, is enough and keeps the cost flat.
    h, w = arr.shape
    ch, cw = min(h, 1024), min(w, 1024)
    y0 = ((h - ch) // 2) // period * period
    x0 = ((w - cw) // 2) // period * period
    a = arr[y0 : y0 + ch, x0 : x0 + cw].astype(np.float32)  # uint8 differences would wrap
    if a.shape[0] < 4 * period or a.shape[1] < 4 * period:
        return float("nan")
    ratios = []
    for d in (np.abs(np.diff(a, axis=1)).mean(axis=0), np.abs(np.diff(a, axis=0)).mean(axis=1)):
        n = (d.size // period) * period
        # Mean difference for each position within the block period; the last one crosses a
        # block boundary. Comparing it with the busiest other position (not their mean) keeps
        # regular non-JPEG patterns, e.g. flat graphics with edges every 16 or 20 px, at ~1.
        by_offset = d[:n].reshape(-1, period).mean(axis=0)
        boundary = float(by_offset[period - 1])
        interior = float(by_offset[: period - 1].max())
        ratios.append((boundary + 0.25) / (interior + 0.25))
    return float(np.mean(ratios))


@dataclass
class _Decoded:
    grey: np.ndarray  # float32 luma, oriented, long edge <= analysis_max_edge
    width: int  # oriented size of the original
    height: int
    fmt: str
    file_bytes: int
    orientation: int
    scale: float  # original pixels per analysis pixel
    jpeg_quality: int
    blockiness: float


def _decode(source, th: Thresholds, deep: bool) -> _Decoded | PhotoReport:
    metrics: dict[str, float | int | str] = {}
    start_pos = 0
    if not isinstance(source, (bytes, bytearray, memoryview, str, os.PathLike)):
        try:
            start_pos = source.tell()
        except (AttributeError, OSError, ValueError):
            start_pos = 0
    try:
        stream, nbytes, owned = _open_stream(source, th.max_file_bytes)
    except _TooLarge as exc:
        metrics["file_bytes"] = int(exc.args[0])
        return _report([_problem("too_large", FAIL)], metrics)
    except OSError:
        return _report([_problem("not_an_image", FAIL)], metrics)
    metrics["file_bytes"] = nbytes
    try:
        if nbytes > th.max_file_bytes:
            return _report([_problem("too_large", FAIL)], metrics)
        Image.init()  # registers the plugins, so the allowed list can be checked against them
        formats = [f for f in _ALLOWED_FORMATS if f in Image.OPEN]
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                im = Image.open(stream, formats=formats)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return _report([_problem("too_large", FAIL)], metrics)
        except Exception:
            return _report([_problem("not_an_image", FAIL)], metrics)

        with im:
            w, h = im.size
            fmt = im.format or ""
            metrics["format"] = fmt
            orientation = _exif_orientation(im)
            ow, oh = (h, w) if orientation in (5, 6, 7, 8) else (w, h)
            if w <= 0 or h <= 0:
                return _report([_problem("not_an_image", FAIL)], metrics)
            if w * h > th.max_pixels:
                return _report([_problem("too_large", FAIL)], metrics, ow, oh)
            long_edge = max(w, h)
            jpeg_q = _jpeg_quality(im) if fmt in ("JPEG", "MPO") else -1
            try:
                if fmt in ("JPEG", "MPO"):
                    # libjpeg can hand back 1/2, 1/4 or 1/8 of the size almost for the price of
                    # entropy decoding: pick the largest reduction that keeps the long edge >= min.
                    # The deep check decodes every pixel. Either way libjpeg hands back its grey
                    # channel, a quarter of an RGB decode (48 MB rather than 192 at 48 MP).
                    reduction = 1
                    for r in (8, 4, 2) if not deep else ():
                        if long_edge / r >= (th.jpeg_eighth_min_edge if r == 8 else th.analysis_min_edge):
                            reduction = r
                            break
                    im.draft("L", (math.ceil(w / reduction), math.ceil(h / reduction)))
                im.load()
                if fmt not in ("JPEG", "MPO") and not deep:
                    # Other formats decode whole; reduce them at once (a box filter, like the JPEG
                    # scaling) so the float grey copy is never made at full size.
                    for r in (8, 4, 2):
                        if long_edge / r >= th.analysis_min_edge:
                            with contextlib.suppress(ValueError):  # a mode reduce() does not take
                                im = im.reduce(r)
                            break
                grey = _to_grey_array(im)
            except MemoryError:
                return _report([_problem("too_large", FAIL)], metrics, ow, oh)
            except Exception:
                return _report([_problem("not_an_image", FAIL)], metrics, ow, oh)
            decoded_scale = w / grey.shape[1]
            # Blocking is only visible while a JPEG block still spans >= 2 decoded pixels.
            period = round(8 / decoded_scale)
            blockiness = _blockiness(grey, period) if period >= 2 else float("nan")
            factor = max(1, math.ceil(max(grey.shape) / th.analysis_max_edge))
            grey = _box_reduce(grey, factor)
            grey = _orient(grey, orientation)
            return _Decoded(
                grey=np.ascontiguousarray(grey),
                width=ow,
                height=oh,
                fmt=fmt,
                file_bytes=nbytes,
                orientation=orientation,
                scale=decoded_scale * factor,
                jpeg_quality=jpeg_q,
                blockiness=blockiness,
            )
    finally:
        if owned:
            stream.close()
        else:
            with contextlib.suppress(AttributeError, OSError, ValueError):
                stream.seek(start_pos)


# ---------------------------------------------------------------------------------------------
# Measures (all on a float32 grey image, 0..255)
# ---------------------------------------------------------------------------------------------


def _blur121(a: np.ndarray) -> np.ndarray:
    """Binomial [1,2,1]/4 in both axes ('valid': the result is 2 px smaller each way)."""
    a = a[:, :-2] + 2.0 * a[:, 1:-1] + a[:, 2:]
    a = a[:-2, :] + 2.0 * a[1:-1, :] + a[2:, :]
    a *= np.float32(1.0 / 16.0)
    return a


def _grad(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Central differences ('valid': 1 px smaller on each side)."""
    gx = (a[1:-1, 2:] - a[1:-1, :-2]) * np.float32(0.5)
    gy = (a[2:, 1:-1] - a[:-2, 1:-1]) * np.float32(0.5)
    return gx, gy


def _noise_sigma(a: np.ndarray, tile: int = 16) -> tuple[float, np.ndarray]:
    """Robust noise sigma: Immerkær residual, mean-absolute per tile, low percentile of tiles."""
    r = a[:, :-2] - 2.0 * a[:, 1:-1] + a[:, 2:]
    r = r[:-2, :] - 2.0 * r[1:-1, :] + r[2:, :]
    np.abs(r, out=r)
    h, w = (r.shape[0] // tile) * tile, (r.shape[1] // tile) * tile
    if h == 0 or w == 0:
        return 0.0, np.zeros(0)
    tiles_r = r[:h, :w].reshape(h // tile, tile, w // tile, tile).mean(axis=(1, 3))
    tiles_m = a[1 : 1 + h, 1 : 1 + w].reshape(h // tile, tile, w // tile, tile).mean(axis=(1, 3))
    sig = tiles_r.ravel() * np.float32(math.sqrt(math.pi / 2.0) / 6.0)
    m = tiles_m.ravel()
    usable = sig[(m > 12.0) & (m < 243.0)]  # clipped tiles hide the noise
    if usable.size < 8:
        usable = sig
    return float(np.percentile(usable, 10)), sig


def _exposure(a: np.ndarray) -> dict[str, float]:
    """Exposure and contrast from the luminance histogram: mean, percentiles, clipped shares."""
    hist = np.bincount(np.clip(a, 0, 255).astype(np.uint8).ravel(), minlength=256).astype(np.float64)
    n = hist.sum()
    cdf = np.cumsum(hist) / n
    levels = np.arange(256, dtype=np.float64)

    def pct(p: float) -> float:
        return float(np.searchsorted(cdf, p / 100.0))

    m: dict[str, float] = {"mean_luma": float((hist * levels).sum() / n)}
    for p in (1, 5, 50, 95, 99):
        m[f"p{p}"] = pct(p)
    m["p99_5"] = pct(99.5)
    m["clipped_shadows_pct"] = float(hist[:3].sum() / n * 100.0)
    m["clipped_highlights_pct"] = float(hist[250:].sum() / n * 100.0)
    m["contrast_range"] = m["p99"] - m["p1"]
    m["rms_contrast"] = float(np.sqrt(max(0.0, (hist * (levels - m["mean_luma"]) ** 2).sum() / n)))
    return m


@dataclass
class _Edges:
    """The edge points of the re-blurred image that sharpness, tilt and balance read."""

    sigma: np.ndarray  # effective blur sigma (px) at each edge point
    angle: np.ndarray  # gradient direction at each edge point, degrees
    magnitude: np.ndarray  # gradient magnitude at each edge point
    energy2: np.ndarray  # squared gradient magnitude of the whole re-blurred image


def _edges(a: np.ndarray, noise: float) -> _Edges:
    """Edge points by non-maximum suppression, with the blur each one shows: the re-blur ratio
    (how much a further Gaussian sigma-1 blur lowers the gradient) with the noise taken out."""
    b = _blur121(_blur121(a))  # binomial [1,4,6,4,1]/16: Gaussian sigma 1 re-blur
    gxf, gyf = _grad(a)  # fine gradient, (h-2, w-2)
    gxf, gyf = gxf[2:-2, 2:-2], gyf[2:-2, 2:-2]  # align with the re-blurred one, (h-6, w-6)
    gxr, gyr = _grad(b)
    mf2 = gxf * gxf + gyf * gyf
    mr2 = gxr * gxr + gyr * gyr
    # Noise energy in each gradient (white noise): central difference -> sigma^2/2 per axis;
    # after the [1,4,6,4,1] re-blur the per-axis variance gain is 0.5 * sum(k^2)^2 * ...
    nf2 = noise * noise * 1.0
    nr2 = noise * noise * _REBLUR_NOISE_GAIN
    edge_thr2 = max(16.0, 16.0 * nr2)  # |grad| >= 4 levels/px and 4x the noise in it
    # Non-maximum suppression along the dominant gradient axis.
    horiz = np.abs(gxr) >= np.abs(gyr)
    core = mr2[1:-1, 1:-1]
    nms_x = (core >= mr2[1:-1, :-2]) & (core > mr2[1:-1, 2:])
    nms_y = (core >= mr2[:-2, 1:-1]) & (core > mr2[2:, 1:-1])
    hc = horiz[1:-1, 1:-1]
    edges = np.where(hc, nms_x, nms_y) & (core > edge_thr2)
    ys, xs = np.nonzero(edges)
    ys += 1
    xs += 1
    ef = np.maximum(mf2[ys, xs] - nf2, 0.0)
    er = np.maximum(mr2[ys, xs] - nr2, 1e-6)
    ratio2 = ef / er
    # sigma_eff^2 = 1 / (R^2 - 1); R^2 <= 1 means no measurable fine detail (very wide edge).
    sig2 = np.where(ratio2 > 1.0 + 1.0 / 400.0, 1.0 / np.maximum(ratio2 - 1.0, 1e-6), 400.0)
    # Remove the blur the discrete gradient itself reports for a perfect step.
    sig = np.sqrt(np.maximum(sig2 - _STEP_SIGMA2, 0.0))
    return _Edges(
        sigma=sig,
        angle=np.degrees(np.arctan2(gyr[ys, xs], gxr[ys, xs])),
        magnitude=np.sqrt(mr2[ys, xs]),
        energy2=mr2,
    )


def _blur(e: _Edges, long_edge: int, th: Thresholds) -> dict[str, float | int]:
    """Sharpness: per orientation bin, a high quantile of the blur at the strongest edges; the
    photo is as blurry as its worst direction (motion blur smears one direction only)."""
    sig, mag = e.sigma, e.magnitude
    nb = max(1, th.blur_orientation_bins)
    obin = (((e.angle % 180.0) + 90.0 / nb) // (180.0 / nb)).astype(np.int64) % nb
    per_bin = []
    for k in range(nb):
        sel = obin == k
        if int(sel.sum()) < th.blur_min_points:
            continue
        s, g = sig[sel], mag[sel]
        strong = s[g >= np.percentile(g, 100.0 - th.blur_strong_share_pct)]
        per_bin.append(float(np.percentile(strong, th.blur_quantile)))
    m: dict[str, float | int] = {"edge_points": int(sig.size)}
    if sig.size >= th.blur_min_edges and per_bin:
        blur_px = max(per_bin)
        m["blur_sigma_px"] = blur_px
        m["blur_sigma_best_px"] = min(per_bin)
        m["blur_pct"] = blur_px / long_edge * 100.0
    else:
        m["blur_sigma_px"] = -1.0
        m["blur_sigma_best_px"] = -1.0
        m["blur_pct"] = -1.0
    return m


def _tilt(e: _Edges, th: Thresholds) -> dict[str, float]:
    """Tilt: the orientation histogram of strong edges, folded to +-45 degrees around the axes;
    its peak near (but not at) zero is a horizon or wall that is not level."""
    if not e.sigma.size:
        return {"tilt_deg": 0.0, "tilt_prominence": 0.0}
    dev = (e.angle + 45.0) % 90.0 - 45.0
    hist_t, _edges = np.histogram(dev, bins=180, range=(-45.0, 45.0), weights=e.magnitude)
    hist_t = np.convolve(np.concatenate([hist_t[-2:], hist_t, hist_t[:2]]), [1, 2, 3, 2, 1], "valid") / 9.0
    centres = np.linspace(-45.0 + 0.25, 45.0 - 0.25, 180)
    window = np.abs(centres) <= th.tilt_max_deg
    kpk = int(np.argmax(np.where(window, hist_t, -1.0)))
    mean_t = float(hist_t.mean()) or 1.0
    return {"tilt_deg": float(centres[kpk]), "tilt_prominence": float(hist_t[kpk] / mean_t)}


def _balance(e: _Edges) -> dict[str, float]:
    """Balance: the centroid of the visual weight (edge energy), as an offset from the centre."""
    wgt = np.sqrt(e.energy2)
    total = float(wgt.sum())
    if total > 0:
        hh, ww = wgt.shape
        cx = float(wgt.sum(axis=0) @ (np.arange(ww, dtype=np.float32) + 0.5)) / total / ww - 0.5
        cy = float(wgt.sum(axis=1) @ (np.arange(hh, dtype=np.float32) + 0.5)) / total / hh - 0.5
    else:
        cx = cy = 0.0
    return {"balance_x": cx, "balance_y": cy, "balance_offset": math.hypot(cx, cy)}


def _analyse(grey: np.ndarray, th: Thresholds) -> dict[str, float | int]:
    """All pixel measures on the analysis image (compression is measured while decoding)."""
    noise, _tiles = _noise_sigma(grey)
    edges = _edges(grey, noise)
    return {
        **_exposure(grey),
        "noise_sigma": noise,
        **_blur(edges, max(grey.shape), th),
        **_tilt(edges, th),
        **_balance(edges),
    }


def _reblur_noise_gain() -> float:
    k1 = np.array([1, 4, 6, 4, 1], dtype=np.float64) / 16.0
    d = np.array([1, 0, -1], dtype=np.float64) / 2.0
    kd = np.convolve(k1, d)
    # Variance of one gradient component of white unit noise, times 2 components.
    return float((kd**2).sum() * (k1**2).sum() * 2.0)


_REBLUR_NOISE_GAIN = _reblur_noise_gain()


def _step_sigma2() -> float:
    """sigma_eff^2 that the estimator reports for an ideal pixel-sharp step edge."""
    x = np.zeros((9, 32), dtype=np.float32)
    x[:, 16:] = 100.0
    a = x
    b = _blur121(_blur121(a))
    gxf, _ = _grad(a)
    gxr, _ = _grad(b)
    f = float(np.max(np.abs(gxf[2:-2, 2:-2]))) ** 2
    r = float(np.max(np.abs(gxr))) ** 2
    return 1.0 / (f / r - 1.0)


_STEP_SIGMA2 = _step_sigma2()


# ---------------------------------------------------------------------------------------------
# Verdict
# ---------------------------------------------------------------------------------------------


def _graded(code: str, *, fail: bool, warn: bool) -> list[Problem]:
    """One problem at the worse severity that applies, or none."""
    if fail:
        return [_problem(code, FAIL)]
    return [_problem(code, WARN)] if warn else []


def _judge_size(d: _Decoded, th: Thresholds) -> list[Problem]:
    long_edge = max(d.width, d.height)
    return _graded("too_small", fail=long_edge < th.min_long_edge, warn=long_edge < th.warn_long_edge)


def _judge_blur(m: dict, th: Thresholds) -> list[Problem]:
    blur = m["blur_pct"]
    return _graded("blurry", fail=blur < 0 or blur > th.blur_fail_pct, warn=blur > th.blur_warn_pct)


def _judge_darkness(m: dict, th: Thresholds) -> list[Problem]:
    mean = m["mean_luma"]
    fail = m["p99"] < th.dark_p99_fail and m["p99_5"] < th.dark_lights_min and mean < th.dark_mean_max
    warn = (m["p99"] < th.dark_p99_warn and mean < th.dark_mean_max) or mean < th.dark_mean_warn
    return _graded("too_dark", fail=fail, warn=warn)


def _judge_brightness(m: dict, th: Thresholds) -> list[Problem]:
    clipped, mean = m["clipped_highlights_pct"], m["mean_luma"]
    fail = (
        (clipped > th.bright_clipped_fail_pct and mean > th.bright_clipped_mean_min)
        or clipped > th.bright_clipped_hard_pct
        or (mean > th.bright_mean_fail and m["p5"] > th.bright_p5_min)
    )
    warn = clipped > th.bright_clipped_warn_pct or mean > th.bright_mean_fail
    return _graded("too_bright", fail=fail, warn=warn)


def _judge_contrast(m: dict, th: Thresholds) -> list[Problem]:
    spread = m["contrast_range"]
    return _graded("low_contrast", fail=spread < th.contrast_fail_range, warn=spread < th.contrast_warn_range)


def _judge_noise(m: dict, th: Thresholds) -> list[Problem]:
    noise = m["noise_sigma"]
    return _graded("noisy", fail=noise >= th.noise_fail_sigma, warn=noise >= th.noise_warn_sigma)


def _judge_compression(d: _Decoded, th: Thresholds) -> list[Problem]:
    q, bk = d.jpeg_quality, d.blockiness
    has_q, has_b = q > 0, not math.isnan(bk)
    fail = (has_q and q <= th.jpeg_quality_fail) or (has_b and bk >= th.blockiness_fail)
    warn = (has_q and q <= th.jpeg_quality_warn) or (has_b and bk >= th.blockiness_warn)
    return _graded("compressed", fail=fail, warn=warn)


def _judge_tilt(m: dict, th: Thresholds) -> list[Problem]:
    prominent = m["tilt_prominence"] >= th.tilt_min_prominence
    return _graded("tilted", fail=False, warn=prominent and th.tilt_warn_deg <= abs(m["tilt_deg"]) <= th.tilt_max_deg)


def _judge_balance(m: dict, th: Thresholds) -> list[Problem]:
    return _graded("unbalanced", fail=False, warn=m["balance_offset"] > th.balance_warn_offset)


def _judge(d: _Decoded, m: dict, th: Thresholds) -> list[Problem]:
    """The problems the measures show, in the order the correspondent reads them."""
    return [
        *_judge_size(d, th),
        *_judge_blur(m, th),
        *_judge_darkness(m, th),
        *_judge_brightness(m, th),
        *_judge_contrast(m, th),
        *_judge_noise(m, th),
        *_judge_compression(d, th),
        *_judge_tilt(m, th),
        *_judge_balance(m, th),
    ]


def _round(v):
    if isinstance(v, float):
        return round(v, 4) if not math.isnan(v) else -1.0
    return v


def _check(source, thresholds: Thresholds, deep: bool) -> PhotoReport:
    decoded = _decode(source, thresholds, deep)
    if isinstance(decoded, PhotoReport):
        return decoded
    m = _analyse(decoded.grey, thresholds)
    problems = _judge(decoded, m, thresholds)
    metrics: dict[str, float | int | str] = {
        "format": decoded.fmt,
        "file_bytes": decoded.file_bytes,
        "orientation": decoded.orientation,
        "analysed_width": int(decoded.grey.shape[1]),
        "analysed_height": int(decoded.grey.shape[0]),
        "scale": decoded.scale,
        "jpeg_quality": decoded.jpeg_quality,
        "blockiness": decoded.blockiness,
    }
    metrics.update(m)
    metrics = {k: _round(v) for k, v in metrics.items()}
    return _report(problems, metrics, decoded.width, decoded.height)


def check_photo(
    source: str | os.PathLike | BinaryIO | bytes, *, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> PhotoReport:
    """Check one photo (path, bytes or binary file object). Never raises for bad input."""
    try:
        return _check(source, thresholds, deep=False)
    except MemoryError:
        return _report([_problem("too_large", FAIL)], {})


def deep_check_photo(
    source: str | os.PathLike | BinaryIO | bytes, *, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> PhotoReport:
    """Slower variant for a background task: decodes every pixel of a JPEG, so the 8x8 blocking of
    a re-saved (forwarded) photo is also measured on large JPEGs; the other measures are the same."""
    try:
        return _check(source, thresholds, deep=True)
    except MemoryError:
        return _report([_problem("too_large", FAIL)], {})
