"""Tag a job's warehouse queries so Plumb can tie them to the node, workload and run.

Snowflake keeps a session's QUERY_TAG on every query in its query history; Plumb's
query collector (plumb-query-history) reads failed and anomalous queries by this tag.

    from plumb_query_tag import tag_session
    tag_session(conn.cursor(), workload="dbt-runner", run_id=invocation_id)

dbt-snowflake: set `query_tag` in the profile or model config to `query_tag(...)`'s text.
Standard library only.
"""
import json
import os
import socket


def query_tag(workload, run_id, node=None):
    """The QUERY_TAG text: {"plumb": {"node": ..., "workload": ..., "run": ...}}.

    The node is PLUMB_NODE (set it from the Downward API's spec.nodeName on Kubernetes,
    or the EMR instance's private DNS name), else the host name.
    """
    node = node or os.environ.get("PLUMB_NODE") or socket.getfqdn()
    for name, value in (("workload", workload), ("run_id", run_id), ("node", node)):
        if not isinstance(value, str) or not value or len(value) > 253:
            raise ValueError(f"{name} must be a non-empty string of at most 253 characters")
    return json.dumps({"plumb": {"node": node, "workload": workload, "run": run_id}}, separators=(",", ":"))


def tag_session(cursor, workload, run_id, node=None, placeholder="%s"):
    """Sets the session's QUERY_TAG (snowflake-connector-python's default pyformat placeholders)."""
    cursor.execute(f"ALTER SESSION SET QUERY_TAG = {placeholder}", (query_tag(workload, run_id, node),))
