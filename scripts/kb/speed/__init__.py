"""Optional speed-ups: caches, page source reuse, parallel rendering, the navigation drawn in Python.

Every one of them asks :func:`enabled` whether it may act (``KB_FAST``, kb.speed.switch).
"""

from kb.speed.switch import MECHANISMS, enabled

__all__ = ["MECHANISMS", "enabled"]
