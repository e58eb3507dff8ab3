"""
The SQS fixes in patches.py, inside one process with moto's SQS backend and real threads.

moto serves each request on a thread, so these races are between requests. Here the interpreter
switches threads every microsecond instead of every 5 ms, which makes them show up in seconds:
on moto as released this loses some tens of the 4000 messages, refuses valid receipt handles and
fails receives with "Set changed size during iteration".

Run: .venv/bin/python -m unittest discover -s tools/testing/moto -v
"""

from __future__ import annotations

import json
import sys
import threading
import unittest
from typing import Any

import patches

patches.apply()

import moto.sqs.models as sqs_models  # noqa: E402  (after the patches, as in server.py)
from moto.sqs.models import sqs_backends  # noqa: E402

BACKLOG = 1000
SENT_DURING_DELETES = 3000


class SqsMessageListTest(unittest.TestCase):
    def setUp(self) -> None:
        self.switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(1e-6)
        self.backend = sqs_backends["123456789012"]["us-east-1"]
        self.backend.create_queue("shoebox-test-race")

    def tearDown(self) -> None:
        sys.setswitchinterval(self.switch_interval)
        self.backend.delete_queue("shoebox-test-race")

    def test_keeps_every_message_sent_while_other_threads_receive_and_delete(self) -> None:
        queue = "shoebox-test-race"
        for index in range(BACKLOG):
            self.backend.send_message(queue, f"backlog-{index}")
        received: list[str] = []
        errors: list[BaseException] = []
        sending = threading.Event()
        sending.set()

        def guarded(work):
            def run(*args):
                try:
                    work(*args)
                except BaseException as error:  # a thread's failure is the test's failure
                    errors.append(error)

            return run

        def send(first: int) -> None:
            for index in range(first, SENT_DURING_DELETES, 4):
                self.backend.send_message(queue, f"sent-{index}")

        def consume() -> None:
            idle = 0
            while sending.is_set() or idle < 3:
                messages = self.backend.receive_message(queue, 10, 0, 30)
                idle = 0 if messages else idle + 1
                for message in messages:
                    received.append(message.body)
                    self.backend.delete_message(queue, message.receipt_handle)

        consumers = [threading.Thread(target=guarded(consume)) for _ in range(4)]
        senders = [threading.Thread(target=guarded(send), args=(first,)) for first in range(4)]
        for thread in consumers + senders:
            thread.start()
        for thread in senders:
            thread.join()
        sending.clear()
        for thread in consumers:
            thread.join()

        self.assertEqual(errors, [])
        expected = {f"backlog-{index}" for index in range(BACKLOG)}
        expected |= {f"sent-{index}" for index in range(SENT_DURING_DELETES)}
        self.assertEqual(sorted(expected - set(received)), [], "messages lost")
        self.assertEqual(len(received), len(expected), "messages handed out twice")

    def test_a_long_poll_lets_sends_through_and_returns_what_they_send(self) -> None:
        # The poll holds the queue's lock except while it waits: a send during the wait must get
        # in and wake it, or the poll would end empty after its full wait.
        queue = "shoebox-test-race"
        polled: list[list[str]] = []
        poll = threading.Thread(
            target=lambda: polled.append([m.body for m in self.backend.receive_message(queue, 10, 5, 30)])
        )
        poll.start()
        threading.Event().wait(0.3)
        self.backend.send_message(queue, "during the wait")
        poll.join()
        self.assertEqual(polled, [["during the wait"]])

    def test_change_message_visibility_returns_a_message_to_the_queue(self) -> None:
        queue = "shoebox-test-race"
        self.backend.send_message(queue, "retry me")
        [message] = self.backend.receive_message(queue, 10, 0, 30)
        self.backend.change_message_visibility(queue, message.receipt_handle, 0)
        self.assertEqual([m.body for m in self.backend.receive_message(queue, 10, 0, 30)], ["retry me"])

    def test_retention_check_still_expires_old_messages(self) -> None:
        queue = "shoebox-test-race"
        self.backend.set_queue_attributes(queue, {"MessageRetentionPeriod": "60"})
        message = self.backend.send_message(queue, "old")
        message.sent_timestamp -= 61_000
        self.assertFalse(self.backend.is_message_valid_based_on_retention_period(queue, message))
        self.assertEqual(self.backend.receive_message(queue, 10, 0, 30), [])
        fresh = self.backend.send_message(queue, "fresh")
        self.assertTrue(self.backend.is_message_valid_based_on_retention_period(queue, fresh))


