"""moto_server with the project's fixes applied (see patches.py); takes moto_server's arguments."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import patches  # noqa: E402  (the path above makes it importable)
from moto.server import main  # noqa: E402

if __name__ == "__main__":
    for fix in patches.apply():
        print(f"shoebox: moto patched: {fix}", file=sys.stderr, flush=True)
    sys.exit(main())
