"""The Libro de Reclamaciones' table (``complaints``) and its year counters."""
