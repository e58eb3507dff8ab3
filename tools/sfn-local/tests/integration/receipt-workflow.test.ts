import { newId } from "@shoebox/runtime";
import {
  DeliveryMessageSchema,
  REVIEW_REJECTED_ERROR,
  ReceiptEventMessageSchema,
  ReceiptItemSchema,
  type ReceiptReading,
  type ReceiptWorkflowItem,
  type ReviewFields,
  type ReviewRequest,
  ReviewRequestSchema,
  type ReviewTaskOutput,
} from "@shoebox/schemas";
import { type MotoServer, startMoto, useLocalAws } from "@shoebox/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  renderDefinition,
  runWorkflow,
  type StateMachineDefinition,
  TaskFailure,
  TaskTokens,
  validateDefinition,
} from "../../src/index.ts";
import {
  createReceiptStack,
  EXTRACT_ARN,
  getItem,
  NOTHING_READ,
  newOwnerId,
  putItem,
  queueReader,
  RECEIPT_WORKFLOW_TEMPLATE,
  REVIEW_REQUEST_ARN,
  type ReceiptStack,
  receiptItem,
  TRANSFORM_ARN,
  VALIDATE_ARN,
} from "../support/receipt-stack.ts";

/*
 * The real asl/receipt-workflow.asl.json, rendered as Terraform renders it, run by
 * aws-local-stepfunctions: its Lambda Tasks call the real validate and transform handlers in
 * this process, its SDK integrations call moto. The review request stands in for review-request
 * (tested in its own package and end to end): it keeps each request, token included, so a test
 * can answer as the review API does.
 */

type Handler = (payload: unknown) => Promise<unknown>;

let moto: MotoServer;
let stack: ReceiptStack;
let definition: StateMachineDefinition;
let handlers: Record<string, Handler>;
/** What the stand-in reader answers, by photo id; nothing read for the others. */
const readings = new Map<string, ReceiptReading>();
/** The review requests the workflow made, by photo id, in order (a second round adds one). */
const reviewRequests = new Map<string, ReviewRequest[]>();
const taskTokens = new TaskTokens();
let readNotifications: ReturnType<typeof queueReader>;
let readDeliveries: ReturnType<typeof queueReader>;

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  stack = await createReceiptStack();
  definition = renderDefinition(RECEIPT_WORKFLOW_TEMPLATE, stack.values);
  readNotifications = queueReader(stack.notificationsQueueUrl);
  readDeliveries = queueReader(stack.deliveryQueueUrl);
  const validate = await import("@shoebox/fn-receipt-validate/src/handler.ts");
  const transform = await import("@shoebox/fn-receipt-transform/src/handler.ts");
  handlers = {
    // The readers are tested on real images in their own packages; here the workflow's use of a reading is.
    [EXTRACT_ARN]: async (payload) => readings.get((payload as { photoId: string }).photoId) ?? NOTHING_READ,
    [VALIDATE_ARN]: (payload) => validate.handler(payload),
    [TRANSFORM_ARN]: (payload) => transform.handler(payload),
    [REVIEW_REQUEST_ARN]: async (payload) => {
      const request = ReviewRequestSchema.parse(payload);
      reviewRequests.set(request.photoId, [...(reviewRequests.get(request.photoId) ?? []), request]);
      return null;
    },
  };
}, 60_000);

afterAll(async () => moto?.stop());

/** The real handlers, with a `fault` in front: when it returns an error, the invocation throws it instead. */
const run = (
  items: ReceiptWorkflowItem[] | unknown,
  options: {
    fault?: (arn: string, payload: unknown) => Error | undefined | Promise<Error | undefined>;
    template?: StateMachineDefinition;
  } = {},
) => {
  const calls: { arn: string; payload: unknown }[] = [];
  const result = runWorkflow(
    options.template ?? definition,
    Array.isArray(items) ? { receipts: items } : items,
    {
      retryDelayMs: 0,
      taskTokens,
      invokeLambda: async (arn, payload) => {
        calls.push({ arn, payload });
        const fault = await options.fault?.(arn, payload);
        if (fault) throw fault;
        const handler = handlers[arn];
        if (!handler) throw new Error(`no handler for ${arn}`);
        return handler(payload);
      },
    },
  );
  return { result, calls };
};

