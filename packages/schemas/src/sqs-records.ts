import * as z from "zod";

/*
 * The SQS record as our functions read it, instead of Powertools' parser schemas: those import
 * zod as `import { z } from "zod"`, which keeps all of zod (its JSON Schema tools and every
 * locale, about 450 KB) in each bundle, and their index, which the batch parser loads, holds
 * the schemas of every AWS event. Only the fields a function reads are checked and kept (zod
 * objects drop the others); Lambda's event source mapping writes the rest.
 */

/** One record of an SQS event: its id, its body as sent, and how often it was received. */
export const SqsRecordSchema = z.object({
  messageId: z.string(),
  body: z.string(),
  attributes: z.object({ ApproximateReceiveCount: z.string() }),
});

/**
 * A string holding JSON, parsed and then checked with `schema`: what an SQS body is. Text that
 * is not JSON is an issue of the field (`body: Invalid JSON - ...`), not a thrown SyntaxError.
 *
 * @example
 * SqsRecordSchema.extend({ body: jsonText(PhotoProcessedMessageSchema) })
 */
export const jsonText = <Schema extends z.ZodType>(schema: Schema) =>
  z
    .string()
    .transform((text, context): unknown => {
      try {
        return JSON.parse(text);
      } catch (error) {
        context.issues.push({
          code: "custom",
          message: `Invalid JSON - ${(error as Error).message}`,
          input: text,
        });
        return z.NEVER;
      }
    })
    .pipe(schema);

/** An SQS record whose body is JSON that `schema` parses. */
export const sqsRecordWithJsonBody = <Schema extends z.ZodType>(schema: Schema) =>
  SqsRecordSchema.extend({ body: jsonText(schema) });
