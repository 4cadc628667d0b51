"""Lineage: "Adapt this" and the tree of adaptations.

A post may adapt another (``Post.adapted_from_id``), saying what it changed
(``Post.adaptation_note``); the original counts its published adaptations
(``Post.adaptation_count``). ``service`` validates and writes an adaptation
inside ``create_post``'s transaction and keeps the count; ``tree`` reads a
post's lineage for its page and the API; ``views`` serves "Adapt this".
"""
