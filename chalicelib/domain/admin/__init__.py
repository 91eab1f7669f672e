"""The domain of administration: users, the audit viewer, the dashboard, uploads."""
