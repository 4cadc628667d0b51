"""The condition catalogue as a tree: ordering, subtrees and post counts.

The catalogue is small (dozens of rows), so it is read whole in one query and
walked in Python; post counts are one aggregate query over a recursive CTE, so
a parent's count includes posts of its children without counting a post twice.

Nearly every page needs the tree and the catalogue almost never changes, so
both are remembered until the next commit (``forum.caching.pages.remember``). A
remembered value is shared by requests, so the tree holds plain, frozen
:class:`CatalogEntry` values rather than ORM objects bound to one session;
code that writes conditions onto a post loads its own rows
(``forum.services.rules``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import func, select

from forum.caching.pages import remember
from forum.extensions import db
from forum.models import Condition, Post, post_conditions


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One condition of the catalogue, as pages show it."""

    id: int
    slug: str
    name: str
    synonyms: tuple[str, ...]
    icd10: str | None
    parent_id: int | None
    position: int


@dataclass
class Node:
    condition: CatalogEntry
    depth: int
    children: list[Node] = field(default_factory=list)


class ConditionTree:
    """Every condition, in catalogue order, with parents before their children.

    The top level of the catalogue is groups by body system ("Digestive
    conditions", "Heart conditions"): headings people browse and pick under,
    not conditions a post is about (:meth:`is_group`).
    """

    def __init__(self, conditions: list[CatalogEntry]) -> None:
        self.by_slug = {c.slug: c for c in conditions}
        known = {c.id for c in conditions}
        kids: dict[int | None, list[CatalogEntry]] = defaultdict(list)
        for c in sorted(conditions, key=lambda c: (c.position, c.name)):
            # A parent missing from the list would orphan its children; show them at the top.
            kids[c.parent_id if c.parent_id in known else None].append(c)
        self._kids = kids
        self._nodes: dict[int, Node] = {}
        self.roots = [self._build(c, 0) for c in kids[None]]

    def _build(self, condition: CatalogEntry, depth: int) -> Node:
        node = self._nodes[condition.id] = Node(condition, depth)
        node.children = [self._build(c, depth + 1) for c in self._kids[condition.id]]
        return node

    def node(self, condition: CatalogEntry) -> Node:
        # Conditions caught in a parent loop are unreachable from the roots; give them a leaf.
        return self._nodes.get(condition.id) or Node(condition, 0)

    def parent(self, condition: CatalogEntry) -> CatalogEntry | None:
        """The parent, if the catalogue has it."""
        parent = self._nodes.get(condition.parent_id) if condition.parent_id else None
        return parent.condition if parent else None

    def is_group(self, condition: CatalogEntry) -> bool:
        """A top-level entry with conditions under it: a heading, not something to post about.

        A top-level entry with nothing under it (a database whose catalogue is
        older than the groups) is still a condition people may choose.
        """
        return self.parent(condition) is None and bool(self.node(condition).children)

    def walk(self, nodes: list[Node] | None = None) -> Iterator[Node]:
        """Depth-first, parents first."""
        for node in self.roots if nodes is None else nodes:
            yield node
            yield from self.walk(node.children)

    def subtree_ids(self, condition: CatalogEntry) -> list[int]:
        """The id of ``condition`` and of every condition below it."""
        ids, stack = [], [condition.id]
        while stack:
            current = stack.pop()
            if current not in ids:  # a loop in bad catalogue data must not hang a request
                ids.append(current)
                stack.extend(c.id for c in self._kids[current])
        return ids


def load_tree() -> ConditionTree:
    """The whole catalogue (one query, remembered until the next commit)."""
    return remember(("condition-tree",), _read_tree)


def _read_tree() -> ConditionTree:
    columns = (Condition.id, Condition.slug, Condition.name, Condition.synonyms_json)
    columns += (Condition.icd10, Condition.parent_id, Condition.position)
    return ConditionTree(
        [
            CatalogEntry(id_, slug, name, tuple(json.loads(synonyms or "[]")), *rest)
            for id_, slug, name, synonyms, *rest in db.session.execute(select(*columns))
        ]
    )


def published_counts() -> dict[int, int]:
    """Published posts per condition id, each including the posts of its descendants
    (remembered until the next commit: at 100,000 posts this costs 90 ms)."""
    return remember(("condition-counts",), _count_published)


def _count_published() -> dict[int, int]:
    # (ancestor, condition) for every condition and each of its ancestors, itself included.
    child = Condition.__table__.alias("child")
    subtree = select(Condition.id.label("ancestor_id"), Condition.id.label("condition_id")).cte(
        "subtree", recursive=True
    )
    subtree = subtree.union_all(
        select(subtree.c.ancestor_id, child.c.id).where(child.c.parent_id == subtree.c.condition_id)
    )
    stmt = (
        select(subtree.c.ancestor_id, func.count(func.distinct(post_conditions.c.post_id)))
        .join(post_conditions, post_conditions.c.condition_id == subtree.c.condition_id)
        .join(Post, Post.id == post_conditions.c.post_id)
        .where(Post.status == "published")
        .group_by(subtree.c.ancestor_id)
    )
    return {ancestor_id: count for ancestor_id, count in db.session.execute(stmt)}
