"""Load test of the production shape: gunicorn, PostgreSQL, Redis, a Celery worker and beat, started from
docker-compose.yml as tests/deploy/test_compose.py starts them (tests/deploy/shape.py), with the demo data.

    .venv/bin/python bench/load.py                       # 20 and 50 users, 60 s each, then the growth steps
    .venv/bin/python bench/load.py --users 20 --duration 15 --growth ""     # a short run

Needs DATABASE_URL (a PostgreSQL server; the shape gets a database of its own, dropped at the end) and
REDIS_URL. Talks to 127.0.0.1 only, for a bounded time. Simulated users, each a thread with its own session
and 0.5-1.5 s of thinking between requests: readers on the public sites (50 %), correspondents opening the
new-item page and sending an item with a 1600 px photo (20 %), editors at the review queue (15 %), the
department at the emulation dashboard (15 %). Per page: requests per second, median and 95th-percentile
latency, errors. The baseline, in the same run and on the same server: /healthz (one SELECT 1 and a Redis
GET), both its latency under the same load (a probe once a second) and its saturated throughput (the same
number of users, no thinking, 10 s). Also the peak RSS of each gunicorn worker (VmHWM), the worker's
backlog at the end, and each page's median time at the demo size, then with the items multiplied by 10
and 100 (copied in bulk with SQL).
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import re
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.deploy.shape import Client, Shape, _replace_db  # noqa: E402

OUT = ROOT / "bench" / "out"
CORRESPONDENTS = ["ctv.tp-soc-trang", "ctv.vinh-chau", "ctv.nga-nam", "ctv.ke-sach", "ctv.my-tu", "ctv.tran-de"]
EDITORS = ["bientap", "bientap.sam-son"]
DEPARTMENT = ["tuyengiao", "tuyengiao.sam-son"]
MIX = [("reader", 0.50), ("correspondent", 0.20), ("editor", 0.15), ("department", 0.15)]


def photo_bytes() -> bytes:
    from PIL import Image
    from skimage import data

    image = Image.fromarray(data.astronaut()).resize((1600, 1600), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.error_samples: list[str] = []

    def timed(self, name: str, call, expect: tuple[int, ...] = (200,)):
        began = time.perf_counter()
        try:
            response = call()
            ok = response.status in expect
        except Exception as exc:  # a refused connection or a timeout is an error of the run
            response, ok = None, False
            detail = repr(exc)
        else:
            detail = f"{response.status}"
        elapsed = time.perf_counter() - began
        with self.lock:
            self.times[name].append(elapsed)
            if not ok:
                self.errors[name] += 1
                if len(self.error_samples) < 20:
                    self.error_samples.append(f"{name}: {detail}")
        return response


class User(threading.Thread):
    def __init__(self, persona: str, index: int, port: int, rec: Recorder, stop_at: float, shared: dict) -> None:
        super().__init__(daemon=True)
        self.persona, self.index, self.rec, self.stop_at, self.shared = persona, index, rec, stop_at, shared
        self.client = Client(port)
        self.rng = random.Random(index)
        self.queue_items: list[str] = []  # the items of this editor's own committee's queue

    def run(self) -> None:
        names = {"correspondent": CORRESPONDENTS, "editor": EDITORS, "department": DEPARTMENT}.get(self.persona)
        if names:
            self.client.login(names[self.index % len(names)])
        while time.monotonic() < self.stop_at:
            getattr(self, self.persona)()
            time.sleep(self.rng.uniform(0.5, 1.5))

    def page(self, name: str, path: str, expect=(200,)):
        return self.rec.timed(name, lambda: self.client.get(path), expect)

    def reader(self) -> None:
        roll = self.rng.random()
        if roll < 0.3:
            self.page("public: committee site", self.rng.choice(["/soc-trang/", "/sam-son/"]))
        elif roll < 0.8 and self.shared["public_items"]:
            self.page("public: news item", self.rng.choice(self.shared["public_items"]))
        elif roll < 0.9:
            self.page("public: committees", "/")
        else:
            self.page("static: stylesheet", self.shared["stylesheet"])

    def correspondent(self) -> None:
        roll = self.rng.random()
        if roll < 0.35:
            self.page("unit: home", "/home/")
        elif roll < 0.7:
            self.page("unit: new-item page", "/items/new/")
        else:
            data = {"kind": "news", "title": f"Tin tải thử {self.index}-{time.monotonic():.0f}", "summary": "Tóm tắt.",
                    "body": "Nội dung tin tải thử.", "action": "submit"}  # fmt: skip
            files = {"photo": ("anh.jpg", self.shared["photo"], "image/jpeg")}
            self.rec.timed("unit: send item + photo", lambda: self.client.post("/items/new/", data, files), (302,))

    def editor(self) -> None:
        roll = self.rng.random()
        if roll < 0.6:
            response = self.page("editor: review queue", "/review/")
            if response is not None and response.status == 200:
                self.queue_items = re.findall(r'href="(/items/\d+/)"', response.text)[:30] or self.queue_items
        elif self.queue_items:
            self.page("editor: item", self.rng.choice(self.queue_items))

    def department(self) -> None:
        if self.rng.random() < 0.7:
            self.page("department: emulation dashboard", "/emulation/")
        else:
            self.page("department: home", "/home/")


class RssSampler(threading.Thread):
    """Peak resident memory (VmHWM) of each process under the gunicorn master, sampled every second."""

    def __init__(self, master_pid: int) -> None:
        super().__init__(daemon=True)
        self.master_pid, self.peaks, self.running = master_pid, {}, True

    def children(self) -> list[int]:
        try:
            return [
                int(p) for p in Path(f"/proc/{self.master_pid}/task/{self.master_pid}/children").read_text().split()
            ]
        except OSError:
            return []

    def sample(self) -> None:
        for pid in self.children():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
            self.peaks[pid] = max(self.peaks.get(pid, 0.0), hwm)

    def run(self) -> None:
        while self.running:
            self.sample()
            time.sleep(1)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def saturate_healthz(port: int, users: int, seconds: float) -> float:
    count, lock, stop_at = [0], threading.Lock(), time.monotonic() + seconds

    def hammer() -> None:
        client = Client(port)
        while time.monotonic() < stop_at:
            client.get("/healthz")
            with lock:
                count[0] += 1

    threads = [threading.Thread(target=hammer) for _ in range(users)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return count[0] / (time.monotonic() - began)


def load_run(shape: Shape, users: int, seconds: float, shared: dict) -> dict:
    rec = Recorder()
    healthz = Client(shape.port)
    stop_at = time.monotonic() + seconds
    personas = []
    for persona, share in MIX:
        personas += [persona] * round(users * share)
    personas = (personas + ["reader"] * users)[:users]
    threads = [User(p, i, shape.port, rec, stop_at, shared) for i, p in enumerate(personas)]
    began = time.monotonic()
    for t in threads:
        t.start()
    while time.monotonic() < stop_at:
        rec.timed("baseline: /healthz (probe)", lambda: healthz.get("/healthz"))
        time.sleep(1)
    for t in threads:
        t.join(timeout=120)
    elapsed = time.monotonic() - began
    saturated = saturate_healthz(shape.port, users, 10)
    base_p50 = pct(rec.times["baseline: /healthz (probe)"], 0.5)
    total = sum(len(v) for k, v in rec.times.items() if not k.startswith("baseline"))
    rows = []
    for name in sorted(rec.times):
        values = rec.times[name]
        rows.append({
            "page": name, "requests": len(values), "rps": len(values) / elapsed, "p50_ms": pct(values, 0.5),
            "p95_ms": pct(values, 0.95), "errors": rec.errors[name], "p50_vs_healthz": pct(values, 0.5) / base_p50,
        })  # fmt: skip
    return {
        "users": users, "seconds": round(elapsed, 1), "rows": rows, "total_rps": total / elapsed,
        "healthz_saturated_rps": saturated, "errors": sum(rec.errors.values()), "error_samples": rec.error_samples,
    }  # fmt: skip


GROWTH_PAGES = [
    ("public: committee site", None, "/soc-trang/"),
    ("editor: review queue", "bientap", "/review/"),
    ("department: emulation dashboard", "tuyengiao", "/emulation/"),
    ("unit: items list", "ctv.tp-soc-trang", "/items/"),
    ("baseline: /healthz", None, "/healthz"),
]


def serial_times(shape: Shape, runs: int = 15) -> dict[str, float]:
    result = {}
    for name, username, path in GROWTH_PAGES:
        client = Client(shape.port)
        if username:
            client.login(username)
        for _ in range(2):
            client.get(path)
        times = []
        for _ in range(runs):
            began = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - began)
            assert response.status == 200, (path, response.status)
        result[name] = statistics.median(times) * 1000
    return result


def multiply_items(url: str, factor_total: int) -> int:
    """Copy the demo's items (and their photos' rows) until there are factor_total times as many. Returns the count."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        base = conn.execute("SELECT count(*) FROM submissions_submission WHERE title NOT LIKE 'Bản sao %%'").fetchone()[
            0
        ]
        current = conn.execute("SELECT count(*) FROM submissions_submission").fetchone()[0]
        wanted = base * factor_total
        columns = [
            r[0]
            for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'submissions_submission'"
                " AND column_name <> 'id' ORDER BY ordinal_position"
            )
        ]
        select = ", ".join("'Bản sao ' || g || ' ' || title" if c == "title" else c for c in columns)
        copies = -(-(wanted - current) // base)
        if copies > 0:
            conn.execute(
                f"INSERT INTO submissions_submission ({', '.join(columns)}) SELECT {select} FROM submissions_submission,"
                f" generate_series(1, {copies}) g WHERE title NOT LIKE 'Bản sao %%'"
            )
            conn.execute("ANALYZE")
        return conn.execute("SELECT count(*) FROM submissions_submission").fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per load level")
    parser.add_argument("--growth", default="10,100", help="item multiples to measure after the load ('' for none)")
    parser.add_argument("--workers", default="", help="GUNICORN_WORKERS (default: .env.example's)")
    args = parser.parse_args()
    database_url, redis = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis:
        sys.exit("Set DATABASE_URL=postgres://... and REDIS_URL=redis://... (the local servers).")
    OUT.mkdir(parents=True, exist_ok=True)
    workdir = OUT / f"load-{datetime.datetime.now():%Y%m%d-%H%M%S}"
    overrides = {"GUNICORN_WORKERS": args.workers} if args.workers else {}
    shape = Shape(database_url=database_url, redis_url=redis, workdir=workdir, overrides=overrides)
    print(f"Starting the shape in {workdir} (migrate, demo, gunicorn, worker, beat)...", flush=True)
    try:
        shape.start()
    except BaseException:
        shape.stop()
        raise
    results: dict = {"date": datetime.datetime.now(datetime.UTC).isoformat(timespec="minutes"),
                     "gunicorn_workers": shape.environment("web").get("GUNICORN_WORKERS"), "levels": []}  # fmt: skip
    sampler = RssSampler(shape.processes["web"].pid)
    sampler.start()
    try:
        anonymous = Client(shape.port)
        site = anonymous.get("/soc-trang/").text
        shared = {
            "photo": photo_bytes(),
            "public_items": sorted(set(re.findall(r'href="(/soc-trang/news/\d+/)"', site))),
            "stylesheet": re.findall(r'href="(/static/[^"]+\.css)"', site)[0],
        }
        for users in args.users:
            print(f"{users} users for {args.duration:g} s...", flush=True)
            level = load_run(shape, users, args.duration, shared)
            results["levels"].append(level)
            print(json.dumps(level, indent=1, ensure_ascii=False), flush=True)
        sampler.sample()
        results["worker_rss_peak_mib"] = sorted(round(v, 1) for v in sampler.peaks.values())
        url = _replace_db(shape.database_url, shape.database_name)
        import psycopg

        time.sleep(5)
        with psycopg.connect(url) as conn:
            # The photos sent during the load (the demo's own are never deep-checked: load_demo makes them).
            uploaded = "FROM submissions_photo WHERE original_name = 'anh.jpg'"
            results["photos_uploaded"] = conn.execute(f"SELECT count(*) {uploaded}").fetchone()[0]
            results["photos_not_yet_checked_by_the_worker_5s_after"] = conn.execute(
                f"SELECT count(*) {uploaded} AND deep_checked_at IS NULL"
            ).fetchone()[0]
        growth = []
        count = multiply_items(url, 1)
        growth.append({"items": count, "ms": serial_times(shape)})
        for factor in [int(f) for f in args.growth.split(",") if f.strip()]:
            count = multiply_items(url, factor)
            growth.append({"factor": factor, "items": count, "ms": serial_times(shape)})
            print(json.dumps(growth[-1], ensure_ascii=False), flush=True)
        results["growth"] = growth
    finally:
        sampler.running = False
        shape.stop()
    (workdir / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
