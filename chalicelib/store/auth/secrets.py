"""Field encryption with KMS: TOTP secrets, bound to their user by the encryption context."""

from __future__ import annotations

import base64

from chalicelib.settings import settings
from chalicelib.store.shared.aws import client


def encrypt_for_user(plaintext: str, user_id: str) -> str:
    answer = client("kms").encrypt(KeyId=settings().kms_key_alias,
                                   Plaintext=plaintext.encode("utf-8"),
                                   EncryptionContext={"user_id": user_id})
    return base64.b64encode(answer["CiphertextBlob"]).decode("ascii")


def decrypt_for_user(ciphertext: str, user_id: str) -> str:
    answer = client("kms").decrypt(CiphertextBlob=base64.b64decode(ciphertext),
                                   EncryptionContext={"user_id": user_id})
    return bytes(answer["Plaintext"]).decode("utf-8")
