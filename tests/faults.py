"""Services that fail on purpose, started and stopped by the tests that own them: a Redis server on
its own port, a local SMTP sink that can refuse or stall a message, and the Celery app pointed at
that Redis."""

from __future__ import annotations

import contextlib
import shutil
import socket
import socketserver
import subprocess
import threading
import time
from email import message_from_bytes
from email.message import Message

from django.conf import settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, *, timeout: float = 10.0) -> bool:
    """Wait until something listens on 127.0.0.1:``port``; False when ``process`` ended or time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
        time.sleep(0.05)
    return False


class RedisServer:
    """``redis-server`` on a free port with no persistence; ``stop()`` and ``start()`` at will."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        if shutil.which("redis-server") is None:
            from tests.conftest import _missing

            _missing("needs the redis-server program (apt-get install redis-server) to stop and start its own Redis")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_for_port(self.port, self.process):
            raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@contextlib.contextmanager
def celery_on(url: str):
    """The portal's Celery app publishing to ``url`` for real (not eagerly) for the duration."""
    from portal.celery_app import app

    keys = ("broker_url", "task_always_eager")
    old = {k: app.conf[k] for k in keys}

    def reset_pools() -> None:
        # Drop the app's cached connection and producer pools (without closing them: kombu keeps
        # producer pools per broker in a global registry that other tests reuse).
        app._pool = None
        with contextlib.suppress(AttributeError, KeyError):
            app.__dict__["amqp"]._producer_pool = None

    app.conf.update(broker_url=url, task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    reset_pools()
    try:
        yield app
    finally:
        app.conf.update(**old)
        settings.CELERY_TASK_ALWAYS_EAGER = True
        reset_pools()


class SmtpSink(socketserver.ThreadingTCPServer):
    """A minimal SMTP server on a thread. ``fail_first`` answers the first message with a temporary
    error (451); ``stall_first`` never answers it (the sender hangs until it is killed). Messages it
    accepted are in ``messages``."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *, fail_first: bool = False, stall_first: bool = False) -> None:
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.fail_first, self.stall_first = fail_first, stall_first
        self.attempts = 0
        self.messages: list[Message] = []
        self.stalled = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self) -> SmtpSink:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()


class _SmtpHandler(socketserver.StreamRequestHandler):
    server: SmtpSink

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self.reply("220 sink ESMTP")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 sink")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 go on")
                data = b""
                while (chunk := self.rfile.readline()) and chunk != b".\r\n":
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                with self.server.lock:
                    self.server.attempts += 1
                    attempt = self.server.attempts
                if attempt == 1 and self.server.stall_first:
                    self.server.stalled.set()
                    self.server.release.wait(60)
                    return  # hang up without an answer: the message was never accepted
                if attempt == 1 and self.server.fail_first:
                    self.reply("451 4.3.0 temporary failure, try again later")
                    continue
                with self.server.lock:
                    self.server.messages.append(message_from_bytes(data))
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


def parts(message: Message) -> dict[str, str]:
    """The text and HTML parts of a mail, decoded."""
    out = {}
    for part in message.walk():
        if part.get_content_type() in ("text/plain", "text/html"):
            out[part.get_content_type()] = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return out


def subject(message: Message) -> str:
    from email.header import decode_header, make_header

    return str(make_header(decode_header(message["Subject"])))
