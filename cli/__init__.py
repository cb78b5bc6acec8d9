"""The ``warta`` command line: the composition root that wires every other part."""
