"""Speed benchmark of submissions.photo_quality.check_photo on phone-sized JPEGs (8, 12, 24, 48 MP).

    .venv/bin/python bench/photo_speed.py [--repeat N] [--sizes 8,12,24,48]

Builds (once, cached in bench/out/) a JPEG at quality 90 for each size, from a real photograph
(scikit-image's astronaut, upscaled) with natural-looking multi-scale texture and sensor-like grain
added, so each file is the size of a real phone/camera JPEG:

    8 MP 3264x2448, 12 MP 4032x3024, 24 MP 6000x4000, 48 MP 8000x6000

Then, for each size, measures INTERLEAVED (A, B, A, B, ... in one loop, so both see the same load on
a shared machine) the median of N repetitions of:

  A. Pillow merely decoding that file at 1/8 scale: im.draft("L", (w//8, h//8)); im.load()
  B. check_photo(path): the synchronous check (open, reduced decode, all measures, verdict)

and prints B/A (goal: <= 2 at every size). For 24 MP it also measures, interleaved with A, a few runs of

  C. the same measures computed on the fully decoded image: full decode, grey conversion, and the
     checker's analysis function on the 6000x4000 grey array

and prints C/B (goal: >= 3). The machine, the date and Pillow's libjpeg are printed first.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time

import numpy as np
from PIL import Image, features

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from submissions import photo_quality as pq  # noqa: E402

OUT = os.path.join(ROOT, "bench", "out")
SIZES = {8: (3264, 2448), 12: (4032, 3024), 24: (6000, 4000), 48: (8000, 6000)}


def path_for(mp: int) -> str:
    return os.path.join(OUT, f"photo_{mp}mp_q90.jpg")


def smooth_noise(rng, shape, cells) -> np.ndarray:
    """Value noise: random values on a coarse grid, upscaled bicubically (one octave)."""
    ch, cw = max(2, shape[0] // cells), max(2, shape[1] // cells)
    small = rng.normal(0.0, 1.0, (ch, cw)).astype(np.float32)
    return np.asarray(Image.fromarray(small, mode="F").resize((shape[1], shape[0]), Image.Resampling.BICUBIC))


def build_image(path: str, w: int, h: int) -> None:
    import skimage.data

    rng = np.random.default_rng(24)
    base = Image.fromarray(skimage.data.astronaut()).resize((w, w), Image.Resampling.BICUBIC)
    base = base.crop((0, (w - h) // 2, w, (w + h) // 2))
    arr = np.asarray(base).astype(np.float32)
    # 1/f-like texture over several octaves (fabric, skin, foliage-like detail) and fine grain.
    tex = np.zeros((h, w), np.float32)
    for cells, amp in ((64, 6.0), (16, 6.0), (4, 6.0), (2, 6.0)):
        tex += amp * smooth_noise(rng, (h, w), cells)
    arr += tex[..., None]
    del tex
    arr += rng.normal(0.0, 3.0, arr.shape).astype(np.float32)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).save(path, "JPEG", quality=90)


def decode_eighth(path: str) -> None:
    with Image.open(path) as im:
        im.draft("L", (im.width // 8, im.height // 8))
        im.load()


def check(path: str) -> None:
    pq.check_photo(path)


def full_measures(path: str) -> None:
    with Image.open(path) as im:
        im.load()
        grey = np.asarray(im.convert("L"), dtype=np.float32)
    pq._analyse(grey, pq.DEFAULT_THRESHOLDS)
    pq._blockiness(grey, 8)


def interleaved(fns, repeat: int) -> list[float]:
    """Median time of each function, run in turn (f1, f2, f1, f2, ...) ``repeat`` times."""
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - t)
    return [statistics.median(t) for t in times]


def machine() -> str:
    model = ""
    try:
        with open("/proc/cpuinfo") as fh:
            model = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), "")
    except OSError:
        pass
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} CPUs ({model}); "
        f"load {load}; Python {platform.python_version()}, Pillow {Image.__version__} "
        f"(libjpeg-turbo {features.version('libjpeg_turbo')}), NumPy {np.__version__}"
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15, help="interleaved repetitions of A and B per size")
    ap.add_argument("--sizes", default="8,12,24,48", help="megapixels, comma-separated, of 8,12,24,48")
    ap.add_argument("--no-full", action="store_true", help="skip C (the full decode at 24 MP)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(machine())
    print()
    print("| size | file | analysed at | A: decode at 1/8 | B: check_photo | B/A (goal <= 2) |")
    print("|---|---:|---:|---:|---:|---:|")
    missed = 0
    for mp in sizes:
        w, h = SIZES[mp]
        path = path_for(mp)
        if not os.path.exists(path):
            print(f"building {path} ...", file=sys.stderr)
            build_image(path, w, h)
        report = pq.check_photo(path)
        decode_eighth(path)  # warm-up (imports, page cache)
        a, b = interleaved([lambda p=path: decode_eighth(p), lambda p=path: check(p)], args.repeat)
        ok = b / a <= 2
        missed += not ok
        print(
            f"| {mp} MP {w}x{h} | {os.path.getsize(path) / 1e6:.1f} MB "
            f"| {report.metrics['analysed_width']}x{report.metrics['analysed_height']} "
            f"| {a * 1000:.1f} ms | {b * 1000:.1f} ms | **{b / a:.2f}** {'OK' if ok else 'MISSED'} |"
        )
    if not args.no_full and 24 in sizes:
        path = path_for(24)
        a, b, c = interleaved(
            [lambda: decode_eighth(path), lambda: check(path), lambda: full_measures(path)], max(3, args.repeat // 5)
        )
        print()
        print(f"24 MP: C (the same measures on the full decode) {c * 1000:.0f} ms; C/B = {c / b:.1f} (goal >= 3)")
    print()
    print("every size within 2x a bare 1/8 decode" if not missed else f"{missed} size(s) MISSED the 2x goal")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
