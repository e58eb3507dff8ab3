"""
Fixes for moto defects that lose or slow down work under concurrent load, applied in the moto
server process before it serves a request (server.py). moto serves each request on its own
thread; these are the places where that goes wrong. Each fix keeps moto's own code and changes
only what is needed; each is checked over the wire in tests/moto-patches.test.ts.

DynamoDB TransactWriteItems (moto 5.2.5) takes its rollback point by deep-copying every table
the transaction names, once per item, and rolls back by putting those copies in place of the
tables. Two things follow, and both bite under load (make demo-peak, bench/peak.mjs):
- Cost: each transaction copies whole tables, so N receipts cost O(N^2) and memory grows with
  every copy alive in a request thread. At 2000 receipts moto saturated a core, passed 12 GB
  and never finished.
- Lost writes: a cancelled transaction puts back a copy taken before writes that other requests
  made meanwhile, so they vanish (a batch counter lost an ADD).
Fix: the items the transaction names are copied before it runs and put back if it is cancelled,
and the backend's item operations (GetItem, Query, Scan, PutItem, UpdateItem, DeleteItem) hold
one lock, so a transaction is atomic against other writes and no read runs in the middle of one.
Not as strict as DynamoDB: moto builds a response from the item after the lock is released, so a
reply can still show a write of a transaction cancelled a moment later; PartiQL and streams are
left as they are (this project uses neither).

SQS DeleteMessage (moto 5.2.5) rebuilds a queue's message list without the lock that
SendMessage appends under. A message sent (an S3 notification, an SNS delivery) while another
request deletes from the same queue can land in the old list after it was read, and is gone:
one upload of 2000 was never processed. ReceiveMessage likewise moves messages to the DLQ and
hands them out without it, so two receivers could take the same message.
Fix: DeleteMessage, ReceiveMessage and ChangeMessageVisibility hold the queue's lock, and the
long poll waits on that lock's condition (which releases it while waiting) instead of returning
at once when messages are visible but cannot be handed out, which would spin holding the lock.

SQS RedriveAllowPolicy (moto 5.2.5): CreateQueue and SetQueueAttributes accept it, but
GetQueueAttributes never returns it (nor accepts its name). Terraform's
aws_sqs_queue_redrive_allow_policy sets it and then waits for GetQueueAttributes to show it, so
an apply against moto hangs there until it times out. Fix: the queue keeps the value and
GetQueueAttributes returns it, like any other attribute; setting it to "" removes it. As in
moto, it is stored, not enforced: a queue not named in a DLQ's byQueue policy may still use the
DLQ as its dead-letter queue.

SQS is also slow on a deep queue (moto 5.2.5): it tells the time through datetime arithmetic
(~8 us) for every message on every scan, and scans the whole queue three times for each message
sent or received (building every queue attribute to read one). With 1500 messages waiting, one
ReceiveMessage took 1.2 s and one SendMessageBatch 0.2 s, and the uploads queue of a 2000-receipt
batch is that deep. Fix: SQS reads the clock with time.time() (the same epoch seconds), and the
retention check reads the queue's retention period, not every attribute.

S3 notifications (moto 5.2.5) leave out the object's versionId, which AWS sends for every
object created in a versioned bucket. The thumbnail function reads the original by that version
and pins it on the photo, so a later upload to the same key is told apart; without it the local
stack could not show that. Fix: the event carries the version moto created.

Two answers of moto 5.2.5 differ from AWS's in what Terraform reads back after it applied, so a
second apply of the same configuration (the local stack's, on a restored emulator) would change
what the first one set:
- SQS returns RedrivePolicy as JSON with spaces; AWS returns it compact, as jsonencode writes it.
  Terraform then "updates" each queue, and that update also clears the queue's policy, which
  aws_sqs_queue_policy set. Fix: compact JSON.
- KMS EnableKeyRotation ignores RotationPeriodInDays and GetKeyRotationStatus never returns it;
  AWS keeps it (365 days unless given). Terraform then "updates" the key every time. Fix: the
  key keeps the period and GetKeyRotationStatus returns it with the key's id, as AWS does.
- Lambda ignores a function's LoggingConfig (log format and group), so Terraform "updates"
  every function. Fix: the function keeps it, with AWS's defaults (Text, /aws/lambda/<name>),
  and its configuration returns it.

SQS event source mappings (moto 5.2.5) are live: CreateEventSourceMapping registers the mapping
on its queue, and each message then added to the queue (SendMessage, a move to a DLQ) makes moto
receive a batch and invoke the function inside the sender's request (in Docker, after a long
poll on a queue with a receive wait). The local stack's own pollers consume the queues, with the
mappings' settings (runtime_config.event_source_mappings), so a live mapping would take messages
from them, count a receive towards the DLQ on every send and hold each sender up; the stack left
the mappings out of the apply instead. Fix: queues keep no mappings to deliver to. The mapping
itself is kept and answered as before (Get, List, Update, Delete, tags), which already returns
every attribute Terraform sets, so the configuration's mappings are applied as on AWS.

SQS's size limit (moto 5.2.5) is checked in characters of the body alone; AWS counts UTF-8 bytes
of the body plus every attribute's name, type and value. A POST /events body of multi-byte
characters over the limit was queued locally and refused with 400 on AWS. Fix: SendMessage (and
each entry of SendMessageBatch, which sends through it) counts as AWS does.
"""

