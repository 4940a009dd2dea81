"""Symptom reporters: tell the plumb-exporter on this node what drift costs here.

dbt, after `dbt build` / `dbt test` (exit code of dbt kept):

    dbt build; status=$?; python plumb_symptoms.py dbt --target-dir target --workload dbt-runner; exit $status

It reads target/run_results.json and target/manifest.json and posts the tests that did
not pass (fail, error, warn) of that invocation to POST /v1/symptoms; the exporter
counts `plumb_dq_test_failures_total` and `plumb_dq_test_warnings_total`. A failing
`plumb_duplicate_rows` test also counts its rows in `plumb_duplicate_rows_total`.

Custom loaders, after writing a batch:

    from plumb_symptoms import check_batch, report_duplicates
    rows, distinct = check_batch(conn, "RAW.PAYMENTS", ["PAYMENT_ID"], "BATCH_ID", batch_id)
    report_duplicates("RAW.PAYMENTS", "payments-loader", batch_id, rows, distinct)

Standard library only. Reporting never fails the job: errors are printed, exit code 0.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.request
from pathlib import Path

# Loopback only: never route symptoms through an HTTP proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*){0,2}$")
_NOT_PASSED = {"fail": "fail", "error": "error", "warn": "warn"}
_CHUNK = 1000


def post_symptoms(body: dict, url: str | None = None) -> bool:
    """POSTs one symptom report; True when the exporter counted it or had counted it before."""
    target = (url or os.environ.get("PLUMB_EXPORTER_URL", "http://127.0.0.1:9731")) + "/v1/symptoms"
    request = urllib.request.Request(target, data=json.dumps(body).encode(), method="POST", headers={"content-type": "application/json"})
    try:
        with _OPENER.open(request, timeout=2) as response:
            return response.status in (200, 202)
    except Exception as err:  # noqa: BLE001 - reporting must never fail a job
        print(f"plumb_symptoms: {target}: {getattr(err, 'code', type(err).__name__)}", file=sys.stderr)
        return False


def dbt_reports(target_dir: str | Path, workload: str) -> list[dict]:
    """Symptom reports for one dbt invocation, from run_results.json and manifest.json."""
    target = Path(target_dir)
    run = json.loads((target / "run_results.json").read_text())
    nodes = json.loads((target / "manifest.json").read_text()).get("nodes", {})
    invocation = run["metadata"]["invocation_id"]
    dq, duplicates = [], []
    for result in run.get("results", []):
        uid, status = result.get("unique_id", ""), _NOT_PASSED.get(result.get("status", ""))
        if not uid.startswith("test.") or status is None:
            continue
        node = nodes.get(uid, {})
        model_node = nodes.get(node.get("attached_node") or "", {})
        model = model_node.get("name") or "unknown"
        failures = result.get("failures")
        dq.append({"model": model, "test": node.get("name") or uid.split(".")[-2], "status": status, "failures": failures if isinstance(failures, int) else None})
        if (node.get("test_metadata") or {}).get("name") == "plumb_duplicate_rows" and isinstance(failures, int) and status != "error":
            dataset = model_node.get("relation_name") or model
            duplicates.append({"kind": "duplicates", "runId": f"{invocation}/{uid}", "dataset": dataset.replace('"', ""), "loader": f"dbt:{model}", "duplicateRows": failures})
    chunks = [dq[i : i + _CHUNK] for i in range(0, len(dq), _CHUNK)] or [[]]
    reports = [{"kind": "dq", "workload": workload, "runId": invocation if i == 0 else f"{invocation}#{i}", "results": c} for i, c in enumerate(chunks)]
    return reports + duplicates


def batch_duplicate_sql(table: str, key_columns: list[str], batch_column: str, placeholder: str = "?") -> str:
    """Rows loaded and distinct business keys of one batch; the same SQL runs on Snowflake and DuckDB."""
    for field, name in [("table", table), ("batch_column", batch_column), *(("key_columns", k) for k in key_columns)]:
        if not _IDENT.match(name):
            raise ValueError(f"{field}: not a plain identifier")
    if not key_columns:
        raise ValueError("key_columns: at least one column")
    keys = ", ".join(key_columns)
    return (
        f"SELECT (SELECT COUNT(*) FROM {table} WHERE {batch_column} = {placeholder}) AS rows_loaded, "
        f"(SELECT COUNT(*) FROM (SELECT DISTINCT {keys} FROM {table} WHERE {batch_column} = {placeholder}) AS batch_keys) AS distinct_keys"
    )


def check_batch(conn, table: str, key_columns: list[str], batch_column: str, batch, placeholder: str = "?") -> tuple[int, int]:  # noqa: ANN001
    """Runs the check on a DB-API connection (qmark placeholders by default; Snowflake: paramstyle qmark or placeholder='%s')."""
    cursor = conn.cursor()
    cursor.execute(batch_duplicate_sql(table, key_columns, batch_column, placeholder), (batch, batch))
    rows_loaded, distinct_keys = cursor.fetchone()
    return int(rows_loaded), int(distinct_keys)


def report_duplicates(dataset: str, loader: str, batch_id: str, rows_loaded: int, distinct_keys: int, url: str | None = None) -> bool:
    return post_symptoms({"kind": "duplicates", "runId": str(batch_id), "dataset": dataset, "loader": loader, "duplicateRows": rows_loaded - distinct_keys, "rowsLoaded": rows_loaded}, url)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="plumb_symptoms.py")
    sub = parser.add_subparsers(dest="command", required=True)
    dbt = sub.add_parser("dbt", help="report the tests of the last dbt invocation that did not pass")
    dbt.add_argument("--target-dir", default=os.environ.get("DBT_TARGET_PATH", "target"))
    dbt.add_argument("--workload", default=os.environ.get("PLUMB_WORKLOAD", "dbt-runner"))
    args = parser.parse_args(argv)
    try:
        reports = dbt_reports(args.target_dir, args.workload)
    except (OSError, ValueError, KeyError) as err:
        print(f"plumb_symptoms: cannot read dbt results in {args.target_dir}: {type(err).__name__} {err}", file=sys.stderr)
        return 0
    sent = sum(post_symptoms(r) for r in reports)
    print(f"plumb_symptoms: {sent}/{len(reports)} report(s) sent")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
