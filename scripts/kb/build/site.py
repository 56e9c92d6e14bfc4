"""What one build of the site is made of: the checked documents and who may see them.

Built once per build (not once per page) and handed to the MkDocs adapter.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kb.checks import content_safety
from kb.checks.validate import Validator, check_project
from kb.content import git_history
from kb.content.documents import Document, newest_first
from kb.content.publishing import build_time, is_public, why_hidden
from kb.content.vocabularies import Vocabularies
from kb.problems import Problem, as_page_text


@dataclass
class SiteContent:
    documents: dict[str, Document]  # by path inside docs/ (src_uri)
    problems: list[Problem]
    now: datetime
    vocabularies: Vocabularies
    include_drafts: bool = False  # `make serve` shows drafts to their authors
    history: dict[str, date] = field(default_factory=dict)  # docs/x.md and data/x.yml -> last commit date

    def shown(self, src_uri: str) -> bool:
        """Whether a page source goes into this build's output at all."""
        document = self.documents.get(src_uri)
        if document is None:
            return src_uri not in self._unreadable
        return is_public(document, self.now) or self.include_drafts

    @functools.cached_property
    def public_publications(self) -> list[Document]:
        """Public position papers, guidance and FAQs, newest first: what every listing chooses from.

        Worked out once a build: forty-odd listing pages each used to test every document.
        """
        return newest_first(
            [d for d in self.documents.values() if d.is_publication and is_public(d, self.now)], by="updated"
        )

    @functools.cached_property
    def newest_source_date(self) -> date | None:
        """The last commit date of anything a generated page may show: public documents and data files.

        Worked out once a build, not once for each listing or tag page (kb.reader.crawlers).
        """
        shown = [self.history.get(d.repo_path) for d in self.documents.values() if self.shown(d.src_uri)]
        data = [when for path, when in self.history.items() if path.startswith("data/")]
        return max((when for when in [*shown, *data] if when is not None), default=None)

    def hidden_documents(self) -> list[tuple[Document, str]]:
        return [(d, why_hidden(d, self.now)) for d in self.documents.values() if not is_public(d, self.now)]

    def problems_for(self, src_uri: str) -> list[Problem]:
        document = self.documents.get(src_uri)
        repo_path = document.repo_path if document else None
        return [p for p in self.problems if (repo_path and p.path == repo_path) or p.path.endswith("/" + src_uri)]

    @property
    def _unreadable(self) -> set[str]:
        # A page whose front matter cannot be read is never published: we cannot
        # tell whether it is a draft.
        return {p.path.split("docs/", 1)[-1] for p in self.problems if p.field == "front matter"}


_current: SiteContent | None = None


def current() -> SiteContent:
    """The content of the build in progress, for template adapters."""
    if _current is None:
        raise RuntimeError("no build in progress: kb.build.site.prepare() has not run")
    return _current


def prepare(root: Path, docs: Path, include_drafts: bool = False, now: datetime | None = None) -> SiteContent:
    now = now or build_time()
    validator = Validator(root)
    documents, problems = check_project(root, docs, now, validator)
    global _current
    _current = SiteContent(
        documents={d.src_uri: d for d in documents},
        problems=sorted(set(problems)),
        now=now,
        vocabularies=validator.vocabularies,
        include_drafts=include_drafts,
        history=git_history.last_changed(root),
    )
    return _current


def page_meta(document: Document, vocabularies: Vocabularies) -> dict[str, Any]:
    """The metadata templates see: the author's fields plus values derived from them.

    Tags are derived from topics and nations so that authors never maintain
    them twice, and the tags index always agrees with the listings.
    """
    meta = dict(document.meta)
    topics = [t for t in meta.get("topics", []) if t in vocabularies.topics]
    meta["tags"] = [vocabularies.topic_label(t) for t in topics] + list(meta.get("nations", []))
    meta["description"] = meta.get("summary", "")
    return meta


def preview_notices(document: Document, content: SiteContent) -> str:
    """Warnings shown above a page in `make serve` only: never in a real build.

    A real build refuses invalid documents and leaves hidden ones out, so these
    notices can only ever appear on an author's own machine.
    """
    notices = []
    if not is_public(document, content.now):
        notices.append(
            '!!! danger "Preview only: not published"\n'
            f"    This page is not on the public site because {why_hidden(document, content.now)}.\n"
        )
    problems = content.problems_for(document.src_uri)
    if problems:
        items = "\n".join(f"    - {as_page_text(str(p))}" for p in problems)
        notices.append(f'!!! failure "This page has problems that stop it being published"\n{items}\n')
    return "\n".join(notices) + "\n" if notices else ""


@dataclass(frozen=True)
class SourceFile:
    """What the adapter tells us about one file MkDocs found."""

    src_uri: str
    abs_path: Path | None
    is_page: bool


def files_to_leave_out(content: SiteContent, sources: list[SourceFile], docs: Path) -> list[tuple[str, str]]:
    """Files MkDocs found that must not reach the output, each with the reason (for the log).

    - pages that are not public (drafts are kept in `make serve`, marked);
    - anything under docs/ reached through a symbolic link, even in previews;
    - outside previews, files (images, attachments) that only hidden documents use.
    """
    from kb.checks import leaks

    left_out: list[tuple[str, str]] = []
    for source in sources:
        if source.is_page and not content.shown(source.src_uri):
            left_out.append((source.src_uri, "it is not published"))
        elif source.abs_path and content_safety.outside_docs(source.abs_path, docs):
            left_out.append((source.src_uri, "it is a link to a file outside docs/"))
    if not content.include_drafts:
        present = {source.src_uri for source in sources} - {src_uri for src_uri, _ in left_out}
        hidden_only = leaks.files_to_leave_out(list(content.documents.values()), content.now, docs)
        left_out += [(src_uri, "only unpublished documents use it") for src_uri in sorted(hidden_only & present)]
    return left_out
