"""Test environment, set before any app module is imported (models read table names at import)."""
from __future__ import annotations

import os
from datetime import datetime

os.environ.update({
    "STAGE": "test",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "TABLE_PREFIX": "coopac-test-",
})
for _name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
    os.environ.pop(_name, None)


def _run_instant(value: str) -> datetime:
    """``COOPAC_TEST_INSTANT``: an ISO instant with its offset, or ``lima-month-end`` (23:30 in
    Lima on the last day of the current month: already the next day, and month, in UTC)."""
    from datetime import datetime, timedelta

    from chalicelib.domain.shared.clock import LIMA

    if value != "lima-month-end":
        return datetime.fromisoformat(value)
    today = datetime.now(LIMA)
    first_of_next = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    last_day = first_of_next - timedelta(days=1)
    return last_day.replace(hour=23, minute=30, second=0, microsecond=0)


# A whole run can start at another instant: the clock travels there (and keeps ticking), so
# every "today" a test computes or the app reads comes from it. `make test` runs the unit and
# functional suites a second time at 23:30 in Lima on a month's last day.
if os.environ.get("COOPAC_TEST_INSTANT"):
    import time_machine

    _RUN_TRAVEL = time_machine.travel(_run_instant(os.environ["COOPAC_TEST_INSTANT"]), tick=True)
    _RUN_TRAVEL.start()
