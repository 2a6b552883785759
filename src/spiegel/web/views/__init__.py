"""The web pages (``pages``, ``consent``, ``team``, ``assess``) and the JSON API (``api``)."""
