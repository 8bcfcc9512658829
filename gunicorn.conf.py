"""gunicorn's settings, from the environment (the compose file's `web` service runs
``gunicorn -c gunicorn.conf.py portal.wsgi:application``).

GUNICORN_BIND or PORT        where to listen (default 0.0.0.0:$PORT, PORT 8000)
GUNICORN_WORKERS             worker processes (default 2 x cores + 1)
GUNICORN_WORKER_CLASS        gthread (default) or sync
GUNICORN_THREADS             threads per worker for gthread (default 4)
GUNICORN_TIMEOUT             seconds before a silent worker is restarted (default 60)
GUNICORN_MAX_REQUESTS        restart a worker after this many requests, 0 never (default 10000)
GUNICORN_ACCESS_LOG          "-" for stdout (default), a file path, or empty for none
GUNICORN_LOG_LEVEL           info (default)
"""

import multiprocessing
import os


def _env(name: str, default: str) -> str:
    return (os.environ.get(name) or default).strip()


bind = _env("GUNICORN_BIND", f"0.0.0.0:{_env('PORT', '8000')}")
workers = int(_env("GUNICORN_WORKERS", str(2 * multiprocessing.cpu_count() + 1)))
# Threads, measured against sync workers by bench/load.py (docs/benchmarks.md, "Pages against /healthz"):
# with 3 sync workers a static file or /healthz waits behind whatever slow page holds the three
# processes; with 4 threads each, a request that waits on PostgreSQL or Redis frees the core for the
# others, and the cheap requests are answered at once.
worker_class = _env("GUNICORN_WORKER_CLASS", "gthread")
threads = int(_env("GUNICORN_THREADS", "4"))
timeout = int(_env("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# 1000 restarted a worker every few seconds at a few hundred requests a second (a start-up costs seconds
# of CPU); 10,000 still bounds a slow leak.
max_requests = int(_env("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-").strip() or None
errorlog = "-"
loglevel = _env("GUNICORN_LOG_LEVEL", "info")
# The proxy in front sets X-Forwarded-Proto; trust it from any address inside the compose network.
forwarded_allow_ips = _env("GUNICORN_FORWARDED_ALLOW_IPS", "*")
# Uploads are buffered in memory by Django; /dev/shm keeps the worker heartbeat off the disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
