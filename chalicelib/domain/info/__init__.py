"""Public content (issue 18): the rates, fees and agencies anyone may read."""
