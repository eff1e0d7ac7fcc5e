"""Instructions per request, counted by callgrind: the generated service beside the bare app.

Run it with the generated project's Python, from the project's folder, on a migrated database
(as benchmarks/profile_app.py); valgrind must be installed:

    python /path/to/benchmarks/instructions.py DATABASE_URL [REQUESTS]

For GET /houses, GET /cats?house_id= and POST /add_cat, and for each app, a child process runs
under valgrind's callgrind with counting off while it builds the app, seeds the benchmark's data
and warms up; counting is on for REQUESTS requests only (100 unless told). The figures are the
CPU instructions the app's own process executes per request, PostgreSQL's work left out. Unlike
times, they do not move with whatever else the machine is doing, so two versions of the service
can be compared exactly; the ratio is bare/generated (higher is cheaper, 1.0 costs the same).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS))
import profile_app  # noqa: E402
from workload import ENDPOINTS, WARM_UP_REQUESTS  # noqa: E402


def child(database_url: str, endpoint: str, count: int, bare: bool) -> None:
    """Inside valgrind: prepare, then say so and wait while counting is switched on or off."""
    app = profile_app.build_bare_app(database_url) if bare else profile_app.build_app(database_url)
    request = profile_app.requests_for(endpoint, database_url, WARM_UP_REQUESTS + count)
    for number in range(WARM_UP_REQUESTS):
        profile_app.call(app, request(number))
    built = [request(number) for number in range(WARM_UP_REQUESTS, WARM_UP_REQUESTS + count)]
    print("ready", flush=True)
    sys.stdin.readline()
    statuses = {profile_app.call(app, arguments) for arguments in built}
    print("done", flush=True)
    sys.stdin.readline()
    print(" ".join(str(status) for status in sorted(statuses)), flush=True)


def count_instructions(database_url: str, endpoint: str, count: int, bare: bool) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "callgrind.out"
        process = subprocess.Popen(
            [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={output}",
                sys.executable,
                __file__,
                "--child",
                database_url,
                endpoint,
                str(count),
                *(["--bare"] if bare else []),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert process.stdin is not None and process.stdout is not None
        switch = ["callgrind_control", "--instr=on", str(process.pid)]
        for expected in ("ready", "done"):
            line = process.stdout.readline().strip()
            if line != expected:
                process.kill()
                raise SystemExit(f"{endpoint}: the child said {line!r}, not {expected!r}")
            subprocess.run(switch, check=True, capture_output=True)
            switch[1] = "--instr=off"
            process.stdin.write("\n")
            process.stdin.flush()
        statuses = process.stdout.readline().split()
        process.wait(timeout=120)
        if any(not status.startswith("2") for status in statuses):
            raise SystemExit(f"{endpoint}: answered {statuses}, not only 2xx")
        # "totals:" counts everything collected; "summary:" only what was on at the last dump.
        for line in output.read_text().splitlines():
            if line.startswith("totals:"):
                return int(line.split()[1]) // count
    raise SystemExit(f"{endpoint}: callgrind wrote no total")


def main() -> None:
    if sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), "--bare" in sys.argv)
        return
    database_url = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    os.environ.setdefault("LOG_LEVEL", "INFO")
    print(f"{'endpoint':20} {'generated':>14} {'bare':>14} {'ratio':>7}   (instructions/request)")
    for endpoint in ENDPOINTS:
        generated = count_instructions(database_url, endpoint, count, bare=False)
        bare = count_instructions(database_url, endpoint, count, bare=True)
        print(f"{endpoint:20} {generated:>14,} {bare:>14,} {bare / generated:>7.2f}", flush=True)


if __name__ == "__main__":
    main()
