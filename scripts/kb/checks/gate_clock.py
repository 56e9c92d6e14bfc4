"""An overall time limit for ``kb gate``, naming the stage it stopped in.

Each check is linear or limited (kb.checks.limits) and the build limits each page
(kb.checks.time_limits), but a gate that runs for ever, whatever the cause, would hold
a publishing run and its runner. After ``KB_GATE_TIMEOUT`` seconds an alarm
stops the gate in the main thread: the stage's clean-up runs (the build's
child process is killed by subprocess.run, the staging folder removed), the
message says which stage, and nothing is published.
"""

from __future__ import annotations

import argparse
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

GATE_TIMEOUT_VARIABLE = "KB_GATE_TIMEOUT"
# The whole gate of 3,000 documents from empty caches took 260 s (DEVELOPMENT.md, make bench);
# half an hour is seven times that, and still ends a gate that something keeps busy.
DEFAULT_GATE_SECONDS = 1800.0
EXIT_TIMED_OUT = 1


class GateTimeout(BaseException):
    """The gate ran past its time limit."""


@dataclass
class GateClock:
    seconds: float
    stage: str = "first"


_clock = GateClock(DEFAULT_GATE_SECONDS)


def gate_stage(name: str) -> None:
    """The gate has started this stage (named in the message if time runs out)."""
    _clock.stage = name


@dataclass(frozen=True)
class Alarm:
    """The SIGALRM handler and timer that were there before ours, to put back when ours is done.

    In production nothing else uses the alarm; under a test runner with its own timeout, it does.
    """

    handler: Any
    resume_at: float | None

    @classmethod
    def arm(cls, seconds: float, handler: Callable[[int, FrameType | None], None]) -> Alarm:
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
        previous = cls(signal.signal(signal.SIGALRM, handler), time.monotonic() + remaining if remaining else None)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        return previous

    def restore(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.handler)
        if self.resume_at is not None:
            signal.setitimer(signal.ITIMER_REAL, max(self.resume_at - time.monotonic(), 0.001))


@contextmanager
def gate_time_limit() -> Iterator[GateClock]:
    """Raise GateTimeout in the main thread after KB_GATE_TIMEOUT seconds."""
    _clock.seconds, _clock.stage = seconds_from(GATE_TIMEOUT_VARIABLE, DEFAULT_GATE_SECONDS), "first"
    if threading.current_thread() is not threading.main_thread():
        yield _clock
        return

    def alarm(_signum: int, _frame: FrameType | None) -> None:
        raise GateTimeout()

    previous = Alarm.arm(_clock.seconds, alarm)
    try:
        yield _clock
    finally:
        previous.restore()


def seconds_from(variable: str, default: float) -> float:
    """Seconds from an environment variable; its default when unset, not a number or not above 0."""
    try:
        value = float(os.environ.get(variable, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


def gate_timeout_message(clock: GateClock) -> str:
    return (
        f"The gate took longer than its limit of {clock.seconds:g} seconds and was stopped in the {clock.stage} stage. "
        f"Nothing was published. (A page or check is far slower than it should be; if the site has simply grown, "
        f"set {GATE_TIMEOUT_VARIABLE} to more seconds.)"
    )


def with_time_limit(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """The gate command, stopped with a message (and exit status 1) when it runs past its time limit."""

    @functools.wraps(command)
    def limited(args: argparse.Namespace) -> int:
        with gate_time_limit() as clock:
            try:
                return command(args)
            except GateTimeout:
                print(gate_timeout_message(clock), file=sys.stderr)
                return EXIT_TIMED_OUT

    return limited
