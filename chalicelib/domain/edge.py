"""Requests must come through the site's CloudFront distribution, never straight to API
Gateway's execute-api address.

CloudFront adds a secret header to every request it sends to the API (``infra/stacks/api.py``,
from a Secrets Manager secret) and replaces any copy a viewer sends. A direct caller lacks it.
This matters beyond the security headers and the edge: the client address the sign-in throttle
counts is read from X-Forwarded-For, which only CloudFront's entry makes trustworthy; straight to
execute-api a caller could write any address there and never be throttled.
"""

from __future__ import annotations

import hmac

ORIGIN_HEADER = "x-origin-verify"


def came_through_edge(presented: str | None, secret: str) -> bool:
    """``presented`` equals the stage's secret (compared in constant time). No secret configured
    means nothing matches: a deployed function without it refuses every request."""
    if not secret:
        return False
    return hmac.compare_digest((presented or "").encode("utf-8"), secret.encode("utf-8"))
