"""Blocks as people type them in other forums: no blank line needed before a list.

CommonMark already lets a ``-``, ``*`` or ``+`` bullet, a ``1.`` item and a
``#`` heading start on the line right after a paragraph. Two things people
type still run on into the line before, and this pass puts the blank line
CommonMark wants in front of them:

- a numbered list that starts at another number ("Then:\\n3. Taper the
  dose\\n4. ..."). CommonMark refuses it so that hard-wrapped prose whose line
  begins with a number ("...we started in\\n2019. It...") is not broken up, so
  only a number under 100 counts, and only when the line before ends with a
  colon or the same paragraph goes on to the next number;
- a bold lead-in line straight after a list ("- Outcome: ...\\n**Changes
  tested.**\\n1. ..."), which would otherwise join the last item. A line that
  is bold from end to end is a heading in all but name, never the rest of an
  item.

Lines in fenced code, quotes, indented blocks and nested lists are left
alone. One pass over the lines, each looked at a fixed number of times.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# A numbered line at the top level: the number, its delimiter, then text.
_NUMBERED = re.compile(r" {0,3}(\d{1,9})([.)])[ \t]+\S")
# Lines that are not paragraph text: another block starts there.
_OTHER_BLOCK = re.compile(r" {0,3}([-*+][ \t]|#{1,6}([ \t]|$)|>|\||([-*_][ \t]*){3,}$)|[ \t]{4}")
_BULLET = re.compile(r" {0,3}[-*+][ \t]+\S")


def _is_lead_in(line: str) -> bool:
    """A line at the left edge that is bold from end to end: ``**Measures.**``."""
    mark = line[:2]
    if mark not in ("**", "__"):
        return False
    text = line.rstrip().rstrip(".:!?")
    return len(text) > 4 and text.endswith(mark) and mark not in text[2:-2]


def _paragraphs(lines: list[str]) -> list[int | None]:
    """Each line's paragraph number (None: blank, or in fenced code)."""
    ids: list[int | None] = []
    fence = None
    current = 0
    for line in lines:
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            ids.append(None)
            current += 1
        elif opened:
            fence = opened.group(1)
            ids.append(None)
            current += 1
        elif not line.strip():
            ids.append(None)
            current += 1
        else:
            ids.append(current)
    return ids


def blocks_as_typed(source: str) -> str:
    """``source`` with a blank line before each list or lead-in that starts under text."""
    lines = source.split("\n")
    ids = _paragraphs(lines)
    # Per paragraph, every (number, delimiter) a top-level line starts with.
    numbers: dict[int, set[tuple[int, str]]] = {}
    for line, pid in zip(lines, ids, strict=True):
        found = _NUMBERED.match(line) if pid is not None else None
        if found:
            numbers.setdefault(pid, set()).add((int(found.group(1)), found.group(2)))
    out: list[str] = []
    in_text = False  # the line before is paragraph text, not in a list
    in_list = False  # a list began in this paragraph: text lines now continue an item
    for index, (line, pid) in enumerate(zip(lines, ids, strict=True)):
        found = _NUMBERED.match(line) if pid is not None else None
        if pid is None:
            in_text = in_list = False
        elif found:
            number, delimiter = int(found.group(1)), found.group(2)
            starts_list = not in_text or number == 1
            if in_text and 1 < number < 100:  # a year starting a line is prose
                colon = lines[index - 1].rstrip().endswith(":")
                if colon or (number + 1, delimiter) in numbers[pid]:
                    out.append("")
                    starts_list = True
            in_list = in_list or starts_list
            in_text = not in_list
        elif _OTHER_BLOCK.match(line):
            # A bullet starts or goes on with a list, an indented line stays in its
            # item; a heading, quote or rule ends the list.
            in_text = False
            in_list = bool(_BULLET.match(line)) or (in_list and line[:1] in " \t")
        elif in_list and _is_lead_in(line):
            out.append("")
            in_text, in_list = True, False
        else:
            in_text = not in_list
        out.append(line)
    return "\n".join(out)
