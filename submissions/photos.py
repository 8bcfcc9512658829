"""Photos in Django: upload limits, the quality check with the portal's thresholds, the report as
the correspondent reads it, and the public renditions (resized, EXIF stripped)."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps

from submissions import photo_quality
from submissions.models import Photo

# What the portal accepts from a browser; the checker then judges the photo itself.
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}
RENDITIONS = {"thumb": 480, "page": 1280}


def thresholds_from_settings() -> photo_quality.Thresholds:
    """The checker's thresholds, with any field overridden by ``settings.PHOTO_QUALITY`` (a dict)."""
    overrides = getattr(settings, "PHOTO_QUALITY", None) or {}
    known = {f.name for f in dataclasses.fields(photo_quality.Thresholds)}
    unknown = set(overrides) - known
    if unknown:
        raise ValueError(f"PHOTO_QUALITY has unknown fields: {', '.join(sorted(unknown))}")
    return dataclasses.replace(photo_quality.DEFAULT_THRESHOLDS, **overrides)


class UploadRefused(Exception):
    """The file cannot be taken at all; ``message`` says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class CheckedUpload:
    content: bytes
    extension: str
    width: int
    height: int
    sha256: str
    report: photo_quality.PhotoReport


# HEIF/HEIC (and AVIF) files start with an ISO box "ftyp" and one of these brands.
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis"}


def max_pixels() -> int:
    return int(getattr(settings, "PHOTO_MAX_PIXELS", 50_000_000))


def bound_pillow() -> None:
    """Make Pillow itself refuse to open anything far above the portal's limit (a decompression bomb
    raises at twice ``MAX_IMAGE_PIXELS``), wherever in the process an image is opened."""
    Image.MAX_IMAGE_PIXELS = max_pixels()


def is_heif(content: bytes) -> bool:
    return content[4:8] == b"ftyp" and content[8:12] in HEIF_BRANDS


def too_many_pixels_message(width: int | None = None, height: int | None = None) -> str:
    limit = max_pixels() / 1_000_000
    if width and height:
        return _(
            "The photo is %(width)s × %(height)s pixels (%(mp)s megapixels); the portal takes photos of at most "
            "%(max)s megapixels. Send the photo as the camera or phone took it, or a copy resized to at most "
            "%(max)s megapixels."
        ) % {"width": width, "height": height, "mp": round(width * height / 1_000_000, 1), "max": f"{limit:g}"}
    return _(
        "The photo has too many pixels; the portal takes photos of at most %(max)s megapixels. Send the photo as "
        "the camera or phone took it, or a copy resized to at most %(max)s megapixels."
    ) % {"max": f"{limit:g}"}


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Read an uploaded file, refuse what is not a photo we take, and run the quick quality check.

    The size in pixels is read from the header and refused above ``PHOTO_MAX_PIXELS`` before
    anything is decoded; then the quick check decodes the whole file once (a JPEG at reduced scale:
    libjpeg still reads all of its data), so a truncated or corrupt file is refused here rather
    than stored. The slower check, when the photo needs one (``needs_deep_check``), runs later.
    """
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        raise UploadRefused(
            _("The file is %(size)s MB; photos may be at most %(max)s MB. Send a smaller copy of the photo.")
            % {"size": round(upload.size / 1024 / 1024, 1), "max": MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    content = upload.read()
    if not content:
        raise UploadRefused(_("The file is empty. Choose the photo again."))
    if is_heif(content):
        raise UploadRefused(
            _(
                "“%(name)s” is a HEIC photo (the format iPhones and some Android phones save by default), which "
                "the portal cannot read. Send it as JPEG: on an iPhone, choose Settings › Camera › Formats › "
                "“Most Compatible” before taking photos, or share the photo by email or Zalo choosing the "
                "JPEG/“Most Compatible” option; on Android, set the camera to save JPEG."
            )
            % {"name": upload.name}
        )
    bound_pillow()
    not_readable = UploadRefused(
        _("“%(name)s” is not a photo we can read. Send a JPEG, PNG or WebP photo.") % {"name": upload.name}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(content))
    except Image.DecompressionBombError:
        raise UploadRefused(too_many_pixels_message()) from None
    except Exception:
        raise not_readable from None
    with im:
        fmt = im.format or ""
        width, height = im.size
    if fmt not in ACCEPTED_FORMATS:
        raise UploadRefused(_("Photos must be JPEG, PNG or WebP files; this one is %(format)s.") % {"format": fmt})
    if width * height > max_pixels():
        raise UploadRefused(too_many_pixels_message(width, height))
    # One decode for both: the check decodes every byte (a JPEG at 1/8 from 3200 px) and reports a
    # file that does not decode to the end as not an image.
    report = photo_quality.check_photo(content, thresholds=thresholds_from_settings())
    if "not_an_image" in report.codes():
        raise UploadRefused(
            _(
                "“%(name)s” is incomplete or damaged: the photo was cut off while it was copied or sent. "
                "Send the photo again from the phone or camera that took it."
            )
            % {"name": upload.name}
        )
    return CheckedUpload(
        content=content,
        extension=ACCEPTED_FORMATS[fmt],
        width=checked_width(report.width, width),
        height=checked_width(report.height, height),
        sha256=hashlib.sha256(content).hexdigest(),
        report=report,
    )


def needs_deep_check(report: photo_quality.PhotoReport) -> bool:
    """Whether the slower check can add anything to the quick one: only when the quick check could
    not measure the 8x8 blocking of a re-saved JPEG (a JPEG decoded at 1/8, i.e. phone-sized), since
    the slower check's other measures are the same."""
    if report.verdict == photo_quality.FAIL and report.codes() & {"not_an_image", "too_large"}:
        return False
    return report.metrics.get("blockiness", -1) == -1


def checked_width(from_report: int, from_file: int) -> int:
    # The checker reports the oriented size (EXIF rotation applied); fall back to the raw size.
    return from_report or from_file


PROBLEM_LABELS = {
    "not_an_image": gettext_lazy("Not a readable photo"),
    "too_small": gettext_lazy("Too small"),
    "too_large": gettext_lazy("Too large"),
    "blurry": gettext_lazy("Blurry"),
    "too_dark": gettext_lazy("Too dark"),
    "too_bright": gettext_lazy("Too bright"),
    "low_contrast": gettext_lazy("Low contrast"),
    "noisy": gettext_lazy("Grainy (noise)"),
    "compressed": gettext_lazy("Heavily compressed"),
    "tilted": gettext_lazy("Tilted"),
    "unbalanced": gettext_lazy("Unbalanced composition"),
}


def problem_code_choices() -> list[tuple[str, str]]:
    """Every problem code the checker can report, with its label, for the queue's filter."""
    codes = sorted({code for code, _severity in photo_quality.MESSAGES})
    return [(code, PROBLEM_LABELS.get(code, code)) for code in codes]


def problem_codes(report_dict: dict) -> str:
    codes = sorted({p["code"] for p in report_dict.get("problems", [])})
    return f",{','.join(codes)}," if codes else ""


def report_messages(photo: Photo) -> list[dict]:
    """The problems of a photo's report, translated into the current language."""
    out = []
    for problem in photo.quality_report.get("problems", []):
        message = _(problem["message"])
        params = problem.get("params") or {}
        if params:
            with contextlib.suppress(KeyError, TypeError, ValueError):
                message = message % params
        out.append({"code": problem["code"], "severity": problem["severity"], "message": message})
    return out


def _bounded_decode(fh, long_edge: int) -> Image.Image:
    """Open a stored photo and decode it no larger than needed for ``long_edge``: a JPEG through
    libjpeg's scaled decoding (``draft``, before any rotation loads it whole), other formats reduced
    by an integer factor right after decoding. Then orient it (EXIF) and return it as RGB."""
    bound_pillow()
    im = Image.open(fh)
    if im.format in ("JPEG", "MPO"):
        im.draft("RGB", (long_edge, long_edge))
    im.load()
    if im.mode not in ("RGB", "RGBA", "L", "LA"):
        im = im.convert("RGBA" if "transparency" in im.info or im.mode in ("PA", "P") else "RGB")
    factor = max(1, max(im.size) // long_edge)  # the long edge stays >= long_edge
    if factor > 1:
        im = im.reduce(factor)
    im = ImageOps.exif_transpose(im)
    return im.convert("RGB")


def _jpeg_bytes(im: Image.Image, long_edge: int) -> bytes:
    im = im.copy()
    im.thumbnail((long_edge, long_edge), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # A fresh image with no info dict: Pillow writes no EXIF, XMP or ICC unless asked.
    clean = Image.new("RGB", im.size)
    clean.paste(im)
    clean.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    return buffer.getvalue()


RENDITION_FIELDS = {"thumb": "thumbnail", "page": "page_image"}


def make_renditions(photo: Photo) -> bool:
    """Make the missing renditions of ``photo`` (resized, oriented, as JPEGs with no metadata at all,
    so no GPS position leaves the portal), from one bounded decode, and store them on the photo.

    Made once: the photo's row is locked while they are made, so a second run waits and then finds
    them done; a file written for a row that could not be updated is deleted again. Returns True
    when it made something.
    """
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = Photo.objects.select_for_update().filter(pk=photo.pk).first()
            if locked is None:
                return False
            missing = [size for size, field in RENDITION_FIELDS.items() if not getattr(locked, field)]
            if not missing:
                for field in RENDITION_FIELDS.values():
                    setattr(photo, field, getattr(locked, field).name)
                return False
            with locked.file.open("rb") as fh:
                im = _bounded_decode(fh, max(RENDITIONS[size] for size in missing))
            updates = {}
            for size in missing:
                field = RENDITION_FIELDS[size]
                data = _jpeg_bytes(im, RENDITIONS[size])
                name = getattr(locked, field).storage.save(
                    getattr(locked, field).field.generate_filename(locked, f"{size}.jpg"), ContentFile(data)
                )
                written.append(name)
                updates[field] = name
                if size == "page":
                    updates["page_bytes"] = len(data)
            Photo.objects.filter(pk=locked.pk).update(**updates)
    except BaseException:
        for name in written:
            photo.file.storage.delete(name)
        raise
    for field, value in updates.items():
        setattr(photo, field, value)
    return True


def make_rendition(photo: Photo, size: str) -> None:
    """Make the ``size`` rendition of ``photo`` if it is missing (with any other missing one)."""
    if size not in RENDITIONS:
        raise ValueError(size)
    make_renditions(photo)
