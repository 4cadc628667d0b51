"""The index side of search: what a post looks like to Whoosh (``schema``,
``documents``), keeping the index in step with the database (``outbox``,
``sync``, ``follow``, ``replicas``) and building it afresh (``rebuild``, ``bulk``)."""
