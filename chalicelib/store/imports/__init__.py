"""The store of the core system's CSV imports."""
