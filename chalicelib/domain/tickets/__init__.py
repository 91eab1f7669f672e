"""The domain of the buzón: tickets and their threads."""
