"""Run charts: the rules that read one (``rules``) and the chart drawn on the server."""
