"""Where you are signed in: the account page's list of a member's sign-ins and
API tokens, each with a way to end it (``views``, whose blueprint the app
registers); the browser in words (``agents``); the "new sign-in" notice
(``notice``, which signing in calls, so this package imports nothing of its
own up front); and erasing each sign-in's address after
ADDRESS_RETENTION_DAYS (``retention``)."""
