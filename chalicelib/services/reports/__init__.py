"""The services of the members' PDF reports."""
