import { readFileSync } from "node:fs";
import { TemplateRenderError } from "./errors.ts";

export type TemplateValues = Readonly<Record<string, string | number | boolean>>;

/*
 * Terraform template syntax, the part our ASL uses: `${name}` interpolations, with `$${` and
 * `%%{` as escapes for literal `${` and `%{`. Directives (`%{ if }`) and expressions other than a
 * bare name are refused rather than guessed at.
 */
const TEMPLATE_TOKEN = /\$\$\{|%%\{|\$\{([^}]*)\}|%\{/g;
const NAME = /^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*$/;

/**
 * Renders a template the way Terraform's `templatefile` does for plain `${name}` placeholders,
 * failing on any placeholder without a value (all of them named at once).
 *
 * @example
 * renderTemplate('{"TableName": "${receipts_table}"}', { receipts_table: "receipts" });
 */
export const renderTemplate = (template: string, values: TemplateValues): string => {
  const missing = new Set<string>();
  const rendered = template.replace(TEMPLATE_TOKEN, (token, expression: string | undefined) => {
    if (token === "$${") return "${";
    if (token === "%%{") return "%{";
    if (token === "%{") throw new TemplateRenderError("template directives (%{ … }) are not supported");
    const name = NAME.exec(expression ?? "")?.[1];
    if (!name)
      throw new TemplateRenderError(`only \${name} placeholders are supported, not \${${expression}}`);
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return token;
    }
    return String(value);
  });
  if (missing.size > 0) {
    throw new TemplateRenderError(`no value for placeholder(s): ${[...missing].sort().join(", ")}`);
  }
  return rendered;
};

/**
 * Reads an ASL template (e.g. asl/receipt-workflow.asl.json), renders it like `templatefile` and
 * parses the result: the definition Terraform would deploy with these values.
 *
 * @example
 * const definition = renderDefinition("asl/receipt-workflow.asl.json", { receipts_table: "receipts", … });
 */
export const renderDefinition = (templatePath: string, values: TemplateValues): StateMachineDefinition => {
  const rendered = renderTemplate(readFileSync(templatePath, "utf8"), values);
  try {
    return JSON.parse(rendered) as StateMachineDefinition;
  } catch (error) {
    throw new TemplateRenderError(
      `${templatePath} is not valid JSON once rendered: ${(error as Error).message}`,
    );
  }
};

/** An ASL document, loosely typed: aws-local-stepfunctions and asl-validator check it. */
export interface StateMachineDefinition {
  StartAt: string;
  States: Record<string, AslState>;
  Comment?: string;
  [field: string]: unknown;
}

export interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  Retry?: unknown[];
  Branches?: { StartAt: string; States: Record<string, AslState> }[];
  ItemProcessor?: { StartAt: string; States: Record<string, AslState> };
  Iterator?: { StartAt: string; States: Record<string, AslState> };
  [field: string]: unknown;
}
