"""Full-text search over complaints: turning what was typed into a safe query.

The index itself (``complaint_search``) is created and kept up to date by
triggers from migration ``0003_complaint_search``: FTS5 on SQLite, a tsvector
with a GIN index on PostgreSQL.

Whatever is typed, it is never passed to the search engine as syntax: every
word becomes a quoted phrase, so ``"``, ``*``, ``AND (`` or ``NEAR`` are just
text, and the last word matches as a prefix (search as you type). Words with
no letter or digit (punctuation, emoji) cannot be indexed and are ignored; a
search with no usable word does not filter at all.
"""

from __future__ import annotations

import re

from peewee import SQL, Expression

from smallcs.complaints.common import is_postgres
from smallcs.models import Complaint, database

# Longest search text looked at; a pasted page should not build a huge query.
MAX_QUERY_CHARS = 500
MAX_TERMS = 16
_PG_WORD = re.compile(r"\w+")


def _usable(text: str) -> str:
    # NUL and lone surrogates cannot be bound as SQL text; neither can be searched.
    cleaned = str(text)[:MAX_QUERY_CHARS].replace("\x00", " ")
    return cleaned.encode("utf-8", "replace").decode("utf-8")


def search_terms(text: str) -> list[str]:
    """The words of ``text`` that can be searched for (those with a letter or digit)."""
    words = _usable(text).split()
    return [w for w in words if any(ch.isalnum() for ch in w)][:MAX_TERMS]


def fts5_query(text: str) -> str | None:
    """An FTS5 MATCH expression for ``text``, or None when there is nothing to search.

    Each word becomes a double-quoted phrase (inner quotes doubled) and the
    last one gets ``*``: ``late deliv`` becomes ``"late" "deliv"*``.
    """
    terms = search_terms(text)
    if not terms:
        return None
    phrases = ['"' + term.replace('"', '""') + '"' for term in terms]
    phrases[-1] += "*"
    return " ".join(phrases)


def pg_tsquery(text: str) -> str | None:
    """A ``to_tsquery('simple', ...)`` expression for ``text``, or None.

    Only runs of word characters are kept, so the result holds no operators
    but the ``&`` and ``:*`` added here. The database strips accents
    (``unaccent``), as ``complaint_search_text`` did for the document.
    """
    words = [w.lower() for term in search_terms(text) for w in _PG_WORD.findall(term)]
    if not words:
        return None
    parts = [f"'{w}'" for w in words[:MAX_TERMS]]
    parts[-1] += ":*"
    return " & ".join(parts)


def search_condition(text: str) -> Expression | None:
    """A WHERE condition on ``Complaint.id`` for the search text, or None for no filter."""
    param = database.param
    if is_postgres():
        query = pg_tsquery(text)
        if query is None:
            return None
        sub = SQL(
            "(SELECT complaint_id FROM complaint_search"
            f" WHERE document @@ to_tsquery('simple', unaccent({param})))",
            [query],
        )
    else:
        query = fts5_query(text)
        if query is None:
            return None
        sub = SQL(
            f"(SELECT rowid FROM complaint_search WHERE complaint_search MATCH {param})",
            [query],
        )
    return Complaint.id.in_(sub)
