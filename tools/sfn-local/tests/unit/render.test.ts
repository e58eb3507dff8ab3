// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are Terraform templates, not JavaScript ones.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderTemplate, TemplateRenderError } from "../../src/index.ts";
import { RECEIPT_WORKFLOW_TEMPLATE } from "../support/receipt-stack.ts";

describe("renderTemplate", () => {
  it("puts each value in place of its ${name}, spaces inside the braces allowed", () => {
    expect(renderTemplate('{"a": "${one}", "b": ${ two }}', { one: "x", two: 2 })).toBe('{"a": "x", "b": 2}');
  });

  it("keeps Terraform's escapes literal: $${ and %%{", () => {
    expect(renderTemplate("$${kept} %%{kept} $$.State.EnteredTime", {})).toBe(
      "${kept} %{kept} $$.State.EnteredTime",
    );
  });

  it("names every placeholder without a value at once", () => {
    expect(() => renderTemplate("${b} ${a} ${b}", {})).toThrow("no value for placeholder(s): a, b");
  });

  it("refuses template directives and expressions rather than guess at them", () => {
    expect(() => renderTemplate("%{ if x }y%{ endif }", {})).toThrow(TemplateRenderError);
    expect(() => renderTemplate("${upper(x)}", { x: "y" })).toThrow(TemplateRenderError);
  });
});

describe("asl/receipt-workflow.asl.json", () => {
  it("is valid JSON before rendering, so editors, biome and asl-validator read it as it is", () => {
    expect(() => JSON.parse(readFileSync(RECEIPT_WORKFLOW_TEMPLATE, "utf8"))).not.toThrow();
  });

  it("has exactly the placeholders Terraform is told to pass", () => {
    const placeholders = new Set(readFileSync(RECEIPT_WORKFLOW_TEMPLATE, "utf8").match(/\$\{\w+\}/g));

    expect([...placeholders].sort()).toEqual([
      "${batches_table}",
      "${delivery_queue_url}",
      "${events_topic_arn}",
      "${extract_function_arn}",
      "${map_max_concurrency}",
      "${partition}",
      "${profiles_table}",
      "${receipts_table}",
      "${review_deadline_seconds}",
      "${review_max_seconds}",
      "${review_on_deadline}",
      "${review_remind_after_seconds}",
      "${review_request_function_arn}",
      "${transform_function_arn}",
      "${validate_function_arn}",
    ]);
  });
});
