"""The query side of search: reading what people type (``params``, ``parse``),
finding and counting what matches (``matching``), ranking it (``ranking``),
suggesting spellings (``suggest``), marking the words (``highlight``), and the
one entry point that does all of it (``service.search``)."""
