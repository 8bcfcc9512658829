"""Accuracy benchmark of submissions.photo_quality on real photographs shipped with scikit-image.

    .venv/bin/python bench/photo_accuracy.py [--show-misses] [--extra-only | --core-only]
    .venv/bin/python bench/photo_accuracy.py --camera [--show-misses]

Each photo is degraded at its native size with a fixed seed into MUST-FLAG cases (the checker must
report the named problem code at "fail" severity) and MUST-NOT-FAIL cases (the verdict must not be
"fail"). The photos are small (300-1000 px), so the size limits are lowered for every case except
the ``too_small`` ones, which use the default thresholds, like ``check_photos --min-long-edge``.

Every case is handed to the checker as a JPEG saved at quality 92 (what a phone camera writes),
except the JPEG cases themselves. Two sets are reported:

* core: astronaut, coffee, chelsea, rocket, motorcycle (left view), plus ``clock``, which is
  genuinely motion-blurred and must be flagged blurry as it is (so it has no must-not-fail cases);
* extra: other scikit-image photographs (camera, cat, immunohistochemistry, coins, moon, the
  Hubble deep field as a dark-but-sharp "night" picture, brick/grass/gravel textures), used to see
  that the measures hold beyond the core set. Not tuned on; reported separately.

``--camera`` re-validates the checker on the reduced decode real phone photos take (the photos above
are at most 1000 px, so they are analysed as they are): camera-sized variants of the core set, see
:func:`run_camera`.

Needs scikit-image and SciPy (dev dependencies); the checker itself does not.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np
from PIL import Image
from scipy import ndimage

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from submissions.photo_quality import DEFAULT_THRESHOLDS, check_photo

SEED = 20250101
LOW = replace(DEFAULT_THRESHOLDS, min_long_edge=200, warn_long_edge=300)


@dataclass
class Case:
    photo: str
    name: str
    kind: str  # "flag" | "ok"
    code: str  # expected code for "flag" cases, "" for "ok"
    data: bytes
    thresholds: object = LOW


# ------------------------------------------------------------------------------ photos


def load_photos(which: str) -> dict[str, tuple[str, np.ndarray]]:
    import skimage.data as d

    def rgb(a):
        if a.ndim == 2:
            a = np.stack([a] * 3, axis=-1)
        return np.ascontiguousarray(a[..., :3]).astype(np.uint8)

    moto = np.asarray(Image.open(os.path.join(os.path.dirname(d.__file__), "motorcycle_left.png")).convert("RGB"))
    core = {
        "astronaut": rgb(d.astronaut()),
        "coffee": rgb(d.coffee()),
        "chelsea": rgb(d.chelsea()),
        "rocket": rgb(d.rocket()),
        "motorcycle": rgb(moto),
        "clock": rgb(d.clock()),
    }
    extra = {
        "camera": rgb(d.camera()),
        "cat": rgb(d.cat()),
        "ihc": rgb(d.immunohistochemistry()),
        "coins": rgb(d.coins()),
        "moon": rgb(d.moon()),
        "hubble_night": rgb(d.hubble_deep_field()),
        "brick": rgb(d.brick()),
        "grass": rgb(d.grass()),
        "gravel": rgb(d.gravel()),
    }
    out = {}
    if which in ("all", "core"):
        out.update({k: ("core", v) for k, v in core.items()})
    if which in ("all", "extra"):
        out.update({k: ("extra", v) for k, v in extra.items()})
    return out


# ------------------------------------------------------------------------------ degradations


def to_float(a: np.ndarray) -> np.ndarray:
    return a.astype(np.float32) / 255.0


def to_u8(a: np.ndarray) -> np.ndarray:
    return (np.clip(a, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def srgb_to_linear(a):
    return np.where(a <= 0.04045, a / 12.92, ((a + 0.055) / 1.055) ** 2.4)


def linear_to_srgb(a):
    a = np.clip(a, 0.0, 1.0)
    return np.where(a <= 0.0031308, a * 12.92, 1.055 * np.power(a, 1 / 2.4) - 0.055)


def exposure(a: np.ndarray, factor: float) -> np.ndarray:
    """Scale the light (linear RGB) by factor: x0.25 = -2 EV, x2 = +1 EV."""
    return to_u8(linear_to_srgb(srgb_to_linear(to_float(a)) * factor))


def contrast(a: np.ndarray, k: float) -> np.ndarray:
    f = to_float(a)
    mean = f.mean(axis=(0, 1), keepdims=True)
    return to_u8(mean + (f - mean) * k)


def gaussian(a: np.ndarray, sigma: float) -> np.ndarray:
    return to_u8(ndimage.gaussian_filter(to_float(a), sigma=(sigma, sigma, 0), mode="reflect"))


def convolve(a: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    f = to_float(a)
    out = np.stack([ndimage.convolve(f[..., c], kernel, mode="reflect") for c in range(3)], axis=-1)
    return to_u8(out)


def motion_kernel(length: float, angle_deg: float) -> np.ndarray:
    """Anti-aliased straight-line kernel (camera shake during the exposure)."""
    r = int(math.ceil(length / 2)) + 2
    k = np.zeros((2 * r + 1, 2 * r + 1), np.float64)
    t = np.linspace(-length / 2, length / 2, int(length * 8) + 1)
    x = r + t * math.cos(math.radians(angle_deg))
    y = r - t * math.sin(math.radians(angle_deg))
    x0, y0 = np.floor(x).astype(int), np.floor(y).astype(int)
    fx, fy = x - x0, y - y0
    np.add.at(k, (y0, x0), (1 - fx) * (1 - fy))
    np.add.at(k, (y0, x0 + 1), fx * (1 - fy))
    np.add.at(k, (y0 + 1, x0), (1 - fx) * fy)
    np.add.at(k, (y0 + 1, x0 + 1), fx * fy)
    return (k / k.sum()).astype(np.float32)


def disk_kernel(radius: float) -> np.ndarray:
    r = int(math.ceil(radius)) + 1
    yy, xx = np.mgrid[-r : r + 1, -r : r + 1]
    # 4x supersampled coverage of the disk
    k = np.zeros_like(xx, dtype=np.float64)
    for dy in (-0.375, -0.125, 0.125, 0.375):
        for dx in (-0.375, -0.125, 0.125, 0.375):
            k += (xx + dx) ** 2 + (yy + dy) ** 2 <= radius * radius
    return (k / k.sum()).astype(np.float32)


def noise(a: np.ndarray, sigma_levels: float, rng) -> np.ndarray:
    f = to_float(a) + rng.normal(0.0, sigma_levels / 255.0, a.shape).astype(np.float32)
    return to_u8(f)


def rotate(a: np.ndarray, deg: float) -> np.ndarray:
    im = Image.fromarray(a).rotate(deg, resample=Image.Resampling.BICUBIC)
    w, h = im.size
    m = int(math.ceil(max(w, h) * math.sin(math.radians(abs(deg))))) + 2  # cut the empty corners
    return np.asarray(im.crop((m, m, w - m, h - m)))


def resize_long(a: np.ndarray, long_edge: int) -> np.ndarray:
    h, w = a.shape[:2]
    s = long_edge / max(h, w)
    return np.asarray(Image.fromarray(a).resize((max(1, round(w * s)), max(1, round(h * s))), Image.Resampling.LANCZOS))


def soft_background(a: np.ndarray) -> np.ndarray:
    """Portrait-style shallow depth of field: a sharp central subject ellipse, a blurred rest."""
    h, w = a.shape[:2]
    long_edge = max(h, w)
    yy, xx = np.mgrid[0:h, 0:w]
    inside = ((xx - w * 0.5) / (w * 0.28)) ** 2 + ((yy - h * 0.5) / (h * 0.36)) ** 2 <= 1.0
    mask = ndimage.gaussian_filter(inside.astype(np.float32), long_edge * 0.01)[..., None]
    back = ndimage.gaussian_filter(to_float(a), sigma=(long_edge * 0.015, long_edge * 0.015, 0))
    return to_u8(to_float(a) * mask + back * (1 - mask))


def night(a: np.ndarray, rng) -> np.ndarray:
    """A night scene: the photo lit only by a few lamps (pools of light on a -4 EV scene), lamps clipped."""
    h, w = a.shape[:2]
    lin = srgb_to_linear(to_float(a))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = np.full((h, w), 1 / 16, np.float32)
    for _ in range(5):
        cy, cx = rng.uniform(0.1, 0.9) * h, rng.uniform(0.1, 0.9) * w
        r = rng.uniform(0.06, 0.12) * max(h, w)
        light += 1.5 * np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))
        lamp = (xx - cx) ** 2 + (yy - cy) ** 2 <= (0.008 * max(h, w)) ** 2
        lin[lamp] = 1.0
        light[lamp] = 1.0
    return to_u8(linear_to_srgb(lin * light[..., None]))


def jpeg(a: np.ndarray, quality: int) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(a).save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def build_cases(photos) -> list[Case]:
    rng = np.random.default_rng(SEED)
    cases: list[Case] = []
    for name, (_set, a) in photos.items():
        long_edge = max(a.shape[:2])

        def add(kind, code, case_name, arr=None, data=None, thresholds=LOW, photo=name):
            if data is None:
                data = jpeg(arr, 92)
            cases.append(Case(photo, case_name, kind, code, data, thresholds))

        angle = float(rng.uniform(0, 180))
        # MUST-FLAG
        if name == "clock":
            add("flag", "blurry", "as-is (real motion blur)", a)
        add("flag", "blurry", "gaussian blur s=0.4%", gaussian(a, 0.004 * long_edge))
        add("flag", "blurry", "gaussian blur s=0.6%", gaussian(a, 0.006 * long_edge))
        add("flag", "blurry", "motion blur 2%", convolve(a, motion_kernel(0.02 * long_edge, angle)))
        add("flag", "blurry", "motion blur 3%", convolve(a, motion_kernel(0.03 * long_edge, angle + 60)))
        add("flag", "blurry", "defocus disk r=0.6%", convolve(a, disk_kernel(0.006 * long_edge)))
        add("flag", "too_dark", "exposure x0.25 (-2 EV)", exposure(a, 0.25))
        add("flag", "too_bright", "exposure x2 (+1 EV)", exposure(a, 2.0))
        add("flag", "low_contrast", "contrast 30%", contrast(a, 0.30))
        add("flag", "noisy", "heavy noise s=25", noise(a, 25.0, rng))
        add("flag", "compressed", "JPEG q10", data=jpeg(a, 10))
        forwarded = np.asarray(Image.open(io.BytesIO(jpeg(a, 10))).convert("RGB"))
        add("flag", "compressed", "JPEG q10 re-saved q92", data=jpeg(forwarded, 92))
        add(
            "flag",
            "too_small",
            "downscaled to 50% (default limits)",
            resize_long(a, long_edge // 2),
            None,
            DEFAULT_THRESHOLDS,
        )
        if name == "clock":
            continue  # already blurry: every must-not-fail variant would rightly fail
        # MUST-NOT-FAIL
        add("ok", "", "original", a)
        add("ok", "", "gaussian blur s=0.1%", gaussian(a, 0.001 * long_edge))
        add("ok", "", "exposure -0.3 EV", exposure(a, 2**-0.3))
        add("ok", "", "exposure +0.3 EV", exposure(a, 2**0.3))
        add("ok", "", "contrast 70%", contrast(a, 0.70))
        add("ok", "", "light noise s=5", noise(a, 5.0, rng))
        add("ok", "", "JPEG q75", data=jpeg(a, 75))
        add("ok", "", "rotated 0.5 deg", rotate(a, 0.5))
        add("ok", "", "rotated 1 deg", rotate(a, -1.0))
        add("ok", "", "portrait: soft background", soft_background(a))
        add("ok", "", "night: lamp-lit -4 EV scene", night(a, rng))
    return cases


# ------------------------------------------------------------------------------ run


def run(which: str, show_misses: bool) -> dict:
    photos = load_photos(which)
    t0 = time.perf_counter()
    cases = build_cases(photos)
    t1 = time.perf_counter()
    results = []
    for c in cases:
        r = check_photo(c.data, thresholds=c.thresholds)
        results.append((c, r))
    t2 = time.perf_counter()
    summary = {}
    for set_name in ("core", "extra"):
        names = {n for n, (s, _a) in photos.items() if s == set_name}
        rows = [(c, r) for c, r in results if c.photo in names]
        if not rows:
            continue
        summary[set_name] = report(set_name, rows, show_misses)
    print(f"\n{len(cases)} cases built in {t1 - t0:.1f} s, checked in {t2 - t1:.1f} s")
    return summary


def report(set_name: str, rows, show_misses: bool) -> dict:
    flag = defaultdict(lambda: [0, 0])
    ok = defaultdict(lambda: [0, 0])
    misses = []
    for c, r in rows:
        if c.kind == "flag":
            hit = c.code in r.codes("fail")
            flag[c.code][0] += 1
            flag[c.code][1] += hit
            if not hit:
                misses.append(("MISSED", c, r))
        else:
            failed = r.verdict == "fail"
            ok[c.name][0] += 1
            ok[c.name][1] += failed
            if failed:
                misses.append(("FALSE FAIL", c, r))
    print(f"\n=== {set_name} set ===\n")
    print("| must-flag code | cases | flagged (right code, fail) | detection rate |")
    print("|---|---:|---:|---:|")
    tn = td = 0
    for code in sorted(flag):
        n, d = flag[code]
        tn += n
        td += d
        print(f"| {code} | {n} | {d} | {100.0 * d / n:.1f}% |")
    print(f"| **all** | {tn} | {td} | **{100.0 * td / max(tn, 1):.1f}%** |")
    print()
    print("| must-not-fail case | cases | verdict fail | false-failure rate |")
    print("|---|---:|---:|---:|")
    on = of = 0
    for name in ok:
        n, f = ok[name]
        on += n
        of += f
        print(f"| {name} | {n} | {f} | {100.0 * f / n:.1f}% |")
    print(f"| **all** | {on} | {of} | **{100.0 * of / max(on, 1):.1f}%** |")
    # false failures per problem code (which code caused the fail)
    by_code = defaultdict(int)
    for c, r in rows:
        if c.kind == "ok":
            for code in r.codes("fail"):
                by_code[code] += 1
    if by_code:
        print("\nfalse failures by code: " + ", ".join(f"{k}={v}" for k, v in sorted(by_code.items())))
    by_photo = defaultdict(int)
    for c, r in rows:
        if c.kind == "ok" and r.verdict == "fail":
            by_photo[c.photo] += 1
    if by_photo:
        print("false failures by photo: " + ", ".join(f"{k}={v}" for k, v in sorted(by_photo.items())))
    warned = defaultdict(int)
    for c, r in rows:
        if c.kind == "ok":
            for code in r.codes("warn"):
                warned[code] += 1
    if warned:
        print("warnings on must-not-fail cases (allowed): " + ", ".join(f"{k}={v}" for k, v in sorted(warned.items())))
    if show_misses and misses:
        print()
        keys = ("blur_pct", "blur_sigma_px", "mean_luma", "p5", "p99", "p99_5", "clipped_highlights_pct")
        keys += ("contrast_range", "noise_sigma", "jpeg_quality", "blockiness")
        for what, c, r in misses:
            got = ",".join(f"{p.code}:{p.severity}" for p in r.problems) or "-"
            vals = " ".join(f"{k}={r.metrics.get(k)}" for k in keys)
            print(f"{what}: {c.photo} / {c.name} -> {got} | {vals}")
    return {"detect": (td, tn), "false_fail": (of, on)}


# ------------------------------------------------------------------------------ camera-sized

# Phone and camera sizes, as (width, height); each case takes the next one in turn.
CAMERA_SIZES = [(3264, 2448), (4032, 3024), (6000, 4000), (8000, 6000)]
# What phones write: quality 85-95 (each case the next one in turn).
CAMERA_QUALITIES = [95, 90, 85, 92]


def fit(a: np.ndarray, w: int, h: int) -> np.ndarray:
    """Centre-crop ``a`` to the aspect w:h and resize it to w x h (Lanczos)."""
    ah, aw = a.shape[:2]
    if aw / ah > w / h:
        cw = round(ah * w / h)
        a = a[:, (aw - cw) // 2 : (aw - cw) // 2 + cw]
    else:
        ch = round(aw * h / w)
        a = a[(ah - ch) // 2 : (ah - ch) // 2 + ch]
    return np.asarray(Image.fromarray(np.ascontiguousarray(a)).resize((w, h), Image.Resampling.LANCZOS))


def mosaic(photos: dict) -> np.ndarray:
    """A composite with twice the detail of one photo: four core photos in a 2x2 grid (1024x768)."""
    tiles = [fit(photos[n][1], 512, 384) for n in ("astronaut", "coffee", "chelsea", "rocket")]
    return np.concatenate([np.concatenate(tiles[:2], axis=1), np.concatenate(tiles[2:], axis=1)], axis=0)


def camera_jpeg(a: np.ndarray, size: tuple[int, int], quality: int, rng, *, jpeg_first: int = 0) -> bytes:
    """The photo as a phone would store it at ``size``: upscaled, with fine sensor grain (sigma 2
    levels, invisible at web size), saved at ``quality``; ``jpeg_first`` saves it at that quality
    first (a heavily compressed copy re-saved by a phone or an app)."""
    w, h = size
    big = fit(a, w, h)
    grain = rng.standard_normal((h, w, 1), dtype=np.float32) * np.float32(2.0)
    big = np.clip(big + grain, 0, 255).astype(np.uint8)
    del grain
    if jpeg_first:
        big = np.asarray(Image.open(io.BytesIO(jpeg(big, jpeg_first))).convert("RGB"))
    return jpeg(big, quality)


def camera_cases(photos) -> list[tuple[str, str, str, str, object]]:
    """(photo, case name, kind, code, make) where ``make(size, quality, rng)`` returns the JPEG bytes.
    The degradations are those of :func:`build_cases`, applied at the photo's own size (blur widths
    in % of the long edge, so the same share of the camera frame after upscaling); JPEG compression
    is applied at camera size. ``too_small`` is left out (a camera-sized photo is not small)."""
    rng = np.random.default_rng(SEED)
    out = []
    items = [(n, a) for n, (_s, a) in photos.items()] + [("mosaic", mosaic(photos))]
    for name, a in items:
        long_edge = max(a.shape[:2])
        angle = float(rng.uniform(0, 180))

        def add(kind, code, case_name, arr=None, *, q=0, first=0, photo=name, base=a):
            src = base if arr is None else arr
            out.append(
                (photo, case_name, kind, code,
                 lambda size, quality, r, src=src: camera_jpeg(src, size, q or quality, r, jpeg_first=first))
            )  # fmt: skip

        if name == "clock":
            add("flag", "blurry", "as-is (real motion blur)")
        add("flag", "blurry", "gaussian blur s=0.4%", gaussian(a, 0.004 * long_edge))
        add("flag", "blurry", "gaussian blur s=0.6%", gaussian(a, 0.006 * long_edge))
        add("flag", "blurry", "motion blur 2%", convolve(a, motion_kernel(0.02 * long_edge, angle)))
        add("flag", "blurry", "motion blur 3%", convolve(a, motion_kernel(0.03 * long_edge, angle + 60)))
        add("flag", "blurry", "defocus disk r=0.6%", convolve(a, disk_kernel(0.006 * long_edge)))
        add("flag", "too_dark", "exposure x0.25 (-2 EV)", exposure(a, 0.25))
        add("flag", "too_bright", "exposure x2 (+1 EV)", exposure(a, 2.0))
        add("flag", "low_contrast", "contrast 30%", contrast(a, 0.30))
        add("flag", "noisy", "heavy noise s=25", noise(a, 25.0, rng))
        add("flag", "compressed", "JPEG q10", q=10)
        add("flag", "compressed", "JPEG q10 re-saved q92", q=92, first=10)
        if name == "clock":
            continue
        add("ok", "", "original")
        add("ok", "", "gaussian blur s=0.1%", gaussian(a, 0.001 * long_edge))
        add("ok", "", "exposure -0.3 EV", exposure(a, 2**-0.3))
        add("ok", "", "exposure +0.3 EV", exposure(a, 2**0.3))
        add("ok", "", "contrast 70%", contrast(a, 0.70))
        add("ok", "", "light noise s=5", noise(a, 5.0, rng))
        add("ok", "", "JPEG q75", q=75)
        add("ok", "", "rotated 0.5 deg", rotate(a, 0.5))
        add("ok", "", "rotated 1 deg", rotate(a, -1.0))
        add("ok", "", "portrait: soft background", soft_background(a))
        add("ok", "", "night: lamp-lit -4 EV scene", night(a, rng))
    return out


def run_camera(show_misses: bool) -> bool:
    """Camera-sized variants of the core set (and a 2x2 composite of four of its photos), each case at
    8, 12, 24 or 48 MP in turn and saved at a phone's JPEG quality (85-95). Each is checked three ways:

    * quick: ``check_photo`` as the upload runs it (a JPEG of >= 3200 px decoded at 1/8);
    * before: the same with the previous choice (1/8 only from 4096 px, so 8-12 MP at 1/4);
    * full: ``deep_check_photo``, the full-size analysis (every pixel decoded, box-reduced to <= 1024).

    Agreement = the same verdict, and the same failing codes apart from ``compressed`` (the 8x8
    blocking of a re-saved copy is only visible on the full decode: that is the deep check's job,
    run after the upload; the quantisation tables, which catch a plain low-quality save, are read
    either way). Then the detection and false-failure rates of each way, as in the native run.
    """
    from submissions.photo_quality import deep_check_photo

    before = replace(DEFAULT_THRESHOLDS, jpeg_eighth_min_edge=512)
    photos = load_photos("core")
    rng = np.random.default_rng(SEED + 1)
    cases = camera_cases(photos)
    rows = []
    t0 = time.perf_counter()
    timing = defaultdict(lambda: [0.0, 0.0, 0])
    for i, (photo, name, kind, code, make) in enumerate(cases):
        size = CAMERA_SIZES[i % len(CAMERA_SIZES)]
        data = make(size, CAMERA_QUALITIES[(i // len(CAMERA_SIZES)) % len(CAMERA_QUALITIES)], rng)
        t = time.perf_counter()
        quick = check_photo(data)
        tq = time.perf_counter() - t
        old = check_photo(data, thresholds=before)
        t = time.perf_counter()
        full = deep_check_photo(data)
        tf = time.perf_counter() - t
        mp = round(size[0] * size[1] / 1e6)
        timing[mp][0] += tq
        timing[mp][1] += tf
        timing[mp][2] += 1
        rows.append((photo, name, kind, code, mp, quick, old, full))
        print(f"\r{i + 1}/{len(cases)} cases", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)

    def fails(r, *, blocking=True) -> set[str]:
        return {c for c in r.codes("fail") if blocking or c != "compressed"}

    def verdict(r) -> str:
        """The verdict from every problem but ``compressed`` (the deep check's own measure)."""
        sev = {p.severity for p in r.problems if p.code != "compressed"}
        return "fail" if "fail" in sev else "warn" if "warn" in sev else "pass"

    measures = {
        "fail or not": lambda a, b: (verdict(a) == "fail") == (verdict(b) == "fail"),
        "same failing codes": lambda a, b: fails(a, blocking=False) == fails(b, blocking=False),
        "same verdict": lambda a, b: verdict(a) == verdict(b),
    }
    print(f"\n=== camera-sized core set: {len(rows)} cases, {time.perf_counter() - t0:.0f} s ===\n")
    print("Agreement with the full-size analysis (deep_check_photo), every code but compressed:\n")
    print(
        "| size | cases | quick analysed at | "
        + " | ".join(f"{m}: quick / before" for m in measures)
        + " | ms quick / full |"
    )
    print("|---|---:|---:|" + "---:|" * len(measures) + "---:|")
    for mp in [*sorted(timing), "all"]:
        sel = rows if mp == "all" else [r for r in rows if r[4] == mp]
        cells = []
        for fn in measures.values():
            q = sum(fn(r[5], r[7]) for r in sel)
            b = sum(fn(r[6], r[7]) for r in sel)
            cells.append(f"{q}/{len(sel)} ({100 * q / len(sel):.0f}%) / {b} ({100 * b / len(sel):.0f}%)")
        if mp == "all":
            print(f"| **all** | {len(sel)} | | " + " | ".join(cells) + " | |")
        else:
            analysed = f"{sel[0][5].metrics['analysed_width']}x{sel[0][5].metrics['analysed_height']}"
            ms = f"{timing[mp][0] / timing[mp][2] * 1000:.0f} / {timing[mp][1] / timing[mp][2] * 1000:.0f}"
            print(f"| {mp} MP | {len(sel)} | {analysed} | " + " | ".join(cells) + f" | {ms} |")
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "out", "camera_results.json"), "w") as fh:
        json.dump(
            [
                {"photo": r[0], "case": r[1], "kind": r[2], "code": r[3], "mp": r[4],
                 **{k: {"verdict": x.verdict, "problems": [f"{p.code}:{p.severity}" for p in x.problems],
                        "metrics": x.metrics} for k, x in (("quick", r[5]), ("before", r[6]), ("full", r[7]))}}
                for r in rows
            ],
            fh,
            indent=1,
        )  # fmt: skip

    def agree(a, b) -> bool:
        return verdict(a) == verdict(b) and fails(a, blocking=False) == fails(b, blocking=False)

    print("\n| way | must-flag detected | must-not-fail failed |")
    print("|---|---:|---:|")
    results = {}
    for label, idx in (("quick (at upload)", 5), ("before (1/4 for 8-12 MP)", 6), ("full (deep check)", 7)):
        flag = [r for r in rows if r[2] == "flag"]
        ok = [r for r in rows if r[2] == "ok"]
        d = sum(r[3] in fails(r[idx]) for r in flag)
        f = sum(r[idx].verdict == "fail" for r in ok)
        results[label] = (d, len(flag), f, len(ok))
        print(f"| {label} | {d}/{len(flag)} ({100 * d / len(flag):.1f}%) | {f}/{len(ok)} ({100 * f / len(ok):.1f}%) |")
    # What the portal stores: the quick report, replaced by the deep check's when it differs.
    flag = [r for r in rows if r[2] == "flag"]
    by_code = defaultdict(lambda: [0, 0, 0])
    for r in flag:
        by_code[r[3]][0] += 1
        by_code[r[3]][1] += r[3] in fails(r[5])
        by_code[r[3]][2] += r[3] in fails(r[7])
    print("\n| must-flag code | cases | quick | full |")
    print("|---|---:|---:|---:|")
    for code in sorted(by_code):
        c, q, f = by_code[code]
        print(f"| {code} | {c} | {q} | {f} |")
    disagreements = [r for r in rows if not agree(r[5], r[7])]
    if disagreements and show_misses:
        print()
        keys = ("blur_pct", "mean_luma", "p99", "contrast_range", "noise_sigma", "jpeg_quality", "blockiness")
        for r in disagreements:
            q = ",".join(f"{p.code}:{p.severity}" for p in r[5].problems) or "-"
            f = ",".join(f"{p.code}:{p.severity}" for p in r[7].problems) or "-"
            qv = " ".join(f"{k}={r[5].metrics.get(k)}" for k in keys)
            fv = " ".join(f"{k}={r[7].metrics.get(k)}" for k in keys)
            print(f"DIFFERS {r[0]} / {r[1]} @ {r[4]} MP: quick {q} | full {f}\n    quick {qv}\n    full  {fv}")
    same = sum(measures["fail or not"](r[5], r[7]) for r in rows)
    met = same >= 0.95 * len(rows)
    print(
        f"\nquick check vs the full-size analysis, the same fail-or-not decision in >= 95% of cases: "
        f"{same}/{len(rows)} {'MET' if met else 'NOT MET'}"
    )
    return met


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show-misses", action="store_true", help="print every miss with its metrics")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--core-only", action="store_true")
    g.add_argument("--extra-only", action="store_true")
    g.add_argument("--camera", action="store_true", help="camera-sized (8-48 MP) variants of the core set")
    args = ap.parse_args()
    if args.camera:
        return 0 if run_camera(args.show_misses) else 1
    which = "core" if args.core_only else "extra" if args.extra_only else "all"
    summary = run(which, args.show_misses)
    core = summary.get("core")
    if core:
        d, n = core["detect"]
        f, o = core["false_fail"]
        ok = d >= 0.95 * n and f <= 0.05 * o
        print(f"core goal (>=95% detection, <=5% false failures): {'MET' if ok else 'NOT MET'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
