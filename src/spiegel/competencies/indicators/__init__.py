"""One module per indicator; the module name is the indicator name (see ``registry.py``)."""