class SqsRedriveAllowPolicyTest(unittest.TestCase):
    """What Terraform's aws_sqs_queue_redrive_allow_policy does: set the policy, read it back."""

    POLICY = json.dumps(
        {
            "redrivePermission": "byQueue",
            "sourceQueueArns": ["arn:aws:sqs:us-east-1:123456789012:shoebox-test-source"],
        }
    )

    def setUp(self) -> None:
        self.backend = sqs_backends["123456789012"]["us-east-1"]

    def tearDown(self) -> None:
        for name in ("shoebox-test-dlq", "shoebox-test-plain"):
            if name in self.backend.queues:
                self.backend.delete_queue(name)

    def test_set_queue_attributes_stores_it_and_get_queue_attributes_returns_it(self) -> None:
        self.backend.create_queue("shoebox-test-dlq")
        self.backend.set_queue_attributes("shoebox-test-dlq", {"RedriveAllowPolicy": self.POLICY})
        self.assertEqual(
            self.backend.get_queue_attributes("shoebox-test-dlq", ["RedriveAllowPolicy"]),
            {"RedriveAllowPolicy": self.POLICY},
        )
        everything = self.backend.get_queue_attributes("shoebox-test-dlq", ["All"])
        self.assertEqual(everything["RedriveAllowPolicy"], self.POLICY)

    def test_create_queue_stores_it(self) -> None:
        self.backend.create_queue("shoebox-test-dlq", RedriveAllowPolicy=self.POLICY)
        self.assertEqual(
            self.backend.get_queue_attributes("shoebox-test-dlq", ["RedriveAllowPolicy"]),
            {"RedriveAllowPolicy": self.POLICY},
        )

    def test_other_attributes_are_kept_and_an_empty_value_removes_it(self) -> None:
        self.backend.create_queue("shoebox-test-dlq", VisibilityTimeout="45")
        self.backend.set_queue_attributes("shoebox-test-dlq", {"RedriveAllowPolicy": self.POLICY})
        self.assertEqual(
            self.backend.get_queue_attributes("shoebox-test-dlq", ["VisibilityTimeout"]), {"VisibilityTimeout": 45}
        )
        self.backend.set_queue_attributes("shoebox-test-dlq", {"RedriveAllowPolicy": ""})
        self.assertEqual(self.backend.get_queue_attributes("shoebox-test-dlq", ["RedriveAllowPolicy"]), {})
        # None, like an unset Policy: the response leaves it out.
        self.assertIsNone(self.backend.get_queue_attributes("shoebox-test-dlq", ["All"])["RedriveAllowPolicy"])

    def test_a_queue_without_one_does_not_show_it(self) -> None:
        self.backend.create_queue("shoebox-test-plain")
        self.assertIsNone(self.backend.get_queue_attributes("shoebox-test-plain", ["All"])["RedriveAllowPolicy"])
        self.assertEqual(self.backend.get_queue_attributes("shoebox-test-plain", ["RedriveAllowPolicy"]), {})


