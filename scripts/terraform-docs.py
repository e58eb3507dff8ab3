"""Keeps the Inputs and Outputs tables of terraform/README.md and terraform/modules/*/README.md
in step with variables.tf and outputs.tf, so a README cannot drift from the code it documents.

    .venv/bin/python scripts/terraform-docs.py          # rewrite the tables
    .venv/bin/python scripts/terraform-docs.py --check  # exit 1 if a README is out of date

Names, descriptions, types and defaults come from the .tf files (hcl2, which checkov brings into
.venv). The root README's "Production" column is advice a reader needs and variables.tf cannot
hold, so it is kept from the README as it is; a variable without advice fails the check.
Ends with one line: "terraform-docs: N READMEs up to date" or what is out of date.
"""

import difflib
import json
import re
import sys
from pathlib import Path

import hcl2

TERRAFORM = Path(__file__).resolve().parent.parent / "terraform"
NO_ADVICE = "TODO: what to set in production"


def hcl_string(text):
    """python-hcl2 keeps a string's escapes as written; undo the ones our descriptions use."""
    return re.sub(r"\\(.)", lambda m: {"n": "\n"}.get(m.group(1), m.group(1)), text).replace("$${", "${")


def hcl_value(value):
    if isinstance(value, str):
        return json.dumps(hcl_string(value))
    return json.dumps(value)


def cell(text):
    """A table cell on one line: pipes escaped, the code-like words of descriptions left as they are."""
    return text.replace("|", "\\|").replace("\n", " ")


def blocks(path, kind):
    if not path.exists():
        return []
    return [(name, body) for entry in hcl2.load(path.open()).get(kind, []) for name, body in entry.items()]


def type_source(lines, body):
    """A variable's type as written (hcl2 turns object types into dicts), on one line."""
    block = lines[body["__start_line__"] - 1 : body["__end_line__"]]
    start = next((i for i, line in enumerate(block) if re.match(r"\s*type\s*=", line)), None)
    if start is None:
        return "any"
    parts, depth = [], 0
    for line in block[start:]:
        text = line.strip() if parts else line.split("=", 1)[1].strip()
        if parts and not (parts[-1].endswith(("{", "(")) or text.startswith(("}", ")"))):
            parts[-1] += ","
        parts.append(text)
        depth += text.count("(") + text.count("{") - text.count(")") - text.count("}")
        if depth <= 0:
            break
    return re.sub(r"\s+", " ", " ".join(parts))


def variables(module_dir):
    rows = []
    path = module_dir / "variables.tf"
    lines = path.read_text().splitlines() if path.exists() else []
    for name, body in blocks(path, "variable"):
        rows.append(
            {
                "name": name,
                "description": cell(hcl_string(body.get("description", [""])[0])),
                "type": type_source(lines, body),
                "default": f"`{hcl_value(body['default'][0])}`" if "default" in body else "n/a",
                "required": "default" not in body,
            }
        )
    return rows


def outputs(module_dir):
    return [(name, cell(hcl_string(body.get("description", [""])[0]))) for name, body in blocks(module_dir / "outputs.tf", "output")]


def production_advice(readme):
    """The Production column of the root README's Inputs table, by variable name."""
    advice = {}
    for line in section(readme, "Inputs").splitlines():
        match = re.match(r"^\| `([a-z0-9_]+)` \|.*\| ([^|]+) \|$", line)
        if match:
            advice[match.group(1)] = match.group(2)
    return advice


def section(readme, title):
    """The first markdown table under "## <title>"."""
    match = re.search(rf"^## {title}\n(?:(?!^\|).*\n)*?((?:^\|.*\n)+)", readme, re.M)
    return match.group(1) if match else ""


def replace_table(readme, title, table):
    old = section(readme, title)
    if not old:
        raise SystemExit(f"terraform-docs: no table under '## {title}'")
    return readme.replace(old, table, 1)


def inputs_table(rows, advice=None):
    if advice is None:
        lines = ["| Name | Description | Type | Default | Required |", "|---|---|---|---|:---:|"]
        lines += [f"| `{r['name']}` | {r['description']} | `{r['type']}` | {r['default']} | {'yes' if r['required'] else 'no'} |" for r in rows]
    else:
        lines = ["| Name | Description | Type | Default | Production |", "|---|---|---|---|---|"]
        lines += [f"| `{r['name']}` | {r['description']} | `{r['type']}` | {r['default']} | {advice.get(r['name'], NO_ADVICE)} |" for r in rows]
    return "\n".join(lines) + "\n"


def outputs_table(rows):
    lines = ["| Name | Description |", "|---|---|"] + [f"| `{name}` | {description} |" for name, description in rows]
    return "\n".join(lines) + "\n"


def render(module_dir, readme):
    is_root = module_dir == TERRAFORM
    readme = replace_table(readme, "Inputs", inputs_table(variables(module_dir), production_advice(readme) if is_root else None))
    return replace_table(readme, "Outputs", outputs_table(outputs(module_dir)))


def main():
    check = "--check" in sys.argv[1:]
    stale = []
    readmes = [TERRAFORM / "README.md"] + sorted(TERRAFORM.glob("modules/*/README.md"))
    for path in readmes:
        current = path.read_text()
        wanted = render(path.parent, current)
        relative = path.relative_to(TERRAFORM.parent)
        if NO_ADVICE in wanted:
            stale.append(f"{relative}: a variable has no production advice (search for '{NO_ADVICE}')")
        if wanted == current:
            continue
        if check:
            stale.append(f"{relative}: tables differ from the .tf files")
            sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), wanted.splitlines(True), str(relative), f"{relative} (generated)", n=0))
        else:
            path.write_text(wanted)
            print(f"terraform-docs: rewrote {relative}")
    if stale:
        print("\n".join(stale))
        print(f"terraform-docs: {len(stale)} out of date (run: .venv/bin/python scripts/terraform-docs.py)")
        sys.exit(1)
    print(f"terraform-docs: {len(readmes)} READMEs up to date")


if __name__ == "__main__":
    main()
