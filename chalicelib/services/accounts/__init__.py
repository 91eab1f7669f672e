"""The services of «Mis productos»: the member's money and movements."""
