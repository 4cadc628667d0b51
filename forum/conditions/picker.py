"""The condition picker: grouped checkboxes, with a filter box when JavaScript is on.

One form field (:class:`ConditionPickerField`) and one Jinja macro
(``templates/conditions/_picker.html``) for every form that asks which
conditions something is about. The catalogue's top level is groups by body
system (``ConditionTree.is_group``); each group is a ``<fieldset>`` whose
``<legend>`` names it, holding a checkbox for every condition under it,
sub-conditions indented under theirs. Checkboxes, not a multiple ``<select>``:
they work the same with a mouse, a keyboard (Tab, Space) and a finger, with no
"hold Ctrl". Every checkbox posts under the field's name, exactly as the
``<select multiple>`` did, so what a form receives is unchanged.
``static/js/condition_filter.js`` shows a "Filter conditions" box (hidden
without JavaScript) that narrows the list by names and synonyms ("crohns"
finds Crohn's disease; "ibd" finds it too, through its parent).

Using it in another form::

    # the form
    from forum.conditions.picker import ConditionPickerField

    class MyConditionsForm(FlaskForm):
        conditions = ConditionPickerField("Your conditions", max_choices=10)

        def __init__(self, tree: ConditionTree, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.conditions.use_tree(tree)  # tree = forum.conditions.tree.load_tree()

    {# the template #}
    {% from "conditions/_picker.html" import condition_picker %}
    {{ condition_picker(form.conditions, hint="Choose up to 10.") }}

``field.data`` is the list of chosen slugs (set it to pre-select, as the post
form does for ``?condition=``); chosen ones stay ticked when the form comes
back with errors. Like the post form, the field leaves the rules (how many,
do they exist, no groups) to the service, so the web and the API refuse the
same things with the same words; ``max_choices`` only tells the hint and the
filter's count what the limit is.
"""

from __future__ import annotations

from dataclasses import dataclass

from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice

from forum.conditions.tree import ConditionTree, Node

# Top-level conditions with nothing under them belong to no group; a catalogue
# that predates the groups has them. They are shown together, last.
UNGROUPED = "More conditions"


@dataclass(frozen=True, slots=True)
class Option:
    """One checkbox: a condition, its depth in its group, and the words the filter matches."""

    slug: str
    name: str
    depth: int  # 0 directly under the group, 1 under a condition of the group, …
    terms: str  # its name and synonyms, then its parents' (typing "ibd" finds Crohn's)


@dataclass(frozen=True, slots=True)
class Group:
    """One fieldset: the group's name (its legend) and its conditions, parents first."""

    slug: str
    name: str
    options: tuple[Option, ...]


def picker_groups(tree: ConditionTree) -> list[Group]:
    """The catalogue as the picker shows it: one group per top-level entry, in catalogue order."""
    groups, ungrouped = [], []
    for root in tree.roots:
        if tree.is_group(root.condition):
            group = root.condition
            options = tuple(_options(root.children, depth=0, context=(group.name,)))
            groups.append(Group(group.slug, group.name, options))
        else:
            ungrouped.extend(_options([root], depth=0, context=()))
    if ungrouped:
        groups.append(Group("", UNGROUPED, tuple(ungrouped)))
    return groups


def _options(nodes: list[Node], depth: int, context: tuple[str, ...]):
    for node in nodes:
        c = node.condition
        own = (c.name, *c.synonyms)
        yield Option(c.slug, c.name, depth, " | ".join((*own, *context)))
        yield from _options(node.children, depth + 1, (*own, *context))


def condition_choices(tree: ConditionTree) -> list[SelectChoice]:
    """The picker's conditions as select choices, each in its group's ``<optgroup>``.

    For a plain ``<select>`` (moderation's retag panel) and for anything that
    needs the list of choosable slugs; groups themselves are not choices.
    """
    return _choices(picker_groups(tree))


def _choices(groups: list[Group]) -> list[SelectChoice]:
    return [SelectChoice(o.slug, o.name, optgroup=g.name) for g in groups for o in g.options]


class ConditionPickerField(SelectMultipleField):
    """A list of condition slugs, chosen with the grouped checkboxes of
    ``templates/conditions/_picker.html`` (see the module docstring)."""

    def __init__(self, label=None, validators=None, max_choices: int | None = None, **kwargs):
        # The service checks the slugs, with the same words for the web and the API.
        kwargs.setdefault("validate_choice", False)
        super().__init__(label, validators, **kwargs)
        self.max_choices = max_choices
        self.groups: list[Group] = []

    def use_tree(self, tree: ConditionTree) -> None:
        """Offer the conditions of ``tree`` (``forum.conditions.tree.load_tree()``)."""
        self.groups = picker_groups(tree)
        self.choices = _choices(self.groups)

    def chosen(self, slug: str) -> bool:
        return slug in (self.data or ())
