"""Public content (issue 18): the one item each of the rates and the contact page."""
