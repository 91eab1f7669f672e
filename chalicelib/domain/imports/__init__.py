"""The domain of the core system's CSV imports."""
