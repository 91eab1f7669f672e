"""The domain of shared by every capability."""
