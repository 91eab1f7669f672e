"""The store of the buzón: tickets and their threads."""
