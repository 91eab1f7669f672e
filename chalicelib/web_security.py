"""The production security headers, defined once.

CloudFront's response-headers policy (``infra/stacks/api.py``) and the local server
(``dev/local_stack.py``) both build theirs with ``security_headers``, so what a developer sees
locally is what members get. The one difference is where the admin's browser may upload the core
system's CSV files: the imports bucket's own origin (S3 in production, moto locally), which the
caller passes in.
"""

from __future__ import annotations

HSTS_MAX_AGE_SECONDS = 63072000  # two years, with subdomains and preload
REFERRER_POLICY = "strict-origin-when-cross-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"


def content_security_policy(upload_origins: tuple[str, ...] = ()) -> str:
    """No inline scripts or styles, nothing from other origins but the presigned uploads."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        " ".join(("connect-src 'self'", *upload_origins)),
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def security_headers(upload_origins: tuple[str, ...] = ()) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(upload_origins),
        "Strict-Transport-Security": f"max-age={HSTS_MAX_AGE_SECONDS}; includeSubDomains; preload",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": REFERRER_POLICY,
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
    }

