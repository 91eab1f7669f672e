"""The services of the buzón: tickets and their threads."""
