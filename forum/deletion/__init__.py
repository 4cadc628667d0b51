"""Leaving for good (GDPR Art. 17): a member deletes their account, or staff do.

``forum.deletion.service`` does it in one transaction; ``names`` keeps a
deleted username from being registered again for a while; ``views`` holds
``/account/delete`` and the account page's section. Imported lightly: the
views are registered by ``forum.register_blueprints``.
"""
