"""Evidence levels and citations: how sure we are that a post works.

``levels`` holds the rules (pure) and the reader; ``keeping`` keeps each
post's stored level current from session events; ``citations`` is the
service for DOIs and PubMed IDs; ``views`` and ``forms`` are the post page's
citation forms.
"""
