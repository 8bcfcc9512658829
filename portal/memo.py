"""Memoisation for the length of one request.

A page is made of panels and selectors from several apps that each ask for the same rows (the
committee's plans, its working-day calendar, a plan's quota units); ``memoized`` returns what the
first call computed to the later ones of the same request. Only GET and HEAD requests memoise (a POST
writes, and must read what it wrote); outside a request (tasks, commands, the shell) every call
computes afresh. ``RequestMemoMiddleware`` opens and closes the memo around each request; each
thread (gthread workers) has its own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_memo: ContextVar[dict | None] = ContextVar("portal_request_memo", default=None)


def memoized(key: Hashable, compute: Callable[[], T]) -> T:
    store = _memo.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


class RequestMemoMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        token = _memo.set({} if request.method in ("GET", "HEAD") else None)
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
