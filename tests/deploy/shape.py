"""The production shape of docker-compose.yml, started on this machine without Docker.

Each service's own command (read from the compose file) runs as a local process with the service's
environment: the compose file's ``environment`` with its ``${...}`` filled from ``.env.example`` (standing in
for the operator's ``.env``), then what must differ on a machine without containers: the local PostgreSQL (a
database of its own) and Redis (a queue and cache prefix of their own), a free port, temporary media
and static folders. The static files are built by the Dockerfile's own ``collectstatic`` line, as
the image build does. Used by tests/deploy/test_compose.py and bench/load.py.
"""

from __future__ import annotations

import http.client
import os
import re
import shlex
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlparse, urlunparse

import yaml

from tests.faults import free_port

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
HOST = "portal.example.vn"  # .env.example's DJANGO_ALLOWED_HOSTS

_VARIABLE = re.compile(r"\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}|\$(\w+)")


def interpolate(value: str, variables: dict[str, str]) -> str:
    """docker-compose's substitution: ``${X}``, ``${X:-default}``, ``${X:?error}``, ``$$`` for ``$``."""

    def replace(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group(1) or match.group(4)
        op, arg = match.group(2), match.group(3)
        current = variables.get(name)
        if op in {":-", "-"}:
            return current if (current if op == ":-" else current is not None) else arg
        if op in {":?", "?"} and not current:
            raise ValueError(f"{name}: {arg}")
        return current or ""

    return _VARIABLE.sub(replace, value)


def read_env_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def compose_services(env_values: dict[str, str]) -> dict[str, dict]:
    """The compose file's services, anchors merged and variables substituted."""
    raw = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))

    def walk(node):
        if isinstance(node, str):
            return interpolate(node, env_values)
        if isinstance(node, list):
            return [walk(item) for item in node]
        if isinstance(node, dict):
            return {key: walk(value) for key, value in node.items()}
        return node

    return walk(raw["services"])


def dockerfile_collectstatic() -> str:
    """The Dockerfile's RUN line that collects the static files."""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if line.startswith("RUN ") and "collectstatic" in line:
            return line[4:]
    raise AssertionError("the Dockerfile collects no static files")


def _replace_db(url: str, name: str) -> str:
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path=f"/{name}"))


