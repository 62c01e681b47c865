"""Direct measurements of the simulator: its memory, and how fast it answers a print.

The print timing uses librouteros, the client the modules use, over one logged-in connection:
what one API command costs on the wire and in the simulator, without Ansible around it.
"""

import statistics
import time

import librouteros


def print_latency(host, port, username, password, count, menu='/ip/firewall/filter/print'):
    """Median, p95 and max seconds of ``count`` prints of ``menu`` on one connection."""
    api = librouteros.connect(host=host, username=username, password=password, port=port, timeout=10)
    try:
        rows = len(tuple(api(menu)))  # warm-up: first print also checks the menu exists
        samples = []
        for _sample in range(count):
            started = time.perf_counter()
            tuple(api(menu))
            samples.append(time.perf_counter() - started)
    finally:
        api.close()
    samples.sort()
    return {
        'menu': menu,
        'rows': rows,
        'prints': count,
        'median_ms': statistics.median(samples) * 1000,
        'p95_ms': samples[max(0, int(round(0.95 * count)) - 1)] * 1000,
        'max_ms': samples[-1] * 1000,
    }
