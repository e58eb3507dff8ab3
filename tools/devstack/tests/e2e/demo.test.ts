import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import {
  GetRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
} from "@aws-sdk/client-iam";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { ownerIdFromClaims } from "@shoebox/runtime";
import { type ConnectionSampler, sampleConnections } from "@shoebox/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The archive function's own generators of well-formed and hostile zips (one place for both).
import {
  buildZip,
  fakeJpeg,
  sharedStreamZip,
} from "../../../../functions/archive-fanout/tests/helpers/zips.ts";
import { listDemoFiles } from "../../src/demo/demo-files.ts";
import { runDemo } from "../../src/demo/run-demo.ts";
import type { DemoResult, DemoSummary } from "../../src/demo/types.ts";
import { emulatorAdmin } from "../../src/emulator-admin.ts";
import { EventsLog, type StackEvent } from "../../src/events-log.ts";
import { describeDenials } from "../../src/iam/iam-gate.ts";
import { repoRoot } from "../../src/provision.ts";
import { stackPortsFile, stickyPort } from "../../src/stack/stack-ports.ts";
import { type Stack, startStack } from "../../src/stack.ts";
import { REVIEWER, registerReviewTests, reviewVariables } from "./reviews.ts";
import { registerVerifyDeployTests } from "./verify-deploy.ts";

/*
 * The demo flow end to end, on the real thing: moto, terraform/ applied to it, the zips from
 * dist/ in local workers, a local PostgreSQL. Two photos, one receipt and one broken file go in
 * through the public API; the photos and the receipt must come out PROCESSED with thumbnails and
 * notifications, the broken one FAILED with a reason, nothing lost; the receipt goes on:
 * photo.processed -> SNS (filter policy) -> receipt-starter -> StartExecution on the local
 * Step Functions endpoint -> the workflow stores it -> receipt-delivery -> a row in PostgreSQL.
 * Needs `make build` first (make test builds).
 */
const manifest = join(repoRoot, "dist", "manifest.json");
const photos = join(repoRoot, "functions", "thumbnail", "tests", "fixtures", "photos");
/** The build's comparison of a bundle's AWS actions with a role's policy (plain JavaScript). */
const iamPolicyScript = join(repoRoot, "scripts", "build", "iam-policy.mjs");

let stack: Stack;
// Its own work folder: a `make dev` running beside the tests keeps its Terraform state.
const workDir = join(repoRoot, ".local", "e2e", "terraform");
// The issuer is the API's own URL: its port is chosen first, so the reviewer's owner id (and the
// review variables naming it) are known before Terraform applies. The port of the last run, when
// free: the same variables restore the recorded apply instead of applying again.
const apiPort = await stickyPort(stackPortsFile(workDir), "api");
const reviewerOwnerId = ownerIdFromClaims(`http://127.0.0.1:${apiPort}`, REVIEWER);
const events: StackEvent[] = [];
let outcome: { results: DemoResult[]; summary: DemoSummary };
let deliverySessions: ConnectionSampler | undefined;

beforeAll(async () => {
  if (!existsSync(manifest)) {
    throw new Error(`${manifest} is missing: the end-to-end test runs the built zips, run make build first`);
  }
  const log = new EventsLog({ write: () => {}, level: "warn" });
  log.on((event) => events.push(event));
  stack = await startStack({
    log,
    apiPort,
    variables: reviewVariables(reviewerOwnerId),
    waitTimeSeconds: 5,
    workDir,
  });
  deliverySessions = sampleConnections(stack.database.url, { applicationName: "shoebox-delivery" });
}, 600_000);

afterAll(async () => {
  await deliverySessions?.stop();
  await stack?.stop();
}, 60_000);

