"""The photo-quality checker on generated photos (plain pytest: no database, no Django).

Rule 3 of docs/rules.md: photos must be sharp, well exposed and balanced, checked on upload."""

from __future__ import annotations

import io
import re
import struct
import zlib
from dataclasses import fields, replace

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from submissions import photo_quality as pq
from submissions.photo_quality import DEFAULT_THRESHOLDS, Thresholds, check_photo

W, H = 1600, 1200
CODES = {
    "not_an_image",
    "too_small",
    "too_large",
    "blurry",
    "too_dark",
    "too_bright",
    "low_contrast",
    "noisy",
    "compressed",
    "tilted",
    "unbalanced",
}


# ----------------------------------------------------------------------------- generated photos


def _value_noise(rng, h, w, cells):
    small = rng.normal(0.0, 1.0, (max(2, h // cells), max(2, w // cells))).astype(np.float32)
    return np.asarray(Image.fromarray(small, mode="F").resize((w, h), Image.Resampling.BICUBIC))


def scene(w=W, h=H, seed=1, region=(0.0, 0.0, 1.0, 1.0), horizon=True, background=None) -> np.ndarray:
    """A natural-ish RGB scene: sky and ground, objects with sharp outlines, texture and grain."""
    rng = np.random.default_rng(seed)
    yy = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None]
    if background is not None:
        arr = np.full((h, w, 3), background, np.float32)
    else:
        sky = np.stack([150 + 60 * (1 - yy), 170 + 50 * (1 - yy), 200 + 40 * (1 - yy)], -1) * np.ones((1, w, 1))
        ground = np.stack([90 - 40 * yy, 80 - 30 * yy, 60 - 20 * yy], -1) * np.ones((1, w, 1))
        arr = np.where((yy < 0.55)[..., None] if horizon else np.zeros((h, 1, 1), bool), sky, ground)
        arr = arr.astype(np.float32)
    im = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(im)
    x0, y0, x1, y1 = region
    for _ in range(70):
        cx = rng.uniform(x0, x1) * w
        cy = rng.uniform(y0, y1) * h
        rw, rh = rng.uniform(0.02, 0.09) * w, rng.uniform(0.02, 0.12) * h
        colour = tuple(int(c) for c in rng.integers(10, 245, 3))
        box = [cx - rw / 2, cy - rh / 2, cx + rw / 2, cy + rh / 2]
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    arr = np.asarray(im).astype(np.float32)
    if background is None:
        arr += (6.0 * _value_noise(rng, h, w, 8) + 4.0 * _value_noise(rng, h, w, 2))[..., None]
    arr += rng.normal(0.0, 1.5, arr.shape).astype(np.float32)
    return np.clip(arr, 0, 255).astype(np.uint8)


def jpeg(arr, quality=92, **kw) -> bytes:
    buf = io.BytesIO()
    img = arr if isinstance(arr, Image.Image) else Image.fromarray(arr)
    img.save(buf, "JPEG", quality=quality, **kw)
    return buf.getvalue()


def png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=1)
    return buf.getvalue()


def srgb_exposure(arr, factor):
    f = arr.astype(np.float32) / 255.0
    lin = np.where(f <= 0.04045, f / 12.92, ((f + 0.055) / 1.055) ** 2.4) * factor
    lin = np.clip(lin, 0, 1)
    out = np.where(lin <= 0.0031308, lin * 12.92, 1.055 * lin ** (1 / 2.4) - 0.055)
    return (out * 255 + 0.5).astype(np.uint8)


@pytest.fixture(scope="module")
def sharp():
    return scene()


def fails(report, code):
    return code in report.codes("fail")


# ----------------------------------------------------------------------------- passes


def test_it_passes_a_sharp_well_exposed_photo(sharp):
    report = check_photo(jpeg(sharp))
    assert report.verdict == "pass", report.to_dict()
    assert (report.width, report.height) == (W, H)


def test_it_passes_a_sharp_night_scene():
    rng = np.random.default_rng(7)
    dark = srgb_exposure(scene(seed=3), 1 / 16)  # -4 EV: the scene itself is barely lit
    img = Image.fromarray(dark)
    draw = ImageDraw.Draw(img)
    for _ in range(24):  # lit windows and street lamps, sharp and bright
        x, y = rng.uniform(0.05, 0.9) * W, rng.uniform(0.1, 0.8) * H
        draw.rectangle([x, y, x + 44, y + 30], fill=(255, 236, 180))
        draw.ellipse([x + 60, y - 40, x + 72, y - 28], fill=(255, 255, 255))
    report = check_photo(jpeg(np.asarray(img)))
    assert report.verdict != "fail", report.to_dict()
    assert not report.codes() & {"blurry", "too_dark", "noisy", "low_contrast"}, report.to_dict()
    assert report.metrics["mean_luma"] < 50


def test_it_passes_a_portrait_with_a_soft_background(sharp):
    img = Image.fromarray(sharp)
    soft = img.filter(ImageFilter.GaussianBlur(W * 0.012))
    mask = Image.new("L", img.size, 0)
    ImageDraw.Draw(mask).ellipse([W * 0.35, H * 0.2, W * 0.65, H * 0.9], fill=255)
    portrait = Image.composite(img, soft, mask.filter(ImageFilter.GaussianBlur(8)))
    report = check_photo(jpeg(portrait))
    assert "blurry" not in report.codes(), report.to_dict()
    assert report.verdict != "fail"


# ----------------------------------------------------------------------------- one test per code


def test_it_flags_an_out_of_focus_photo(sharp):
    blurred = Image.fromarray(sharp).filter(ImageFilter.GaussianBlur(W * 0.004))
    assert fails(check_photo(jpeg(blurred)), "blurry")


def test_it_flags_a_motion_blurred_photo(sharp):
    length = int(W * 0.02)
    f = sharp.astype(np.float32)
    shaken = sum(np.roll(f, k, axis=1) for k in range(length)) / length  # horizontal shake
    report = check_photo(jpeg(np.clip(shaken, 0, 255).astype(np.uint8)))
    assert fails(report, "blurry"), report.metrics


def test_it_flags_an_underexposed_photo(sharp):
    report = check_photo(jpeg(srgb_exposure(sharp, 0.25)))
    assert fails(report, "too_dark"), report.metrics


def test_it_flags_an_overexposed_photo(sharp):
    report = check_photo(jpeg(srgb_exposure(sharp, 2.5)))
    assert fails(report, "too_bright"), report.metrics


def test_it_flags_a_flat_low_contrast_photo(sharp):
    f = sharp.astype(np.float32)
    flat = f.mean() + (f - f.mean()) * 0.25
    report = check_photo(jpeg(flat.astype(np.uint8)))
    assert fails(report, "low_contrast"), report.metrics


def test_a_flat_mid_grey_photo_is_low_contrast_not_too_dark(sharp):
    f = sharp.astype(np.float32)
    # A foggy frame: mid-grey on average, its brightest tones well below white.
    foggy = 115 + (f - f.mean()) * 0.2
    report = check_photo(jpeg(np.clip(foggy, 0, 255).astype(np.uint8)))
    assert fails(report, "low_contrast"), report.metrics
    assert "too_dark" not in report.codes(), report.metrics


def test_it_flags_a_grainy_photo(sharp):
    rng = np.random.default_rng(5)
    grainy = sharp.astype(np.float32) + rng.normal(0, 30, sharp.shape)
    # Grain survives the reduction to the analysis size only if it is coarse, like real sensor noise
    # after demosaicing: make it 2x2-pixel grain at full size.
    grainy = np.clip(grainy, 0, 255).astype(np.uint8)
    small = Image.fromarray(grainy).resize((W // 2, H // 2), Image.Resampling.NEAREST)
    report = check_photo(jpeg(np.asarray(small)), thresholds=replace(DEFAULT_THRESHOLDS, min_long_edge=400))
    assert fails(report, "noisy"), report.metrics


def test_it_flags_a_heavily_compressed_jpeg(sharp):
    report = check_photo(jpeg(sharp, quality=10))
    assert fails(report, "compressed"), report.metrics
    assert report.metrics["jpeg_quality"] <= 15


def test_it_flags_a_compressed_copy_that_was_resaved_at_high_quality(sharp):
    forwarded = np.asarray(Image.open(io.BytesIO(jpeg(sharp, quality=10))).convert("RGB"))
    report = check_photo(png(Image.fromarray(forwarded)))
    assert fails(report, "compressed"), report.metrics
    assert report.metrics["jpeg_quality"] == -1  # the decision came from the pixels


def test_it_fails_a_tiny_photo_and_warns_about_a_small_one(sharp):
    tiny = Image.fromarray(sharp).resize((640, 480), Image.Resampling.LANCZOS)
    small = Image.fromarray(sharp).resize((1000, 750), Image.Resampling.LANCZOS)
    assert fails(check_photo(jpeg(tiny)), "too_small")
    report = check_photo(jpeg(small))
    assert "too_small" in report.codes("warn") and "too_small" not in report.codes("fail")


def test_it_warns_about_a_tilted_horizon():
    big = Image.fromarray(scene(w=2000, h=1500, seed=11))
    tilted = big.rotate(6, resample=Image.Resampling.BICUBIC).crop((200, 150, 1800, 1350))
    report = check_photo(jpeg(tilted))
    assert "tilted" in report.codes("warn"), report.metrics
    assert 4.5 <= abs(report.metrics["tilt_deg"]) <= 7.5
    level = check_photo(jpeg(big.crop((200, 150, 1800, 1350))))
    assert "tilted" not in level.codes()


def test_it_warns_when_all_the_visual_weight_is_in_a_corner():
    lopsided = scene(seed=4, region=(0.02, 0.02, 0.3, 0.3), background=(120, 120, 120))
    report = check_photo(jpeg(lopsided))
    assert "unbalanced" in report.codes("warn"), report.metrics
    assert "unbalanced" not in report.codes("fail")


def test_it_fails_a_file_that_is_not_an_image():
    report = check_photo(b"%PDF-1.4 this is not a photo at all")
    assert report.verdict == "fail"
    assert [p.code for p in report.problems] == ["not_an_image"]


def test_it_fails_a_truncated_jpeg_as_not_an_image(sharp):
    data = jpeg(sharp)
    report = check_photo(data[: len(data) // 3])
    assert [p.code for p in report.problems] == ["not_an_image"]


def test_it_fails_a_decompression_bomb_without_decoding_it():
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)  # claims 10 gigapixels
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
    report = check_photo(bomb)
    assert [p.code for p in report.problems] == ["too_large"]


def test_it_fails_a_photo_above_the_pixel_and_byte_limits(sharp):
    data = jpeg(sharp)
    assert fails(check_photo(data, thresholds=replace(DEFAULT_THRESHOLDS, max_pixels=1_000_000)), "too_large")
    assert fails(check_photo(data, thresholds=replace(DEFAULT_THRESHOLDS, max_file_bytes=10_000)), "too_large")


# ----------------------------------------------------------------------------- inputs


def test_it_honours_the_exif_orientation(sharp):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise to display
    report = check_photo(jpeg(sharp, exif=exif.tobytes()))
    assert (report.width, report.height) == (H, W)
    assert report.metrics["orientation"] == 6
    assert report.metrics["analysed_height"] > report.metrics["analysed_width"]
    assert report.verdict == "pass"


def test_it_reads_a_photo_from_a_path_bytes_or_a_file_object(sharp, tmp_path):
    data = jpeg(sharp)
    path = tmp_path / "photo.jpg"
    path.write_bytes(data)
    verdicts = {check_photo(path).verdict, check_photo(str(path)).verdict, check_photo(data).verdict}
    with open(path, "rb") as fh:
        verdicts.add(check_photo(fh).verdict)
    verdicts.add(check_photo(io.BytesIO(data)).verdict)
    assert verdicts == {"pass"}


@pytest.mark.parametrize("mode", ["CMYK", "I;16", "P", "RGBA", "LA", "L", "1"])
def test_it_reads_every_common_pillow_mode(sharp, mode):
    img = Image.fromarray(sharp)
    if mode == "I;16":
        grey = np.asarray(img.convert("L")).astype(np.uint16) * 257
        sixteen = Image.fromarray(grey)
        assert sixteen.mode == "I;16"
        data = png(sixteen)
    elif mode == "CMYK":
        data = jpeg(img.convert("CMYK"))
    elif mode == "P":
        data = png(img.convert("P", palette=Image.Palette.ADAPTIVE, colors=256))
    else:
        data = png(img.convert(mode))
    report = check_photo(data)
    assert "not_an_image" not in report.codes()
    if mode != "1":  # a 1-bit image is dithered noise by nature
        assert report.verdict != "fail", report.to_dict()
        assert 60 < report.metrics["mean_luma"] < 200


def test_it_never_raises_on_odd_input():
    for source in (b"", b"\xff\xd8\xff", b"GIF89a" + b"\0" * 20, io.BytesIO(b"junk")):
        assert check_photo(source).verdict == "fail"


# ----------------------------------------------------------------------------- API shape


def test_the_report_serialises_to_the_documented_dict(sharp):
    report = check_photo(jpeg(srgb_exposure(sharp, 0.25)))
    d = report.to_dict()
    assert set(d) == {"verdict", "problems", "metrics"}
    assert d["verdict"] == "fail"
    assert all(set(p) == {"code", "severity", "message"} for p in d["problems"])
    assert all(isinstance(v, (int, float, str)) for v in d["metrics"].values())


def test_every_code_has_plain_english_messages_without_placeholders():
    codes = {code for code, _severity in pq.MESSAGES}
    assert codes == CODES
    for (_code, severity), message in pq.MESSAGES.items():
        assert severity in ("fail", "warn")
        assert not re.search(r"%(?!\(\w+\)s)|\{", message), message
        assert message.endswith(".") and message[0].isupper()
    assert ("tilted", "fail") not in pq.MESSAGES and ("unbalanced", "fail") not in pq.MESSAGES


def test_every_threshold_has_a_default():
    th = Thresholds()
    assert th == DEFAULT_THRESHOLDS
    assert all(getattr(th, f.name) is not None for f in fields(Thresholds))
    assert th.min_long_edge == 800 and th.warn_long_edge == 1200


def test_the_vietnamese_list_translates_every_message():
    from pathlib import Path

    path = Path(pq.__file__).with_name("photo_quality_vi.txt")
    pairs = dict(line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line)
    assert set(pairs) == set(pq.MESSAGES.values())
    assert all(vi.strip() and vi != en for en, vi in pairs.items())


def test_it_leaves_a_file_object_where_it_found_it(sharp):
    stream = io.BytesIO(b"prefix" + jpeg(sharp))
    stream.seek(6)
    assert check_photo(stream).verdict == "pass"
    assert stream.tell() == 6
