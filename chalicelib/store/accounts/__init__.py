"""The store of «Mis productos»: the member's money and movements."""