def create_database(database_url: str, name: str) -> str:
    """A fresh PostgreSQL database ``name`` on the server of ``database_url``; its URL."""
    import psycopg

    with psycopg.connect(_replace_db(database_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return _replace_db(database_url, name)


def drop_database(database_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(_replace_db(database_url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Shape:
    """The services of docker-compose.yml as local processes; ``start()`` then ``stop()``."""

    database_url: str  # the local server; the shape gets a database of its own on it
    redis_url: str
    workdir: Path
    database_name: str = ""
    overrides: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    port: int = 0

    def __post_init__(self) -> None:
        self.env_values = read_env_file(ROOT / ".env.example")
        self.services = compose_services(self.env_values)
        self.port = self.port or free_port()
        tag = uuid.uuid4().hex[:8]
        self.database_name = self.database_name or f"{urlparse(self.database_url).path.lstrip('/')}_compose_{tag}"
        self.tag = tag
        (self.workdir / "logs").mkdir(parents=True, exist_ok=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self, service: str) -> dict[str, str]:
        spec = self.services[service]
        env = {
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOME": os.environ.get("HOME", "/tmp"),
            "LANG": "C.UTF-8",
            "HOSTNAME": socket.gethostname(),
        }
        if spec.get("env_file"):
            env.update(self.env_values)  # .env.example stands in for .env
        # The compose file's environment, its ${...} filled from .env.example (done by compose_services).
        env.update({key: str(value) for key, value in (spec.get("environment") or {}).items()})
        env.update(
            DATABASE_URL=_replace_db(self.database_url, self.database_name),
            REDIS_URL=self.redis_url,
            PORT=str(self.port),
            MEDIA_ROOT=str(self.workdir / "media"),
            STATIC_ROOT=str(self.workdir / "static"),
            CELERY_BEAT_SCHEDULE_FILENAME=str(self.workdir / "celerybeat-schedule"),
            # Its own queue and cache keys on a Redis that other runs may share.
            CELERY_TASK_DEFAULT_QUEUE=f"compose-{self.tag}",
            CACHE_KEY_PREFIX=f"compose-{self.tag}",
        )
        env.update(self.overrides)
        return env

    def command(self, service: str) -> list[str]:
        command = self.services[service]["command"]
        return shlex.split(command) if isinstance(command, str) else list(command)

    def run_once(self, service: str, argv: list[str], *, timeout: float = 600) -> subprocess.CompletedProcess:
        return subprocess.run(
            argv, cwd=ROOT, env=self.environment(service), capture_output=True, text=True, timeout=timeout
        )

    def healthcheck(self, service: str) -> subprocess.CompletedProcess:
        """The service's own health check command, as compose runs it."""
        test = self.services[service]["healthcheck"]["test"]
        kind, rest = test[0], test[1:]
        argv = ["sh", "-c", rest[0]] if kind == "CMD-SHELL" else rest
        return self.run_once(service, argv, timeout=60)

    def build_static(self) -> subprocess.CompletedProcess:
        return self.run_once("web", ["sh", "-c", dockerfile_collectstatic()])

    def start_service(self, service: str) -> subprocess.Popen:
        log = (self.workdir / "logs" / f"{service}.log").open("w")
        process = subprocess.Popen(
            self.command(service),
            cwd=ROOT,
            env=self.environment(service),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes[service] = process
        return process

    def log(self, service: str) -> str:
        path = self.workdir / "logs" / f"{service}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start(self, *, demo: bool = True) -> None:
        """The image build's static step, the database, the one-shot migrate (and the demo), then
        web, worker and beat; returns when web's health check passes."""
        create_database(self.database_url, self.database_name)
        for step, result in [
            ("collectstatic", self.build_static()),
            ("migrate", self.run_once("migrate", self.command("migrate"))),
        ]:
            if result.returncode != 0:
                raise RuntimeError(f"{step} failed:\n{result.stdout}\n{result.stderr}")
        if demo:
            result = self.run_once("migrate", ["python", "manage.py", "load_demo", "--quiet-logins"])
            if result.returncode != 0:
                raise RuntimeError(f"load_demo failed:\n{result.stdout}\n{result.stderr}")
        for service in ("web", "worker", "beat"):
            self.start_service(service)
        deadline = time.monotonic() + 60
        while self.healthcheck("web").returncode != 0:
            if time.monotonic() > deadline or self.processes["web"].poll() is not None:
                raise RuntimeError("web never became healthy:\n" + self.log("web")[-3000:])
            time.sleep(0.5)

    def stop(self, *, drop: bool = True) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if drop:
            drop_database(self.database_url, self.database_name)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Client:
    """A small HTTP client for one simulated person: talks to 127.0.0.1 only, as the TLS proxy in front
    would (Host header, X-Forwarded-Proto: https), keeps its cookies (Secure ones too) and the CSRF token."""

    def __init__(self, port: int, host: str = HOST) -> None:
        self.port, self.host = port, host
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, *, body: bytes = b"", content_type: str = "") -> Response:
        headers = {
            "Host": self.host,
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{self.host}{path}",
            "Accept-Language": "vi",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        if "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.connection.request(method, path, body=body or None, headers=headers)
                raw = self.connection.getresponse()
                data = raw.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        for header, value in raw.getheaders():
            if header.lower() == "set-cookie":
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
        if raw.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str], files: dict[str, tuple[str, bytes, str]] | None = None) -> Response:
        data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        if not files:
            return self.request(
                "POST", path, body=urlencode(data).encode(), content_type="application/x-www-form-urlencoded"
            )
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in data.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content, mime) in files.items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                f"Content-Type: {mime}\r\n\r\n"
            )
            parts.append(head.encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST", path, body=b"".join(parts), content_type=f"multipart/form-data; boundary={boundary}"
        )

    def login(self, username: str, password: str = "demo12345") -> None:
        self.get("/accounts/login/")
        response = self.post("/accounts/login/", {"login": username, "password": password})
        if response.status != 302:
            raise AssertionError(f"{username} could not sign in: {response.status}")
