import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";

/*
 * Business metrics in CloudWatch's embedded metric format: printed with the logs, extracted by
 * CloudWatch, no PutMetricData call. Namespace `shoebox`; Powertools adds the dimension
 * `service` = POWERTOOLS_SERVICE_NAME (Terraform sets the function's name). The dashboard and
 * the alarms (terraform/dashboard.tf) read these very names.
 */

/**
 * Every metric a function counts: uploads-api the files a POST /uploads admitted and refused;
 * thumbnail the uploads recorded PROCESSED and FAILED; receipt-starter the workflow executions
 * it started; review-request the review rounds it opened for a person (first rounds and
 * escalations); receipt-delivery the receipts written to the customer's table and the messages
 * that were not (refused, unreadable, or waiting for the database).
 */
export type MetricName =
  | "UploadsAccepted"
  | "UploadsRefused"
  | "PhotosProcessed"
  | "PhotosFailed"
  | "ReceiptsStarted"
  | "ReviewsRequested"
  | "ReceiptsDelivered"
  | "DeliveryFailures";

/** The one Metrics of a container; the HTTP, SQS and task wirings flush it after each invocation. */
export const metrics = /* @__PURE__ */ new Metrics({ namespace: "shoebox" });

/**
 * Adds `count` to a metric of this invocation (a count of 0 is a data point too: the graph shows
 * a quiet minute as 0, not as a gap).
 *
 * @example
 * countMetric("UploadsAccepted", result.uploads.length);
 */
export const countMetric = (name: MetricName, count = 1): void => {
  metrics.addMetric(name, MetricUnit.Count, count);
};

/** Prints the invocation's metrics, if it counted any (Powertools warns on an empty flush). */
export const flushMetrics = (): void => {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
};