const notificationsFor = async (photoId: string) =>
  (await readNotifications())
    .filter((message) => message.Body?.includes(photoId))
    .map((message) => ({
      body: ReceiptEventMessageSchema.parse(JSON.parse(String(message.Body))),
      attributes: Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]),
      ),
    }));

const deliveriesFor = async (photoId: string) =>
  (await readDeliveries())
    .map((message) => DeliveryMessageSchema.parse(JSON.parse(String(message.Body))))
    .filter((delivery) => delivery.receiptId === photoId);

const receiptOf = (item: ReceiptWorkflowItem) =>
  getItem(stack.receiptsTable, item.ownerId, `RECEIPT#${item.photoId}`);

/** The workflow's review request of a photo (its `round`), once the AwaitReview task made it. */
const reviewRequested = async (photoId: string, round = 1): Promise<ReviewRequest> => {
  for (let waited = 0; waited < 10_000; waited += 20) {
    const request = reviewRequests.get(photoId)?.[round - 1];
    if (request) return request;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no review request (round ${round}) for ${photoId}`);
};

/** Answers a review request the way the review API does: SendTaskSuccess, or SendTaskFailure to reject. */
const decide = (
  request: ReviewRequest,
  decision:
    | { action: "approve" }
    | { action: "correct"; fields: ReviewFields }
    | { action: "reject"; reason: string },
) => {
  if (decision.action === "reject") {
    taskTokens.fail(request.taskToken, REVIEW_REJECTED_ERROR, decision.reason);
    return;
  }
  const output: ReviewTaskOutput = {
    action: decision.action,
    reviewer: request.ownerId,
    decidedAt: new Date().toISOString(),
    before: request.fields,
    after: { ...request.fields, ...(decision.action === "correct" ? decision.fields : {}) },
  };
  taskTokens.succeed(request.taskToken, JSON.stringify(output));
};

/** Every message on the events topic about a photo, as sent (review events included). */
const eventsFor = async (photoId: string) =>
  (await readNotifications())
    .filter((message) => message.Body?.includes(photoId))
    .map((message) => ({
      body: JSON.parse(String(message.Body)) as { eventType: string; [field: string]: unknown },
      attributes: Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]),
      ),
    }));

describe("the receipt workflow definition", () => {
  it("is valid ASL once rendered, with every placeholder resolved", () => {
    const check = validateDefinition(definition);

    expect(check.problems).toEqual([]);
    expect(JSON.stringify(definition)).not.toMatch(/\$\{/);
  });
});

describe("the receipt workflow", () => {
  it("stores a valid receipt, sends it for delivery and announces receipt.stored, all with the upload's correlation id", async () => {
    const item = receiptItem({ correlationId: "Hk3nXj1moAMEYxw=" });

    const { result, calls } = run([item]);

    expect(await result).toEqual({
      status: "SUCCEEDED",
      output: { receipts: [{ photoId: item.photoId, outcome: "stored" }], anyFailed: false },
    });
    const stored = await receiptOf(item);
    expect(stored).toMatchObject({
      status: "STORED",
      photoId: item.photoId,
      merchant: "Whole Foods Market",
      merchantKey: "whole-foods-market-10234",
      date: "2026-11-20",
      totalMinor: 4217,
      currency: "USD",
      category: "groceries",
    });
    expect(await getItem(stack.receiptsTable, item.ownerId, `HASH#${item.sha256}`)).toMatchObject({
      photoId: item.photoId,
    });
    expect(
      await getItem(stack.receiptsTable, item.ownerId, "MATCH#whole-foods-market-10234#2026-11-20#4217#USD"),
    ).toMatchObject({ photoId: item.photoId });
    expect(await deliveriesFor(item.photoId)).toEqual([
      {
        receiptId: item.photoId,
        ownerId: item.ownerId,
        merchant: "Whole Foods Market",
        date: "2026-11-20",
        totalMinor: 4217,
        currency: "USD",
        category: "groceries",
        storedAt: stored?.storedAt,
      },
    ]);
    const [delivery] = (await readDeliveries()).filter((message) => message.Body?.includes(item.photoId));
    expect(delivery?.MessageAttributes?.correlationId?.StringValue).toBe("Hk3nXj1moAMEYxw=");
    expect(calls.find(({ arn }) => arn === TRANSFORM_ARN)?.payload).toMatchObject({
      correlationId: "Hk3nXj1moAMEYxw=",
    });
    const [notification, ...others] = await notificationsFor(item.photoId);
    expect(others).toEqual([]);
    expect(notification?.attributes).toEqual({
      eventType: "receipt.stored",
      kind: "receipt",
      correlationId: "Hk3nXj1moAMEYxw=",
    });
    expect(notification?.body).toMatchObject({
      eventType: "receipt.stored",
      ownerId: item.ownerId,
      receipt: { merchant: "Whole Foods Market", totalMinor: 4217, currency: "USD", category: "groceries" },
    });
  });

  it("takes the user's own category rule over the merchant's, and the user's default when the merchant says nothing", async () => {
    const ownerId = newOwnerId();
    await putItem(stack.profilesTable, { ownerId, sk: "PROFILE", defaultCategory: "business" });
    await putItem(stack.profilesTable, {
      ownerId,
      sk: "RULE#whole-foods-market-10234",
      category: "team-lunch",
    });
    const ruled = receiptItem({ ownerId });
    const unknownMerchant = receiptItem({
      ownerId,
      receipt: { merchant: "Zyx GmbH", date: "2026-11-19", total: 1200, currency: "JPY" },
    });

    const { result } = run([ruled, unknownMerchant]);

    expect((await result).status).toBe("SUCCEEDED");
    expect(await receiptOf(ruled)).toMatchObject({ category: "team-lunch" });
    expect(await receiptOf(unknownMerchant)).toMatchObject({ category: "business", totalMinor: 1200 });
  });

  it("announces receipt.duplicate and writes nothing for the same bytes, or the same merchant, date and total, already stored", async () => {
    const original = receiptItem();
    expect((await run([original]).result).status).toBe("SUCCEEDED");
    const sameBytes = receiptItem({ ownerId: original.ownerId, sha256: original.sha256 });
    const samePaper = receiptItem({
      ownerId: original.ownerId,
      receipt: { merchant: "Whole Foods Market  #10234", date: "2026-11-20", total: 42.17, currency: "USD" },
    });

    const { result } = run([sameBytes, samePaper]);

    expect((await result).output).toEqual({
      receipts: [
        { photoId: sameBytes.photoId, outcome: "duplicate" },
        { photoId: samePaper.photoId, outcome: "duplicate" },
      ],
      anyFailed: false,
    });
    for (const duplicate of [sameBytes, samePaper]) {
      expect(await receiptOf(duplicate)).toBeUndefined();
      expect(await deliveriesFor(duplicate.photoId)).toEqual([]);
      const notifications = await notificationsFor(duplicate.photoId);
      expect(notifications.map(({ body }) => body)).toEqual([
        expect.objectContaining({ eventType: "receipt.duplicate", duplicateOf: original.photoId }),
      ]);
      expect(notifications[0]?.attributes.eventType).toBe("receipt.duplicate");
    }
  });

  it("routes a duplicate that wins the race to the store to the duplicate path, not to failure", async () => {
    const item = receiptItem();
    const winner = "01KAXZZZZZZZZZZZZZZZZZZZZZ";

    // The winner stores the same bytes while this execution is past its duplicate check.
    const { result } = run([item], {
      fault: async (arn) => {
        if (arn === TRANSFORM_ARN) {
          await putItem(stack.receiptsTable, {
            ownerId: item.ownerId,
            sk: `HASH#${item.sha256}`,
            photoId: winner,
          });
        }
        return undefined;
      },
    });

    expect((await result).output).toEqual({
      receipts: [{ photoId: item.photoId, outcome: "duplicate" }],
      anyFailed: false,
    });
    expect(await receiptOf(item)).toBeUndefined();
    expect((await notificationsFor(item.photoId)).map(({ body }) => body)).toEqual([
      expect.objectContaining({ eventType: "receipt.duplicate", duplicateOf: winner }),
    ]);
  });

  it("records an invalid receipt INVALID with every problem, announces receipt.invalid, and stores nothing else", async () => {
    const item = receiptItem({
      receipt: { merchant: "Café Central", date: "2999-01-01", total: 0, currency: "XYZ" },
    });
    const problems = [
      "date 2999-01-01 is in the future",
      "currency XYZ is not an ISO 4217 code",
      "total must be above zero",
    ];

    const { result } = run([item]);

    expect(await result).toEqual({
      status: "SUCCEEDED",
      output: { receipts: [{ photoId: item.photoId, outcome: "invalid" }], anyFailed: false },
    });
    expect(ReceiptItemSchema.parse(await receiptOf(item))).toEqual({
      ownerId: item.ownerId,
      sk: `RECEIPT#${item.photoId}`,
      photoId: item.photoId,
      status: "INVALID",
      problems,
      findings: [],
      reading: NOTHING_READ,
      checkedAt: expect.any(String),
    });
    expect(await deliveriesFor(item.photoId)).toEqual([]);
    const [notification] = await notificationsFor(item.photoId);
    expect(notification?.body).toEqual({
      eventType: "receipt.invalid",
      ownerId: item.ownerId,
      photoId: item.photoId,
      occurredAt: expect.any(String),
      problems,
      findings: [],
    });
  });

  it("stores a receipt uploaded without hints from what was read once its owner approves the unsure field, keeping reading, findings and decision", async () => {
    const item = receiptItem({ receipt: {} });
    readings.set(item.photoId, {
      reader: "local",
      merchant: { value: "Corner Bakery", confidence: 0.97 },
      date: { value: "2025-03-14", confidence: 0.93 },
      total: { value: 5.5, confidence: 0.98 },
      subtotal: { value: 5.0, confidence: 0.9 },
      tax: { value: 0.5, confidence: 0.9 },
      currency: { value: "EUR", confidence: 0.6 },
      lineItems: [{ description: "Croissant", quantity: 2, amount: 5 }],
      pages: 1,
    });

    const { result } = run([item]);
    const request = await reviewRequested(item.photoId);
    expect(request).toMatchObject({
      round: 1,
      reasons: [{ code: "LOW_CONFIDENCE", field: "currency" }],
      fields: { merchant: "Corner Bakery", date: "2025-03-14", total: 5.5, currency: "EUR" },
      original: item.original,
      deadlineSeconds: 3,
      correlationId: item.photoId,
    });
    decide(request, { action: "approve" });

    expect(await result).toMatchObject({ status: "SUCCEEDED" });
    const stored = ReceiptItemSchema.parse(await receiptOf(item));
    expect(stored).toMatchObject({
      status: "STORED",
      merchant: "Corner Bakery",
      date: "2025-03-14",
      totalMinor: 550,
      currency: "EUR",
      reading: readings.get(item.photoId),
      // The owner confirmed every field: what the machine was unsure of stays on the decision's reasons.
      findings: [],
      review: { decision: { action: "approve", reviewer: item.ownerId }, reasons: request.reasons },
    });
    expect(await deliveriesFor(item.photoId)).toMatchObject([{ merchant: "Corner Bakery", totalMinor: 550 }]);
  });

  it("sends a receipt whose total was neither read nor given to its owner, and stores it with their correction", async () => {
    const item = receiptItem({ receipt: { merchant: "Corner Bakery", date: "2025-03-14", currency: "EUR" } });

    const { result } = run([item]);
    const request = await reviewRequested(item.photoId);
    expect(request.reasons.map((reason) => [reason.code, reason.field])).toEqual([
      ["NOT_READ", "total"],
      ["BROKEN_RULE", "total"],
    ]);
    decide(request, { action: "correct", fields: { total: 7.25 } });

    expect(await result).toMatchObject({
      status: "SUCCEEDED",
      output: { receipts: [{ photoId: item.photoId, outcome: "stored" }] },
    });
    expect(await receiptOf(item)).toMatchObject({
      status: "STORED",
      totalMinor: 725,
      review: {
        decision: { action: "correct", before: { merchant: "Corner Bakery" }, after: { total: 7.25 } },
      },
    });
    expect(await deliveriesFor(item.photoId)).toMatchObject([{ totalMinor: 725 }]);
  });

  it("records a receipt the reader cannot read FAILED with the reader's reason, without retrying it", async () => {
    const item = receiptItem();
    const unreadable = Object.assign(new Error("the file is not an image: upload a photo or scan"), {
      name: "ReceiptUnreadable",
    });

    const { result, calls } = run([item], { fault: (arn) => (arn === EXTRACT_ARN ? unreadable : undefined) });

    expect(await result).toMatchObject({ status: "FAILED", error: "Receipts.ItemsFailed" });
    expect(calls.map(({ arn }) => arn)).toEqual([EXTRACT_ARN]);
    expect(await receiptOf(item)).toMatchObject({
      status: "FAILED",
      failureError: "ReceiptUnreadable",
      failureCause: expect.stringContaining("the file is not an image"),
    });
  });

  it.each(["ReceiptReader.Throttled", "TransientError"])(
    "retries a reader's %s and stores the receipt once the reader answers",
    async (name) => {
      const item = receiptItem();
      let failures = 2;
      const failure = Object.assign(new Error("try again later"), { name });

      const { result, calls } = run([item], {
        fault: (arn) => (arn === EXTRACT_ARN && failures-- > 0 ? failure : undefined),
      });

      expect((await result).status).toBe("SUCCEEDED");
      expect(calls.filter(({ arn }) => arn === EXTRACT_ARN)).toHaveLength(3);
      expect(await receiptOf(item)).toMatchObject({ status: "STORED" });
    },
  );

  it("retries a throttled Lambda invocation and stores the receipt on the next attempt", async () => {
    const item = receiptItem();
    let throttled = false;

    const { result, calls } = run([item], {
      fault: (arn) => {
        if (arn !== VALIDATE_ARN || throttled) return undefined;
        throttled = true;
        return new TaskFailure("Lambda.TooManyRequestsException", "Rate Exceeded.");
      },
    });

    expect((await result).status).toBe("SUCCEEDED");
    expect(calls.filter(({ arn }) => arn === VALIDATE_ARN)).toHaveLength(2);
    expect(await receiptOf(item)).toMatchObject({ status: "STORED" });
  });

  it("gives up after the bounded attempts when the throttling goes on, and records the receipt FAILED", async () => {
    const item = receiptItem();

    const { result, calls } = run([item], {
      fault: () => new TaskFailure("Lambda.ServiceException", "Service unavailable"),
    });

    expect(await result).toMatchObject({ status: "FAILED", error: "Receipts.ItemsFailed" });
    expect(calls).toHaveLength(4); // the first attempt and MaxAttempts (3) retries
    expect(await receiptOf(item)).toMatchObject({
      status: "FAILED",
      failureError: "Lambda.ServiceException",
    });
  });

  it("catches a function error without retrying it: FAILED with its cause, receipt.failed, and a failed execution", async () => {
    const item = receiptItem();
    const crash = Object.assign(new Error("merchant table is corrupt"), {
      name: "InvalidTransformInputError",
    });

    const { result, calls } = run([item], { fault: (arn) => (arn === TRANSFORM_ARN ? crash : undefined) });

    expect(await result).toMatchObject({ status: "FAILED", error: "Receipts.ItemsFailed" });
    expect(calls.filter(({ arn }) => arn === TRANSFORM_ARN)).toHaveLength(1);
    const failed = await receiptOf(item);
    expect(failed).toMatchObject({ status: "FAILED", failureError: "InvalidTransformInputError" });
    expect(JSON.parse(String(failed?.failureCause))).toMatchObject({
      errorMessage: "merchant table is corrupt",
    });
    expect(await deliveriesFor(item.photoId)).toEqual([]);
    const [notification] = await notificationsFor(item.photoId);
    // An item without a correlation id (an upload older than them) is followed by its photo id.
    expect(notification?.attributes).toEqual({
      eventType: "receipt.failed",
      kind: "receipt",
      correlationId: item.photoId,
    });
    expect(notification?.body).toMatchObject({
      eventType: "receipt.failed",
      error: "InvalidTransformInputError",
    });
  });

  it("catches a permanent AWS error from a direct integration (a missing table) into the failure path", async () => {
    const template = renderDefinition(RECEIPT_WORKFLOW_TEMPLATE, {
      ...stack.values,
      profiles_table: "no-such-table",
    });
    const item = receiptItem();

    const { result } = run([item], { template });

    expect(await result).toMatchObject({ status: "FAILED", error: "Receipts.ItemsFailed" });
    expect(await receiptOf(item)).toMatchObject({
      status: "FAILED",
      failureError: "DynamoDB.ResourceNotFoundException",
    });
  });

  it("processes a whole batch when one item fails: its batch-mates end stored or invalid, and the execution fails", async () => {
    const good = [receiptItem(), receiptItem(), receiptItem()];
    const invalid = receiptItem({
      receipt: { merchant: "Kiosk", date: "2026-11-20", total: 1.234, currency: "EUR" },
    });
    const bad = receiptItem();
    const batch = [good[0], bad, good[1], invalid, good[2]] as ReceiptWorkflowItem[];

    const { result } = run(batch, {
      fault: (arn, payload) =>
        arn === VALIDATE_ARN && (payload as { photoId?: string }).photoId === bad.photoId
          ? new Error("cannot read this one")
          : undefined,
    });

    expect(await result).toMatchObject({ status: "FAILED", error: "Receipts.ItemsFailed" });
    for (const item of good) expect(await receiptOf(item)).toMatchObject({ status: "STORED" });
    expect(await receiptOf(bad)).toMatchObject({ status: "FAILED", failureError: "Error" });
    expect(await receiptOf(invalid)).toMatchObject({ status: "INVALID" });
    expect((await notificationsFor(invalid.photoId))[0]?.body).toMatchObject({
      eventType: "receipt.invalid",
      problems: ["total 1.234 has more than 2 decimals, the minor units of EUR"],
    });
  });

  it("ends a batch of good and invalid receipts in success, one outcome per item in order", async () => {
    const items = [receiptItem(), receiptItem({ receipt: { ...receiptItem().receipt, date: "2999-01-01" } })];

    const { result } = run(items);

    expect(await result).toEqual({
      status: "SUCCEEDED",
      output: {
        receipts: [
          { photoId: items[0]?.photoId, outcome: "stored" },
          { photoId: items[1]?.photoId, outcome: "invalid" },
        ],
        anyFailed: false,
      },
    });
  });

  it("does nothing twice when the same upload runs again: no second delivery, no second announcement", async () => {
    const item = receiptItem();
    expect((await run([item]).result).status).toBe("SUCCEEDED");
    const deliveries = (await deliveriesFor(item.photoId)).length;

    const { result } = run([item]);

    expect((await result).output).toEqual({
      receipts: [{ photoId: item.photoId, outcome: "stored" }],
      anyFailed: false,
    });
    expect(await deliveriesFor(item.photoId)).toHaveLength(deliveries);
    expect((await notificationsFor(item.photoId)).map(({ body }) => body.eventType)).toEqual([
      "receipt.stored",
    ]);
  });

  it("counts every outcome on the batch once, and nothing again when the batch runs again", async () => {
    // Prepare
    const ownerId = newOwnerId();
    const batchId = newId();
    const first = receiptItem({ ownerId, batchId });
    const items = [
      first,
      receiptItem({ ownerId, batchId, receipt: { ...first.receipt, total: 0 } }),
      receiptItem({ ownerId, batchId, sha256: first.sha256 }),
      receiptItem({ ownerId, batchId }),
    ] as ReceiptWorkflowItem[];
    const failing = items[3]?.photoId;
    const fault = (arn: string, payload: unknown) =>
      arn === VALIDATE_ARN && (payload as { photoId?: string }).photoId === failing
        ? new Error("unreadable")
        : undefined;

    // Act
    await run(items.slice(0, 1)).result;
    await run(items, { fault }).result;
    await run(items, { fault }).result;

    // Assess
    expect(await getItem(stack.batchesTable, ownerId, batchId, "batchId")).toMatchObject({
      stored: 1,
      invalid: 1,
      duplicate: 1,
      failed: 1,
    });
  });

  it("ends an item without owner or photo id as invalid, and fails an input without receipts", async () => {
    const { result } = run([{ sha256: "0".repeat(64) }]);
    const empty = run({ receipts: [] });

    expect(await result).toEqual({
      status: "SUCCEEDED",
      output: { receipts: [{ photoId: null, outcome: "invalid" }], anyFailed: false },
    });
    expect(await empty.result).toMatchObject({ status: "FAILED", error: "Receipts.InvalidInput" });
  });
});

