"""Markdown written to be slow to render, at any length.

Each input is a short pattern repeated to exactly ``length`` characters: the
shapes that made a Markdown parser, a linkifier or an HTML sanitizer take time
out of proportion to the text (unclosed brackets and parentheses, delimiter
runs, deep nesting, headings and tables by the thousand, entity and ``<``
storms, runs of URLs). Shared by the markup tests, the load test and
``bench/markup_bench.py``.
"""

from __future__ import annotations

import random


def _fill(unit: str, length: int, prefix: str = "") -> str:
    repeats = (length - len(prefix)) // len(unit) + 1
    return (prefix + unit * repeats)[:length]


def _around(before: str, middle: str, after: str, length: int) -> str:
    """``middle`` wrapped in as many ``before`` … ``after`` pairs as fit."""
    pairs = (length - len(middle)) // (len(before) + len(after))
    return _fill(" ", length, prefix=before * pairs + middle + after * pairs)


def _soup(alphabet: str, length: int) -> str:
    """Characters drawn at random from ``alphabet``, the same ones every run."""
    rng = random.Random(f"{alphabet}-{length}")
    return "".join(rng.choices(alphabet, k=length))


def _nested_list(length: int) -> str:
    """One item per line, each indented one level deeper than the last."""
    lines, size, depth = [], 0, 0
    while size < length:
        line = "  " * depth + "- item\n"
        lines.append(line)
        size += len(line)
        depth += 1
    return "".join(lines)[:length]


def _backtick_runs(length: int) -> str:
    """Code-span openers of every length, none of them closed."""
    parts, size, run = [], 0, 1
    while size < length:
        part = "`" * run + "a "
        parts.append(part)
        size += len(part)
        run += 1
    return "".join(parts)[:length]


PATTERNS = {
    "open brackets": lambda n: _fill("[", n),
    "closed brackets": lambda n: "[" * (n // 2) + "]" * (n - n // 2),
    "link then parentheses": lambda n: _fill("(", n, prefix="[a]("),
    "parentheses then close": lambda n: (
        "[a](" + "(" * ((n - 4) // 2) + ")" * (n - 4 - (n - 4) // 2)
    ),
    "unclosed links": lambda n: _fill("[a](b ", n),
    "link openers": lambda n: _fill("[a](", n),
    "image openers": lambda n: _fill("![", n),
    "link titles": lambda n: _fill('[a](b "', n),
    "reference definitions": lambda n: _fill("[a]: https://example.org\n", n),
    "reference uses": lambda n: _fill("[a][b] ", n, prefix="[b]: https://example.org\n\n"),
    "emphasis storm": lambda n: _fill("*a", n),
    "emphasis runs": lambda n: _fill("*", n),
    "strong and emphasis": lambda n: _fill("**a *b ", n),
    "underscores": lambda n: _fill("_a*", n),
    "emphasis in links": lambda n: _fill("[*", n),
    "nested emphasis": lambda n: _around("*", "a", "*", n),
    "nested images": lambda n: _around("![", "a", "](b)", n),
    "list items": lambda n: _fill("- a\n", n),
    "numbered items": lambda n: _fill("1. a\n", n),
    "numbers under text": lambda n: _fill("then:\n3. a\n", n),
    "numbered lines of prose": lambda n: _fill("a\n7. b\n9) c\n", n),
    "bold lines after items": lambda n: _fill("- a\n**b**\n", n),
    "nested lists": lambda n: _fill("- * ", n),
    "nested numbered lists": lambda n: _fill("1. ", n),
    "indented lists": _nested_list,
    "nested quotes": lambda n: _fill(">", n),
    "spaced quotes": lambda n: _fill("> ", n),
    "quoted lists": lambda n: _fill("> - ", n),
    "ATX headings": lambda n: _fill("# a\n", n),
    "hashes": lambda n: _fill("#", n),
    "setext headings": lambda n: _fill("a\n=\n", n),
    "setext underlines": lambda n: _fill("a\n-\n", n),
    "table rows": lambda n: _fill("|a|b|\n", n, prefix="|a|b|\n|-|-|\n"),
    "table columns": lambda n: (
        "|a" * (n // 6) + "|\n" + "|-" * (n // 6) + "|\n" + "|a" * (n // 6)
    )[:n],
    "backticks": lambda n: _fill("`", n),
    "backtick runs": _backtick_runs,
    "code fences": lambda n: _fill("```\n", n),
    "entity storm": lambda n: _fill("&amp;", n),
    "numeric entities": lambda n: _fill("&#x41;", n),
    "ampersands": lambda n: _fill("&", n),
    "< storm": lambda n: _fill("<", n),
    "open tags": lambda n: _fill("<a ", n),
    "comments": lambda n: _fill("<!--", n),
    "html blocks": lambda n: _fill("<div>\n", n),
    "html blocks apart": lambda n: _fill("<div>\n\n", n),
    "html in quotes": lambda n: _fill("> <div>\n> > <p>\n", n),
    "autolink storm": lambda n: _fill("<http://a", n),
    "URL storm": lambda n: _fill("https://example.org/a ", n),
    "URLs run together": lambda n: _fill("https://", n),
    "URL with parentheses": lambda n: _fill("(", n, prefix="https://example.org/"),
    "www storm": lambda n: _fill("www.", n),
    "at signs": lambda n: _fill("@", n),
    "mentions": lambda n: _fill("@abc ", n),
    "mentions run together": lambda n: _fill("@abc", n),
    "long mention": lambda n: _fill("a", n, prefix="@"),
    "long word": lambda n: _fill("a", n),
    "long URL": lambda n: _fill("a", n, prefix="https://example.org/"),
    "backslashes": lambda n: _fill("\\", n),
    "hard breaks": lambda n: _fill("a  \n", n),
    "punctuation soup": lambda n: _soup("[]()<>*_`!#|-=&\\:/ \n", n),
    "inline soup": lambda n: _soup("[]()*_`!<>a ", n),
}


def adversarial(length: int) -> dict[str, str]:
    """Every pattern at exactly ``length`` characters, by name."""
    return {name: make(length) for name, make in PATTERNS.items()}
