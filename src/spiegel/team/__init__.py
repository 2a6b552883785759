"""Whole-organisation runs (``spiegel team report``): a roster of people (:mod:`.roster`), the
per-person function that writes one person's reports (:mod:`.run`), and the engines that run it
for everyone: a local process pool (:mod:`.engine`) or Apache Spark (:mod:`.spark`). See
docs/team-report.md and docs/scale.md."""