describe("make demo, end to end on the emulator", () => {
  it("refuses calls without a valid token, like the HTTP API's JWT authorizer", async () => {
    const anonymous = await fetch(`${stack.apiUrl}/photos`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ message: "Unauthorized" });
    const forged = await fetch(`${stack.apiUrl}/photos`, { headers: { authorization: "Bearer x.y.z" } });
    expect(forged.status).toBe(401);
    const unknown = await fetch(`${stack.apiUrl}/nothing`, {
      headers: { authorization: `Bearer ${await stack.token()}` },
    });
    expect(unknown.status).toBe(404);
  });

  it("processes two photos and a receipt, reads the receipt without hints, fails the broken file with a reason, delivers the receipt to PostgreSQL, loses nothing", async () => {
    const folder = mkdtempSync(join(tmpdir(), "devstack-demo-"));
    copyFileSync(join(photos, "coffee.jpg"), join(folder, "coffee.jpg"));
    copyFileSync(join(photos, "astronaut.jpg"), join(folder, "astronaut.jpg"));
    copyFileSync(join(repoRoot, "samples", "broken.jpg"), join(folder, "broken.jpg"));
    copyFileSync(
      join(repoRoot, "samples", "receipts", "hardware-depot.jpg"),
      join(folder, "hardware-depot.jpg"),
    );
    // No hints: the offline reader's zip (receipt_reader = "local") reads every field from the image.
    writeFileSync(join(folder, "receipts.json"), JSON.stringify({ "hardware-depot.jpg": {} }));
    const { files } = listDemoFiles([folder]);
    expect(files.map((file) => [file.name, file.kind])).toEqual([
      ["astronaut.jpg", "photo"],
      ["broken.jpg", "photo"],
      ["coffee.jpg", "photo"],
      ["hardware-depot.jpg", "receipt"],
    ]);

    outcome = await runDemo({ stack, files, timeoutSeconds: 240 });
    const { results, summary } = outcome;

    expect(summary).toMatchObject({
      uploaded: 4,
      processed: 3,
      failed: 1,
      lost: 0,
      receipts: { stored: 1, duplicate: 0, invalid: 0, failed: 0 },
      delivered: 1,
    });
    const byName = Object.fromEntries(results.map((result) => [result.name, result]));
    for (const name of ["astronaut.jpg", "coffee.jpg", "hardware-depot.jpg"]) {
      expect(byName[name]?.status).toBe("PROCESSED");
      expect(byName[name]?.thumbnails.length).toBeGreaterThanOrEqual(1);
      for (const key of byName[name]?.thumbnails ?? []) expect(key).toMatch(/^thumbnails\/.+\.webp$/);
    }
    expect(byName["broken.jpg"]).toMatchObject({ status: "FAILED", thumbnails: [] });
    expect(byName["broken.jpg"]?.reason).toMatch(/\S/);
    expect(summary.thumbnails).toBe(
      ["astronaut.jpg", "coffee.jpg", "hardware-depot.jpg"].reduce(
        (sum, name) => sum + (byName[name]?.thumbnails.length ?? 0),
        0,
      ),
    );
    // photo.processed three times, photo.failed once and receipt.stored once on the events topic.
    expect(summary.notifications).toBe(5);
    // The broken file is a business failure: it must not have been retried into the DLQ.
    expect(events.filter((event) => event.source === "dlq")).toEqual([]);

    // Only the receipt's photo.processed passed the subscription's filter policy to the starter.
    const receipt = byName["hardware-depot.jpg"] as DemoResult;
    expect(receipt).toMatchObject({
      status: "PROCESSED",
      kind: "receipt",
      receipt: "stored",
      delivered: true,
      // What GET /receipts shows the user: the fields as read.
      read: expect.stringMatching(/^HARDWARE DEPOT · 2025-04-02 · 24\.89 USD/i),
    });
    const starterMessages = events
      .filter((event) => event.source === "receipt-starter" && typeof event.data?.batch === "number")
      .reduce((sum, event) => sum + Number(event.data?.batch), 0);
    expect(starterMessages).toBe(1);
    const workflow = events.filter((event) => event.source === "workflow").map((event) => event.message);
    expect(workflow).toContain(`receipt-workflow ${receipt.photoId} started (1 receipt)`);
    expect(
      workflow.some((line) => line.startsWith(`receipt-workflow ${receipt.photoId} SUCCEEDED in `)),
    ).toBe(true);
    expect(workflow.some((line) => line.endsWith(": stored 1"))).toBe(true);

    // The row the customer's database got, written by receipt-delivery from the zip.
    const client = new pg.Client({ connectionString: stack.database.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT merchant, to_char(receipt_date, 'YYYY-MM-DD') AS date, total_minor::int AS total, currency, write_count FROM shoebox_receipts WHERE receipt_id = $1",
        [receipt.photoId],
      );
      expect(rows).toEqual([
        {
          merchant: expect.stringMatching(/^hardware depot$/i),
          date: "2025-04-02",
          total: 2489,
          currency: "USD",
          write_count: 1,
        },
      ]);
    } finally {
      await client.end();
    }
    // receipt-delivery's maximum_concurrency (2) caps the sessions it opens on the database.
    const { peak } = (await deliverySessions?.stop()) ?? { peak: 0 };
    deliverySessions = undefined;
    expect(peak).toBeGreaterThanOrEqual(1);
    expect(peak).toBeLessThanOrEqual(
      stack.config.event_source_mappings["receipt-delivery"]?.maximum_concurrency ?? 2,
    );
  }, 360_000);

  it("sends each zip as an archive of receipts and reports it and each of its entries: fanned out, or refused whole", async () => {
    // Prepare: a zip of two receipts, a folder and a text file; and an overlapping-entries bomb.
    const folder = mkdtempSync(join(tmpdir(), "devstack-demo-"));
    const receipt = readFileSync(join(repoRoot, "samples", "receipts", "hardware-depot.jpg"));
    writeFileSync(
      join(folder, "receipts.zip"),
      await buildZip([
        { name: "2025", directory: true },
        { name: "2025/hardware-depot.jpg", bytes: receipt },
        { name: "2025/coffee.jpg", bytes: readFileSync(join(photos, "coffee.jpg")) },
        { name: "notes.txt", bytes: Buffer.from("Paid cash.\n") },
      ]),
    );
    writeFileSync(join(folder, "bomb.zip"), sharedStreamZip(20, fakeJpeg(100 * 1024)));

    // Act
    const { results, summary } = await runDemo({
      stack,
      files: listDemoFiles([folder]).files,
      timeoutSeconds: 240,
    });

    // Assess: the zips' rows, each followed by its entries' rows
    expect(results.map((result) => [result.name, result.status])).toEqual([
      ["bomb.zip", "FAILED"],
      ["receipts.zip", "PROCESSED"],
      ["receipts.zip/notes.txt", "FAILED"],
      ["receipts.zip/hardware-depot.jpg", "PROCESSED"],
      ["receipts.zip/coffee.jpg", "PROCESSED"],
    ]);
    const byName = Object.fromEntries(results.map((result) => [result.name, result]));
    expect(byName["bomb.zip"]?.reason).toMatch(
      /^archive refused: entries overlap: the archive is a zip bomb/,
    );
    expect(byName["receipts.zip"]?.archive).toEqual({ entries: 4, accepted: 2, skipped: 1, refusedCount: 1 });
    expect(byName["receipts.zip/notes.txt"]?.reason).toMatch(/^NOT_AN_IMAGE: /);
    for (const name of ["receipts.zip/coffee.jpg", "receipts.zip/hardware-depot.jpg"])
      expect(byName[name]?.thumbnails.length).toBeGreaterThanOrEqual(1);
    expect(byName["receipts.zip/hardware-depot.jpg"]).toMatchObject({
      kind: "receipt",
      receipt: expect.any(String),
    });
    // Nothing could be read from a photo of a coffee, and nobody gave its fields: its owner decides.
    expect(byName["receipts.zip/coffee.jpg"]).toMatchObject({ kind: "receipt", awaitingReview: true });
    expect(summary).toMatchObject({ uploaded: 2, processed: 3, failed: 2, lost: 0, awaitingReview: 1 });
  }, 360_000);

  it("counts a file the API refuses as failed with the API's reason", async () => {
    const folder = mkdtempSync(join(tmpdir(), "devstack-demo-"));
    copyFileSync(join(repoRoot, "samples", "README.md"), join(folder, "notes.txt"));
    const { results, summary } = await runDemo({
      stack,
      files: listDemoFiles([folder]).files,
      timeoutSeconds: 30,
    });
    expect(summary).toMatchObject({ uploaded: 0, failed: 1, lost: 0 });
    expect(results[0]?.reason).toMatch(/refused by the API: .*text\/plain/);
  }, 60_000);
});

