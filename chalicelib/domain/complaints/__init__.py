"""The Libro de Reclamaciones virtual (D.S. 011-2011-PCM): the sheet, its code and its states."""