class S3NotificationVersionIdTest(unittest.TestCase):
    """What a versioned uploads bucket tells its queue: which version of the key was created."""

    def setUp(self) -> None:
        from moto.s3.models import s3_backends

        self.s3 = s3_backends["123456789012"]["aws"]
        self.sqs = sqs_backends["123456789012"]["us-east-1"]
        self.queue = self.sqs.create_queue("shoebox-test-uploads")
        # A bucket per test: moto keeps buckets for the whole process.
        self.bucket = f"shoebox-test-{self._testMethodName.replace('_', '-')[5:40]}"
        self.s3.create_bucket(self.bucket, "us-east-1")
        self.s3.put_bucket_notification_configuration(
            self.bucket,
            {"QueueConfiguration": [{"Id": "uploads", "Queue": self.queue.queue_arn, "Event": ["s3:ObjectCreated:*"]}]},
        )

    def tearDown(self) -> None:
        self.sqs.delete_queue("shoebox-test-uploads")

    def _created_objects(self) -> list[dict[str, Any]]:
        messages = self.sqs.receive_message("shoebox-test-uploads", 10, 0, 30)
        bodies = [json.loads(message.body) for message in messages]
        return [body["Records"][0]["s3"]["object"] for body in bodies if "Records" in body]

    def test_each_upload_names_the_version_it_created(self) -> None:
        self.s3.put_bucket_versioning(self.bucket, "Enabled")
        first = self.s3.put_object(self.bucket, "uploads/a", b"first")
        second = self.s3.put_object(self.bucket, "uploads/a", b"second")
        versions = [obj["versionId"] for obj in self._created_objects()]
        self.assertEqual(versions, [first.version_id, second.version_id])
        self.assertNotEqual(first.version_id, second.version_id)

    def test_an_unversioned_bucket_sends_none(self) -> None:
        self.s3.put_object(self.bucket, "uploads/b", b"bytes")
        self.assertEqual([obj.get("versionId") for obj in self._created_objects()], [None])


class SqsMessageSizeTest(unittest.TestCase):
    """AWS's limit is in UTF-8 bytes, attributes included; moto counted characters of the body."""

    def setUp(self) -> None:
        self.backend = sqs_backends["123456789012"]["us-east-1"]
        self.backend.create_queue("shoebox-test-size", MaximumMessageSize="1024")

    def tearDown(self) -> None:
        self.backend.delete_queue("shoebox-test-size")

    def test_multi_byte_characters_count_as_their_bytes(self) -> None:
        with self.assertRaises(sqs_models.InvalidParameterValue):
            self.backend.send_message("shoebox-test-size", "é" * 600)  # 600 characters, 1200 bytes
        self.backend.send_message("shoebox-test-size", "é" * 500)

    def test_attributes_count_toward_the_limit(self) -> None:
        attributes = {"ownerSub": {"DataType": "String", "StringValue": "x" * 100}}
        with self.assertRaises(sqs_models.InvalidParameterValue):
            self.backend.send_message("shoebox-test-size", "a" * 950, message_attributes=attributes)
        self.backend.send_message("shoebox-test-size", "a" * 900, message_attributes=attributes)


class SqsRedrivePolicyJsonTest(unittest.TestCase):
    """Terraform compares what it set (jsonencode: compact) with what GetQueueAttributes returns."""

    def setUp(self) -> None:
        self.backend = sqs_backends["123456789012"]["us-east-1"]
        self.dlq = self.backend.create_queue("shoebox-test-redrive-dlq")

    def tearDown(self) -> None:
        for name in ("shoebox-test-redrive", "shoebox-test-redrive-dlq"):
            if name in self.backend.queues:
                self.backend.delete_queue(name)

    def test_redrive_policy_comes_back_as_compact_json(self) -> None:
        policy = json.dumps({"deadLetterTargetArn": self.dlq.queue_arn, "maxReceiveCount": 5}, separators=(",", ":"))
        self.backend.create_queue("shoebox-test-redrive", RedrivePolicy=policy)
        for names in (["RedrivePolicy"], ["All"]):
            self.assertEqual(self.backend.get_queue_attributes("shoebox-test-redrive", names)["RedrivePolicy"], policy)

    def test_a_queue_without_a_redrive_policy_has_none(self) -> None:
        self.assertIsNone(self.backend.get_queue_attributes("shoebox-test-redrive-dlq", ["All"])["RedrivePolicy"])


