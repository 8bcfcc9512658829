"""Time of a phone photo's upload request in the embedded default (no broker), before and after the
slower check moved out of the request.

    .venv/bin/python bench/photo_upload.py [--repeat N] [--sizes 12,24]

One Django process on a throw-away SQLite database (the quick start's set-up: Celery eager, no
Redis), a correspondent's draft, and the phone JPEGs of bench/photo_speed.py (built there if
missing). For each size, INTERLEAVED in one loop, the median of N runs of:

  A. Pillow merely decoding the file at 1/8 (the baseline of bench/photo_speed.py)
  B. the upload request (POST through Django's test client, as htmx sends it) with the renditions and
     the slower check run inside it (PORTAL_BACKGROUND_THREAD off: what the embedded default did)
  C. the same request with them in the background thread after the response (the default now);
     the thread's work is waited for, untimed, before the next run

and prints B/A, C/A and B/C.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import embedded  # noqa: E402
import photo_speed  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--sizes", default="12,24")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    for mp in sizes:
        if not os.path.exists(photo_speed.path_for(mp)):
            print(f"building {photo_speed.path_for(mp)} ...", file=sys.stderr)
            photo_speed.build_image(photo_speed.path_for(mp), *photo_speed.SIZES[mp])
    work = Path(tempfile.mkdtemp(prefix="photo-upload-"))
    portal = embedded.start(work)
    client = portal.client
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings
    from django.urls import reverse

    from portal import background
    from submissions.models import Photo, Submission

    body = "<p>" + "Hội nghị biểu dương các điển hình tiên tiến trong phong trào thi đua của huyện. " * 4 + "</p>"
    client.post(reverse("submissions:item_create"), {"kind": "news", "title": "Ảnh điện thoại", "body": body})
    item = Submission.objects.get()
    url = reverse("submissions:photo_upload", args=[item.pk])

    def upload(data: bytes, *, thread: bool) -> float:
        with override_settings(PORTAL_BACKGROUND_THREAD=thread):
            started = time.perf_counter()
            response = client.post(
                url, {"photo": SimpleUploadedFile("IMG.jpg", data, content_type="image/jpeg")}, HTTP_HX_REQUEST="true"
            )
            elapsed = time.perf_counter() - started
        assert response.status_code == 200 and "photo-list" in response.content.decode()
        background.wait_idle()
        assert not Photo.objects.filter(deep_checked_at__isnull=True).exists()
        return elapsed

    print(photo_speed.machine())
    print()
    print("| size | A: decode at 1/8 | B: upload, slower check inside | C: upload, after the response "
          "| B/A | C/A | B/C |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|")
    for mp in sizes:
        path = photo_speed.path_for(mp)
        data = Path(path).read_bytes()
        upload(data, thread=True)  # warm-up
        times: dict[str, list[float]] = {"a": [], "b": [], "c": []}
        for _ in range(args.repeat):
            t = time.perf_counter()
            photo_speed.decode_eighth(path)
            times["a"].append(time.perf_counter() - t)
            times["b"].append(upload(data, thread=False))
            times["c"].append(upload(data, thread=True))
        a, b, c = (statistics.median(times[k]) for k in "abc")
        print(
            f"| {mp} MP | {a * 1000:.0f} ms | {b * 1000:.0f} ms | {c * 1000:.0f} ms "
            f"| {b / a:.1f} | **{c / a:.1f}** | **{b / c:.1f}** |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
