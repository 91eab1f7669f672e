"""Public content (issue 18): «Tasas y tarifas» and «Contacto», kept by admins."""
