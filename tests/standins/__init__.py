"""Local stand-ins for the outside world used by the source tests: CAR files built at test time
and HTTP servers on 127.0.0.1 that answer like the Mastodon and Bluesky APIs."""
