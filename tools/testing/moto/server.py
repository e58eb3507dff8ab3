"""
moto_server with the project's fixes applied (see patches.py) and the snapshot endpoint the local
stack records and restores the emulator through (see snapshot.py); takes moto_server's arguments.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import patches  # noqa: E402  (the path above makes it importable)
import snapshot  # noqa: E402
from moto.moto_server.werkzeug_app import DomainDispatcherApplication  # noqa: E402
from moto.server import main  # noqa: E402


def _with_snapshot_endpoint(dispatch):
    def call(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith(snapshot.ENDPOINT):
            return snapshot.serve(environ, start_response)
        return dispatch(self, environ, start_response)

    return call


if __name__ == "__main__":
    for fix in patches.apply():
        print(f"shoebox: moto patched: {fix}", file=sys.stderr, flush=True)
    DomainDispatcherApplication.__call__ = _with_snapshot_endpoint(DomainDispatcherApplication.__call__)
    sys.exit(main())
