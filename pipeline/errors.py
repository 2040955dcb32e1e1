"""Errors the pipeline reports to people, and the exit statuses the CLI maps them to."""

from __future__ import annotations

#: Exit statuses of ``python -m pipeline`` (documented in the README).
EXIT_OK = 0
#: build: some pages failed (the rest were written); diff: the versions differ.
EXIT_SOME_FAILED = 1
#: The input is unusable (empty, binary, unreadable) or the command line is wrong.
EXIT_BAD_INPUT = 2
#: Interrupted (Ctrl-C): 128 + SIGINT, as shells report it. A build resumes where it stopped.
EXIT_INTERRUPTED = 130


class InputError(Exception):
    """A page that cannot be processed; the message is one line naming file and reason."""

    def __init__(self, path: str | None, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path or '<input>'}: {reason}")
