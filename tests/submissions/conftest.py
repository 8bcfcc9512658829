"""Helpers for the item tests: photos made with Pillow (a sharp scene, a blurred one, one with a
GPS position in its EXIF) and items brought to a given state through the services."""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image, ImageDraw, ImageFilter

from portal.models import User
from submissions import services
from submissions.models import Submission

BODY = "<p>" + "Hội nghị biểu dương các điển hình tiên tiến trong phong trào thi đua của huyện. " * 4 + "</p>"
ARTICLE_BODY = "<p>" + "Mô hình kinh tế hiệu quả giúp nhiều hộ dân thoát nghèo bền vững ở địa phương. " * 10 + "</p>"


def scene(width: int = 1600, height: int = 1200, seed: int = 1) -> Image.Image:
    rng = np.random.default_rng(seed)
    im = Image.new("RGB", (width, height), (120, 150, 180))
    draw = ImageDraw.Draw(im)
    for i in range(60):
        x, y, s = int(rng.integers(0, width)), int(rng.integers(0, height)), int(rng.integers(40, 300))
        colour = tuple(int(v) for v in rng.integers(10, 245, 3))
        if i % 2:
            draw.rectangle([x, y, x + s, y + int(s * 0.7)], fill=colour)
        else:
            draw.ellipse([x, y, x + s, y + s], fill=colour)
    return im


def jpeg_bytes(*, blurred: bool = False, gps: bool = False, seed: int = 1) -> bytes:
    im = scene(seed=seed)
    if blurred:
        im = im.filter(ImageFilter.GaussianBlur(12))
    buffer = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "TestCam"  # Make
        gps_ifd = {1: "N", 2: (9.0, 36.0, 0.0), 3: "E", 4: (105.0, 58.0, 0.0)}
        exif[0x8825] = gps_ifd
        im.save(buffer, "JPEG", quality=92, exif=exif)
    else:
        im.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


MARK = (230, 20, 20)  # the red corner of phone_jpeg's photos, top left when shown upright


def phone_jpeg(width: int, height: int, *, seed: int = 1, orientation: int = 6) -> bytes:
    """A photo as a phone saves it: the scene (``width`` × ``height`` when shown upright, shapes
    scaled to its size, a red square in its top-left corner) stored sideways with the EXIF
    orientation that turns it upright (6: rotate 90° clockwise to show)."""
    k = max(width, height) / 1600
    rng = np.random.default_rng(seed)
    upright = Image.new("RGB", (width, height), (120, 150, 180))
    draw = ImageDraw.Draw(upright)
    for i in range(60):
        x, y, s = int(rng.integers(0, width)), int(rng.integers(0, height)), int(rng.integers(40, 300) * k)
        colour = tuple(int(v) for v in rng.integers(10, 245, 3))
        if i % 2:
            draw.rectangle([x, y, x + s, y + int(s * 0.7)], fill=colour)
        else:
            draw.ellipse([x, y, x + s, y + s], fill=colour)
    side = max(width, height) // 8
    draw.rectangle([0, 0, side, side], fill=MARK)
    stored = upright.transpose(Image.Transpose.ROTATE_90) if orientation == 6 else upright
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    stored.save(buffer, "JPEG", quality=92, exif=exif)
    return buffer.getvalue()


def shows_upright(content: bytes) -> bool:
    """True when ``content``, shown as a browser shows it (EXIF orientation applied), has
    phone_jpeg's red corner at the top left and is taller than wide."""
    from PIL import ImageOps

    with Image.open(io.BytesIO(content)) as im:
        shown = ImageOps.exif_transpose(im).convert("RGB")
    r, g, b = shown.getpixel((max(1, shown.width // 40), max(1, shown.width // 40)))
    return shown.height > shown.width and r > 180 and g < 80 and b < 80


def upload(name: str = "anh.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kwargs), content_type="image/jpeg")


def phone_photo(name: str = "IMG_2041.jpg", size: tuple[int, int] = (4032, 3024), quality: int = 90):
    """A 12 MP phone photo: a sharp scene upscaled, with fine grain, saved as a phone does."""
    im = scene(1008, 756, seed=7).resize(size, Image.Resampling.BICUBIC)
    rng = np.random.default_rng(3)
    arr = np.asarray(im, dtype=np.int16) + rng.integers(-3, 4, (size[1], size[0], 1), dtype=np.int16)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=quality)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def good_photo() -> SimpleUploadedFile:
    return upload()


@pytest.fixture
def blurred_photo() -> SimpleUploadedFile:
    return upload("mo.jpg", blurred=True)


def make_draft(author: User, **fields) -> Submission:
    data = {"kind": "news", "title": "Hội nghị biểu dương điển hình tiên tiến", "body": BODY, **fields}
    submission = services.submission_create(by=author, **data)
    services.photo_add(submission=submission, by=author, upload=upload(), caption="Quang cảnh", credit="CTV")
    return submission


def make_submitted(author: User, **fields) -> Submission:
    return services.submission_submit(submission=make_draft(author, **fields), by=author)


def make_approved(author: User, editor: User, **fields) -> Submission:
    submission = make_submitted(author, **fields)
    services.submission_transition(submission=submission, by=editor, action="claim")
    return services.submission_transition(submission=submission, by=editor, action="approve")


def make_published(author: User, editor: User, **fields) -> Submission:
    """An item published as on a real site: the publish-time task makes its photos' renditions."""
    submission = make_approved(author, editor, **fields)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.submission_transition(submission=submission, by=editor, action="publish")
