"""URLs an attacker may put in an imported post (issue #10): every scheme but http/https, and
the spellings browsers still read as ``javascript:``. Shared by the record, importer, report and
web tests. Import with ``from hostile_urls import HOSTILE_URLS, SAFE_URL``."""

from __future__ import annotations

HOSTILE_URLS = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\x01\x02javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "&amp;#106;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "//evil.example/x",
    "\\\\evil.example\\x",
    "https:evil.example",
    "http:///evil.example",
    "file:///etc/passwd",
    "/relative/path",
    "",
]
#: a good link next to the hostile ones: it must survive everything they do not
SAFE_URL = "https://social.example/@anna/1?a=1&b=2"
