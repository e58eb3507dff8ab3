import {
  type CheckedReceiptField,
  CheckedReceiptFieldSchema,
  type ReviewDecisionRequest,
  type ReviewFields,
  ReviewFieldsSchema,
} from "@shoebox/schemas";

/** The fields a review shows and takes corrections of, in the order of the form. */
export const REVIEW_FIELDS: readonly CheckedReceiptField[] = CheckedReceiptFieldSchema.options;

/** The form's text inputs, one per field: what the person sees and edits. */
export type FieldInputs = Record<CheckedReceiptField, string>;

export const inputsOf = (fields: ReviewFields): FieldInputs => ({
  merchant: fields.merchant ?? "",
  date: fields.date ?? "",
  total: fields.total === undefined ? "" : String(fields.total),
  currency: fields.currency ?? "",
});

/** A text input as the API takes the field, or why it cannot be. */
const fieldValue = (
  field: CheckedReceiptField,
  text: string,
): { value: string | number } | { problem: string } => {
  if (field === "total") {
    const total = Number(text.replace(",", "."));
    return text && Number.isFinite(total)
      ? { value: total }
      : { problem: "total: write a number like 12.50" };
  }
  return { value: field === "currency" ? text.toUpperCase() : text };
};

/**
 * What submitting the form means: approve when nothing was changed, correct with only the changed
 * fields otherwise (the API records the fields before and after), or the problems to fix first.
 * A field cannot be emptied: the API's corrections name new values, never none.
 *
 * @example
 * decisionOf({ merchant: "Bakery", date: "", total: "5.5", currency: "eur" }, { merchant: "Bakery" });
 * // { decision: { action: "correct", fields: { total: 5.5, currency: "EUR" } } }
 */
export const decisionOf = (
  inputs: FieldInputs,
  shown: ReviewFields,
): { decision: ReviewDecisionRequest } | { problems: string[] } => {
  const before = inputsOf(shown);
  const changed: Record<string, string | number> = {};
  const problems: string[] = [];
  for (const field of REVIEW_FIELDS) {
    const text = inputs[field].trim();
    if (text === before[field]) continue;
    if (!text) {
      problems.push(`${field}: it cannot be emptied; put the right value, or reject the receipt`);
      continue;
    }
    const parsed = fieldValue(field, text);
    if ("problem" in parsed) problems.push(parsed.problem);
    else changed[field] = parsed.value;
  }
  if (problems.length > 0) return { problems };
  if (Object.keys(changed).length === 0) return { decision: { action: "approve" } };
  const fields = ReviewFieldsSchema.safeParse(changed);
  if (!fields.success)
    return { problems: fields.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) };
  return { decision: { action: "correct", fields: fields.data } };
};
