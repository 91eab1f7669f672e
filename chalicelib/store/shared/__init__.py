"""The store of shared by every capability."""
