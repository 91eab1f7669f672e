"""The password policy with its data: zxcvbn's shipped frequency lists (its ``passwords`` list,
30,000 entries from real password leaks) and its matchers, which also see through l33t spelling
(``P@ssw0rd``), reversal and keyboard or digit sequences.

A password is refused as common when:
- it is, ignoring case, in zxcvbn's ``passwords`` list;
- or it is one word of that list with l33t substitutions or reversed;
- or zxcvbn estimates fewer than 10^6 guesses (its score 0 or 1: ``aaaaaaaa``, ``abcdefgh``,
  ``Password2026``), the threshold the site's strength meter (zxcvbn-ts) shows as weak.
It is refused as personal when it contains the DNI, a name or the e-mail's local part, plainly
(the domain rule) or disguised (zxcvbn's matchers with those words as ``user_inputs``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from chalicelib.domain.auth.password_policy import PersonalInfo, Verdict, check_password
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.store.shared.models import UserModel

MIN_SCORE = 2
ZXCVBN_MAX_LENGTH = 72
"""zxcvbn's own input limit; longer passwords are far beyond any list anyway."""


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """zxcvbn's ``passwords`` frequency list: the breached/common list the policy checks."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def _analyse(password: str, words: Sequence[str]) -> tuple[list[dict[str, Any]], int]:
    """zxcvbn's matches and score, with the user's words as an extra dictionary.

    The dictionaries are copied per call: ``zxcvbn.zxcvbn`` writes the user's words into a
    module-wide dict that concurrent requests in one process would share.
    """
    from zxcvbn import matching, scoring, time_estimates

    dictionaries = dict(matching.RANKED_DICTIONARIES)
    dictionaries["user_inputs"] = matching.build_ranked_dict(list(words))
    matches = matching.omnimatch(password, dictionaries)
    result = scoring.most_guessable_match_sequence(password, matches)
    score = int(time_estimates.estimate_attack_times(result["guesses"])["score"])
    return matches, score


def _whole_common_word(match: dict[str, Any], length: int) -> bool:
    return (match.get("dictionary_name") == "passwords" and match["i"] == 0
            and match["j"] == length - 1)


def _personal_word(match: dict[str, Any]) -> bool:
    return match.get("dictionary_name") == "user_inputs" and len(match["token"]) >= 3


def judge(password: str, words: Sequence[str]) -> Verdict | None:
    """zxcvbn's opinion of a password of acceptable length (see the module docstring)."""
    if password.lower() in common_passwords():
        return Verdict.COMMON
    if len(password) > ZXCVBN_MAX_LENGTH:
        return None
    matches, score = _analyse(password, words)
    if any(_personal_word(m) for m in matches):
        return Verdict.PERSONAL
    if score < MIN_SCORE or any(_whole_common_word(m, len(password)) for m in matches):
        return Verdict.COMMON
    return None


def personal_info(user: UserModel) -> PersonalInfo:
    """What a new password of ``user`` must not contain."""
    return PersonalInfo(dni=user.dni, first_name=user.first_name, last_name=user.last_name,
                        email=user.email)


def check_new_password(password: object, confirmation: object, info: PersonalInfo, *,
                       password_field: str = "password",  # noqa: S107 - a field name
                       confirmation_field: str = "password_confirmation") -> str:
    """The password if it satisfies the policy; else InvalidInput with Spanish field messages."""
    problems = check_password(password, confirmation, info, judge)
    fields = problems.as_fields(password_field, confirmation_field)
    if fields or not isinstance(password, str):
        raise InvalidInput(fields=fields or {password_field: "Ingresa una contraseña."})
    return password
