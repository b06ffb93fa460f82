"""Whether a process of this machine still runs: how a run tells a dead run's leftovers from a live run's work."""

from __future__ import annotations

import os


def alive(pid: int) -> bool:
    """True while `pid` exists (also when it belongs to another user: signal 0 is refused, not unknown)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
