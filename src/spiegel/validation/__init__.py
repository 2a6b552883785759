"""The validation suite of spiegel's measures: synthetic organisations that are not the demo.

:mod:`spiegel.validation.generator` writes a municipality ("Gemeente Waterbeek") whose people
carry planted behaviour written from the source blog's norms and DESIGN §2, in real export formats
(X archives, the generic JSONL of a listening tool for messages and the stream, ``org.yaml``);
:mod:`spiegel.validation.run` runs the real ``spiegel report … --format json`` on every person
and compares the reported levels with what was planted (``benchmarks/validity.py``,
``tests/validity/``).
"""
