#!/usr/bin/env bash
# Offline checks of terraform/: fmt, init (local provider mirror), validate, terraform test,
# checkov. Prints one line per step and ends with "tf-check: N passed, N failed", where N counts
# terraform test run blocks plus one each for fmt, validate, the examples, the deployer policy, the
# README tables and checkov.
set -uo pipefail
cd "$(dirname "$0")/.."
tf_dir=terraform
passed=0
failed=0
log_dir="$(mktemp -d)"
trap 'rm -rf "$log_dir"' EXIT
say() { printf '[tf-check] %s\n' "$*"; }
step_ok() { passed=$((passed + 1)); say "ok   $1"; }
step_fail() {
  failed=$((failed + 1))
  say "FAIL $1"
  [ -n "${2:-}" ] && sed 's/^/    /' "$2" | tail -n 40
}
finish() {
  echo "tf-check: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

say "terraform fmt -check"
if terraform fmt -check -recursive "$tf_dir" >"$log_dir/fmt" 2>&1; then step_ok fmt; else step_fail "fmt (run: terraform fmt -recursive $tf_dir)" "$log_dir/fmt"; fi

say "terraform init (offline when a provider mirror exists)"
if ! bash scripts/terraform-init.sh "$tf_dir" >"$log_dir/init" 2>&1; then
  # Without init nothing else can run: count it as the validate failure.
  step_fail "init" "$log_dir/init"
  finish
fi
# Later terraform commands must see the same CLI config init used.
[ -f .local/terraform-mirror.tfrc ] && export TF_CLI_CONFIG_FILE="$PWD/.local/terraform-mirror.tfrc"

say "terraform validate"
if terraform -chdir="$tf_dir" validate -no-color >"$log_dir/validate" 2>&1; then step_ok validate; else step_fail validate "$log_dir/validate"; fi

say "terraform validate examples/* (each calls the root configuration as a module)"
examples_ok=1
: >"$log_dir/examples"
for example in "$tf_dir"/examples/*/; do
  if ! { bash scripts/terraform-init.sh "$example" && terraform -chdir="$example" validate -no-color; } >>"$log_dir/examples" 2>&1; then
    examples_ok=0
    echo "in $example" >>"$log_dir/examples"
  fi
done
if [ "$examples_ok" -eq 1 ]; then step_ok "examples validate"; else step_fail "examples validate" "$log_dir/examples"; fi

say "terraform test (mocked provider, offline)"
terraform -chdir="$tf_dir" test -no-color >"$log_dir/test" 2>&1
test_rc=$?
test_passed=$(grep -cE '^  run ".*"\.\.\. pass$' "$log_dir/test")
test_failed=$(grep -cE '^  run ".*"\.\.\. (fail|error|skip)$' "$log_dir/test")
if [ "$test_rc" -ne 0 ] && [ "$test_failed" -eq 0 ]; then test_failed=1; fi # e.g. a file that did not load
passed=$((passed + test_passed))
failed=$((failed + test_failed))
if [ "$test_failed" -eq 0 ]; then
  say "ok   terraform test: $test_passed run blocks passed"
else
  say "FAIL terraform test: $test_passed passed, $test_failed failed"
  grep -E '^  run |^Error|^tests/.*(fail|error)' "$log_dir/test" | grep -v '\.\.\. pass$' | sed 's/^/    /' | head -n 40
  grep -A12 -E '^Error' "$log_dir/test" | head -n 60 | sed 's/^/    /'
fi

say "deployer policy covers every resource type (terraform/deployer-policy.json)"
if [ ! -x .venv/bin/python ]; then
  step_fail "deployer policy: .venv/bin/python not found (run scripts/bootstrap.sh)"
elif .venv/bin/python "$tf_dir/tests/deployer_policy_check.py" >"$log_dir/deployer-policy" 2>&1; then
  step_ok "deployer policy ($(tail -n 1 "$log_dir/deployer-policy" | sed 's/^deployer-policy: //'))"
else
  step_fail "deployer policy" "$log_dir/deployer-policy"
fi

say "README tables match variables.tf and outputs.tf (scripts/terraform-docs.py)"
if [ ! -x .venv/bin/python ]; then
  step_fail "README tables: .venv/bin/python not found (run scripts/bootstrap.sh)"
elif .venv/bin/python scripts/terraform-docs.py --check >"$log_dir/docs" 2>&1; then
  step_ok "README tables ($(tail -n 1 "$log_dir/docs" | sed 's/^terraform-docs: //'))"
else
  step_fail "README tables" "$log_dir/docs"
fi

say "checkov (about a minute)"
checkov_bin=.venv/bin/checkov
if [ ! -x "$checkov_bin" ]; then
  step_fail "checkov: $checkov_bin not found (run scripts/bootstrap.sh)"
elif "$checkov_bin" -d "$tf_dir" --framework terraform --quiet --compact --skip-path '\.terraform' --skip-download \
  >"$log_dir/checkov" 2>&1; then
  step_ok "checkov ($(grep -m1 -oE 'Passed checks: [0-9]+, Failed checks: [0-9]+, Skipped checks: [0-9]+' "$log_dir/checkov" || echo 'no failed checks'))"
else
  step_fail checkov "$log_dir/checkov"
fi

finish
