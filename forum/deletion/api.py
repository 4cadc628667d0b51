"""``DELETE /api/v1/account``: the caller deletes their own account, with their
password (and second-factor code, if they have one) in the JSON body, as the
page asks for them (forum.deletion.confirm). 204 when it is gone; the token
that asked is gone with it."""

from __future__ import annotations

from forum.api.auth import current_api_user, token_required
from forum.api.inputs import TEXT, read_json
from forum.api.views import bp
from forum.deletion.confirm import confirm_leaving
from forum.deletion.service import delete_account
from forum.ratelimit_scopes import rate_limited


@bp.delete("/account")
@rate_limited("account-delete")
@token_required
def delete_own_account():
    """Delete the caller's account for good: ``mode`` "keep" (the default) or "remove"."""
    user = current_api_user()
    data = read_json({"password": TEXT, "code": TEXT, "mode": TEXT})
    mode = confirm_leaving(
        user,
        password=data["password"],
        code=data["code"],
        mode=data["mode"],
        door="API account deletion",
    )
    delete_account(user, mode=mode)
    return "", 204
