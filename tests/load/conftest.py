"""The load suite's local stack and accounts: one stack for the package's tests, started with the
demo cooperative; 50 members and 10 staff made through the API before anything is measured.

The per-address sign-in throttle is set to the contract's default explicitly, so the burst test
knows where the limit is.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e.support import LocalStack
from tests.load.accounts import load_accounts
from tests.load.client import LOGIN_FAILURES_PER_IP
from tests.stack import StackFailed, started_local_stack

MEMBERS, OPERATORS, ADMINS = 50, 8, 2


@pytest.fixture(scope="package")
def local_stack() -> Iterator[LocalStack]:
    try:
        with started_local_stack(
                extra_env={"LOGIN_FAILURES_PER_IP": str(LOGIN_FAILURES_PER_IP)}) as stack:
            yield stack
    except StackFailed as failure:
        pytest.fail(str(failure))


@pytest.fixture(scope="package")
def load_accounts_of(local_stack: LocalStack) -> dict[str, Any]:
    return load_accounts(local_stack.url, MEMBERS, OPERATORS, ADMINS)