class KmsRotationPeriodTest(unittest.TestCase):
    """What Terraform's aws_kms_key does: enable rotation with a period, read the period back."""

    def setUp(self) -> None:
        from moto import mock_aws

        self.mock = mock_aws()
        self.mock.start()
        import boto3

        self.kms = boto3.client("kms", region_name="us-east-1")
        self.key_id = self.kms.create_key()["KeyMetadata"]["KeyId"]

    def tearDown(self) -> None:
        self.mock.stop()

    def test_the_period_given_is_kept_and_returned(self) -> None:
        self.kms.enable_key_rotation(KeyId=self.key_id, RotationPeriodInDays=180)
        status = self.kms.get_key_rotation_status(KeyId=self.key_id)
        self.assertEqual(
            (status["KeyRotationEnabled"], status["RotationPeriodInDays"], status["KeyId"]), (True, 180, self.key_id)
        )

    def test_without_a_period_rotation_is_yearly(self) -> None:
        self.kms.enable_key_rotation(KeyId=self.key_id)
        self.assertEqual(self.kms.get_key_rotation_status(KeyId=self.key_id)["RotationPeriodInDays"], 365)

    def test_a_key_without_rotation_has_no_period(self) -> None:
        status = self.kms.get_key_rotation_status(KeyId=self.key_id)
        self.assertEqual((status["KeyRotationEnabled"], "RotationPeriodInDays" in status), (False, False))


class LambdaLoggingConfigTest(unittest.TestCase):
    """What Terraform's aws_lambda_function logging_config does: set it, read it back, change it."""

    def setUp(self) -> None:
        import io
        import zipfile

        from moto import mock_aws

        self.mock = mock_aws()
        self.mock.start()
        import boto3

        self.awslambda = boto3.client("lambda", region_name="us-east-1")
        role = boto3.client("iam", region_name="us-east-1").create_role(
            RoleName="shoebox-test-function",
            AssumeRolePolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
                    ],
                }
            ),
        )["Role"]["Arn"]
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as archive:
            archive.writestr("index.mjs", "export const handler = async () => ({});")
        self.function = {
            "Runtime": "nodejs22.x",
            "Role": role,
            "Handler": "index.handler",
            "Code": {"ZipFile": code.getvalue()},
        }

    def tearDown(self) -> None:
        self.mock.stop()

    def _logging_config(self, name: str) -> dict[str, str]:
        return self.awslambda.get_function(FunctionName=name)["Configuration"]["LoggingConfig"]

    def test_the_config_given_is_kept_returned_and_updated(self) -> None:
        created = self.awslambda.create_function(
            FunctionName="shoebox-test-json", LoggingConfig={"LogFormat": "JSON", "LogGroup": "/custom"}, **self.function
        )
        self.assertEqual(created["LoggingConfig"], {"LogFormat": "JSON", "LogGroup": "/custom"})
        self.assertEqual(self._logging_config("shoebox-test-json"), {"LogFormat": "JSON", "LogGroup": "/custom"})
        self.awslambda.update_function_configuration(FunctionName="shoebox-test-json", LoggingConfig={"LogFormat": "Text"})
        self.assertEqual(self._logging_config("shoebox-test-json"), {"LogFormat": "Text", "LogGroup": "/custom"})

    def test_without_one_the_function_logs_text_to_its_own_group(self) -> None:
        self.awslambda.create_function(FunctionName="shoebox-test-plain", **self.function)
        self.assertEqual(
            self._logging_config("shoebox-test-plain"), {"LogFormat": "Text", "LogGroup": "/aws/lambda/shoebox-test-plain"}
        )


