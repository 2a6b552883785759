"""Retention bounds and the demo's retention terms, kept free of Django so that the deployer
documents (:mod:`spiegel.deployer`) can state them without a configured server.

:mod:`spiegel.web.retention` enforces :data:`BOUNDS`; :mod:`spiegel.web.demo` sets
:data:`DEMO_TERMS` as the installation's default terms of the demo.
"""

from __future__ import annotations

#: (fewest, most) days an organisation may keep each data type. Profiles need some history to
#: show a trend and the audit log must outlive the views it records; nothing is kept for more
#: than ten years.
BOUNDS: dict[str, tuple[int, int]] = {
    "records": (90, 3650),
    "snapshots": (90, 3650),
    "assessments": (30, 3650),
    "audit": (365, 3650),
    "uploads": (1, 365),
}

#: the shipped default terms (days, issue 16): they apply where neither the installation (admin)
#: nor the organisation set a term. The audit log is kept five years, well over the six months
#: of AI Act Art. 26(6); uploads are deleted after a successful import anyway.
DEFAULT_TERMS: dict[str, int] = {
    "records": 730,
    "snapshots": 1825,
    "assessments": 730,
    "audit": 1825,
    "uploads": 30,
}
#: the installation's default terms (days) that ``spiegel serve --demo`` sets: the shipped ones
DEMO_TERMS: dict[str, int] = dict(DEFAULT_TERMS)
