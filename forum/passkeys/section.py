"""The account page's "Passkeys" section (forum.account.hub)."""

from __future__ import annotations

from forum.account.hub import section
from forum.auth.forms import ActionForm
from forum.models import User
from forum.passkeys import keys
from forum.passkeys.forms import NameForm


@section("passkeys", "Passkeys", "account/_passkeys_section.html", order=40)
def load(user: User) -> dict:
    return {
        "passkeys": keys.passkeys_of(user),
        "name_form": NameForm(prefix="new-passkey"),
        "remove_form": ActionForm(),
    }
