"""
Fixes for moto's DynamoDB, applied in the moto server process before it serves a request.

moto 5.2's TransactWriteItems takes its rollback point by deep-copying every table the
transaction names, once per item, and rolls back by putting those copies in place of the tables.
Two things follow, and both bite under load (make demo-peak, bench/peak.mjs):

- Cost: each transaction copies whole tables, so N receipts cost O(N^2) and the server's memory
  grows with every copy alive in a request thread. At 2000 receipts moto saturated a core, passed
  12 GB and never finished.
- Lost writes: moto serves requests on threads, and a cancelled transaction puts back a copy taken
  before writes that other requests made meanwhile, so they vanish (a batch counter lost an ADD).

The fix keeps moto's own transaction code and changes only its rollback point: the items the
transaction names are copied before it runs and put back if it is cancelled, and every DynamoDB
operation on items holds one lock, so a transaction is atomic and other requests never see it
half done (DynamoDB's isolation for GetItem, Query, Scan and the single-item writes).
"""

from __future__ import annotations

import copy
import functools
import threading
import types
from typing import Any

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table

_item_lock = threading.RLock()
_in_transaction = threading.local()


def _deepcopy_unless_transaction_table(value: Any, memo: Any = None) -> Any:
    """moto's whole-table rollback copy becomes the table itself: putting it back is then a no-op."""
    if isinstance(value, Table) and getattr(_in_transaction, "active", False):
        return value
    return copy.deepcopy(value, memo)


def _touched_items(backend: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """(table, hash key, range key, copy of the item or None) for each item the transaction names."""
    touched = []
    for entry in transact_items:
        _, operation = next(iter(entry.items()))
        try:
            table = backend.get_table(operation["TableName"])
            if "Key" in operation:
                key = operation["Key"]
            else:
                attributes = operation["Item"]
                key = {name: attributes[name] for name in (table.hash_key_attr, table.range_key_attr) if name}
            hash_key, range_key = backend.get_keys_value(table, key)
        except Exception:
            # moto's own code reports the missing table or malformed key; nothing to put back.
            continue
        touched.append((table, hash_key, range_key, copy.deepcopy(table.get_item(hash_key, range_key))))
    return touched


def _put_back(touched: list[tuple[Any, ...]]) -> None:
    for table, hash_key, range_key, before in reversed(touched):
        if before is None:
            table.delete_item(hash_key, range_key)
        elif range_key is not None:
            table.items[hash_key][range_key] = before
        else:
            table.items[hash_key] = before


def _serialised(method: Any) -> Any:
    @functools.wraps(method)
    def locked(self: DynamoDBBackend, *args: Any, **kwargs: Any) -> Any:
        with _item_lock:
            return method(self, *args, **kwargs)

    return locked


def _transact_write_items(original: Any) -> Any:
    @functools.wraps(original)
    def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> Any:
        with _item_lock:
            touched = _touched_items(self, transact_items)
            _in_transaction.active = True
            try:
                return original(self, transact_items)
            except BaseException:
                _put_back(touched)
                raise
            finally:
                _in_transaction.active = False

    return transact_write_items


def apply() -> list[str]:
    """Patches moto in this process; returns what was patched, for the server's log."""
    if not isinstance(getattr(dynamodb_models, "copy", None), types.ModuleType):
        raise RuntimeError(
            "moto.dynamodb.models no longer imports copy: the TransactWriteItems fix in "
            "packages/testing/moto/patches.py needs a look for this moto version"
        )
    dynamodb_models.copy = types.SimpleNamespace(deepcopy=_deepcopy_unless_transaction_table)
    for name in ("get_item", "query", "scan", "put_item", "update_item", "delete_item"):
        setattr(DynamoDBBackend, name, _serialised(getattr(DynamoDBBackend, name)))
    DynamoDBBackend.transact_write_items = _transact_write_items(DynamoDBBackend.transact_write_items)
    return ["DynamoDB TransactWriteItems rolls back the items it names, not whole tables; item reads and writes take one lock"]