describe("the receipt workflow's human review (issue 15)", () => {
  /** A receipt read by the machine (no hints) with its date unsure: it waits for its owner. */
  const unsureReceipt = (confidence = 0.5) => {
    const item = receiptItem({ receipt: {} });
    readings.set(item.photoId, {
      ...NOTHING_READ,
      merchant: { value: "Corner Bakery", confidence: 0.97 },
      date: { value: "2025-03-14", confidence },
      total: { value: 5.5, confidence: 0.98 },
      currency: { value: "EUR", confidence: 0.95 },
    });
    return item;
  };

  it("reminds the owner while the review waits, with the owner id as a message attribute", async () => {
    const item = unsureReceipt();
    const { result } = run([item]);
    const request = await reviewRequested(item.photoId);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    decide(request, { action: "approve" });

    expect(await result).toMatchObject({ status: "SUCCEEDED" });
    const reminders = (await eventsFor(item.photoId)).filter(
      ({ body }) => body.eventType === "review.reminder",
    );
    expect(reminders.length).toBeGreaterThanOrEqual(1);
    expect(reminders[0]).toMatchObject({
      body: { ownerId: item.ownerId, photoId: item.photoId, round: 1 },
      attributes: {
        eventType: "review.reminder",
        kind: "receipt",
        ownerId: item.ownerId,
        correlationId: item.photoId,
      },
    });
  });

  it("records a rejected receipt REJECTED with the owner's reason, announces it, and delivers nothing", async () => {
    const ownerId = newOwnerId();
    const batchId = newId();
    const item = { ...unsureReceipt(), ownerId, batchId };

    const { result } = run([item]);
    decide(await reviewRequested(item.photoId), { action: "reject", reason: "a personal purchase" });

    expect(await result).toEqual({
      status: "SUCCEEDED",
      output: { receipts: [{ photoId: item.photoId, outcome: "rejected" }], anyFailed: false },
    });
    expect(await receiptOf(item)).toMatchObject({ status: "REJECTED", rejection: "a personal purchase" });
    expect(await deliveriesFor(item.photoId)).toEqual([]);
    expect((await eventsFor(item.photoId)).map(({ body }) => body)).toContainEqual(
      expect.objectContaining({ eventType: "receipt.rejected", reason: "a personal purchase" }),
    );
    expect(await getItem(stack.batchesTable, ownerId, batchId, "batchId")).toMatchObject({ rejected: 1 });
  });

  it("escalates a review nobody decided by its deadline to a second round, and rejects it when that one passes too", async () => {
    const item = unsureReceipt();
    const started = Date.now();

    const { result } = run([item]);
    const first = await reviewRequested(item.photoId, 1);
    const second = await reviewRequested(item.photoId, 2);

    expect(second).toMatchObject({ round: 2, reasons: first.reasons });
    expect(second.taskToken).not.toBe(first.taskToken);
    expect(() => decide(first, { action: "approve" })).toThrow(
      expect.objectContaining({ code: "TaskTimedOut" }),
    );
    expect(await result).toMatchObject({
      status: "SUCCEEDED",
      output: { receipts: [{ photoId: item.photoId, outcome: "rejected" }] },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(6_000);
    expect(await receiptOf(item)).toMatchObject({
      status: "REJECTED",
      rejection: "nobody decided before the review's deadline",
    });
  }, 20_000);

  it("asks the owner about a likely duplicate, and keeps the receipt as their own when they approve it", async () => {
    const first = receiptItem({ receipt: {} });
    readings.set(first.photoId, {
      ...NOTHING_READ,
      merchant: { value: "Corner Bakery", confidence: 0.97 },
      date: { value: "2025-03-14", confidence: 0.95 },
      total: { value: 5.5, confidence: 0.98 },
      currency: { value: "EUR", confidence: 0.95 },
    });
    expect((await run([first]).result).output).toMatchObject({ receipts: [{ outcome: "stored" }] });
    const second = receiptItem({ ownerId: first.ownerId, receipt: {} });
    readings.set(second.photoId, readings.get(first.photoId) as ReceiptReading);

    const { result } = run([second]);
    const request = await reviewRequested(second.photoId);
    expect(request.reasons.map((reason) => reason.code)).toEqual(["LIKELY_DUPLICATE"]);
    decide(request, { action: "approve" });

    expect((await result).output).toMatchObject({
      receipts: [{ photoId: second.photoId, outcome: "stored" }],
    });
    expect(await receiptOf(second)).toMatchObject({ status: "STORED", merchant: "Corner Bakery" });
    expect(await deliveriesFor(second.photoId)).toHaveLength(1);
  });

  it("treats a match on fields a person gave as a duplicate, without asking", async () => {
    const first = receiptItem();
    await run([first]).result;
    const second = receiptItem({ ownerId: first.ownerId, receipt: first.receipt });

    expect((await run([second]).result).output).toMatchObject({ receipts: [{ outcome: "duplicate" }] });
    expect(reviewRequests.get(second.photoId)).toBeUndefined();
  });
});