from __future__ import annotations

import copy
import datetime
import functools
import json
import threading
import time
import types
from typing import Any

import moto.dynamodb.models as dynamodb_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table
from moto.awslambda.models import LambdaFunction
from moto.kms.responses import KmsResponse
import moto.s3.notifications as s3_notifications
import moto.sqs.models as sqs_models
from moto.sqs.models import Queue, SQSBackend

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


def _patch_dynamodb_transactions() -> str:
    if not isinstance(getattr(dynamodb_models, "copy", None), types.ModuleType):
        raise RuntimeError(
            "moto.dynamodb.models no longer imports copy: the TransactWriteItems fix in "
            "tools/testing/moto/patches.py needs a look for this moto version"
        )
    dynamodb_models.copy = types.SimpleNamespace(deepcopy=_deepcopy_unless_transaction_table)
    for name in ("get_item", "query", "scan", "put_item", "update_item", "delete_item"):
        setattr(DynamoDBBackend, name, _serialised(getattr(DynamoDBBackend, name)))
    DynamoDBBackend.transact_write_items = _transact_write_items(DynamoDBBackend.transact_write_items)
    return "DynamoDB TransactWriteItems rolls back the items it names, not whole tables; item reads and writes take one lock"


def _holding_queue_lock(method: Any) -> Any:
    @functools.wraps(method)
    def locked(self: Queue, *args: Any, **kwargs: Any) -> Any:
        with self._messages_lock:
            return method(self, *args, **kwargs)

    return locked


def _holding_named_queue_lock(method: Any) -> Any:
    @functools.wraps(method)
    def locked(self: SQSBackend, queue_name: str, *args: Any, **kwargs: Any) -> Any:
        with self.get_queue(queue_name)._messages_lock:
            return method(self, queue_name, *args, **kwargs)

    return locked


def _wait_releasing_queue_lock(self: Queue, timeout: int) -> None:
    # Until a send notifies or the timeout passes; the lock is released meanwhile.
    with self._messages_lock:
        self._messages_lock.wait(timeout)


def _patch_sqs_message_list() -> str:
    Queue.delete_message = _holding_queue_lock(Queue.delete_message)
    Queue.wait_for_messages = _wait_releasing_queue_lock
    SQSBackend.receive_message = _holding_named_queue_lock(SQSBackend.receive_message)
    SQSBackend.change_message_visibility = _holding_named_queue_lock(SQSBackend.change_message_visibility)
    return (
        "SQS DeleteMessage, ReceiveMessage and ChangeMessageVisibility hold the queue's lock, "
        "so a message sent meanwhile is never lost"
    )


def _fast_clock(datetime_clock: Any, scale: float) -> Any:
    def clock(dt: Any = None) -> float:
        return time.time() * scale if dt is None else datetime_clock(dt)

    return clock


def _within_retention_period(self: SQSBackend, queue_name: str, message: Any) -> bool:
    retention_seconds = int(self.get_queue(queue_name).message_retention_period)
    return retention_seconds + message.sent_timestamp / 1000 > time.time()


def _patch_sqs_deep_queues() -> str:
    for name in ("unix_time", "unix_time_millis", "is_message_valid_based_on_retention_period"):
        if not hasattr(sqs_models if name.startswith("unix") else SQSBackend, name):
            raise RuntimeError(
                f"moto's SQS has no {name} any more: the deep-queue fix in "
                "tools/testing/moto/patches.py needs a look for this moto version"
            )
    sqs_models.unix_time = _fast_clock(sqs_models.unix_time, 1.0)
    sqs_models.unix_time_millis = _fast_clock(sqs_models.unix_time_millis, 1000.0)
    SQSBackend.is_message_valid_based_on_retention_period = _within_retention_period
    return "SQS reads the clock with time.time(), not datetime arithmetic, and the retention check reads one attribute, so deep queues stay fast"


