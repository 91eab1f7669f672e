"""The services of the core system's CSV imports."""
