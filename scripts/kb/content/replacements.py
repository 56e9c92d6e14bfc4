"""Circles of replacement: documents that supersede one another round and round.

``supersedes`` and ``superseded_by`` say which document replaces which. The
checks in kb.checks.validate make the two sides agree, but two documents can agree
perfectly and still replace each other (A by B, B by A), or three can go round
in a circle: then every one of them is "superseded" and none is the current
version, and every page points readers on to another page that points on again.
The circles are the strongly connected parts of the "replaces" graph, found in
one pass (Tarjan's algorithm, without recursion, so a long chain cannot exhaust
the stack).
"""

from __future__ import annotations

from collections.abc import Iterable

from kb.content.documents import Document
from kb.problems import Problem

REPLACEMENT_FIELDS = ("supersedes", "superseded_by")
SHOWN_IDS = 6  # a message names at most this many of the documents in a circle
_WHICH_SAYS_WHAT = "the newer document says supersedes: (older id) and the older one superseded_by: (newer id)"
CIRCLE_FIX = _WHICH_SAYS_WHAT + "; make one of them the newest"


def circle_problems(by_id: dict[str, Document]) -> list[Problem]:
    """Each document in a circle of replacements, at the line of the field that closes it."""
    edges, own_fields = _replacement_edges(by_id)
    problems = []
    for circle in _circles(edges):
        members = set(circle)
        described = _describe(sorted(circle))
        for doc_id in sorted(circle):
            document = by_id[doc_id]
            fields = [name for name, target in own_fields.get(doc_id, []) if target in members]
            problems.append(document.problem(fields[0] if fields else "id", described, CIRCLE_FIX))
    return problems


def _replacement_edges(by_id: dict[str, Document]) -> tuple[dict[str, list[str]], dict[str, list[tuple[str, str]]]]:
    """newer id -> older ids it replaces; and each document's own (field, other id) that says so."""
    edges: dict[str, list[str]] = {}
    own_fields: dict[str, list[tuple[str, str]]] = {}
    for doc_id, document in by_id.items():
        for name in REPLACEMENT_FIELDS:
            other = document.meta.get(name)
            if not isinstance(other, str) or other not in by_id or other == doc_id:
                continue  # a missing id or the document itself is reported by kb.checks.validate
            newer, older = (doc_id, other) if name == "supersedes" else (other, doc_id)
            edges.setdefault(newer, []).append(older)
            own_fields.setdefault(doc_id, []).append((name, other))
    return edges, own_fields


def _circles(edges: dict[str, list[str]]) -> Iterable[list[str]]:
    """Strongly connected groups of two or more ids (Tarjan, iterative: linear in ids and edges)."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for start in sorted(edges):
        if start in index:
            continue
        work: list[tuple[str, int]] = [(start, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = lowest[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            if position < len(targets):
                work.append((node, position + 1))
                target = targets[position]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    lowest[node] = min(lowest[node], index[target])
                continue
            if work:  # node is finished: its parent (the entry below) learns its lowest
                parent = work[-1][0]
                lowest[parent] = min(lowest[parent], lowest[node])
            if lowest[node] == index[node]:
                group = _pop_group(stack, on_stack, node)
                if len(group) > 1:
                    yield group


def _pop_group(stack: list[str], on_stack: set[str], root: str) -> list[str]:
    group = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        group.append(member)
        if member == root:
            return group


def _describe(ids: list[str]) -> str:
    shown = ids[:SHOWN_IDS]
    if len(ids) > SHOWN_IDS:
        shown = [*ids[: SHOWN_IDS - 1], f"{len(ids) - SHOWN_IDS + 1:,} others"]
    if len(ids) == 2:
        return f"{ids[0]} and {ids[1]} replace each other, so neither is the current version"
    listed = ", ".join(shown[:-1]) + f" and {shown[-1]}"
    return f"{listed} replace one another in a circle, so none of them is the current version"
