"""
Everything a moto server holds, as bytes, and back: the local stack records the emulator right
after Terraform applied the configuration and, on the next start with the same configuration,
puts that record into a fresh server instead of applying again (tools/devstack/src/provision-cache.ts).

moto keeps each service's state as plain Python objects in one BackendDict per service
(account -> region -> backend), so one pickle of every backend in use is the whole emulator,
with the ids, ARNs, keys and timestamps it handed out. Pickled in one go, objects that refer to
each other (an SNS subscription and its queue) still do after a restore. What pickle cannot
take, and how it travels instead:
- locks, conditions and events (SQS queues, DynamoDB tables): a new one; nothing holds them
  while the snapshot is taken (the stack takes it right after the apply, when nothing else
  calls the emulator);
- a defaultdict whose factory is a lambda making an empty dict, list or set: that type (and a
  subclass is made without its constructor, which may want other arguments);
- a WeakValueDictionary (Lambda's functions by ARN): its items, whose values are pickled where
  they are held strongly, so they are the same objects after a restore;
- `cryptography` private keys (moto makes an RSA key for every KMS key): their DER bytes;
- a BackendDict or an account's backends that a model refers to: a reference to the live one of
  the restoring process, never a copy.
Anything else that cannot be pickled (a thread, an open file) fails the snapshot with its type,
so the stack applies Terraform instead of restoring half an emulator.

Some values differ from one start to the next: the server's own address (in an SQS queue URL in a
function's environment), the stack's ports and throwaway CA (in an authorizer, a secret). A
snapshot is told them by name and keeps each string that contains one, as is or JSON-escaped, as
a template; a restore is told the new values by the same names and fills them in.
A record restores only into the moto and Python it came from (pickle and moto's classes change
between versions); `emulator()` is what the stack keys its records on.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import json
import os
import pickle
import platform
import re
import sys
import threading
import weakref
from collections import defaultdict
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
import moto
from moto.core.base_backend import AccountSpecificBackend, BackendDict, backend_lock

# A record names the services it holds by the module attribute of their BackendDict.
Address = tuple[str, str]


def _backend_dicts_in_use() -> dict[int, Address]:
    """id of each BackendDict moto has data in -> (module, attribute) that holds it."""
    moto_modules = sorted(name for name in sys.modules if name.startswith("moto."))
    addresses: dict[int, Address] = {}
    for backends in BackendDict._instances:  # type: ignore[misc]
        # Its backend's own module first (moto.sqs.models), else any that imported it.
        for module_name in [backends.backend.__module__, *moto_modules]:
            module = sys.modules.get(module_name)
            held = vars(module).items() if module else ()
            attribute = next((name for name, value in held if value is backends), None)
            if attribute:
                addresses[id(backends)] = (module_name, attribute)
                break
    return addresses


def _live_backend_dict(module_name: str, attribute: str) -> BackendDict:
    __import__(module_name)
    return getattr(sys.modules[module_name], attribute)


def _live_account_backends(module_name: str, attribute: str, account_id: str) -> AccountSpecificBackend:
    return _live_backend_dict(module_name, attribute)[account_id]


def _load_private_key(der: bytes) -> Any:
    return serialization.load_der_private_key(der, password=None)


def _private_key(key: Any) -> tuple[Any, tuple[bytes]]:
    der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return _load_private_key, (der,)


def _new_default_dict(kind: type, factory: Any) -> defaultdict:
    made = defaultdict.__new__(kind)
    defaultdict.__init__(made, factory)
    return made


def _default_dict(obj: defaultdict) -> tuple[Any, ...]:
    """A defaultdict, or a subclass whose constructor takes other arguments (SSM's ParameterDict)."""
    factory = obj.default_factory
    if factory is not None and "<" in getattr(factory, "__qualname__", ""):
        # moto's `defaultdict(lambda: {})`: the lambda cannot be pickled, the type it makes can.
        made = factory()
        if made != type(made)():
            raise pickle.PicklingError(f"defaultdict with a local factory that makes {made!r}")
        factory = type(made)
    return _new_default_dict, (type(obj), factory), getattr(obj, "__dict__", None), None, iter(obj.items())


def _subclasses(kind: type) -> list[type]:
    return [kind, *(sub for direct in kind.__subclasses__() for sub in _subclasses(direct))]


def _weak_values(obj: weakref.WeakValueDictionary) -> tuple[Any, tuple[dict[Any, Any]]]:
    # The values are pickled where they are held strongly too, so they are the same objects.
    return weakref.WeakValueDictionary, (dict(obj.items()),)


def _fresh(kind: type) -> Any:
    return lambda _obj: (kind, ())


def _dispatch_table(addresses: dict[int, Address]) -> dict[type, Any]:
    def backend_dict(obj: BackendDict) -> tuple[Any, Address]:
        return _live_backend_dict, addresses[id(obj)]

    accounts = {
        id(account_backends): (*address, account_id)
        for address in addresses.values()
        for account_id, account_backends in dict.items(_live_backend_dict(*address))
    }

    def account_backends(obj: AccountSpecificBackend) -> tuple[Any, tuple[str, str, str]]:
        return _live_account_backends, accounts[id(obj)]

    # Exact types: copyreg looks a type up, not its bases (the keys' types are cryptography's).
    key_types = {
        type(rsa.generate_private_key(public_exponent=65537, key_size=1024)),
        type(ec.generate_private_key(ec.SECP256R1())),
        type(ed25519.Ed25519PrivateKey.generate()),
    }
    table: dict[type, Any] = dict(copyreg.dispatch_table)
    table.update(
        {
            type(threading.Lock()): _fresh(threading.Lock),
            type(threading.RLock()): _fresh(threading.RLock),
            threading.Condition: _fresh(threading.Condition),
            threading.Event: _fresh(threading.Event),
            **{kind: _default_dict for kind in _subclasses(defaultdict)},
            weakref.WeakValueDictionary: _weak_values,
            BackendDict: backend_dict,
            AccountSpecificBackend: account_backends,
            **{key_type: _private_key for key_type in key_types},
        }
    )
    return table


def emulator() -> dict[str, str]:
    """What a record depends on: moto's version, Python's, and the code that patches and records moto."""
    here = os.path.dirname(os.path.abspath(__file__))
    code = hashlib.sha256()
    for name in ("patches.py", "server.py", "snapshot.py"):
        with open(os.path.join(here, name), "rb") as source:
            code.update(name.encode() + b"\0" + source.read() + b"\0")
    return {"moto": moto.__version__, "python": platform.python_version(), "code": code.hexdigest()}


def _json_escaped(text: str) -> str:
    """How a string reads inside a JSON string (a CA certificate inside a secret's JSON)."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


class _Templates:
    """Finds the recorded values in a string and keeps it as parts: text, or (name, JSON-escaped)."""

    def __init__(self, values: dict[str, str]):
        self.forms: dict[str, tuple[str, bool]] = {}
        for name, value in values.items():
            if value:
                self.forms[value] = (name, False)
                self.forms.setdefault(_json_escaped(value), (name, True))
        # Longest first: one value may contain another. A value ending in a digit (a port) is not
        # found inside a longer number (127.0.0.1:5000 in 127.0.0.1:50001).
        alternatives = [
            re.escape(form) + (r"(?!\d)" if form[-1].isdigit() else "")
            for form in sorted(self.forms, key=len, reverse=True)
        ]
        self.pattern = re.compile("|".join(alternatives)) if alternatives else None

    def parts(self, text: str) -> list[Any] | None:
        if self.pattern is None or not self.pattern.search(text):
            return None
        parts: list[Any] = []
        last = 0
        for match in self.pattern.finditer(text):
            parts += [text[last : match.start()], self.forms[match.group()]]
            last = match.end()
        return [*parts, text[last:]]


def _filled(parts: list[Any], values: dict[str, str]) -> str:
    def value(name: str, escaped: bool) -> str:
        if name not in values:
            raise KeyError(f"the snapshot holds {name}, and the restore gave no value for it")
        return _json_escaped(values[name]) if escaped else values[name]

    return "".join(part if isinstance(part, str) else value(*part) for part in parts)


class _Pickler(pickle.Pickler):
    def __init__(self, out: io.BytesIO, templates: _Templates, dispatch_table: dict[type, Any]):
        super().__init__(out, protocol=pickle.HIGHEST_PROTOCOL)
        self.dispatch_table = dispatch_table
        self.templates = templates

    def persistent_id(self, obj: Any) -> Any:
        return self.templates.parts(obj) if type(obj) is str else None


class _Unpickler(pickle.Unpickler):
    def __init__(self, record: io.BytesIO, values: dict[str, str]):
        super().__init__(record)
        self.values = values

    def persistent_load(self, parts: list[Any]) -> str:
        return _filled(parts, self.values)


def snapshot(values: dict[str, str]) -> bytes:
    """
    Every backend with data, pickled as [(module, attribute, account, region, backend), ...].
    `values` by name (this server's address, the stack's ports...): every string that contains
    one, as is or JSON-escaped, is kept as a template that a restore fills with its own values.
    """
    with backend_lock:
        addresses = _backend_dicts_in_use()
        entries = [
            (*addresses[id(backends)], account_id, region, backend)
            for backends in BackendDict._instances  # type: ignore[misc]
            if id(backends) in addresses
            for account_id, region, backend in backends.iter_backends()
        ]
        out = io.BytesIO()
        # Two pickles: the first says which emulator can load the second.
        pickle.dump(emulator(), out)
        _Pickler(out, _Templates(values), _dispatch_table(addresses)).dump(entries)
        return out.getvalue()


def restore(record: bytes, values: dict[str, str]) -> list[str]:
    """
    Replaces everything this server holds with a snapshot's backends, with `values` (by the names
    the snapshot was given) in its strings; returns the services restored.
    """
    with backend_lock:
        stream = io.BytesIO(record)
        made_by = pickle.load(stream)
        if made_by != emulator():
            raise ValueError(f"the record was made by {made_by}, this server is {emulator()}")
        # Emptied first: loading links models to this server's live backend dictionaries.
        BackendDict.reset()
        entries = _Unpickler(stream, values).load()
        for module_name, attribute, account_id, region, backend in entries:
            account_backends = _live_backend_dict(module_name, attribute)[account_id]
            # dict's own setter: AccountSpecificBackend's getter would build an empty backend.
            dict.__setitem__(account_backends, region, backend)
    return sorted({f"{module_name}.{attribute}" for module_name, attribute, *_ in entries})


ENDPOINT = "/moto-api/shoebox/snapshot"


def serve(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """
    The HTTP face of this module, on the moto server (server.py):
      GET  {ENDPOINT}/emulator  -> emulator(), as JSON
      POST {ENDPOINT}           <- {"values": {...}}; -> the snapshot (application/octet-stream)
      PUT  {ENDPOINT}           <- a line {"values": {...}}, then the snapshot; -> {"services": [...]}
    A snapshot that cannot be taken or restored answers 500 with the reason.
    """
    path = environ.get("PATH_INFO", "")
    method = environ.get("REQUEST_METHOD", "GET")

    def answer(status: str, body: bytes, content_type: str = "application/json") -> list[bytes]:
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        return [body]

    if path == f"{ENDPOINT}/emulator" and method == "GET":
        return answer("200 OK", json.dumps(emulator()).encode())
    if path != ENDPOINT or method not in ("POST", "PUT"):
        return answer("400 Bad Request", json.dumps({"message": serve.__doc__}).encode())
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    try:
        if method == "POST":
            return answer("200 OK", snapshot(json.loads(body)["values"]), "application/octet-stream")
        head, record = body.split(b"\n", 1)
        return answer("200 OK", json.dumps({"services": restore(record, json.loads(head)["values"])}).encode())
    except Exception as error:  # the stack then applies Terraform instead: say why
        return answer("500 Internal Server Error", json.dumps({"message": f"{type(error).__name__}: {error}"}).encode())
