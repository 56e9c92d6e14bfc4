"""Time and size limits in the build and the gate, for what kb.checks.limits does not foresee.

kb.checks.limits refuses the page bodies known to be slow to convert before anything
converts them. Python-Markdown and its extensions are large, so the build also
stops a page whose conversion runs past ``KB_PAGE_SECONDS`` (:class:`PageClock`)
or whose HTML is over :data:`MAX_PAGE_HTML_BYTES`, naming the page; and
``kb gate`` as a whole has a time limit too (kb.checks.gate_clock).
"""

from __future__ import annotations

import signal
import threading
from dataclasses import dataclass
from types import FrameType

from mkdocs.exceptions import PluginError

from kb.checks.gate_clock import Alarm, seconds_from

PAGE_SECONDS_VARIABLE = "KB_PAGE_SECONDS"
# Real pages convert in well under a second (a list of 3,000 links: 0.2 s); ten is a
# generous margin for a slow machine, and bounds what one page can cost.
DEFAULT_PAGE_SECONDS = 10.0
# The largest real page's content is 37 KB; a listing of all 3,000 documents a site of
# the planned size holds is about 1.5 MB (480 bytes each). 5 MB leaves room for three
# such listings and is already more than a phone should be asked to show.
MAX_PAGE_HTML_BYTES = 5_000_000
TOO_SLOW_FIX = "look for many brackets, headings or nested lists; `make check` names most of them"
TOO_LARGE_FIX = "make it shorter, or call macros that list documents fewer times"


class PageRefused(PluginError):
    """A page took too long to convert or made too much HTML: MkDocs prints it and stops, without a traceback."""


@dataclass
class PageClock:
    """A time limit on converting one page, on SIGALRM in the main thread.

    Python's regular-expression engine and interpreter check for signals while
    they work, so the handler can stop a conversion stuck in Python-Markdown. If
    some code swallows the exception, the alarm goes off again every half second
    until :meth:`stop`, which refuses the page anyway. Outside the main thread
    (``mkdocs serve`` rebuilds) no alarm can be set and only the size is checked.
    """

    seconds: float
    repo_path: str = ""
    overran: bool = False
    previous: Alarm | None = None

    @property
    def armed(self) -> bool:
        return self.previous is not None

    def start(self, repo_path: str) -> None:
        self.cancel()  # the last page's, if its conversion failed before on_page_content
        self.repo_path, self.overran = repo_path, False
        if threading.current_thread() is threading.main_thread():
            self.previous = Alarm.arm(self.seconds, self._alarm)

    def stop(self, html: str) -> None:
        """Cancel the alarm; refuse the page if the alarm went off or its HTML is too large."""
        self.cancel()
        if self.overran:
            raise PageRefused(self.too_slow())
        size = len(html.encode("utf-8", "surrogatepass"))
        if size > MAX_PAGE_HTML_BYTES:
            what = f"the page would be {size:,} bytes of HTML, over the limit of {MAX_PAGE_HTML_BYTES:,}"
            raise PageRefused(f"{self.repo_path}:1: text: {what} ({TOO_LARGE_FIX})")

    def cancel(self) -> None:
        if self.previous is not None:
            self.previous.restore()
            self.previous = None

    def too_slow(self) -> str:
        what = f"converting the page took longer than {self.seconds:g} seconds, so it was stopped"
        return f"{self.repo_path}:1: text: {what} ({TOO_SLOW_FIX})"

    def _alarm(self, _signum: int, _frame: FrameType | None) -> None:
        self.overran = True
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        raise PageRefused(self.too_slow())


def page_clock() -> PageClock:
    return PageClock(seconds_from(PAGE_SECONDS_VARIABLE, DEFAULT_PAGE_SECONDS))
