"""spiegel's server mode: a Django application for organisations (DESIGN §1, §5).

It stores connected accounts, consent, imported posts and profile snapshots, and calls the same
core as the CLI (``spiegel.sources``, ``spiegel.pipeline``, ``spiegel.report``). Layout:

- ``settings.py`` / ``urls.py`` / ``wsgi.py``: the Django project (SQLite by default,
  PostgreSQL through ``DATABASE_URL``);
- ``models.py``: organisations, teams, people, consent, sources, snapshots, annotations,
  judgements, 360 invitations, audit log, retention policies, jobs;
- ``permissions.py``: the one place that decides who may see what (pages and API use it);
- ``jobs.py``: the background work (imports, fetches, profile builds, retention);
- ``views/``: the pages (``pages.py``) and the JSON API (``api.py``);
- ``commands.py``: ``spiegel serve`` and ``spiegel worker``.
"""

from __future__ import annotations
