"""The store of sign-in, registration, recovery, sessions, 2FA, the profile."""
