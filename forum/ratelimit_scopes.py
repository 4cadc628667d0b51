"""The forum's own rate-limit scopes (the mechanism: forum.ratelimits).

The forum's views take ``rate_limited`` from here, so these scopes are
registered before any view names them; moderation registers its own in
moderation/ratelimits.py. Sign-in's per-account buckets are counted by
forum.auth.throttle, which knows the account; joining counts accounts made.
Each setting is ``RATELIMIT_`` and the scope's name (docs/deploying.md).
"""

from __future__ import annotations

from forum.ratelimits import Scope, actor_key, address_key, everyone_key, rate_limited, register

__all__ = ["rate_limited"]

_WAIT = "Please wait a little and try again."

register(
    Scope(
        "sign-in",
        "RATELIMIT_SIGN_IN",
        "10 per minute;60 per hour",
        "Too many sign-in attempts from your connection. Please wait and try again.",
        address_key,
    ),
    # Per account, counted by forum.auth.throttle once it knows the account.
    Scope(
        "sign-in-account",
        "RATELIMIT_SIGN_IN_ACCOUNT",
        "5 per minute;20 per hour",
        "Too many sign-in attempts for this account. Please try again in {wait}.",
    ),
    Scope(
        "sign-in-new-devices",
        "RATELIMIT_SIGN_IN_NEW_DEVICES",
        "10 per 10 minutes;20 per hour",
        "Too many sign-in attempts for this account from devices it hasn't used before, so "
        "those are paused for now. Sign in from a device or connection you've used before, "
        "or try again in {wait}.",
    ),
    Scope(
        "register-attempts",
        "RATELIMIT_REGISTER_ATTEMPTS",
        "20 per hour;50 per day",
        "Too many tries at joining from your connection. Please try again later.",
        address_key,
    ),
    # Accounts made: a join holds a slot while it runs and keeps it only if it
    # made one, so joins at the same moment can't overshoot and a failed form
    # costs nothing (forum.ratelimits.done).
    Scope(
        "register",
        "RATELIMIT_REGISTER",
        "3 per hour;10 per day",
        "Too many new accounts from your connection. Please try again later.",
        address_key,
        only_when_done=True,
    ),
    Scope(
        "register-everyone",
        "RATELIMIT_REGISTER_EVERYONE",
        "60 per hour;500 per day",
        "A lot of people are joining just now. Please try again in a little while.",
        everyone_key,
        only_when_done=True,
    ),
    Scope(
        "password",
        "RATELIMIT_PASSWORD",
        "10 per 10 minutes;30 per day",
        f"You've tried to change your password many times. {_WAIT}",
        actor_key,
    ),
    # Two-factor settings (forum/twofactor): turning the app on or off, new
    # recovery codes. Each code typed there is also counted by forum.auth.throttle
    # like a password, since a guessed code is a guessed password.
    Scope(
        "two-factor",
        "RATELIMIT_TWO_FACTOR",
        "10 per 10 minutes;40 per day",
        f"You're changing your two-factor sign-in very often. {_WAIT}",
        actor_key,
    ),
    # Email (forum/account): the settings page checks the current password, so
    # its tries are also counted by forum.auth.throttle like a sign-in.
    # Deleting one's account: the password it asks for is counted by
    # forum.auth.throttle as well; this only bounds the form.
    Scope(
        "account-delete",
        "RATELIMIT_ACCOUNT_DELETE",
        "10 per 10 minutes;30 per day",
        f"You've tried to delete your account many times. {_WAIT}",
        actor_key,
    ),
    Scope(
        "email-settings",
        "RATELIMIT_EMAIL_SETTINGS",
        "10 per 10 minutes;50 per day",
        f"You're changing your email settings very often. {_WAIT}",
        actor_key,
    ),
    Scope(
        "email-confirm",
        "RATELIMIT_EMAIL_CONFIRM",
        "3 per 10 minutes;10 per day",
        "We've sent several confirmation links already. Please check your inbox (and spam "
        "folder), or try again in {wait}.",
        actor_key,
    ),
    # "Forgot your password?": per address, like sign-in (whose scope it also
    # names), and per name typed, counted in the view whether or not it names an
    # account, so the limit says nothing about which names have one.
    Scope(
        "password-reset",
        "RATELIMIT_PASSWORD_RESET",
        "5 per 10 minutes;20 per day",
        "Too many password reset requests from your connection. Please try again in {wait}.",
        address_key,
    ),
    Scope(
        "password-reset-name",
        "RATELIMIT_PASSWORD_RESET_NAME",
        "3 per hour;6 per day",
        "We've sent several reset links for this account already. Please check your inbox "
        "(and spam folder), or try again in {wait}.",
    ),
    Scope(
        "unsubscribe",
        "RATELIMIT_UNSUBSCRIBE",
        "30 per minute;300 per day",
        f"Too many requests in a row. {_WAIT}",
        address_key,
    ),
    Scope(
        "sign-out",
        "RATELIMIT_SIGN_OUT",
        "30 per minute;300 per day",
        f"Too many sign-outs in a row. {_WAIT}",
        actor_key,
    ),
    Scope(
        "tokens",
        "RATELIMIT_TOKENS",
        "20 per hour;60 per day",
        f"You're creating or revoking API tokens very quickly. {_WAIT}",
        actor_key,
    ),
    # Posts published, comments made, edits saved: like joining, a request holds
    # a slot while it runs and keeps it only when its view calls done(), so a
    # preview, a form with a mistake or the privacy guard's question costs
    # nothing. Every try at the writing forms counts in "writing", generously.
    Scope(
        "profile",
        "RATELIMIT_PROFILE",
        "20 per 10 minutes;100 per day",
        f"You're changing your profile very quickly. {_WAIT}",
        actor_key,
    ),
    Scope(
        "post",
        "RATELIMIT_POST",
        "5 per 10 minutes;30 per day",
        "You're posting very quickly. You can try again in {wait}.",
        actor_key,
        only_when_done=True,
    ),
    Scope(
        "edit",
        "RATELIMIT_EDIT",
        "20 per 10 minutes;100 per day",
        "You're editing very quickly. You can try again in {wait}.",
        actor_key,
        only_when_done=True,
    ),
    Scope(
        "delete",
        "RATELIMIT_DELETE",
        "10 per minute;100 per day",
        f"You're deleting very quickly. {_WAIT}",
        actor_key,
    ),
    Scope(
        "comment",
        "RATELIMIT_COMMENT",
        "6 per minute;60 per hour",
        "You're commenting very quickly. You can try again in {wait}.",
        actor_key,
        only_when_done=True,
    ),
    Scope(
        "writing",
        "RATELIMIT_WRITING",
        "60 per 10 minutes;600 per day",
        "You're sending this form very often. You can try again in {wait}.",
        actor_key,
    ),
    Scope(
        "draft",
        "RATELIMIT_DRAFT",
        "60 per minute;1200 per day",
        "Your draft is being saved very often. You can try again in {wait}.",
        actor_key,
    ),
    Scope(
        "outcome",
        "RATELIMIT_OUTCOME",
        "10 per minute;60 per hour",
        f"You're reporting very quickly. {_WAIT}",
        actor_key,
    ),
    Scope(
        "save",
        "RATELIMIT_SAVE",
        "30 per minute;500 per day",
        f"You're saving and unsaving very quickly. {_WAIT}",
        actor_key,
    ),
    Scope(
        "citation",
        "RATELIMIT_CITATION",
        "20 per 10 minutes;100 per day",
        f"You're adding, confirming or removing citations very quickly. {_WAIT}",
        actor_key,
    ),
    Scope(
        "thanks",
        "RATELIMIT_THANKS",
        "30 per minute;300 per day",
        f"You're thanking very quickly. {_WAIT}",
        actor_key,
    ),
    # Marking notifications read (a link followed, a button, the API).
    Scope(
        "notifications",
        "RATELIMIT_NOTIFICATIONS",
        "60 per minute;2000 per day",
        f"You're marking notifications very quickly. {_WAIT}",
        actor_key,
    ),
    Scope(
        "helped",
        "RATELIMIT_HELPED",
        "30 per 10 minutes;200 per day",
        f"You're marking answers very quickly. {_WAIT}",
        actor_key,
    ),
    # Watching levels, muting and the sign-up step: generous, since a member
    # may go down a page of toggles in a minute.
    Scope(
        "watch",
        "RATELIMIT_WATCH",
        "60 per minute;600 per day",
        f"You're changing what you watch very quickly. {_WAIT}",
        actor_key,
    ),
    # A change idea's data points (forum/runcharts): a point added, a paste
    # (up to 500 lines counts once) or a point deleted.
    Scope(
        "data-points",
        "RATELIMIT_DATA_POINTS",
        "30 per minute;500 per day",
        "You're changing data very quickly. You can try again in {wait}.",
        actor_key,
        only_when_done=True,
    ),
    Scope(
        "preview",
        "RATELIMIT_PREVIEW",
        "60 per minute",
        "The preview is updating very often. Please wait a moment.",
        actor_key,
    ),
    Scope(
        "followup",
        "RATELIMIT_FOLLOWUP",
        "20 per minute;200 per day",
        f"You're answering follow-ups very quickly. {_WAIT}",
        actor_key,
    ),
    # A data export reads everything a member ever wrote (forum/export): a few
    # a day is plenty, and a queued one is found again rather than built twice.
    Scope(
        "export",
        "RATELIMIT_EXPORT",
        "3 per 10 minutes;10 per day",
        "You've asked for your data several times just now. Please try again in {wait}.",
        actor_key,
    ),
)

# Passkeys (forum/passkeys). Proving one to sign in counts as a sign-in (the
# "sign-in" scope, and forum.auth.throttle on the account the passkey names).
register(
    # Each passkey prompt starts with one: a person needs a handful a minute.
    Scope(
        "passkey-options",
        "RATELIMIT_PASSKEY_OPTIONS",
        "20 per minute;200 per hour",
        f"Too many passkey prompts from your connection. {_WAIT}",
        address_key,
    ),
    # Adding, renaming, removing and confirming with one's own passkeys.
    Scope(
        "passkeys",
        "RATELIMIT_PASSKEYS",
        "20 per 10 minutes;100 per day",
        f"You've changed your passkeys many times. {_WAIT}",
        actor_key,
    ),
)
