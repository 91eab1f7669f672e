"""What a sign-in step reads, in one BatchGetItem (issue 19): the account (strongly consistent,
as ``users.get``), the address's failures (``address_throttle``), the account's lockout window
(``login_failures``), the browser's mark (``known_browsers``), whether the account counts among
the day's sign-ins already (``signins``) and, for the TOTP step, the challenge
(``one_time_tokens``). An unknown e-mail reads the same keys, on ids no account has, so the
call does not tell them apart."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chalicelib.store.auth import known_browsers, login_failures, signins
from chalicelib.store.shared.models import CounterModel, OneTimeTokenModel, UserModel
from chalicelib.store.shared.models import SecurityCounterModel as Counter
from chalicelib.store.shared.round_trips import Wanted, get_many, one_of


@dataclass(frozen=True)
class SignInRead:
    user: UserModel | None
    address_failures: int
    lockout: login_failures.Read
    known_browser: Counter | None
    counted_today: bool
    challenge: OneTimeTokenModel | None = None


@dataclass(frozen=True)
class Keys:
    user_id: str
    """The account's id (``users.NO_ACCOUNT_ID`` for an unknown e-mail)."""
    lockout_subject: str
    address_counter: str
    browser_hash: str
    day: date
    challenge_hash: str | None = None


def read(keys: Keys) -> SignInRead:
    wanted = [Wanted(UserModel, keys.user_id), Wanted(Counter, keys.address_counter),
              Wanted(Counter, login_failures.counter_id(keys.lockout_subject)),
              Wanted(Counter, known_browsers.counter_id(keys.user_id, keys.browser_hash)),
              Wanted(CounterModel, signins.marker_id(keys.day, keys.user_id))]
    if keys.challenge_hash is not None:
        wanted.append(Wanted(OneTimeTokenModel, keys.challenge_hash))
    found = get_many(wanted)
    address = one_of(found[1], Counter)
    return SignInRead(
        user=one_of(found[0], UserModel),
        address_failures=int(address.value) if address is not None else 0,
        lockout=login_failures.Read(keys.lockout_subject, one_of(found[2], Counter)),
        known_browser=one_of(found[3], Counter),
        counted_today=found[4] is not None,
        challenge=one_of(found[5], OneTimeTokenModel) if len(found) > 5 else None)
