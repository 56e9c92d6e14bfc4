"""What one MkDocs run keeps between its events, in one typed object.

MkDocs calls the hook's functions one event at a time; each event sets some of
this and later ones read it. Keeping it in one dataclass (rather than a dict or
module globals) shows a newcomer everything a build carries, with its type.
A new object is made at every on_startup, so `make serve` rebuilds start clean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kb.checks.time_limits import PageClock, page_clock
from kb.reader.sanitise import BackgroundCleaning

if TYPE_CHECKING:
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from kb.build.outputs import RenderedPage
    from kb.build.site import SiteContent
    from kb.checks.template_sandbox import PageSandbox
    from kb.reader.glossary import Term
    from kb.speed.build_cache import ContentCache


@dataclass
class BuildState:
    """One run's state: the command, the checked documents, and what later events need."""

    command: str = "build"  # "build", "gh-deploy" or "serve" (previews show pages with problems)
    dirty: bool = False  # `mkdocs serve --dirty`: only changed pages are rebuilt
    content: SiteContent | None = None  # the checked documents and who may see them (on_files)
    files: Files | None = None  # MkDocs' files after hidden ones were left out (on_files)
    terms: list[Term] = field(default_factory=list)  # the glossary, marked up in every page
    sandbox: PageSandbox | None = None  # page template code runs only here (on_config)
    conversions: ContentCache | None = None  # remembered Markdown conversions (kb.speed.build_cache)
    pages: list[RenderedPage] = field(default_factory=list)  # papers' pages, kept for their PDFs
    cleaning: BackgroundCleaning[Page] = field(default_factory=BackgroundCleaning)  # pages' HTML being cleaned
    page_clock: PageClock = field(default_factory=page_clock)  # each page's conversion time and size limit

    @property
    def serving(self) -> bool:
        return self.command == "serve"

    def site(self) -> SiteContent:
        """The checked documents; every event after on_files may rely on them."""
        if self.content is None:
            raise RuntimeError("on_files has not run: MkDocs called the hook's events out of order")
        return self.content

    def site_files(self) -> Files:
        """MkDocs' files as on_files left them."""
        if self.files is None:
            raise RuntimeError("on_files has not run: MkDocs called the hook's events out of order")
        return self.files
