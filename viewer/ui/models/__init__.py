"""Qt item models over the corpus index: every list and table of the window reads one of these."""
