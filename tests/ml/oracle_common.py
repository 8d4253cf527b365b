"""Shared helpers of the analysis oracles: write generated data as CSV, run the driver."""
import atexit
import json
import os
import subprocess
import sys
import tempfile

import numpy as np


def driver():
    """Path of ml_oracle_driver (the first command-line argument)."""
    if len(sys.argv) < 2:
        sys.exit("usage: %s PATH/TO/ml_oracle_driver" % sys.argv[0])
    return sys.argv[1]


def write_csv(columns, rows_of=None):
    """Writes {name: values} as a CSV in a temporary directory; returns its path."""
    names = list(columns)
    n = len(columns[names[0]])
    fd, path = tempfile.mkstemp(suffix=".csv", prefix="ml_oracle_")
    atexit.register(os.remove, path)
    with os.fdopen(fd, "w") as f:
        f.write(",".join(names) + "\n")
        for i in range(n):
            cells = []
            for c in names:
                v = columns[c][i]
                if isinstance(v, (float, np.floating)):
                    cells.append("" if np.isnan(v) else repr(float(v)))
                else:
                    cells.append(str(v))
            f.write(",".join(cells) + "\n")
    return path


def run(method, path, **kw):
    """Runs the driver and returns its JSON."""
    args = [driver(), method, path] + ["%s=%s" % (k, v) for k, v in kw.items()]
    out = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if out.returncode != 0:
        sys.exit("driver failed (%s): %s %s" % (" ".join(args), out.stdout, out.stderr))
    return json.loads(out.stdout)


class Checks:
    """Collects failures; exit status 1 when any."""

    def __init__(self):
        self.failed = 0

    def check(self, ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            self.failed += 1

    def done(self):
        sys.exit(1 if self.failed else 0)
