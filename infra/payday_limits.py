"""API Gateway's stage limits from a membership and its payday peak: pure arithmetic.

Payday concentrates visits: most members are paid by payroll and look at their money the same
morning. A stage states its membership and the shape of that peak (``PaydayProfile``, from
``stages.Stage``); ``stage_limits`` turns it into the throttling the API stack writes
(``stacks/api.py``) and ``make bench`` prints (``bench/payday.py``).

Why a module of its own: ``stages.py`` imports the CDK (a Node process, seconds) and
``stacks/`` the app; the bench and the tests need only this arithmetic. It imports nothing but
the standard library, so the bench loads it by path without the CDK or AWS code.

The model: of ``members``, ``share_signing_in`` sign in within ``window_hours``; the busiest
minute of that window runs at ``peak_to_average`` times the window's average. Each visit makes
``sign_in_class_per_visit`` requests of the sign-in class (the sign-in, and for some members a
TOTP step, a mistyped password, a recovery) and ``requests_per_visit`` API requests in all.
The limits are the peak times ``headroom``, rounded up to a multiple of 5 and never below the
floors (``SENSITIVE_FLOOR``, ``API_FLOOR``); a burst is twice its rate. A small cooperative
keeps the floors: they leave room for the edge's per-client limits (``WAF_CLIENT_SHARE``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SENSITIVE_FLOOR = 10
"""Sign-in-class requests a second on each sensitive route, whatever the membership."""
API_FLOOR = 100
"""Requests a second for the whole API, whatever the membership."""
BURST_SECONDS = 2
"""A burst holds this many seconds of the steady rate (API Gateway's token bucket)."""
ACCOUNT_RATE = 10_000
"""API Gateway's default account limit per region (requests a second): a stage cannot exceed
it without a quota increase."""
WAF_CLIENT_SHARE = 0.1
"""One client address at its WAF limit (``stacks/waf.py``) may use at most this share of the
stage limit it falls under: the per-client rules stay well below the stage's."""
WAF_WINDOW_SECONDS = 300


@dataclass(frozen=True)
class PaydayProfile:
    members: int
    share_signing_in: float = 0.30
    """Members who sign in on payday."""
    window_hours: float = 2.0
    """The hours those sign-ins fall in."""
    peak_to_average: float = 4.0
    """The busiest minute's rate over the window's average ("several times")."""
    sign_in_class_per_visit: float = 1.25
    """Sign-in, TOTP, recovery and sign-up requests per visit."""
    requests_per_visit: float = 6.0
    """API requests per visit: the session check, the sign-in, the dashboard and about three
    screens (``bench/usage_profile.yaml`` has about 5 a visit over a whole month)."""
    headroom: float = 2.0
    """Limits are this many times the expected peak."""
    sign_in_seconds: float = 0.5
    """A sign-in's Lambda time (argon2 at 1,024 MB), for the concurrency it needs."""
    request_seconds: float = 0.15
    """Any other request's Lambda time."""

    def __post_init__(self) -> None:
        if self.members < 1 or not 0 < self.share_signing_in <= 1:
            raise ValueError("payday: members >= 1 and 0 < share_signing_in <= 1")
        if self.window_hours <= 0 or self.peak_to_average < 1 or self.headroom < 1:
            raise ValueError("payday: window_hours > 0, peak_to_average >= 1, headroom >= 1")
        if not 1 <= self.sign_in_class_per_visit <= self.requests_per_visit:
            raise ValueError("payday: 1 <= sign_in_class_per_visit <= requests_per_visit")


@dataclass(frozen=True)
class StageLimits:
    peak_sign_ins_per_second: float
    """Visits starting per second in the busiest minute."""
    peak_sign_in_class_per_second: float
    peak_requests_per_second: float
    peak_concurrency: float
    """Lambda environments busy at that peak (Little's law), across the HTTP functions."""
    sensitive_rate: int
    sensitive_burst: int
    api_rate: int
    api_burst: int


def _round_up(value: float, step: int = 5) -> int:
    return int(math.ceil(value / step - 1e-9) * step)


def stage_limits(profile: PaydayProfile) -> StageLimits:
    window_seconds = profile.window_hours * 3600
    sign_ins = (profile.members * profile.share_signing_in / window_seconds
                * profile.peak_to_average)
    sign_in_class = sign_ins * profile.sign_in_class_per_visit
    requests = sign_ins * profile.requests_per_visit
    concurrency = (sign_in_class * profile.sign_in_seconds
                   + (requests - sign_in_class) * profile.request_seconds)
    sensitive = max(SENSITIVE_FLOOR, _round_up(sign_in_class * profile.headroom))
    api = max(API_FLOOR, _round_up(requests * profile.headroom))
    if api > ACCOUNT_RATE:
        raise ValueError(f"payday: {api} requests a second is over API Gateway's account "
                         f"limit ({ACCOUNT_RATE}); ask AWS for a quota increase first")
    return StageLimits(
        peak_sign_ins_per_second=sign_ins, peak_sign_in_class_per_second=sign_in_class,
        peak_requests_per_second=requests, peak_concurrency=concurrency,
        sensitive_rate=sensitive, sensitive_burst=sensitive * BURST_SECONDS,
        api_rate=api, api_burst=api * BURST_SECONDS)


def per_client_rate(requests_per_window: int) -> float:
    """A WAF rate rule's limit (requests per 5 minutes) as requests a second."""
    return requests_per_window / WAF_WINDOW_SECONDS


def waf_is_well_below(limits: StageLimits, sensitive_per_window: int,
                      all_per_window: int) -> bool:
    """One client at its WAF limits uses at most ``WAF_CLIENT_SHARE`` of the stage limits."""
    return (per_client_rate(sensitive_per_window) <= WAF_CLIENT_SHARE * limits.sensitive_rate
            and per_client_rate(all_per_window) <= WAF_CLIENT_SHARE * limits.api_rate)
