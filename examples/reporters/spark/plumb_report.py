"""PySpark snippet: report the effective Spark configuration of this application to
the plumb-exporter on the driver's node. Call it once after the session is built:

    from plumb_report import report_spark_conf
    spark = SparkSession.builder.getOrCreate()
    report_spark_conf(spark, workload="spark-streaming")

The exporter keeps the report for its TTL; streaming jobs should call it again
(e.g. from a StreamingQueryListener) at least once per TTL. Keys that look like
credentials are dropped before anything leaves the process.
"""
from __future__ import annotations

import json
import os
import re
import urllib.request

# Loopback only: never route the report through an HTTP proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

_SECRET = re.compile(r"(password|secret|token|credential|\.key$|access\.key|sasl\.jaas)", re.IGNORECASE)


def _headers() -> dict[str, str]:
    """JSON, plus the pod's projected service-account token when mounted (exporters with --report-auth token)."""
    headers = {"content-type": "application/json"}
    try:
        with open(os.environ.get("PLUMB_EXPORTER_TOKEN_FILE", "/var/run/secrets/plumb/token"), encoding="utf-8") as f:
            headers["authorization"] = "Bearer " + f.read().strip()
    except OSError:
        pass
    return headers


def report_spark_conf(spark, workload: str = "spark-batch", ttl_seconds: int = 300) -> bool:  # noqa: ANN001
    """POSTs {key: value} of the live SparkConf; returns False (never raises) when the exporter is unreachable."""
    conf = {k: v[:4096] for k, v in spark.sparkContext.getConf().getAll() if not _SECRET.search(k)}
    body = json.dumps(
        {"workload": workload, "id": spark.sparkContext.applicationId, "source": "spark", "ttlSeconds": ttl_seconds, "config": conf}
    ).encode()
    url = os.environ.get("PLUMB_EXPORTER_URL", "http://127.0.0.1:9731") + "/v1/report"
    try:
        _OPENER.open(urllib.request.Request(url, data=body, method="POST", headers=_headers()), timeout=1).close()
        return True
    except Exception:  # noqa: BLE001 - reporting must never fail a job
        return False
