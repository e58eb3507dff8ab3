"""
snapshot.py inside one process: the emulator as the local stack records it, taken and put back
into moto's backends, with the values that differ between starts put in anew.

Run: .venv/bin/python -m unittest discover -s tools/testing/moto -v
"""

from __future__ import annotations

import io
import json
import pickle
import threading
import unittest
import zipfile

import patches

patches.apply()

import boto3  # noqa: E402  (after the patches, as in server.py)
import snapshot  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.sqs.models import sqs_backends  # noqa: E402

REGION = "eu-west-1"
OLD = {
    "address": "127.0.0.1:5001",
    "issuer": "http://127.0.0.1:7001",
    "ca": "-----BEGIN CERTIFICATE-----\nOLD\n-----END CERTIFICATE-----\n",
}
NEW = {
    "address": "127.0.0.1:6002",
    "issuer": "http://127.0.0.1:8002",
    "ca": "-----BEGIN CERTIFICATE-----\nNEW\n-----END CERTIFICATE-----\n",
}
LAMBDA_TRUST = {
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
}


class SnapshotTest(unittest.TestCase):
    """What Terraform leaves in moto for the stack, and what the stack then relies on."""

    def setUp(self) -> None:
        self.mock = mock_aws()
        self.mock.start()
        client = lambda service: boto3.client(service, region_name=REGION)  # noqa: E731
        self.sqs, self.sns, self.kms = client("sqs"), client("sns"), client("kms")
        self.secrets, self.awslambda, self.ssm = client("secretsmanager"), client("lambda"), client("ssm")

        self.key_id = self.kms.create_key()["KeyMetadata"]["KeyId"]
        self.kms.enable_key_rotation(KeyId=self.key_id, RotationPeriodInDays=180)
        self.ciphertext = self.kms.encrypt(KeyId=self.key_id, Plaintext=b"receipt")["CiphertextBlob"]
        self.queue_url = self.sqs.create_queue(QueueName="shoebox-test-queue")["QueueUrl"]
        attributes = self.sqs.get_queue_attributes(QueueUrl=self.queue_url, AttributeNames=["QueueArn"])
        queue_arn = attributes["Attributes"]["QueueArn"]
        self.topic_arn = self.sns.create_topic(Name="shoebox-test-topic")["TopicArn"]
        self.sns.subscribe(TopicArn=self.topic_arn, Protocol="sqs", Endpoint=queue_arn)
        # SSM keeps parameters in a defaultdict subclass whose constructor wants more arguments.
        self.ssm.put_parameter(Name="/shoebox/test/issuer", Value=OLD["issuer"], Type="String")
        self.secrets.create_secret(
            Name="shoebox-test-database", SecretString=json.dumps({"url": "postgres://db", "caCertificate": OLD["ca"]})
        )
        role = boto3.client("iam", region_name=REGION).create_role(
            RoleName="shoebox-test-function",
            AssumeRolePolicyDocument=json.dumps(LAMBDA_TRUST),
        )["Role"]["Arn"]
        code = io.BytesIO()
        with zipfile.ZipFile(code, "w") as archive:
            archive.writestr("index.mjs", "export const handler = async () => ({});")
        self.awslambda.create_function(
            FunctionName="shoebox-test-function",
            Runtime="nodejs22.x",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": code.getvalue()},
            Environment={
                "Variables": {
                    "QUEUE_URL": f"http://{OLD['address']}/123456789012/shoebox-test-queue",
                    "JWT_ISSUER": OLD["issuer"],
                    # Another port that starts with the address's: not the address.
                    "OTHER": "http://127.0.0.1:50011/",
                }
            },
        )

    def tearDown(self) -> None:
        self.mock.stop()

    def _environment(self) -> dict[str, str]:
        configuration = self.awslambda.get_function_configuration(FunctionName="shoebox-test-function")
        return configuration["Environment"]["Variables"]

    def test_a_restore_brings_back_everything_with_the_new_values(self) -> None:
        record = snapshot.snapshot(OLD)
        self.mock.stop()  # moto as a new server finds it: empty
        self.mock.start()
        self.assertEqual(self.sqs.list_queues().get("QueueUrls", []), [])

        services = snapshot.restore(record, NEW)

        self.assertIn("moto.kms.models.kms_backends", services)
        self.assertEqual(self.kms.decrypt(CiphertextBlob=self.ciphertext)["Plaintext"], b"receipt")
        self.assertEqual(self.kms.get_key_rotation_status(KeyId=self.key_id)["RotationPeriodInDays"], 180)
        self.assertEqual(
            self._environment(),
            {
                "QUEUE_URL": f"http://{NEW['address']}/123456789012/shoebox-test-queue",
                "JWT_ISSUER": NEW["issuer"],
                "OTHER": "http://127.0.0.1:50011/",
            },
        )
        self.assertEqual(self.ssm.get_parameter(Name="/shoebox/test/issuer")["Parameter"]["Value"], NEW["issuer"])
        # Inside the secret's JSON the certificate's line breaks are escaped: the new one is too.
        secret = json.loads(self.secrets.get_secret_value(SecretId="shoebox-test-database")["SecretString"])
        self.assertEqual(secret, {"url": "postgres://db", "caCertificate": NEW["ca"]})
        # The subscription still delivers into the restored queue, under the queue's lock.
        self.sns.publish(TopicArn=self.topic_arn, Message="hello")
        messages = self.sqs.receive_message(QueueUrl=self.queue_url).get("Messages", [])
        self.assertEqual([json.loads(message["Body"])["Message"] for message in messages], ["hello"])
        queue = sqs_backends["123456789012"][REGION].queues["shoebox-test-queue"]
        self.assertIsInstance(queue._messages_lock, threading.Condition)

    def test_a_restore_needs_every_value_the_snapshot_holds(self) -> None:
        record = snapshot.snapshot(OLD)
        with self.assertRaisesRegex(KeyError, "issuer"):
            snapshot.restore(record, {"address": NEW["address"], "ca": NEW["ca"]})

    def test_a_snapshot_of_another_emulator_is_refused(self) -> None:
        record = snapshot.snapshot(OLD)
        stream = io.BytesIO(record)
        pickle.load(stream)  # the first pickle names the emulator that made it
        other = pickle.dumps(snapshot.emulator() | {"moto": "0.0.0"})
        with self.assertRaisesRegex(ValueError, "0.0.0"):
            snapshot.restore(other + record[stream.tell() :], NEW)

    def test_what_cannot_be_pickled_fails_the_snapshot(self) -> None:
        queue = sqs_backends["123456789012"][REGION].queues["shoebox-test-queue"]
        queue.timer = threading.Timer(60, print)
        with self.assertRaisesRegex(TypeError, "cannot pickle"):
            snapshot.snapshot(OLD)


if __name__ == "__main__":
    unittest.main()
