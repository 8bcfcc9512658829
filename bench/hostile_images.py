"""Memory benchmark of hostile photos (issue 11, item 1): the peak RSS of the process that serves them.

    .venv/bin/python bench/hostile_images.py [--bound-mb 700]

Writes (streamed, without holding them in memory) a one-colour 12000x12000 PNG and a 9400x9400 PNG,
a truncated JPEG and a HEIC-signature file, plus the largest photos the portal accepts (a 7000x7000
PNG and an 8000x6000 JPEG, 49 and 48 megapixels, made in a child process). Then, in one Django
process on a throw-away SQLite database and media folder (the same code a gunicorn sync worker
runs, called through Django's test client), it:

  1. uploads each hostile file (each must be refused, with no file left behind),
  2. uploads the two largest accepted photos (quality check, then the renditions, made by the task
     queued when a photo is stored; Celery runs in-process here),
  3. publishes the item and asks for every public thumbnail and page copy three times,

and prints the process's RSS before, its peak (VmHWM) after each step, and whether the peak stayed
within the bound (exit status 1 if not).
"""

from __future__ import annotations

import argparse
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import embedded  # noqa: E402


def write_one_colour_png(path: Path, width: int, height: int, rgb=(200, 60, 40)) -> None:
    """An RGB PNG of one colour, written row by row: big in pixels, small on disk and in memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    compressor = zlib.compressobj(9)
    with path.open("wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n")
        fh.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        data = b""
        for _ in range(height):
            data += compressor.compress(row)
            if len(data) > 1 << 20:
                fh.write(chunk(b"IDAT", data))
                data = b""
        data += compressor.flush()
        fh.write(chunk(b"IDAT", data))
        fh.write(chunk(b"IEND", b""))


def make_files(folder: Path) -> dict[str, Path]:
    files = {
        "png_12000x12000": folder / "khong-lo.png",
        "png_9400x9400": folder / "lon.png",
        "png_7000x7000_accepted": folder / "chap-nhan.png",
    }
    write_one_colour_png(files["png_12000x12000"], 12000, 12000)
    write_one_colour_png(files["png_9400x9400"], 9400, 9400)
    write_one_colour_png(files["png_7000x7000_accepted"], 7000, 7000)
    jpeg = folder / "lon.jpg"
    # Made in a child process, so its 144 MB image does not count in this process's peak.
    subprocess.run(
        [sys.executable, "-c", (
            "import sys, numpy as np; from PIL import Image\n"
            "rng = np.random.default_rng(1)\n"
            "small = Image.fromarray(rng.integers(0, 255, (600, 800, 3), dtype=np.uint8))\n"
            "small.resize((8000, 6000), Image.Resampling.BICUBIC).save(sys.argv[1], 'JPEG', quality=90)\n"
        ), str(jpeg)],
        check=True,
    )  # fmt: skip
    files["jpeg_8000x6000_accepted"] = jpeg
    truncated = folder / "dut.jpg"
    whole = jpeg.read_bytes()
    truncated.write_bytes(whole[: len(whole) // 2])
    files["jpeg_truncated"] = truncated
    heic = folder / "IMG_0001.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + os.urandom(200_000))
    files["heic"] = heic
    return files


def memory_mb() -> tuple[float, float]:
    """(current RSS, peak RSS) of this process, in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bound-mb", type=float, default=700.0, help="the peak RSS the process must stay within")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="hostile-images-"))
    files = make_files(work)
    portal = embedded.start(work)
    alice, editor, client = portal.alice, portal.editor, portal.client
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from portal import background
    from submissions import services
    from submissions.models import Photo, Submission

    body = "<p>" + "Hội nghị biểu dương các điển hình tiên tiến trong phong trào thi đua của huyện. " * 4 + "</p>"
    client.post(reverse("submissions:item_create"), {"kind": "news", "title": "Ảnh thử độ bền bộ nhớ", "body": body})
    item = Submission.objects.get()
    client.get(reverse("submissions:item_edit", args=[item.pk]))  # warm up templates
    rss, peak = memory_mb()
    rows = [("after start-up (Django, one page rendered)", rss, peak, "")]
    print(f"start: RSS {rss:.0f} MB, peak {peak:.0f} MB", flush=True)

    def upload(key: str) -> str:
        path = files[key]
        started = time.perf_counter()
        response = client.post(
            reverse("submissions:photo_upload", args=[item.pk]),
            {"photo": SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/octet-stream")},
            HTTP_HX_REQUEST="true",
        )
        html = response.content.decode()
        outcome = "refused" if "alert" in html and "photo-list" not in html else "accepted"
        return f"{outcome}, {time.perf_counter() - started:.1f} s"

    for key in ("png_12000x12000", "png_9400x9400", "jpeg_truncated", "heic"):
        outcome = upload(key)
        rss, peak = memory_mb()
        rows.append((f"upload {key} ({files[key].stat().st_size // 1024} KB)", rss, peak, outcome))
    stored = [p for p in (work / "media").rglob("*") if p.is_file()] if (work / "media").exists() else []
    assert not stored, f"a refused upload left files: {stored}"
    for key in ("png_7000x7000_accepted", "jpeg_8000x6000_accepted"):
        outcome = upload(key)
        background.wait_idle()  # the renditions and the slower check, in this process's background thread
        rss, peak = memory_mb()
        rows.append((f"upload {key} + renditions", rss, peak, outcome))
    assert Photo.objects.filter(submission=item).count() == 2
    assert not Photo.objects.filter(thumbnail="").exists(), "renditions were not made at upload"

    for photo in Photo.objects.filter(submission=item, verdict=Photo.Verdict.FAIL):  # a one-colour photo is dull
        services.photo_accept(photo=photo, by=editor, reason="Ảnh thử nghiệm")
    services.submission_submit(submission=item, by=alice)
    services.submission_transition(submission=item, by=editor, action="claim")
    services.submission_transition(submission=item, by=editor, action="approve")
    services.submission_transition(submission=item, by=editor, action="publish")
    public = Client()
    statuses = set()
    for photo in Photo.objects.filter(submission=item):
        for size in ("thumb", "page"):
            for _ in range(3):
                statuses.add(public.get(reverse("submissions:public_photo", args=[photo.pk, size])).status_code)
    rss, peak = memory_mb()
    rows.append(("12 public rendition requests after publishing", rss, peak, f"HTTP {sorted(statuses)}"))

    print()
    print("| step | RSS after (MB) | peak so far (MB) | outcome |")
    print("|---|---:|---:|---|")
    for label, rss, peak, outcome in rows:
        print(f"| {label} | {rss:.0f} | {peak:.0f} | {outcome} |")
    final_peak = rows[-1][2]
    ok = final_peak <= args.bound_mb
    print(f"\npeak RSS {final_peak:.0f} MB; bound {args.bound_mb:.0f} MB: {'within' if ok else 'EXCEEDED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
