"""The services of the credit catalogue, the simulator and credit applications."""