def _patch_sqs_redrive_allow_policy() -> str:
    if "RedriveAllowPolicy" in Queue.BASE_ATTRIBUTES:
        raise RuntimeError(
            "moto's SQS returns RedriveAllowPolicy itself now: the fix in "
            "tools/testing/moto/patches.py needs a look for this moto version"
        )
    # Queue.attributes reads every base attribute off the queue (redrive_allow_policy, as
    # _set_attributes already stores it); a queue that never had one answers None, which
    # GetQueueAttributes leaves out.
    Queue.BASE_ATTRIBUTES = [*Queue.BASE_ATTRIBUTES, "RedriveAllowPolicy"]
    Queue.redrive_allow_policy = None
    set_attributes = Queue._set_attributes

    @functools.wraps(set_attributes)
    def set_attributes_clearing_empty_policy(
        self: Queue, attributes: dict[str, Any], now: float | None = None
    ) -> None:
        set_attributes(self, attributes, now)
        if self.redrive_allow_policy == "":
            self.redrive_allow_policy = None

    Queue._set_attributes = set_attributes_clearing_empty_policy
    return (
        "SQS keeps RedriveAllowPolicy and GetQueueAttributes returns it, "
        "so Terraform's redrive allow policies apply"
    )


def _patch_s3_notification_version_id() -> str:
    original = s3_notifications._get_s3_event

    @functools.wraps(original)
    def get_s3_event(event_name: str, bucket: Any, key: Any, notification_id: str) -> dict[str, Any]:
        event = original(event_name, bucket, key, notification_id)
        obj = event["Records"][0]["s3"]["object"]
        if "versionId" in obj:
            raise RuntimeError(
                "moto's S3 notifications carry versionId now: the fix in "
                "tools/testing/moto/patches.py needs a look for this moto version"
            )
        if bucket.is_versioned and event_name.startswith("s3:ObjectCreated"):
            obj["versionId"] = key.version_id
        return event

    s3_notifications._get_s3_event = get_s3_event
    return "S3 notifications from a versioned bucket name the object version created, as AWS's do"


def _attribute_bytes(attributes: dict[str, Any] | None) -> int:
    """SQS counts each message attribute's name, data type and value toward the size limit."""
    total = 0
    for name, attribute in (attributes or {}).items():
        value = attribute.get("StringValue") or attribute.get("BinaryValue") or ""
        data_type = attribute.get("DataType") or ""
        total += sum(len(str(part).encode("utf-8")) for part in (name, data_type, value))
    return total


def _patch_sqs_message_size_in_bytes() -> str:
    send_message = SQSBackend.send_message

    @functools.wraps(send_message)
    def send_message_within_size(self: SQSBackend, queue_name: str, message_body: str, *args: Any, **kwargs: Any) -> Any:
        queue = self.get_queue(queue_name)
        limit = int(queue.maximum_message_size)  # type: ignore[arg-type]
        attributes = kwargs.get("message_attributes") if "message_attributes" in kwargs else (args[0] if args else None)
        if len(message_body.encode("utf-8")) + _attribute_bytes(attributes) > limit:
            raise sqs_models.InvalidParameterValue(
                f"One or more parameters are invalid. Reason: Message must be shorter than {limit} bytes."
            )
        return send_message(self, queue_name, message_body, *args, **kwargs)

    SQSBackend.send_message = send_message_within_size
    return "SQS counts a message's size in UTF-8 bytes with its attributes, as AWS does, not in characters"


