import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { newId, ownerIdFromClaims } from "@shoebox/runtime";
import {
  formatMajorUnits,
  hashMarkerSortKey,
  matchMarkerSortKey,
  outcomeMarkerSortKey,
  type ReceiptItem,
  ReceiptListResponseSchema,
  type ReceiptView,
  receiptSortKey,
} from "@shoebox/schemas";
import {
  createKeyedTable,
  fixtureIssuer,
  httpEvent,
  lambdaContext,
  type MotoServer,
  startMoto,
  useLocalAws,
} from "@shoebox/testing";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiptColumns } from "../../src/receipt-rows.ts";

/*
 * GET /receipts and GET /receipts/export through moto's DynamoDB (wire protocol), with three
 * owners in one table: alice (receipts of every kind, and the workflow's marker items beside
 * them), bob (receipts on the same dates) and carol (more receipts than one export may hold).
 */

const TABLE = "shoebox-test-receipts";
const EXPORT_MAX_ROWS = 40;
const ALICE = "alice-subject";
const BOB = "bob-subject";
const CAROL = "carol-subject";

const ownerOf = (subject: string) => ownerIdFromClaims(fixtureIssuer(), subject);

let moto: MotoServer;
let call: (
  route: "/receipts" | "/receipts/export",
  subject: string,
  query?: Record<string, string>,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** Receipts in the order they were uploaded (photo ids are ULIDs). */
const aliceReceipts: ReceiptItem[] = [];
const bobReceipts: ReceiptItem[] = [];
const carolReceipts: ReceiptItem[] = [];

const MERCHANTS = [
  'Joe\'s "Diner", Main St',
  '=HYPERLINK("http://evil.example", "refund")',
  "Bäckerei Müller 🥨",
  "Two\nline merchant",
  "+44 Taxi",
  "@home store",
  "-minus shop",
  "Plain Shop",
];
const CURRENCIES = ["USD", "EUR", "JPY", "BHD", "CLF"];

const stored = (subject: string, n: number, date: string): ReceiptItem => {
  const photoId = newId();
  const currency = CURRENCIES[n % CURRENCIES.length] as string;
  return {
    ownerId: ownerOf(subject),
    sk: receiptSortKey(photoId),
    photoId,
    status: "STORED",
    merchant: MERCHANTS[n % MERCHANTS.length] as string,
    merchantKey: `merchant-${n}`,
    date,
    totalMinor: n % 7 === 3 ? -(n * 101) : n * 1234 + 5,
    currency,
    category: "groceries",
    storedAt: "2026-03-01T10:00:00.000Z",
  };
};

/** One the workflow failed before it was read (no date), and one the customer's database refused (dated). */
const failed = (subject: string, date?: string): ReceiptItem => {
  const photoId = newId();
  return {
    ownerId: ownerOf(subject),
    sk: receiptSortKey(photoId),
    photoId,
    status: "FAILED",
    ...(date
      ? { merchant: "Refused Ltd", merchantKey: "refused", date, totalMinor: 999, currency: "USD" }
      : {}),
    failureError: date ? "DATA_TOO_LONG" : "States.Timeout",
    failureCause: '{"errorMessage":"boom","stackTrace":["at secret (/var/task/index.mjs:1:1)"]}',
    failedAt: "2026-03-01T10:00:00.000Z",
  };
};

const dayOf = (n: number) =>
  `2026-${String((n % 6) + 1).padStart(2, "0")}-${String((n % 27) + 1).padStart(2, "0")}`;

const write = async (items: Record<string, unknown>[]) => {
  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  for (let i = 0; i < items.length; i += 25) {
    await dynamo.send(
      new BatchWriteCommand({
        RequestItems: { [TABLE]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
};

beforeAll(async () => {
  moto = await startMoto();
  useLocalAws(moto.endpoint);
  Object.assign(process.env, {
    RECEIPTS_TABLE: TABLE,
    LIMITS_TABLE: "shoebox-test-limits",
    EXPORT_MAX_ROWS: String(EXPORT_MAX_ROWS),
    // Requests go back to back; the request limit is @shoebox/runtime's, tested with photos-api.
    USER_REQUESTS_PER_SECOND: "0",
  });
  await createKeyedTable(TABLE, "ownerId", "sk");

  for (let n = 0; n < 23; n++) aliceReceipts.push(stored(ALICE, n, dayOf(n)));
  aliceReceipts.push(failed(ALICE), failed(ALICE, "2026-02-14"));
  for (let n = 0; n < 6; n++) bobReceipts.push(stored(BOB, n, dayOf(n)));
  for (let n = 0; n < 150; n++)
    carolReceipts.push(n % 50 === 9 ? failed(CAROL, dayOf(n)) : stored(CAROL, n, dayOf(n)));
  // The workflow's markers live in the same partition and must never show as receipts.
  const alice = ownerOf(ALICE);
  const [first] = aliceReceipts as [ReceiptItem];
  const markers = [
    { ownerId: alice, sk: outcomeMarkerSortKey(first.photoId), batchId: newId(), outcome: "stored" },
    { ownerId: alice, sk: hashMarkerSortKey("9f86d081884c7d659a2feaa0c55ad015"), photoId: first.photoId },
    {
      ownerId: alice,
      sk: matchMarkerSortKey({ merchantKey: "m", date: "2026-01-01", totalMinor: 5, currency: "USD" }),
      photoId: first.photoId,
    },
    // Sorts after every RECEIPT# key, where a newest-first query starts.
    { ownerId: alice, sk: "ZZZ#not-a-receipt", photoId: first.photoId },
  ];
  await write([...aliceReceipts, ...bobReceipts, ...carolReceipts, ...markers]);

  const { handler } = await import("../../src/handler.ts");
  call = async (route, subject, query) =>
    (await handler(
      httpEvent({ method: "GET", route, subject, ...(query ? { queryStringParameters: query } : {}) }),
      lambdaContext(),
    )) as APIGatewayProxyStructuredResultV2;
});

afterAll(async () => moto?.stop());

const bodyOf = (response: APIGatewayProxyStructuredResultV2) => JSON.parse(String(response.body));

/** Every page of GET /receipts with this query, following nextCursor to the end. */
const listAll = async (subject: string, query: Record<string, string>) => {
  const pages: ReceiptView[][] = [];
  let cursor: string | null = null;
  do {
    const response = await call("/receipts", subject, { ...query, ...(cursor ? { cursor } : {}) });
    expect(response.statusCode).toBe(200);
    const page = ReceiptListResponseSchema.parse(bodyOf(response));
    pages.push(page.receipts);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return pages;
};

const newestFirst = (items: ReceiptItem[]) => items.map((item) => item.photoId).reverse();

describe("GET /receipts", () => {
  it("pages through the caller's receipts only, newest upload first, each exactly once, no marker items", async () => {
    // Act
    const pages = await listAll(ALICE, { limit: "4" });

    // Assess
    expect(pages.map((page) => page.length)).toEqual([4, 4, 4, 4, 4, 4, 1]);
    expect(pages.flat().map((receipt) => receipt.photoId)).toEqual(newestFirst(aliceReceipts));
  });

  it("shows each receipt without its keys, duplicate key or failure cause", async () => {
    const response = await call("/receipts", ALICE, { limit: "100" });
    const receipts = bodyOf(response).receipts as Record<string, unknown>[];

    expect(receipts).toHaveLength(aliceReceipts.length);
    for (const hidden of ["ownerId", "sk", "merchantKey", "failureCause"]) {
      expect(receipts.filter((receipt) => hidden in receipt)).toEqual([]);
    }
    expect(receipts.find((receipt) => receipt.status === "FAILED" && !receipt.date)).toEqual({
      photoId: aliceReceipts[23]?.photoId,
      status: "FAILED",
      failureError: "States.Timeout",
      failedAt: "2026-03-01T10:00:00.000Z",
    });
  });

  it("answers 50 receipts by default, and an end with a null cursor", async () => {
    const response = await call("/receipts", BOB);

    expect(bodyOf(response)).toEqual({ receipts: expect.any(Array), nextCursor: null });
    expect(bodyOf(response).receipts.map((receipt: ReceiptView) => receipt.photoId)).toEqual(
      newestFirst(bobReceipts),
    );
  });

  it("filters on the receipt date, inclusive at both ends, across pages", async () => {
    const pages = await listAll(ALICE, { limit: "3", from: "2026-02-02", to: "2026-04-04" });

    const expected = aliceReceipts.filter(
      (receipt) => receipt.date !== undefined && receipt.date >= "2026-02-02" && receipt.date <= "2026-04-04",
    );
    expect(expected.map((receipt) => receipt.date)).toEqual(
      expect.arrayContaining(["2026-02-02", "2026-04-04"]),
    );
    expect(pages.flat().map((receipt) => receipt.photoId)).toEqual(newestFirst(expected));
  });

  it("fills a page of a sparse status filter across queries", async () => {
    // carol: 3 FAILED in 150; a filtered query reads 100, so the page needs a second one.
    const pages = await listAll(CAROL, { limit: "3", status: "FAILED" });

    expect(pages).toHaveLength(1);
    expect(pages.flat().map((receipt) => receipt.status)).toEqual(["FAILED", "FAILED", "FAILED"]);
    expect(new Set(pages.flat().map((receipt) => receipt.photoId)).size).toBe(3);
  });

  it("lists every match of a filter exactly once, newest first, when each page cuts a query short", async () => {
    const pages = await listAll(CAROL, {
      limit: "7",
      status: "STORED",
      from: "2026-02-01",
      to: "2026-05-31",
    });

    const expected = carolReceipts.filter(
      (receipt) =>
        receipt.status === "STORED" &&
        String(receipt.date) >= "2026-02-01" &&
        String(receipt.date) <= "2026-05-31",
    );
    expect(pages.flat().map((receipt) => receipt.photoId)).toEqual(newestFirst(expected));
  });

  it("answers 400 to another owner's cursor, one aimed at a marker item, and one that is not a cursor", async () => {
    // Prepare: a real cursor of bob's.
    const bobPage = ReceiptListResponseSchema.parse(bodyOf(await call("/receipts", BOB, { limit: "1" })));
    const marker = Buffer.from(
      JSON.stringify({ ownerId: ownerOf(ALICE), sk: hashMarkerSortKey("9f86d081884c7d659a2feaa0c55ad015") }),
    ).toString("base64url");

    // Act
    const responses = await Promise.all(
      [String(bobPage.nextCursor), marker, "not-a-cursor"].map((cursor) =>
        call("/receipts", ALICE, { cursor }),
      ),
    );

    // Assess
    for (const response of responses) {
      expect(response.statusCode).toBe(400);
      expect(bodyOf(response)).toEqual({ message: "cursor is not a cursor this API issued" });
    }
  });

  it("answers 400 with the issue to a bad limit, date or status", async () => {
    const responses = await Promise.all([
      call("/receipts", ALICE, { limit: "101" }),
      call("/receipts", ALICE, { from: "2026-13-01" }),
      call("/receipts", ALICE, { status: "PENDING" }),
    ]);

    expect(responses.map((response) => response.statusCode)).toEqual([400, 400, 400]);
    expect(responses.map((response) => String(bodyOf(response).issues[0]).split(":")[0])).toEqual([
      "limit",
      "from",
      "status",
    ]);
  });
});

/**
 * What a CSV row holds for a receipt, in the columns these receipts fill (before formula
 * neutralising); every other column of the view is empty for them.
 */
const expectedRow = (receipt: ReceiptItem): Record<string, string> => ({
  photoId: receipt.photoId,
  status: receipt.status,
  merchant: receipt.merchant ?? "",
  date: receipt.date ?? "",
  total:
    receipt.totalMinor === undefined ? "" : formatMajorUnits(receipt.totalMinor, String(receipt.currency)),
  currency: receipt.currency ?? "",
  category: receipt.category ?? "",
  storedAt: receipt.storedAt ?? "",
  failureError: receipt.failureError ?? "",
  failedAt: receipt.failedAt ?? "",
});

const neutralised = (cell: string) =>
  /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell) ? `'${cell}` : cell;

describe("GET /receipts/export", () => {
  it("answers the caller's receipts of the range as an RFC 4180 CSV download that parses back to the same rows", async () => {
    // Act
    const response = await call("/receipts/export", ALICE, { from: "2026-01-01", to: "2026-03-31" });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="receipts-2026-01-01-2026-03-31.csv"',
    });
    const csv = String(response.body);
    expect(csv.endsWith("\r\n")).toBe(true);
    const rows = parse(csv, { columns: true, record_delimiter: "\r\n" }) as Record<string, string>[];
    const inRange = aliceReceipts
      .filter(
        (receipt) =>
          receipt.date !== undefined && receipt.date >= "2026-01-01" && receipt.date <= "2026-03-31",
      )
      .sort((a, b) => (String(a.date) + a.photoId < String(b.date) + b.photoId ? -1 : 1));
    expect(inRange.length).toBeGreaterThan(5);
    const headers = receiptColumns.map((column) => column.header);
    expect(csv.slice(0, csv.indexOf("\r\n"))).toBe(headers.join(","));
    expect(rows).toEqual(
      inRange.map((receipt) => {
        const filled = expectedRow(receipt);
        return Object.fromEntries(headers.map((header) => [header, neutralised(filled[header] ?? "")]));
      }),
    );
  });

  it("neutralises formulas and keeps amounts as numbers a spreadsheet sums", async () => {
    const response = await call("/receipts/export", ALICE, { from: "2026-01-01", to: "2026-12-31" });
    const rows = parse(String(response.body), { columns: true }) as Record<string, string>[];

    const merchants = rows.map((row) => row.merchant);
    expect(merchants).toContain('\'=HYPERLINK("http://evil.example", "refund")');
    expect(merchants).toContain("'+44 Taxi");
    expect(merchants).toContain("'@home store");
    expect(merchants).toContain("'-minus shop");
    expect(rows.filter((row) => row.total?.startsWith("-")).length).toBeGreaterThan(0);
    expect(rows.every((row) => row.total === "" || /^-?\d+(\.\d+)?$/.test(String(row.total)))).toBe(true);
  });

  it("holds none of another owner's receipts", async () => {
    const response = await call("/receipts/export", BOB, { from: "2026-01-01", to: "2026-12-31" });
    const rows = parse(String(response.body), { columns: true }) as Record<string, string>[];

    expect(rows.map((row) => row.photoId).sort()).toEqual(
      bobReceipts.map((receipt) => receipt.photoId).sort(),
    );
  });

  it("answers a header only for a range without receipts", async () => {
    const response = await call("/receipts/export", ALICE, { from: "2020-01-01", to: "2020-12-31" });

    expect(response.statusCode).toBe(200);
    expect(String(response.body)).toBe(`${receiptColumns.map((column) => column.header).join(",")}\r\n`);
  });

  it(`answers 413, saying to narrow the range, for more than EXPORT_MAX_ROWS (${EXPORT_MAX_ROWS}) receipts: never a file cut short`, async () => {
    const response = await call("/receipts/export", CAROL, { from: "2026-01-01", to: "2026-12-31" });

    expect(response.statusCode).toBe(413);
    expect(response.headers?.["content-type"]).toBe("application/json");
    expect(bodyOf(response).message).toMatch(
      /more than 40 receipts between 2026-01-01 and 2026-12-31.*narrow the range/,
    );
  });

  it.each([
    ["without to", { from: "2026-01-01" }, /^to: /],
    ["without from", { to: "2026-01-01" }, /^from: /],
    [
      "for 367 days",
      { from: "2025-01-01", to: "2026-01-03" },
      /^to: from and to must be at most 366 days apart/,
    ],
    ["for from after to", { from: "2026-02-01", to: "2026-01-01" }, /^from: /],
  ])("answers 400 %s", async (_, query, issue) => {
    const response = await call("/receipts/export", ALICE, query);

    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).issues[0]).toMatch(issue);
  });
});
