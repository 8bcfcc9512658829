"""Photos in Django: upload limits, the quality check with the portal's thresholds, the report as
the correspondent reads it, and the public renditions (resized, EXIF stripped)."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
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


def check_upload(upload: UploadedFile) -> CheckedUpload:
    """Read an uploaded file, refuse what is not a photo we take, and run the quality check."""
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        raise UploadRefused(
            _("The file is %(size)s MB; photos may be at most %(max)s MB. Send a smaller copy of the photo.")
            % {"size": round(upload.size / 1024 / 1024, 1), "max": MAX_UPLOAD_BYTES // 1024 // 1024}
        )
    content = upload.read()
    if not content:
        raise UploadRefused(_("The file is empty. Choose the photo again."))
    try:
        with Image.open(io.BytesIO(content)) as im:
            fmt = im.format or ""
            width, height = im.size
            im.verify()
    except Exception:
        raise UploadRefused(
            _("“%(name)s” is not a photo we can read. Send a JPEG, PNG or WebP photo.") % {"name": upload.name}
        ) from None
    if fmt not in ACCEPTED_FORMATS:
        raise UploadRefused(_("Photos must be JPEG, PNG or WebP files; this one is %(format)s.") % {"format": fmt})
    report = photo_quality.check_photo(content, thresholds=thresholds_from_settings())
    return CheckedUpload(
        content=content,
        extension=ACCEPTED_FORMATS[fmt],
        width=checked_width(report.width, width),
        height=checked_width(report.height, height),
        sha256=hashlib.sha256(content).hexdigest(),
        report=report,
    )


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


def make_rendition(photo: Photo, size: str) -> None:
    """Make the ``size`` rendition of ``photo`` (resized, oriented, as a JPEG with no metadata at all,
    so no GPS position leaves the portal) and store it on the photo. Does nothing if it exists."""
    field = "thumbnail" if size == "thumb" else "page_image"
    if getattr(photo, field):
        return
    long_edge = RENDITIONS[size]
    with photo.file.open("rb") as fh, Image.open(fh) as im:
        im = ImageOps.exif_transpose(im)
        im = im.convert("RGB")
        im.thumbnail((long_edge, long_edge), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        # A fresh image with no info dict: Pillow writes no EXIF, XMP or ICC unless asked.
        clean = Image.new("RGB", im.size)
        clean.paste(im)
        clean.save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    getattr(photo, field).save(f"{size}.jpg", ContentFile(buffer.getvalue()), save=False)
    Photo.objects.filter(pk=photo.pk).update(**{field: getattr(photo, field).name})
