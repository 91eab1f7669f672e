"""``make bench``: figures about speed and cost, printed (never asserted).

Each section is a function in ``bench/``; later issues add theirs to ``SECTIONS``.
"""

from __future__ import annotations

import sys
import time

from bench import imports_cold

SECTIONS = [
    ("Cold import of each capability's entry point", imports_cold.run),
]


def main() -> int:
    started = time.perf_counter()
    for title, section in SECTIONS:
        print(f"\n== {title} ==")
        section()
    print(f"\n(bench took {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
