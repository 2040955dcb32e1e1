"""The Ray engine: each call is a Ray task (extra ``pipeline[ray]``: ``pip install ray``).

Without an address, a private local Ray instance is started with ``num_cpus = jobs``, no
dashboard, no log forwarding and no usage reporting, and shut down on ``close``; it
listens on this machine only and needs no network. With an address (``auto`` or
``HOST:PORT``), the calls run on that existing cluster, whose workers must have
``pipeline`` installed. Ray is imported only here, only when this engine is chosen.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Hashable
from typing import Any

from pipeline.engines import WINDOW_PER_JOB, EngineUnavailable, WorkerLost

#: Seconds to wait for a cluster's address to accept a connection before giving up.
CONNECT_TIMEOUT = 5.0


def check_reachable(address: str) -> None:
    """Raise ``EngineUnavailable`` at once if ``HOST:PORT`` (or ``ray://HOST:PORT``) refuses.

    Ray itself retries an unreachable address for minutes; ``auto`` and other forms are
    left to Ray.
    """
    host, sep, port = address.removeprefix("ray://").rpartition(":")
    if not sep or not port.isdigit() or not host:
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), CONNECT_TIMEOUT).close()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise EngineUnavailable(f"cannot reach the Ray cluster at {address}: {reason}") from None


class RayEngine:
    """Calls as Ray tasks of one CPU each."""

    def __init__(self, jobs: int, address: str | None = None) -> None:
        self.window = WINDOW_PER_JOB * jobs
        try:
            import ray
        except ImportError:
            raise EngineUnavailable(
                "--engine ray needs Ray: pip install 'pipeline[ray]'") from None
        self._ray = ray
        self._remotes: dict[Callable[..., Any], Any] = {}
        self._owns = not ray.is_initialized()
        if not self._owns:
            return
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no reporting home
        options: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR}
        if address:
            check_reachable(address)
            options["address"] = address
        else:
            options.update(num_cpus=jobs, include_dashboard=False,
                           _node_ip_address="127.0.0.1")
        try:
            ray.init(**options)
        except (ConnectionError, RuntimeError, ValueError) as err:
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise EngineUnavailable(f"cannot start Ray: {first}") from None

    def submit(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Hashable:
        """Launch ``fn(*args)`` as a task."""
        remote = self._remotes.get(fn)
        if remote is None:
            remote = self._remotes[fn] = self._ray.remote(num_cpus=1, max_retries=0)(fn)
        return remote.remote(*args)

    def wait(self, handles: list[Hashable]) -> list[Hashable]:
        """Block until at least one task is done; return every task done by then."""
        ready, _ = self._ray.wait(handles, num_returns=1)
        more, _ = self._ray.wait(handles, num_returns=len(handles), timeout=0)
        return list(dict.fromkeys([*ready, *more]))

    def result(self, handle: Hashable) -> Any:
        """The task's value; its own exception if it raised one, ``WorkerLost`` otherwise."""
        exceptions = self._ray.exceptions
        try:
            return self._ray.get(handle)
        except exceptions.RayTaskError as err:
            cause = err.cause if isinstance(err.cause, Exception) else None
            if cause is None:
                raise WorkerLost(f"Ray task failed: {type(err).__name__}") from None
            raise cause from None
        except exceptions.RayError as err:
            raise WorkerLost(f"Ray worker lost: {type(err).__name__}") from None

    def close(self) -> None:
        """Shut down the Ray instance if this engine started it."""
        if self._owns and self._ray.is_initialized():
            self._ray.shutdown()