/*
 * The IAM gate on the same stack: each function's calls carry its own role's credentials and are
 * authorised as AWS would (identity, resource and key policies), so a permission the code needs
 * and the role lacks fails here as it would on AWS.
 */
describe("human review, on the same stack", () => {
  registerReviewTests({
    stack: () => stack,
    reviewerOwnerId,
    files: { receipts: join(repoRoot, "samples", "receipts"), photo: join(photos, "coffee.jpg") },
  });
});

describe("make verify-deploy, against the same stack", () => {
  registerVerifyDeployTests({ stack: () => stack });
});

describe("the IAM gate, on the same stack", () => {
  /** A client of `Client` with the credentials and endpoint a function's environment holds. */
  const asFunction = <T>(name: string, Client: new (config: object) => T): T => {
    const environment = stack.pools.get(name)?.environment() ?? {};
    return new Client({
      endpoint: environment.AWS_ENDPOINT_URL,
      region: environment.AWS_REGION,
      forcePathStyle: true,
      credentials: {
        accessKeyId: environment.AWS_ACCESS_KEY_ID,
        secretAccessKey: environment.AWS_SECRET_ACCESS_KEY,
        sessionToken: environment.AWS_SESSION_TOKEN,
      },
    });
  };
  const admin = () => emulatorAdmin(stack.motoEndpoint, stack.config.region);

  it("refused nothing the system did in the tests above", () => {
    expect(describeDenials(stack.gate.denials)).toEqual([]);
  });

  it("runs each function with its own role's credentials, not the emulator's", () => {
    const keys = new Set<string>();
    for (const [name, pool] of stack.pools) {
      const environment = pool.environment();
      expect(environment.AWS_ENDPOINT_URL, name).toBe(stack.gate.endpoint);
      expect(environment.AWS_ACCESS_KEY_ID, name).not.toBe("test");
      expect(environment.AWS_SESSION_TOKEN, name).toMatch(/\S/);
      keys.add(environment.AWS_ACCESS_KEY_ID as string);
    }
    expect(keys.size).toBe(stack.pools.size);
  });

  // One call per function just outside what its role allows: the same service it uses, another
  // resource or action. DynamoDB, SNS and KMS resource scoping is what moto cannot check.
  const bucket = (key: string) => stack.config.buckets[key] as string;
  const table = (key: string) => stack.config.tables[key] as string;
  const outside: Array<[string, string, () => Promise<unknown>]> = [
    [
      "uploads-api",
      "dynamodb:PutItem",
      () =>
        asFunction("uploads-api", DynamoDBClient).send(
          new PutItemCommand({
            TableName: table("photos"),
            Item: { ownerId: { S: "x" }, photoId: { S: "y" } },
          }),
        ),
    ],
    [
      // It reads and deletes originals (download, DELETE /photos/{id}); it never writes one.
      "photos-api",
      "s3:PutObject",
      () =>
        asFunction("photos-api", S3Client).send(
          new PutObjectCommand({ Bucket: bucket("uploads"), Key: "uploads/x/y", Body: "x" }),
        ),
    ],
    [
      "thumbnail",
      "s3:GetObject",
      () =>
        asFunction("thumbnail", S3Client).send(
          new GetObjectCommand({ Bucket: bucket("uploads"), Key: "archives/x/y.zip" }),
        ),
    ],
    [
      "event-ingest",
      "dynamodb:PutItem",
      () =>
        asFunction("event-ingest", DynamoDBClient).send(
          new PutItemCommand({
            TableName: table("photos"),
            Item: { ownerId: { S: "x" }, photoId: { S: "y" } },
          }),
        ),
    ],
    [
      "receipt-starter",
      "dynamodb:UpdateItem",
      () =>
        asFunction("receipt-starter", DynamoDBClient).send(
          new UpdateItemCommand({
            TableName: table("photos"),
            Key: { ownerId: { S: "x" }, photoId: { S: "y" } },
            UpdateExpression: "SET stolen = :yes",
            ExpressionAttributeValues: { ":yes": { BOOL: true } },
          }),
        ),
    ],
    [
      "receipts-api",
      "dynamodb:Query",
      () =>
        asFunction("receipts-api", DynamoDBClient).send(
          new QueryCommand({
            TableName: table("photos"),
            KeyConditionExpression: "ownerId = :owner",
            ExpressionAttributeValues: { ":owner": { S: "x" } },
          }),
        ),
    ],
    [
      // The reader reads originals only: not the thumbnails, not the archives.
      "receipt-reader",
      "s3:GetObject",
      () =>
        asFunction("receipt-reader", S3Client).send(
          new GetObjectCommand({ Bucket: bucket("uploads"), Key: "archives/x/y.zip" }),
        ),
    ],
    [
      "receipt-validate",
      "sns:Publish",
      () =>
        asFunction("receipt-validate", SNSClient).send(
          new PublishCommand({ TopicArn: stack.config.topics.events, Message: "{}" }),
        ),
    ],
    [
      "receipt-transform",
      "sns:Publish",
      () =>
        asFunction("receipt-transform", SNSClient).send(
          new PublishCommand({ TopicArn: stack.config.topics.events, Message: "{}" }),
        ),
    ],
    [
      "receipt-delivery",
      "sqs:SendMessage",
      () =>
        asFunction("receipt-delivery", SQSClient).send(
          new SendMessageCommand({
            QueueUrl: stack.config.queues["receipt-delivery"]?.url,
            MessageBody: "{}",
          }),
        ),
    ],
    [
      // It records reviews with conditional updates: it never reads an item back.
      "review-request",
      "dynamodb:GetItem",
      () =>
        asFunction("review-request", DynamoDBClient).send(
          new GetItemCommand({
            TableName: table("receipts"),
            Key: { ownerId: { S: "x" }, sk: { S: "REVIEW#x" } },
          }),
        ),
    ],
    [
      // A decision updates the review; it never replaces an item.
      "reviews-api",
      "dynamodb:PutItem",
      () =>
        asFunction("reviews-api", DynamoDBClient).send(
          new PutItemCommand({
            TableName: table("receipts"),
            Item: { ownerId: { S: "x" }, sk: { S: "REVIEW#x" } },
          }),
        ),
    ],
    [
      "archive-fanout",
      "s3:PutObject",
      () =>
        asFunction("archive-fanout", S3Client).send(
          new PutObjectCommand({ Bucket: bucket("thumbnails"), Key: "thumbnails/x/y.webp", Body: "x" }),
        ),
    ],
  ];

  it("covers every function", () => {
    expect(outside.map(([name]) => name).sort()).toEqual([...stack.pools.keys()].sort());
  });

  it.each(outside)(
    "%s: a call outside its role's policy is AccessDenied naming %s",
    async (name, action, call) => {
      const before = stack.gate.denials.length;
      const error = (await call().then(
        () => undefined,
        (caught: unknown) => caught,
      )) as Error | undefined;
      expect(error?.name).toMatch(/^AccessDenied|AuthorizationError/);
      expect(error?.message).toContain(`not authorized to perform: ${action}`);
      expect(
        stack.gate.denials.slice(before).map((denial) => [denial.principal.label, denial.action]),
      ).toEqual([[name, action]]);
    },
  );

  /** The role's policies in the emulator, each with its (decoded) document. */
  interface RolePolicy {
    roleName: string;
    policyName: string;
    document: string;
  }

  const rolePolicies = async (iam: IAMClient, functionKey: string): Promise<RolePolicy[]> => {
    const roleName = (stack.config.functions[functionKey]?.role_arn ?? "").split("/").pop() as string;
    const names = (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName }))).PolicyNames ?? [];
    return Promise.all(
      names.map(async (policyName) => {
        const { PolicyDocument = "" } = await iam.send(
          new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }),
        );
        return { roleName, policyName, document: decodeURIComponent(PolicyDocument) };
      }),
    );
  };

  /**
   * Takes `action` out of every statement of the function's role that grants it on a resource
   * containing `resource`, runs `act` with the role as changed, then puts the policy back.
   */
  const withoutGrant = async (
    grant: { functionKey: string; action: string; resource: string },
    act: () => Promise<void>,
  ): Promise<void> => {
    const iam = new IAMClient(admin());
    type Statement = { Action: string | string[]; Resource: string | string[] };
    const grants = (statement: Statement) =>
      [statement.Action].flat().includes(grant.action) &&
      [statement.Resource].flat().some((resource) => resource.includes(grant.resource));
    const policy = (await rolePolicies(iam, grant.functionKey)).find(({ document }) =>
      (JSON.parse(document) as { Statement: Statement[] }).Statement.some(grants),
    );
    expect(
      policy,
      `${grant.functionKey} has no statement granting ${grant.action} on *${grant.resource}*`,
    ).toBeDefined();
    if (!policy) return;
    const changed = JSON.parse(policy.document) as { Statement: Statement[] };
    changed.Statement = changed.Statement.flatMap((statement) => {
      if (!grants(statement)) return [statement];
      const actions = [statement.Action].flat().filter((action) => action !== grant.action);
      // A statement left with no action is invalid: IAM would refuse the document.
      return actions.length > 0 ? [{ ...statement, Action: actions }] : [];
    });
    const put = async (document: string) => {
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: policy.roleName,
          PolicyName: policy.policyName,
          PolicyDocument: document,
        }),
      );
      await stack.gate.reloadRoles();
    };
    try {
      await put(JSON.stringify(changed));
      await act();
    } finally {
      await put(policy.document);
      iam.destroy();
    }
  };

  /** The gate's denials while `act` runs, as [function, action]. */
  const denialsDuring = async (act: () => Promise<void>): Promise<string[][]> => {
    const before = stack.gate.denials.length;
    await act();
    return stack.gate.denials.slice(before).map((denial) => [denial.principal.label, denial.action]);
  };

  const request = async (method: string, path: string, body?: unknown) =>
    fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await stack.token("iam-gate-test")}`,
        "content-type": "application/json",
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const uploadRequest = { files: [{ name: "cat.jpg", contentType: "image/jpeg", size: 1234 }] };

  it("a role whose policy lost one needed action fails the real flow with AccessDenied naming it (kms:Decrypt of uploads-api, for its CMK tables)", async () => {
    let refused: Response | undefined;
    const denials = await denialsDuring(() =>
      withoutGrant({ functionKey: "uploads-api", action: "kms:Decrypt", resource: ":key/" }, async () => {
        const before = stack.gate.denials.length;
        refused = await request("POST", "/uploads", uploadRequest);
        expect(stack.gate.denials[before]?.message).toMatch(
          /not authorized to perform: kms:Decrypt on resource: arn:aws:kms:/,
        );
      }),
    );
    expect(refused?.status).toBe(500);
    expect(denials).toContainEqual(["uploads-api", "kms:Decrypt"]);
    expect((await request("POST", "/uploads", uploadRequest)).status).toBe(201);
  });

  it("the per-user request limit needs dynamodb:UpdateItem on the limits table: without it GET /photos fails", async () => {
    let refused: Response | undefined;
    const denials = await denialsDuring(() =>
      withoutGrant(
        { functionKey: "photos-api", action: "dynamodb:UpdateItem", resource: "-limits" },
        async () => {
          refused = await request("GET", "/photos");
        },
      ),
    );
    expect(refused?.status).toBe(500);
    expect(denials).toContainEqual(["photos-api", "dynamodb:UpdateItem"]);
    expect((await request("GET", "/photos")).status).toBe(200);
  });

  it("the thumbnail function reads the very version an event names: without s3:GetObjectVersion no photo is processed", async () => {
    const folder = mkdtempSync(join(tmpdir(), "devstack-gate-"));
    copyFileSync(join(photos, "coffee.jpg"), join(folder, "coffee.jpg"));
    let status: string | undefined;
    const denials = await denialsDuring(() =>
      withoutGrant(
        { functionKey: "thumbnail", action: "s3:GetObjectVersion", resource: "/uploads/" },
        async () => {
          const { results } = await runDemo({
            stack,
            files: listDemoFiles([folder]).files,
            subject: "iam-gate-versions",
            timeoutSeconds: 15,
          });
          status = results[0]?.status;
        },
      ),
    );
    expect(status).not.toBe("PROCESSED");
    expect(denials).toContainEqual(["thumbnail", "s3:GetObjectVersion"]);
  }, 90_000);

  // The reader downloads the version the workflow names (s3:GetObjectVersion) of an SSE-KMS
  // object (kms:Decrypt, which S3 asks for as the reader's role): without either, no reading.
  it.each([
    ["s3:GetObjectVersion", "/uploads/"],
    ["kms:Decrypt", ":key/"],
  ])(
    "the receipt reader needs %s on the originals: without it the receipt is recorded failed",
    async (action, resource) => {
      const folder = mkdtempSync(join(tmpdir(), "devstack-reader-"));
      copyFileSync(
        join(repoRoot, "samples", "receipts", "corner-bakery.jpg"),
        join(folder, "corner-bakery.jpg"),
      );
      writeFileSync(join(folder, "receipts.json"), JSON.stringify({ "corner-bakery.jpg": {} }));
      let receipt: string | undefined;
      const denials = await denialsDuring(() =>
        withoutGrant({ functionKey: "receipt-reader", action, resource }, async () => {
          const { results } = await runDemo({
            stack,
            files: listDemoFiles([folder]).files,
            subject: `iam-gate-reader-${action.replace(":", "-")}`,
            timeoutSeconds: 30,
          });
          receipt = results[0]?.receipt;
        }),
      );
      expect(receipt).toBe("failed");
      expect(denials).toContainEqual(["receipt-reader", action]);
    },
    90_000,
  );

  it("each role allows every action its function's bundle can send, and nothing it cannot (dist/manifest.json awsActions)", async () => {
    const { comparePolicyActions, sqsEventSourceActions } = (await import(iamPolicyScript)) as {
      comparePolicyActions: (
        awsActions: unknown,
        documents: string[],
        options?: { implicit?: string[] },
      ) => { missing: string[]; unused: string[] };
      sqsEventSourceActions: string[];
    };
    const built = JSON.parse(readFileSync(manifest, "utf8")) as {
      functions: Record<string, { awsActions: unknown }>;
    };
    const iam = new IAMClient(admin());
    try {
      const gaps: Record<string, { missing: string[]; unused: string[] }> = {};
      for (const [name, fn] of Object.entries(stack.config.functions)) {
        const roleName = (fn.role_arn ?? "").split("/").pop() as string;
        const documents: string[] = [];
        for (const policyName of (await iam.send(new ListRolePoliciesCommand({ RoleName: roleName })))
          .PolicyNames ?? [])
          documents.push(
            (await iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName })))
              .PolicyDocument ?? "",
          );
        const implicit = stack.config.event_source_mappings[name] ? sqsEventSourceActions : [];
        const comparison = comparePolicyActions(built.functions[name]?.awsActions, documents, { implicit });
        if (comparison.missing.length > 0 || comparison.unused.length > 0) gaps[name] = comparison;
      }
      expect(gaps).toEqual({});
    } finally {
      iam.destroy();
    }
  });
});
