"""The domain of «Mis productos»: the member's money and movements."""
