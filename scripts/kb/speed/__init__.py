"""Optional speed-ups: caches, page source reuse, parallel rendering, the navigation drawn in Python."""