def _patch_sqs_compact_redrive_policy() -> str:
    attributes = Queue.attributes

    @functools.wraps(attributes)
    def attributes_with_compact_redrive_policy(self: Queue) -> dict[str, Any]:
        result = attributes.fget(self)  # type: ignore[attr-defined]
        # A queue without one (a DLQ) keeps moto's None, which the answer leaves out as AWS does.
        if result.get("RedrivePolicy") is not None:
            result["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
        return result

    if not isinstance(attributes, property):
        raise RuntimeError(
            "moto's Queue.attributes is no longer a property: the RedrivePolicy fix in "
            "tools/testing/moto/patches.py needs a look for this moto version"
        )
    Queue.attributes = property(attributes_with_compact_redrive_policy)
    return "SQS returns RedrivePolicy as compact JSON, as AWS does, so Terraform leaves the queues as applied"


DEFAULT_ROTATION_PERIOD_IN_DAYS = 365


def _patch_kms_rotation_period() -> str:
    get_status = KmsResponse.get_key_rotation_status
    enable = KmsResponse.enable_key_rotation

    @functools.wraps(enable)
    def enable_key_rotation(self: KmsResponse) -> str:
        answer = enable(self)
        key = self.kms_backend.keys[self.kms_backend.get_key_id(self._get_param("KeyId"))]
        key.rotation_period_in_days = int(self._get_param("RotationPeriodInDays") or DEFAULT_ROTATION_PERIOD_IN_DAYS)
        return answer

    @functools.wraps(get_status)
    def get_key_rotation_status(self: KmsResponse) -> str:
        status = json.loads(get_status(self))
        key = self.kms_backend.keys[self.kms_backend.get_key_id(self._get_param("KeyId"))]
        if "RotationPeriodInDays" in status:
            raise RuntimeError(
                "moto's KMS returns RotationPeriodInDays now: the fix in "
                "tools/testing/moto/patches.py needs a look for this moto version"
            )
        status["KeyId"] = key.id
        if status["KeyRotationEnabled"]:
            status["RotationPeriodInDays"] = getattr(key, "rotation_period_in_days", DEFAULT_ROTATION_PERIOD_IN_DAYS)
        return json.dumps(status)

    KmsResponse.enable_key_rotation = enable_key_rotation
    KmsResponse.get_key_rotation_status = get_key_rotation_status
    return "KMS keeps a key's rotation period and GetKeyRotationStatus returns it, as AWS does"


def _patch_lambda_logging_config() -> str:
    if "LoggingConfig" in LambdaFunction.get_configuration.__code__.co_consts:
        raise RuntimeError(
            "moto's Lambda keeps LoggingConfig now: the fix in "
            "tools/testing/moto/patches.py needs a look for this moto version"
        )
    init = LambdaFunction.__init__
    get_configuration = LambdaFunction.get_configuration
    update_configuration = LambdaFunction.update_configuration

    @functools.wraps(init)
    def init_keeping_logging_config(
        self: LambdaFunction, account_id: str, spec: dict[str, Any], *args: Any, **kwargs: Any
    ) -> None:
        init(self, account_id, spec, *args, **kwargs)
        self.logging_config = {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{self.function_name}"}
        self.logging_config.update(spec.get("LoggingConfig") or {})

    @functools.wraps(get_configuration)
    def configuration_with_logging_config(self: LambdaFunction, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return {**get_configuration(self, *args, **kwargs), "LoggingConfig": dict(self.logging_config)}

    @functools.wraps(update_configuration)
    def update_keeping_logging_config(self: LambdaFunction, config_updates: dict[str, Any]) -> dict[str, Any]:
        self.logging_config.update(config_updates.get("LoggingConfig") or {})
        return update_configuration(self, config_updates)

    LambdaFunction.__init__ = init_keeping_logging_config
    LambdaFunction.get_configuration = configuration_with_logging_config
    LambdaFunction.update_configuration = update_keeping_logging_config
    return (
        "Lambda keeps a function's LoggingConfig and returns it, as AWS does, "
        "so Terraform leaves the functions as applied"
    )


def _patch_sqs_inert_event_source_mappings() -> str:
    if "lambda_event_source_mappings" not in Queue.add_message.__code__.co_names:
        raise RuntimeError(
            "moto's SQS no longer delivers to Lambda mappings as it adds a message: the fix in "
            "tools/testing/moto/patches.py needs a look for this moto version"
        )
    # CreateEventSourceMapping registers a mapping in this dict and add_message delivers to what
    # it holds: each read is a new empty dict and an assignment is dropped, so nothing is
    # registered and nothing delivered. Being on the class, it also hides the dict that a queue
    # pickled in an older snapshot still carries.
    Queue.lambda_event_source_mappings = property(lambda _queue: {}, lambda _queue, _value: None)
    return (
        "SQS event source mappings are kept but never deliver: a message sent invokes no function, "
        "the local stack's pollers consume the queues"
    )


def _missing_transition_targets(machine: dict[str, Any], where: str = "") -> list[str]:
    """
    StartAt, Next, Default and each Choice's Next naming a state that does not exist, in the
    machine and every Parallel branch and Map processor: AWS refuses such a definition, and moto's
    analysers (the grammar, not the references) let it through.
    """
    states = machine.get("States") or {}
    problems = []

    def check(target: Any, field: str) -> None:
        if isinstance(target, str) and target not in states:
            problems.append(f"{where}{field}: the state {target!r} does not exist")

    check(machine.get("StartAt"), "StartAt")
    for name, state in states.items():
        check(state.get("Next"), f"{name}.Next")
        check(state.get("Default"), f"{name}.Default")
        for index, choice in enumerate(state.get("Choices") or []):
            check(choice.get("Next"), f"{name}.Choices[{index}].Next")
        for index, branch in enumerate(state.get("Branches") or []):
            problems.extend(_missing_transition_targets(branch, f"{where}{name}.Branches[{index}]."))
        for field in ("ItemProcessor", "Iterator"):
            if isinstance(state.get(field), dict):
                problems.extend(_missing_transition_targets(state[field], f"{where}{name}.{field}."))
    return problems


def _patch_sfn_validate_definition() -> str:
    """
    Step Functions ValidateStateMachineDefinition and ListStateMachineVersions (moto 5.2.5) have
    no handler, and moto answers 500: Terraform's aws_sfn_state_machine calls the first before it
    creates a machine and the second when it reads one, and retries a 500 for many minutes, so a
    machine could not be applied to the emulator at all. moto carries AWS's ASL grammar and static
    analysers (its parser package, from LocalStack), which its CreateStateMachine does not use.
    Fix: the action answers what those analysers find, and transitions to states that do not
    exist (which they do not check), OK or FAIL with each error as a diagnostic, as AWS answers
    it; a definition AWS refuses fails the apply here too. ListStateMachineVersions lists the
    machine's published versions, newest first.
    """
    from moto.stepfunctions.parser.asl.static_analyser.express_static_analyser import (
        ExpressStaticAnalyser,
    )
    from moto.stepfunctions.parser.asl.static_analyser.static_analyser import StaticAnalyser
    from moto.stepfunctions.responses import StepFunctionResponse

    if hasattr(StepFunctionResponse, "validate_state_machine_definition") or hasattr(
        StepFunctionResponse, "list_state_machine_versions"
    ):
        raise RuntimeError(
            "moto answers ValidateStateMachineDefinition or ListStateMachineVersions now: the fix in "
            "tools/testing/moto/patches.py needs a look for this moto version"
        )

    def validate_state_machine_definition(self: StepFunctionResponse) -> str:
        definition = self._get_param("definition")
        analyser = ExpressStaticAnalyser() if self._get_param("type") == "EXPRESS" else StaticAnalyser()
        diagnostics = []
        try:
            analyser.analyse(definition)
            diagnostics.extend(
                {"severity": "ERROR", "code": "MISSING_TRANSITION_TARGET", "message": message}
                for message in _missing_transition_targets(json.loads(definition))
            )
        except Exception as error:  # the grammar's and the analysers' refusals alike
            message = str(error) or type(error).__name__
            diagnostics.append({"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED", "message": message})
        return json.dumps({"result": "FAIL" if diagnostics else "OK", "diagnostics": diagnostics, "truncated": False})

    def list_state_machine_versions(self: StepFunctionResponse) -> str:
        machine = self.stepfunction_backend.describe_state_machine(self._get_param("stateMachineArn"))
        versions = sorted(machine.versions.values(), key=lambda version: version.creation_date, reverse=True)
        return json.dumps(
            {
                "stateMachineVersions": [
                    # Epoch seconds, as the JSON protocol carries timestamps.
                    {"stateMachineVersionArn": version.arn, "creationDate": version.creation_date.replace(tzinfo=datetime.timezone.utc).timestamp()}
                    for version in versions
                ]
            }
        )

    StepFunctionResponse.validate_state_machine_definition = validate_state_machine_definition  # type: ignore[attr-defined]
    StepFunctionResponse.list_state_machine_versions = list_state_machine_versions  # type: ignore[attr-defined]
    return (
        "Step Functions answers ValidateStateMachineDefinition with AWS's ASL grammar, and "
        "ListStateMachineVersions, so Terraform can apply state machines"
    )


_applied: list[str] = []


def apply() -> list[str]:
    """
    Patches moto in this process; returns what was patched, one line each, for the server's log.
    Once per process: test modules that share one call it each.
    """
    if not _applied:
        _applied.extend(
            [
                _patch_dynamodb_transactions(),
                _patch_sqs_message_list(),
                _patch_sqs_deep_queues(),
                _patch_sqs_redrive_allow_policy(),
                _patch_s3_notification_version_id(),
                _patch_sqs_message_size_in_bytes(),
                _patch_sqs_compact_redrive_policy(),
                _patch_kms_rotation_period(),
                _patch_lambda_logging_config(),
                _patch_sfn_validate_definition(),
                _patch_sqs_inert_event_source_mappings(),
            ]
        )
    return list(_applied)
