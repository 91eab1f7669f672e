"""The Libro de Reclamaciones' use cases: filing, the public status, the staff queue."""