class StepFunctionsDefinitionTest(unittest.TestCase):
    """What Terraform's aws_sfn_state_machine does: validate the definition, create, list versions."""

    def setUp(self) -> None:
        from moto import mock_aws

        self.mock = mock_aws()
        self.mock.start()
        import boto3

        self.sfn = boto3.client("stepfunctions", region_name="us-east-1")

    def tearDown(self) -> None:
        self.mock.stop()

    def test_the_project_workflow_is_valid_by_the_asl_grammar(self) -> None:
        import os

        path = os.path.join(os.path.dirname(__file__), "..", "..", "..", "asl", "receipt-workflow.asl.json")
        with open(path, encoding="utf-8") as definition:
            answer = self.sfn.validate_state_machine_definition(definition=definition.read(), type="STANDARD")
        self.assertEqual((answer["result"], answer["diagnostics"]), ("OK", []))

    def test_a_definition_the_grammar_refuses_fails_with_a_diagnostic(self) -> None:
        answer = self.sfn.validate_state_machine_definition(
            definition=json.dumps({"StartAt": "Here", "States": {"Here": {"Type": "Teleport", "End": True}}})
        )
        self.assertEqual((answer["result"], answer["diagnostics"][0]["severity"]), ("FAIL", "ERROR"))

    def test_a_transition_to_a_state_that_does_not_exist_fails(self) -> None:
        branch = {"StartAt": "Inner", "States": {"Inner": {"Type": "Pass", "Next": "Nowhere"}}}
        for definition in (
            {"StartAt": "Missing", "States": {"Here": {"Type": "Succeed"}}},
            {"StartAt": "Here", "States": {"Here": {"Type": "Pass", "Next": "Nowhere"}}},
            {
                "StartAt": "Pick",
                "States": {
                    "Pick": {
                        "Type": "Choice",
                        "Choices": [{"Variable": "$.a", "IsPresent": True, "Next": "Nowhere"}],
                        "Default": "Done",
                    },
                    "Done": {"Type": "Succeed"},
                },
            },
            {"StartAt": "Each", "States": {"Each": {"Type": "Map", "ItemProcessor": branch, "End": True}}},
        ):
            answer = self.sfn.validate_state_machine_definition(definition=json.dumps(definition))
            self.assertEqual(answer["result"], "FAIL", definition)
            self.assertIn("does not exist", answer["diagnostics"][0]["message"])

    def test_versions_are_listed_newest_first(self) -> None:
        definition = json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}})
        role = "arn:aws:iam::123456789012:role/shoebox-test"
        unpublished = self.sfn.create_state_machine(name="shoebox-plain", definition=definition, roleArn=role)
        self.assertEqual(
            self.sfn.list_state_machine_versions(stateMachineArn=unpublished["stateMachineArn"])["stateMachineVersions"],
            [],
        )
        created = self.sfn.create_state_machine(name="shoebox-test", definition=definition, roleArn=role, publish=True)
        updated = self.sfn.update_state_machine(
            stateMachineArn=created["stateMachineArn"], definition=definition.replace("Done", "End"), publish=True
        )
        listed = self.sfn.list_state_machine_versions(stateMachineArn=created["stateMachineArn"])["stateMachineVersions"]
        self.assertEqual(
            [version["stateMachineVersionArn"] for version in listed],
            [updated["stateMachineVersionArn"], created["stateMachineVersionArn"]],
        )


