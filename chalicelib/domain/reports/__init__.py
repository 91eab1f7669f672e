"""The domain of the members' PDF reports."""
