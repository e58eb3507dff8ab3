import { dynamoDocumentClient, httpHandler, json, withUserLimits } from "@shoebox/runtime";
import { loadReceiptsApiConfig } from "./config.ts";
import { exportReceipts } from "./receipt-export.ts";
import { getReceiptList } from "./receipt-list.ts";

const config = loadReceiptsApiConfig();

const source = () => ({ dynamo: dynamoDocumentClient(), table: config.receiptsTable });

/**
 * The receipts read API: GET /receipts (a page of the caller's receipts as JSON) and
 * GET /receipts/export (a date range as a CSV download), one function because both read the
 * caller's own receipts the same way. The owner is always the token's; a caller over the
 * request limit gets 429 (Retry-After), counted in the same window as the rest of the API.
 */
export const handler = httpHandler(
  {},
  withUserLimits(config.requestLimit, async ({ ownerId, event }) => {
    if (event.routeKey === "GET /receipts/export") {
      const file = await exportReceipts(event.queryStringParameters, ownerId, source(), config.exportMaxRows);
      return {
        statusCode: 200,
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="${file.filename}"`,
          // A user's receipts: no shared cache may keep them.
          "cache-control": "private, no-store",
        },
        body: file.csv,
      };
    }
    return json(200, await getReceiptList(event.queryStringParameters, ownerId, source()));
  }),
);
