"""Speed benchmark of submissions.photo_quality.check_photo on a 24-megapixel JPEG.

    .venv/bin/python bench/photo_speed.py [--repeat N]

Builds (once, cached in bench/out/) a 6000x4000 JPEG at quality 90 from a real photograph
(scikit-image's astronaut, upscaled) with natural-looking multi-scale texture and sensor-like grain
added, so the file is the size of a real 24 MP phone/camera JPEG. Then measures, in the same run,
the median of N repetitions of:

  A. Pillow merely decoding that file at 1/8 scale: im.draft("L", (w//8, h//8)); im.load()
  B. check_photo(path): the synchronous check (open, reduced decode, all measures, verdict)
  C. the same measures computed on the fully decoded image: full decode, grey conversion, and the
     checker's analysis function on the 6000x4000 grey array

and prints B/A (goal: <= 2) and C/B (goal: >= 3).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from submissions import photo_quality as pq  # noqa: E402

OUT = os.path.join(ROOT, "bench", "out")
PATH = os.path.join(OUT, "photo_24mp_q90.jpg")
W, H = 6000, 4000


def smooth_noise(rng, shape, cells) -> np.ndarray:
    """Value noise: random values on a coarse grid, upscaled bicubically (one octave)."""
    ch, cw = max(2, shape[0] // cells), max(2, shape[1] // cells)
    small = rng.normal(0.0, 1.0, (ch, cw)).astype(np.float32)
    return np.asarray(Image.fromarray(small, mode="F").resize((shape[1], shape[0]), Image.Resampling.BICUBIC))


def build_image(path: str) -> None:
    import skimage.data

    rng = np.random.default_rng(24)
    base = Image.fromarray(skimage.data.astronaut()).resize((W, W), Image.Resampling.BICUBIC)
    base = base.crop((0, (W - H) // 2, W, (W + H) // 2))
    arr = np.asarray(base).astype(np.float32)
    # 1/f-like texture over several octaves (fabric, skin, foliage-like detail) and fine grain.
    tex = np.zeros((H, W), np.float32)
    for cells, amp in ((64, 6.0), (16, 6.0), (4, 6.0), (2, 6.0)):
        tex += amp * smooth_noise(rng, (H, W), cells)
    arr += tex[..., None]
    arr += rng.normal(0.0, 3.0, arr.shape).astype(np.float32)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).save(path, "JPEG", quality=90)


def time_it(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def decode_eighth() -> None:
    with Image.open(PATH) as im:
        im.draft("L", (im.width // 8, im.height // 8))
        im.load()


def check() -> None:
    pq.check_photo(PATH)


def full_measures() -> None:
    with Image.open(PATH) as im:
        im.load()
        grey = np.asarray(im.convert("L"), dtype=np.float32)
    pq._analyse(grey, pq.DEFAULT_THRESHOLDS)
    pq._blockiness(grey, 8)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=9, help="repetitions of A and B (C runs max(3, N//3))")
    args = ap.parse_args()
    if not os.path.exists(PATH):
        print(f"building {PATH} ...")
        build_image(PATH)
    with Image.open(PATH) as im:
        print(f"image: {im.width}x{im.height} JPEG, {os.path.getsize(PATH) / 1e6:.1f} MB")
    report = pq.check_photo(PATH)
    print(f"check_photo verdict: {report.verdict} {[p.code for p in report.problems]}")
    print(f"analysed at {report.metrics['analysed_width']}x{report.metrics['analysed_height']}")
    # warm-up (imports, page cache)
    decode_eighth()
    check()
    a = time_it(decode_eighth, args.repeat)
    b = time_it(check, args.repeat)
    c = time_it(full_measures, max(3, args.repeat // 3))
    print(f"A  decode at 1/8 (draft L)            : {a * 1000:8.1f} ms")
    print(f"B  check_photo                        : {b * 1000:8.1f} ms")
    print(f"C  same measures on the full decode   : {c * 1000:8.1f} ms")
    print(f"B/A = {b / a:.2f}  (goal <= 2)   {'OK' if b / a <= 2 else 'MISSED'}")
    print(f"C/B = {c / b:.1f}  (goal >= 3)   {'OK' if c / b >= 3 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
