"""The store of the members' PDF reports."""