class SqsEventSourceMappingTest(unittest.TestCase):
    """What Terraform's aws_lambda_event_source_mapping does, and what the local pollers need of it."""

    def setUp(self) -> None:
        import io
        import zipfile

        from moto import mock_aws

        self.mock = mock_aws()
        self.mock.start()
        import boto3

        self.awslambda = boto3.client("lambda", region_name="us-east-1")
        self.sqs = boto3.client("sqs", region_name="us-east-1")
        role = boto3.client("iam", region_name="us-east-1").create_role(
            RoleName="shoebox-test-consumer", AssumeRolePolicyDocument="{}"
        )["Role"]["Arn"]
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as archive:
            archive.writestr("index.mjs", "export const handler = async () => ({});")
        self.function_arn = self.awslambda.create_function(
            FunctionName="shoebox-test-consumer",
            Runtime="nodejs22.x",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": code.getvalue()},
        )["FunctionArn"]
        self.queue_url = self.sqs.create_queue(QueueName="shoebox-test-uploads")["QueueUrl"]
        self.queue_arn = self.sqs.get_queue_attributes(QueueUrl=self.queue_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        # As terraform/functions.tf sets it, with the provider's default tags.
        self.mapping = self.awslambda.create_event_source_mapping(
            EventSourceArn=self.queue_arn,
            FunctionName=self.function_arn,
            Enabled=True,
            BatchSize=5,
            MaximumBatchingWindowInSeconds=1,
            FunctionResponseTypes=["ReportBatchItemFailures"],
            ScalingConfig={"MaximumConcurrency": 2},
            Tags={"project": "shoebox"},
        )

    def tearDown(self) -> None:
        self.mock.stop()

    def _settings(self) -> dict[str, Any]:
        mapping = self.awslambda.get_event_source_mapping(UUID=self.mapping["UUID"])
        return {
            name: mapping.get(name)
            for name in (
                "EventSourceArn",
                "FunctionArn",
                "State",
                "BatchSize",
                "MaximumBatchingWindowInSeconds",
                "FunctionResponseTypes",
                "ScalingConfig",
            )
        }

    def _sent_and_received(self, body: str) -> list[tuple[str, str]]:
        """The messages a poller receives after `body` is sent, and how often each was received."""
        self.sqs.send_message(QueueUrl=self.queue_url, MessageBody=body)
        received = self.sqs.receive_message(QueueUrl=self.queue_url, AttributeNames=["ApproximateReceiveCount"])
        return [(message["Body"], message["Attributes"]["ApproximateReceiveCount"]) for message in received["Messages"]]

    def test_a_message_sent_stays_on_the_queue_for_the_local_poller(self) -> None:
        # Received once, here: the mapping neither took it nor counted a receive towards the DLQ.
        self.assertEqual(self._sent_and_received("an upload"), [("an upload", "1")])

    def test_every_setting_terraform_reads_back_is_as_set(self) -> None:
        self.assertEqual(
            self._settings(),
            {
                "EventSourceArn": self.queue_arn,
                "FunctionArn": self.function_arn,
                "State": "Enabled",
                "BatchSize": 5,
                "MaximumBatchingWindowInSeconds": 1,
                "FunctionResponseTypes": ["ReportBatchItemFailures"],
                "ScalingConfig": {"MaximumConcurrency": 2},
            },
        )
        self.assertEqual(
            self.awslambda.list_tags(Resource=self.mapping["EventSourceMappingArn"])["Tags"], {"project": "shoebox"}
        )
        listed = self.awslambda.list_event_source_mappings(EventSourceArn=self.queue_arn)["EventSourceMappings"]
        self.assertEqual([mapping["UUID"] for mapping in listed], [self.mapping["UUID"]])

    def test_an_update_changes_the_settings_and_still_delivers_nothing(self) -> None:
        before = self._settings()
        self.awslambda.update_event_source_mapping(
            UUID=self.mapping["UUID"],
            BatchSize=10,
            MaximumBatchingWindowInSeconds=0,
            FunctionResponseTypes=[],
            ScalingConfig={"MaximumConcurrency": 3},
        )
        self.assertEqual(
            self._settings(),
            {
                **before,
                "BatchSize": 10,
                "MaximumBatchingWindowInSeconds": 0,
                "FunctionResponseTypes": [],
                "ScalingConfig": {"MaximumConcurrency": 3},
            },
        )
        self.assertEqual(self._sent_and_received("after the update"), [("after the update", "1")])


if __name__ == "__main__":
    unittest.main()
