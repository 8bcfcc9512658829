"""Slow work after the response, in the embedded default.

With a broker, slow work is a Celery task run by a worker. Without one (``CELERY_TASK_ALWAYS_EAGER``,
the quick start), a task would run inside the request that queued it; ``run_after_commit`` instead
hands the function to one background thread of the web process once the transaction commits, so
the response does not wait for it. The work must be idempotent and recoverable by a periodic sweep
(a process that stops loses what its thread had not finished).

``settings.PORTAL_BACKGROUND_THREAD = False`` runs the work at once in the caller's thread after the
commit instead (the test settings: a test's transaction is never committed, so another thread would
not see its rows). ``wait_idle()`` waits until the thread has nothing left to do.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, connections, transaction

log = logging.getLogger(__name__)

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_pending: set[Future] = set()


def uses_thread() -> bool:
    return bool(getattr(settings, "PORTAL_BACKGROUND_THREAD", True))


def _release_free_memory() -> None:
    """Give the C heap's free pages back to the system (glibc): the request's thread and this one
    allocate from different heaps, and a photo's decode frees hundreds of MB that would otherwise
    stay counted in the process while the other thread allocates as much again."""
    global _malloc_trim
    if _malloc_trim is None:
        try:
            _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)


_malloc_trim = None


def _run(fn, args, kwargs) -> None:
    close_old_connections()
    _release_free_memory()
    try:
        fn(*args, **kwargs)
    except Exception:
        # Logged, not raised: the periodic sweep of the work's own kind picks it up again.
        log.exception("background work %s%r failed", getattr(fn, "__name__", fn), args)
    finally:
        connections.close_all()
        _release_free_memory()


def _submit(fn, args, kwargs) -> None:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="portal-background")
        future = _executor.submit(_run, fn, args, kwargs)
        _pending.add(future)
    future.add_done_callback(_pending.discard)


def run_after_commit(fn, *args, **kwargs) -> None:
    """Run ``fn(*args, **kwargs)`` after the current transaction commits: in the background thread
    (the embedded default) or at once (``PORTAL_BACKGROUND_THREAD = False``)."""
    if uses_thread():
        transaction.on_commit(lambda: _submit(fn, args, kwargs))
    else:
        transaction.on_commit(lambda: fn(*args, **kwargs))


def wait_idle(timeout: float = 60.0) -> bool:
    """Wait until the background thread has finished everything handed to it; False on timeout."""
    import concurrent.futures

    with _lock:
        pending = list(_pending)
    if not pending:
        return True
    _done, not_done = concurrent.futures.wait(pending, timeout=timeout)
    return not not_done
