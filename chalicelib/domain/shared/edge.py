"""Requests must come through the site's CloudFront distribution, never straight to API
Gateway's execute-api address.

CloudFront adds a secret header to every request it sends to the API (``infra/stacks/api.py``,
from a Secrets Manager secret) and replaces any copy a viewer sends. A direct caller lacks it.

The client's address comes from ``CloudFront-Viewer-Address``, which CloudFront writes itself from
the viewer's connection (``ip:port``; IPv6 unbracketed, e.g. ``2001:db8::1:443``) and sends
because the origin request policy names it; a viewer's own copy is replaced. X-Forwarded-For is
never read: behind a REGIONAL API its leading entries are whatever the client wrote. An address
that does not parse as an IP address is never stored: records show ``UNKNOWN_ADDRESS``.
"""

from __future__ import annotations

import hmac
import ipaddress

ORIGIN_HEADER = "x-origin-verify"
VIEWER_ADDRESS_HEADER = "cloudfront-viewer-address"
UNKNOWN_ADDRESS = "-"
"""What audit records and the session list show when the viewer's address is not known."""


def came_through_edge(presented: str | None, secret: str) -> bool:
    """``presented`` equals the stage's secret (compared in constant time). No secret configured
    means nothing matches: a deployed function without it refuses every request."""
    if not secret:
        return False
    return hmac.compare_digest((presented or "").encode("utf-8"), secret.encode("utf-8"))


def viewer_ip(header: str | None) -> str | None:
    """The viewer's IP address from ``CloudFront-Viewer-Address`` (``ip:port``, the port last),
    in canonical form; None unless the value is exactly an IP address and a port."""
    host, separator, port = (header or "").strip().rpartition(":")
    if not separator or not port.isdigit() or len(port) > 5:
        return None
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return parse_ip(host)


def parse_ip(text: str | None) -> str | None:
    """``text`` as a canonical IP address, or None when it is not exactly one."""
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


IPV6_PREFIX = 64


def counted_address(address: str) -> str:
    """The key an address's failures and refusals are counted under: an IPv4 address itself,
    an IPv6 address's /64 network (``2001:db8:1:2::/64``); anything else as given."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))
    return str(parsed)
