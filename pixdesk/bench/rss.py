"""Peak resident memory of the current process, for benchmarks. Layer: core (reads /proc).

On Linux the peak is ``VmHWM`` from ``/proc/self/status``: the high-water mark of this
process image only. ``getrusage(...).ru_maxrss`` is not used there because Linux
carries the parent's peak into a child across ``fork``/``vfork`` + ``exec``, so a child
started by a parent that once held 300 MB reports at least 300 MB (and
``RUSAGE_CHILDREN`` in the parent reports the same inflated value).
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["MIB", "peak_rss_mib"]

MIB = 1 << 20
_STATUS = Path("/proc/self/status")


def _vm_hwm_bytes() -> int | None:
    try:
        text = _STATUS.read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("VmHWM:"):
            value, unit = line.split()[1:3]
            if unit == "kB":
                return int(value) * 1024
    return None


def peak_rss_mib() -> float:
    """The highest resident set size this process has reached so far, in MiB."""
    if sys.platform == "win32":
        import ctypes
        from ctypes import wintypes

        class _Counters(ctypes.Structure):
            _fields_ = [
                ("cb", wintypes.DWORD),
                ("PageFaultCount", wintypes.DWORD),
                ("PeakWorkingSetSize", ctypes.c_size_t),
                ("WorkingSetSize", ctypes.c_size_t),
                ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
                ("QuotaPagedPoolUsage", ctypes.c_size_t),
                ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                ("PagefileUsage", ctypes.c_size_t),
                ("PeakPagefileUsage", ctypes.c_size_t),
            ]

        counters = _Counters()
        counters.cb = ctypes.sizeof(counters)
        process = ctypes.windll.kernel32.GetCurrentProcess()
        ctypes.windll.psapi.GetProcessMemoryInfo(process, ctypes.byref(counters), counters.cb)
        return float(counters.PeakWorkingSetSize) / MIB
    hwm = _vm_hwm_bytes()
    if hwm is not None:
        return hwm / MIB
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MIB if sys.platform == "darwin" else peak * 1024 / MIB  # bytes on macOS, KiB elsewhere
