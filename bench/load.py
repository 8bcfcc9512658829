"""Load test of the production shape: gunicorn, PostgreSQL, Redis, a Celery worker and beat, started from
docker-compose.yml as tests/deploy/test_compose.py starts them (tests/deploy/shape.py), with the demo data.

    .venv/bin/python bench/load.py                       # 20 and 50 users, 60 s each, then the growth steps
    .venv/bin/python bench/load.py --users 20 --duration 15 --growth ""     # a short run

Needs DATABASE_URL (a PostgreSQL server; the shape gets a database of its own, dropped at the end) and
REDIS_URL. Talks to 127.0.0.1 only, for a bounded time. Simulated users, each a thread with its own session
and 0.5-1.5 s of thinking between requests: readers on the public sites (50 %), correspondents opening the
new-item page and sending an item with a 1600 px photo (20 %), editors at the review queue (15 %), the
department at the emulation dashboard (15 %). Per page: requests per second, median and 95th-percentile
latency, errors. Before the mix, the page-versus-/healthz ratios of issue 15: each page of RATIO_PAGES asked
by 20 (then 50) users without thinking, alone, for a few seconds, and /healthz the same way right before and
after it on the same server; its throughput over /healthz's is the ratio. The mix and the ratios run on each
gunicorn set-up of --servers (default sync 3x1 and gthread 3x4, started side by side on the same database and
Redis), page by page in turn, so both see the same machine. The baseline of the mix, in the same run and on the same server: /healthz (one SELECT 1 and a Redis
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


def load_run(port: int, users: int, seconds: float, shared: dict) -> dict:
    rec = Recorder()
    healthz = Client(port)
    stop_at = time.monotonic() + seconds
    personas = []
    for persona, share in MIX:
        personas += [persona] * round(users * share)
    personas = (personas + ["reader"] * users)[:users]
    threads = [User(p, i, port, rec, stop_at, shared) for i, p in enumerate(personas)]
    began = time.monotonic()
    for t in threads:
        t.start()
    while time.monotonic() < stop_at:
        rec.timed("baseline: /healthz (probe)", lambda: healthz.get("/healthz"))
        time.sleep(1)
    for t in threads:
        t.join(timeout=120)
    elapsed = time.monotonic() - began
    saturated = saturate_healthz(port, users, 10)
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


# The pages of issue 15's table (and the other signed-in home and the static file): each is asked by the
# given number of users without thinking, alone, and its throughput compared with /healthz's, measured
# the same way right before and right after it on the same server.
RATIO_PAGES = [
    ("public: committee home", None, "/soc-trang/"),
    ("public: article", None, "{article}"),
    ("public: RSS", None, "/soc-trang/rss/"),
    ("public: sitemap", None, "/soc-trang/sitemap.xml"),
    ("static: stylesheet", None, "{stylesheet}"),
    ("department: year matrix", "tuyengiao", "/emulation/"),
    ("unit: correspondent home", "ctv.tp-soc-trang", "/home/"),
    ("editor: review queue", "bientap", "/review/"),
    ("editor: home", "bientap", "/home/"),
    ("unit: our items", "ctv.tp-soc-trang", "/items/"),
    ("unit: our quota", "ctv.tp-soc-trang", "/emulation/my-unit/"),
    ("unit: column schedule", "ctv.tp-soc-trang", "/schedule/"),
    ("ward: reports", "btt.quang-vinh-sam-son", "/reports/"),
    ("city: reports", "tuyengiao.sam-son", "/reports/"),
]


def signed_in_clients(port: int, username: str | None, count: int) -> list[Client]:
    """``count`` clients sharing one session of ``username`` (one sign-in), or anonymous ones."""
    first = Client(port)
    if username:
        first.login(username)
    clients = [first]
    for _ in range(count - 1):
        clone = Client(port)
        clone.cookies = dict(first.cookies)
        clients.append(clone)
    return clients


def saturate(clients: list[Client], path: str, seconds: float) -> dict:
    """Every client asks ``path`` again and again for ``seconds``: requests per second, p50, errors."""
    lock, stop_at = threading.Lock(), time.monotonic() + seconds
    times: list[float] = []
    errors = [0]

    def hammer(client: Client) -> None:
        while time.monotonic() < stop_at:
            began = time.perf_counter()
            try:
                ok = client.get(path).status == 200
            except Exception:
                ok = False
            with lock:
                times.append(time.perf_counter() - began)
                errors[0] += not ok

    threads = [threading.Thread(target=hammer, args=(c,)) for c in clients]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    return {"rps": len(times) / elapsed, "p50_ms": pct(times, 0.5) if times else 0.0, "errors": errors[0]}


def ratio_run(servers: dict[str, int], users: int, seconds: float, shared: dict, pages: list | None = None) -> dict:
    """Each page's saturated throughput over /healthz's on each server, interleaved: for each page, each
    server in turn measures /healthz, then the page; the page's baseline is the mean of the /healthz
    measured just before it and the next /healthz on the same server."""
    pages = RATIO_PAGES if pages is None else pages
    pools = {
        label: {
            name: signed_in_clients(port, username, users)
            for name, username in {(n, u) for n, u, _p in pages} | {("baseline", None)}
        }
        for label, port in servers.items()
    }
    measured: dict[str, list] = {label: [] for label in servers}
    for name, _username, path in pages:
        path = path.format(**shared)
        for label in servers:
            healthz = saturate(pools[label]["baseline"], "/healthz", seconds)
            page = saturate(pools[label][name], path, seconds)
            measured[label].append((name, healthz, page))
            print(f"  {users} users, {label:<18} {name:<28} {page['rps']:7.1f} req/s (p50 {page['p50_ms']:6.0f} ms)"
                  f"  /healthz {healthz['rps']:7.1f} req/s", flush=True)  # fmt: skip
    results = {}
    for label in servers:
        last = saturate(pools[label]["baseline"], "/healthz", seconds)
        rows = []
        series = measured[label]
        for i, (name, before, page) in enumerate(series):
            after = series[i + 1][1] if i + 1 < len(series) else last
            base = (before["rps"] + after["rps"]) / 2
            rows.append({"page": name, "rps": round(page["rps"], 1), "healthz_rps": round(base, 1),
                         "ratio": round(page["rps"] / base, 3), "p50_ms": round(page["p50_ms"], 1),
                         "errors": page["errors"]})  # fmt: skip
        results[label] = rows
    return results


def start_web(shape: Shape, label: str, overrides: dict[str, str]) -> int:
    """One more gunicorn of the shape's web service (same database and Redis) with ``overrides``; its port."""
    import subprocess

    from tests.faults import free_port

    port = free_port()
    env = {**shape.environment("web"), **overrides, "PORT": str(port)}
    log = (shape.workdir / "logs" / f"web-{label}.log").open("w")
    shape.processes[f"web-{label}"] = subprocess.Popen(
        shape.command("web"), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            if Client(port).get("/healthz").status == 200:
                return port
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn {label} never answered")
        time.sleep(0.5)


def parse_servers(spec: str) -> dict[str, dict[str, str]]:
    """ "sync:3:1,gthread:3:4" -> {"sync 3x1": {...GUNICORN_* overrides}, ...}."""
    servers = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        worker_class, workers, threads = item.split(":")
        servers[f"{worker_class} {workers}x{threads}"] = {
            "GUNICORN_WORKER_CLASS": worker_class, "GUNICORN_WORKERS": workers, "GUNICORN_THREADS": threads,
            # No access log, and no recycling of workers: at hundreds of /healthz a second the default of
            # 1000 requests restarted a worker every few seconds, and its start-up (seconds of CPU on a
            # loaded machine) landed in whichever page was being measured.
            "GUNICORN_ACCESS_LOG": "", "GUNICORN_MAX_REQUESTS": "0",
        }  # fmt: skip
    return servers


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
    parser.add_argument(
        "--servers",
        default="sync:3:1,gthread:3:4",
        help="gunicorn set-ups compared side by side, class:workers:threads, comma-separated",
    )
    parser.add_argument("--ratio-seconds", type=float, default=5.0, help="seconds per saturation measurement")
    parser.add_argument("--no-ratios", action="store_true", help="skip the page-vs-/healthz ratios")
    parser.add_argument("--no-mix", action="store_true", help="skip the simulated mix of users")
    parser.add_argument(
        "--pages", default="", help="only the ratio pages whose name contains one of these comma-separated words"
    )
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
        shared["article"] = shared["public_items"][0]
        static = anonymous.get(shared["stylesheet"])
        results["static_file"] = {"path": shared["stylesheet"], "cache_control": static.headers.get("cache-control")}
        servers = {label: start_web(shape, label.replace(" ", "-"), env)
                   for label, env in parse_servers(args.servers).items()}  # fmt: skip
        results["servers"] = list(servers)
        if not args.no_ratios:
            results["ratios"] = {}
            for users in args.users:
                print(f"Ratios at {users} users ({args.ratio_seconds:g} s per measurement)...", flush=True)
                wanted = [w for w in args.pages.split(",") if w]
                pages = [p for p in RATIO_PAGES if not wanted or any(w in p[0] for w in wanted)]
                results["ratios"][users] = ratio_run(servers, users, args.ratio_seconds, shared, pages)
                print(json.dumps(results["ratios"][users], indent=1, ensure_ascii=False), flush=True)
        if not args.no_mix:
            for users in args.users:
                for label, port in servers.items():  # each server in turn at each level
                    print(f"{users} users for {args.duration:g} s on {label}...", flush=True)
                    level = load_run(port, users, args.duration, shared)
                    level["server"] = label
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
