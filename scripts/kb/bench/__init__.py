"""The benchmark: a synthetic corpus and the timing of every gate stage."""
