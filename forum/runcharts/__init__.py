"""Run charts: the rules that read one (``rules``), the chart drawn on the
server (``chart``), data entry (``data``, its pages in ``views``)."""
