"""A 24 MP photo sent from the one-step item form over a throttled 3G connection, with and without
the browser scaling it down first.

    .venv/bin/python bench/phone_upload.py [--repeat N] [--down 1.6] [--up 0.75] [--latency 150]

Builds (once, cached in bench/out/) bench/photo_speed.py's 6000x4000 quality-90 JPEG (a real
photograph with camera-like texture and grain, the size of a phone's 24 MP file), starts the portal
(``manage.py runserver``, DEBUG, a throw-away SQLite database with one correspondent, tasks run
in-process so the slower check is part of the answer) on a free local port, and drives Debian's
chromium at 390x844 with Playwright. Chromium's network is throttled through the DevTools protocol
(Network.emulateNetworkConditions: 1.6 Mbps down, 750 kbps up, 150 ms latency by default).

Each repetition opens a new item form and chooses the photo twice, interleaved: once as the page
does it (scaled to the portal's long edge, data-max-edge, JPEG 0.9) and once with the scaling turned
off (the original file sent). For each it records the request body's bytes and the time from
choosing the file to the final verdict on the page; the bytes are those the portal received and
stored (it keeps the file as sent), read from the database. Prints the medians and the ratio with/without.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench.photo_speed import SIZES, build_image, path_for  # noqa: E402
from tests.faults import free_port  # noqa: E402

PATH = path_for(24)  # the 24 MP phone photo of bench/photo_speed.py

USERNAME, PASSWORD = "ctv.bench", "a-Strong-bench-passw0rd"


def prepare_database(env: dict[str, str]) -> None:
    """Migrate the throw-away database and add one committee, one district and its correspondent."""
    script = (
        "import django; django.setup()\n"
        "from portal import services\n"
        "from portal.models import Role, Unit\n"
        "c = services.unit_create(code='bench', name='Ủy ban MTTQ tỉnh thử', kind=Unit.Kind.COMMITTEE)\n"
        "u = services.unit_create(code='bench-huyen', name='Ủy ban MTTQ huyện thử', kind=Unit.Kind.DISTRICT,"
        " parent=c, carries_quota=True)\n"
        f"services.account_create(username={USERNAME!r}, email='b@example.com', role=Role.CORRESPONDENT, unit=u,"
        f" password={PASSWORD!r})\n"
    )
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([python, "-c", script], cwd=ROOT, env=env, check=True)


def wait_for_server(url: str, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.3)
    raise RuntimeError(f"the portal did not answer at {url}")


def last_photo_bytes(database: str) -> int:
    """The size of the file the portal received last: it stores the bytes sent, as sent."""
    import sqlite3

    with sqlite3.connect(database) as db:
        return db.execute("SELECT size FROM submissions_photo ORDER BY id DESC LIMIT 1").fetchone()[0]


def send_once(page, base: str, scaled: bool, photo: str, database: str) -> tuple[int, float]:
    """Open a new form, choose the photo, wait for its final verdict: (bytes sent, seconds)."""
    page.goto(f"{base}/items/new/")
    page.fill("#id_title", "Ảnh gửi qua mạng 3G")
    if not scaled:
        page.evaluate("document.getElementById('item-form').dataset.maxEdge = '1000000'")
    start = time.perf_counter()
    page.set_input_files("#id_photo", photo)
    page.wait_for_selector("#photo-list .compose-photo[data-photo]:not([data-checking])", timeout=600_000)
    elapsed = time.perf_counter() - start
    verdict = page.inner_text("#photo-list .compose-photo[data-photo] .verdict")
    size = last_photo_bytes(database)
    print(f"  {'scaled  ' if scaled else 'original'}: {size / 1e6:6.2f} MB in {elapsed:6.1f} s → {verdict}")
    return size, elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=2, help="pairs of uploads (scaled, original), interleaved")
    ap.add_argument("--down", type=float, default=1.6, help="download, Mbit/s")
    ap.add_argument("--up", type=float, default=0.75, help="upload, Mbit/s")
    ap.add_argument("--latency", type=float, default=150, help="round trip added, ms")
    args = ap.parse_args()
    if not os.path.exists(PATH):
        print(f"building {PATH} ...")
        build_image(PATH, *SIZES[24])
    print(f"photo: {PATH}, {os.path.getsize(PATH) / 1e6:.1f} MB")

    from playwright.sync_api import sync_playwright

    work = tempfile.mkdtemp(prefix="phone-upload-")
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": f"sqlite:///{work}/db.sqlite3",
        "MEDIA_ROOT": f"{work}/media",
        "REDIS_URL": "",
        "CELERY_BROKER_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    prepare_database(env)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    results: dict[bool, list[tuple[int, float]]] = {True: [], False: []}
    try:
        wait_for_server(f"{base}/accounts/login/")
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
            )
            context = browser.new_context(
                viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="vi-VN"
            )
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.fill("input[name=login]", USERNAME)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/home/")
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": args.latency,
                    "downloadThroughput": args.down * 1e6 / 8,
                    "uploadThroughput": args.up * 1e6 / 8,
                },
            )
            print(f"network: {args.down} Mbit/s down, {args.up} Mbit/s up, {args.latency:g} ms")
            for i in range(args.repeat):
                print(f"round {i + 1}/{args.repeat}")
                order = (True, False) if i % 2 == 0 else (False, True)
                for scaled in order:
                    results[scaled].append(send_once(page, base, scaled, PATH, f"{work}/db.sqlite3"))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)

    def medians(rows):
        return statistics.median(b for b, _ in rows), statistics.median(t for _, t in rows)

    (b1, t1), (b0, t0) = medians(results[True]), medians(results[False])
    print()
    print(f"{'':24}{'bytes sent':>14}{'time to verdict':>18}")
    print(f"{'scaled in the browser':24}{b1 / 1e6:11.2f} MB{t1:16.1f} s")
    print(f"{'original':24}{b0 / 1e6:11.2f} MB{t0:16.1f} s")
    print(f"{'ratio with/without':24}{b1 / b0:14.3f}{t1 / t0:18.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
