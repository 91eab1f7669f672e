"""The services of shared by every capability."""
