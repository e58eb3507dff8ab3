"""
moto_server with the project's fixes applied (see patches.py) and the snapshot endpoint the local
stack records and restores the emulator through (see snapshot.py); takes moto_server's arguments.
"""

import logging
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import patches  # noqa: E402  (the path above makes it importable)
import snapshot  # noqa: E402
from moto import backends  # noqa: E402
from moto.moto_server.werkzeug_app import DomainDispatcherApplication  # noqa: E402
from moto.server import main  # noqa: E402


def _with_snapshot_endpoint(dispatch):
    def call(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith(snapshot.ENDPOINT):
            return snapshot.serve(environ, start_response)
        return dispatch(self, environ, start_response)

    return call


def _serve_lightly() -> None:
    """
    Two costs of every request that change nothing it answers (about 10 % of moto's CPU in the
    photo pipeline, bench/pipeline.mjs): moto finds a request's service by listing its own
    package directory again (os.listdir and an isdir per service), and werkzeug logs a line per
    request to stderr, which the local stack only keeps the tail of for a failed start.
    """
    services = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: services
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


if __name__ == "__main__":
    for fix in patches.apply():
        print(f"shoebox: moto patched: {fix}", file=sys.stderr, flush=True)
    _serve_lightly()
    DomainDispatcherApplication.__call__ = _with_snapshot_endpoint(DomainDispatcherApplication.__call__)
    sys.exit(main())
