#!/usr/bin/env python3
"""Times short commands by alternating single runs of each.

    python3 bench/interleave.py ROUNDS 'cmd one' 'cmd two' ...

Each round runs every command once, in turn, with stdout to /dev/null;
the first 20 rounds only warm up. Prints, per command, the median, first
and third quartile of the wall time and the median CPU time (user +
system) of the process.

On a virtual machine the speed of the whole machine drifts over seconds,
so timing one command many times and then the next (as hyperfine does)
can move a millisecond-long command by more than the difference being
measured; alternating single runs exposes every command to the same drift.
"""

import os
import shlex
import statistics
import sys
import time

WARM_UP = 20


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    commands = [shlex.split(c) for c in sys.argv[2:]]
    devnull = os.open(os.devnull, os.O_WRONLY)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 1)]
    wall = [[] for _ in commands]
    cpu = [[] for _ in commands]
    for round_ in range(WARM_UP + rounds):
        for i, argv in enumerate(commands):
            start = time.perf_counter_ns()
            pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
            _, status, usage = os.wait4(pid, 0)
            elapsed = time.perf_counter_ns() - start
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"failed: {shlex.join(argv)}")
            if round_ >= WARM_UP:
                wall[i].append(elapsed / 1e6)
                cpu[i].append((usage.ru_utime + usage.ru_stime) * 1e3)
    for i, argv in enumerate(commands):
        q1, median, q3 = statistics.quantiles(wall[i], n=4)
        print(
            f"{median:7.3f} ms (quartiles {q1:.3f}–{q3:.3f}), "
            f"CPU {statistics.median(cpu[i]):.3f} ms  {shlex.join(argv)}"
        )


if __name__ == "__main__":
    main()
