"""Change ideas that teach: a post's aim, setting, measures, data and PDSA
cycles (``record``), and who may add to them (``access``)."""
