from chalicelib.domain.shared.audit import redact


def test_secrets_never_reach_an_audit_record():
    kept = redact({"password": "x", "new_password": "y", "reset_token": "t", "code": "123456",
                   "totp_secret": "s", "email": "a@b.pe", "attempt": 3})
    assert kept == {"email": "a@b.pe", "attempt": "3"}
