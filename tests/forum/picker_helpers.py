"""Reading the condition picker (templates/conditions/_picker.html) as a person would:
group headings, and under each the conditions offered and whether each is ticked."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True)
class Choice:
    slug: str
    name: str
    checked: bool
    input_name: str  # what the checkbox posts under


class _PickerParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.groups: dict[str, list[Choice]] = {}
        self._in_group = self._in_legend = self._in_label = False
        self._legend = self._label = ""
        self._input: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "fieldset" and "picker-group" in classes:
            self._in_group, self._legend = True, ""
        elif tag == "legend" and self._in_group:
            self._in_legend = True
        elif tag == "label" and self._in_group and "picker-choice" in classes:
            self._in_label, self._label, self._input = True, "", None
        elif tag == "input" and self._in_label:
            self._input = attrs

    def handle_endtag(self, tag):
        if tag == "legend" and self._in_legend:
            self._in_legend = False
            self.groups.setdefault(self._legend.strip(), [])
        elif tag == "label" and self._in_label:
            self._in_label = False
            assert self._input is not None and self._input.get("type") == "checkbox"
            self.groups[self._legend.strip()].append(
                Choice(
                    self._input["value"],
                    " ".join(self._label.split()),
                    "checked" in self._input,
                    self._input["name"],
                )
            )
        elif tag == "fieldset" and self._in_group:
            self._in_group = False

    def handle_data(self, data):
        if self._in_legend:
            self._legend += data
        elif self._in_label:
            self._label += data


def groups_on_page(html: str) -> dict[str, list[Choice]]:
    """Group heading → the conditions offered under it, in page order."""
    parser = _PickerParser()
    parser.feed(html)
    return parser.groups


def group_of(html: str) -> dict[str, str]:
    """Condition slug → the heading of the group it is offered under."""
    return {c.slug: legend for legend, choices in groups_on_page(html).items() for c in choices}


def ticked(html: str) -> list[str]:
    return [c.slug for choices in groups_on_page(html).values() for c in choices if c.checked]
