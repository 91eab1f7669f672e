"""Failures injected at the boto3 client the app really uses: a handler on one operation's
``before-send`` event answers instead of AWS (or raises as botocore does when the endpoint
cannot be reached), so everything above the wire runs as in production."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

from chalicelib.store.shared.aws import client


class InjectedFault:
    """Subclasses say what ``answer`` does; ``attempts`` counts the calls it intercepted."""

    service = ""
    operation = ""

    def __init__(self) -> None:
        self.attempts = 0

    def answer(self, request: Any) -> Any:
        raise NotImplementedError

    def _intercept(self, request: Any, **_: Any) -> Any:
        self.attempts += 1
        return self.answer(request)

    @property
    def _event(self) -> str:
        return f"before-send.{self.service}.{self.operation}"

    def __enter__(self) -> Self:
        client(self.service).meta.events.register(self._event, self._intercept)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        client(self.service).meta.events.unregister(self._event, self._intercept)
