"""Making and hashing API keys (no Django models here)."""

import hashlib
import secrets

KEY_PREFIX = "ptdv_"
PREFIX_LENGTH = 12


def new_key() -> str:
    """A fresh random key, recognisable by its `ptdv_` start."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def key_digest(key: str) -> str:
    """The SHA-256 hex digest under which a key is stored and looked up."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def key_prefix(key: str) -> str:
    """The start of a key, shown in lists so a user can tell their keys apart."""
    return key[:PREFIX_LENGTH]
