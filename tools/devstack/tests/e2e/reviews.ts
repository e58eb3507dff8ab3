import { statSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { ReviewDetailSchema, ReviewListResponseSchema } from "@shoebox/schemas";
import pg from "pg";
import { expect, it } from "vitest";
import { contentTypeOf, type DemoFile } from "../../src/demo/demo-files.ts";
import { countNotifications } from "../../src/demo/notifications.ts";
import type { DemoResult } from "../../src/demo/types.ts";
import { uploadFiles } from "../../src/demo/upload.ts";
import { emulatorAdmin } from "../../src/emulator-admin.ts";
import type { Stack } from "../../src/stack.ts";

/*
 * Human review (issue 15) end to end on the stack of demo.test.ts: the reviewer's receipts are over
 * their own total limit (review_total_limits), so each waits in the workflow's AwaitReview task
 * for its owner. Through the public API the owner approves one, corrects one and rejects one; the
 * rows in PostgreSQL, the SNS events and the captured email must show each decision.
 */

/** The Terraform variables the stack is provisioned with for these tests. */
export const reviewVariables = (reviewerOwnerId: string) => ({
  review_total_limits: { [reviewerOwnerId]: { USD: 100 } },
  // Short enough to see reminders during the test, long enough never to expire in it.
  review_remind_after_seconds: 2,
  review_deadline_seconds: 600,
  review_max_seconds: 1200,
  notification_emails: { [reviewerOwnerId]: REVIEWER_EMAIL },
  review_escalation_emails: ["finance@example.com"],
});

export const REVIEWER = "reviewer";
const REVIEWER_EMAIL = "reviewer@example.com";

const file = (path: string, name: string, merchant: string, date: string): DemoFile => ({
  name,
  path,
  contentType: contentTypeOf(path),
  size: statSync(path).size,
  kind: "receipt",
  receipt: { merchant, date, total: 120, currency: "USD" },
});

export const registerReviewTests = (context: {
  stack: () => Stack;
  /** The owner id the functions derive from the reviewer's token (the stack's issuer + REVIEWER). */
  reviewerOwnerId: string;
  files: { receipts: string; photo: string };
}) => {
  it("pauses receipts over the owner's limit for review; approve, correct and reject reach PostgreSQL, SNS and email", async () => {
    const stack = context.stack();
    const owner = context.reviewerOwnerId;
    const authorization = `Bearer ${await stack.token(REVIEWER)}`;
    const client = { api: stack.apiUrl, authorization };
    const notifications = await countNotifications(stack);
    const files = [
      file(`${context.files.receipts}/corner-bakery.jpg`, "approve.jpg", "Corner Bakery", "2026-11-02"),
      file(`${context.files.receipts}/hardware-depot.jpg`, "correct.jpg", "Hardware Depot", "2026-11-03"),
      file(context.files.photo, "reject.jpg", "Coffee Corner", "2026-11-04"),
    ];
    const results: DemoResult[] = files.map((f) => ({
      name: f.name,
      kind: f.kind,
      status: "LOST",
      thumbnails: [],
    }));
    const { accepted } = await uploadFiles(client, files, results, () => {});
    expect(accepted).toHaveLength(3);
    const [approve, correct, reject] = results.map((result) => result.photoId as string);

    // GET /reviews, paged: all three wait, oldest first.
    let pending: string[] = [];
    for (let waited = 0; waited < 180 && pending.length < 3; waited++) {
      const first = ReviewListResponseSchema.parse(await (await api(client, "/reviews?limit=2")).json());
      const rest = first.nextToken
        ? ReviewListResponseSchema.parse(
            await (
              await api(client, `/reviews?limit=2&nextToken=${encodeURIComponent(first.nextToken)}`)
            ).json(),
          ).reviews
        : [];
      pending = [...first.reviews, ...rest].map((review) => review.reviewId);
      if (pending.length < 3) await sleep(1000);
    }
    expect(new Set(pending)).toEqual(new Set([approve, correct, reject]));

    // GET /reviews/{id}: why, what was read, and the image itself.
    const detail = ReviewDetailSchema.parse(await (await api(client, `/reviews/${approve}`)).json());
    expect(detail.reasons.map((reason) => reason.code)).toContain("OVER_LIMIT");
    expect(detail.fields).toMatchObject({ merchant: "Corner Bakery", total: 120, currency: "USD" });
    expect((await fetch(detail.imageUrl)).status).toBe(200);

    // Another user sees none of it: 404, for reading and for deciding.
    const stranger = { api: stack.apiUrl, authorization: `Bearer ${await stack.token("stranger")}` };
    expect((await api(stranger, `/reviews/${approve}`)).status).toBe(404);
    expect((await decide(stranger, approve as string, { action: "approve" })).status).toBe(404);
    expect(ReviewListResponseSchema.parse(await (await api(stranger, "/reviews")).json()).reviews).toEqual(
      [],
    );

    // A wrong correction is refused by the same schema as the upload's hints.
    expect(
      (await decide(client, correct as string, { action: "correct", fields: { total: "lots" } })).status,
    ).toBe(400);
    // Long enough for the workflow's first reminder (review_remind_after_seconds = 2).
    await sleep(2500);
    expect((await decide(client, approve as string, { action: "approve" })).status).toBe(200);
    expect(
      (await decide(client, correct as string, { action: "correct", fields: { total: 99.5 } })).status,
    ).toBe(200);
    expect(
      (await decide(client, reject as string, { action: "reject", reason: "a personal purchase" })).status,
    ).toBe(200);
    expect(
      (await decide(client, approve as string, { action: "reject", reason: "changed my mind" })).status,
    ).toBe(409);

    // The workflow goes on from each decision: two rows in PostgreSQL, one receipt REJECTED.
    const receipts = new DynamoDBClient(emulatorAdmin(stack.motoEndpoint, stack.config.region));
    const receiptOf = async (photoId: string) => {
      const { Item } = await receipts.send(
        new GetItemCommand({
          TableName: stack.config.tables.receipts,
          Key: { ownerId: { S: owner }, sk: { S: `RECEIPT#${photoId}` } },
          ConsistentRead: true,
        }),
      );
      return Item ? unmarshall(Item) : undefined;
    };
    const database = new pg.Client({ connectionString: stack.database.url });
    await database.connect();
    try {
      let rows: { receipt_id: string; total_minor: string }[] = [];
      for (let waited = 0; waited < 120; waited++) {
        rows = (
          await database.query(
            "SELECT receipt_id, total_minor FROM shoebox_receipts WHERE receipt_id = ANY($1)",
            [[approve, correct, reject]],
          )
        ).rows;
        if (rows.length === 2 && (await receiptOf(reject as string))?.status === "REJECTED") break;
        await sleep(1000);
      }
      expect(Object.fromEntries(rows.map((row) => [row.receipt_id, Number(row.total_minor)]))).toEqual({
        [approve as string]: 12000,
        [correct as string]: 9950,
      });
    } finally {
      await database.end();
    }
    expect(await receiptOf(approve as string)).toMatchObject({
      status: "STORED",
      review: { decision: { action: "approve", reviewer: owner } },
    });
    expect(await receiptOf(correct as string)).toMatchObject({
      status: "STORED",
      totalMinor: 9950,
      review: { decision: { action: "correct", before: { total: 120 }, after: { total: 99.5 } } },
    });
    expect(await receiptOf(reject as string)).toMatchObject({
      status: "REJECTED",
      rejection: "a personal purchase",
    });
    receipts.destroy();

    // SNS: each review announced, the outcomes too.
    await notifications.settle(0);
    const seen = (photoId: string) =>
      notifications.seen.filter((event) => event.photoId === photoId).map((event) => event.eventType);
    expect(seen(approve as string)).toEqual(expect.arrayContaining(["review.requested", "receipt.stored"]));
    expect(seen(correct as string)).toEqual(expect.arrayContaining(["review.requested", "receipt.stored"]));
    expect(seen(reject as string)).toEqual(expect.arrayContaining(["review.requested", "receipt.rejected"]));
    await notifications.stop();

    // Email: the owner's address got its review requests and reminders; nobody else's did.
    const mail = stack.mail.mail(REVIEWER_EMAIL);
    expect(mail.filter((message) => message.eventType === "review.requested")).toHaveLength(3);
    expect(mail.some((message) => message.eventType === "review.reminder")).toBe(true);
    expect(stack.mail.mail("finance@example.com")).toEqual([]);
  }, 300_000);
};

const api = (client: { api: string; authorization: string }, path: string) =>
  fetch(`${client.api}${path}`, { headers: { authorization: client.authorization } });

const decide = (client: { api: string; authorization: string }, reviewId: string, decision: unknown) =>
  fetch(`${client.api}/reviews/${reviewId}`, {
    method: "POST",
    headers: { authorization: client.authorization, "content-type": "application/json" },
    body: JSON.stringify(decision),
  });
