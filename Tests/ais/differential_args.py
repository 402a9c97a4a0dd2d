"""Command line shared by the differential tests: BIN [--min N] FILE...

--min is the number of paired messages below which a run fails (default 1000), so a run that
silently compared nothing cannot pass."""
import sys


def parse():
    args = sys.argv[1:]
    if not args:
        sys.exit(f"usage: {sys.argv[0]} path/to/corridorwatch [--min N] LOG...")
    binary = args.pop(0)
    minimum = 1000
    if "--min" in args:
        i = args.index("--min")
        minimum = int(args[i + 1])
        del args[i:i + 2]
    return binary, minimum, args
