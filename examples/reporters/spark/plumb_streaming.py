"""PySpark StreamingQueryListener: after each micro-batch, report the query's progress to
the plumb-exporter on the driver's node (POST /v1/symptoms, loopback only):

    from plumb_streaming import PlumbStreamingListener
    spark.streams.addListener(PlumbStreamingListener(workload="spark-streaming"))

Per Kafka topic-partition it sends the offset the batch read up to and the latest offset
Spark saw, so the exporter can export lag even though Spark does not commit offsets to
Kafka. Sources that are not Kafka are skipped. Never raises into the query.
"""
from __future__ import annotations

import json
import math
import os
import sys
import urllib.request
from datetime import datetime

from pyspark.sql.streaming import StreamingQueryListener

# Loopback only: never route reports through an HTTP proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def kafka_offsets(text: str | None) -> dict[tuple[str, int], int]:
    """{"topic": {"0": 12}} (Spark's Kafka offset JSON) -> {(topic, 0): 12}; {} for anything else."""
    try:
        parsed = json.loads(text) if text else None
    except ValueError:
        return {}
    if not isinstance(parsed, dict):
        return {}
    out = {}
    for topic, partitions in parsed.items():
        if not isinstance(partitions, dict):
            return {}
        for partition, offset in partitions.items():
            if isinstance(offset, int) and str(partition).isdigit():
                out[(topic, int(partition))] = offset
    return out


def _rate(value) -> float | None:  # noqa: ANN001
    return None if value is None or (isinstance(value, float) and (math.isnan(value) or value < 0)) else float(value)


def progress_body(progress, workload: str) -> dict:  # noqa: ANN001
    """The /v1/symptoms body for one StreamingQueryProgress."""
    partitions = []
    for source in progress.sources:
        end, latest = kafka_offsets(source.endOffset), kafka_offsets(getattr(source, "latestOffset", None))
        partitions += [{"topic": t, "partition": p, "endOffset": offset, "latestOffset": max(offset, latest.get((t, p), offset))} for (t, p), offset in sorted(end.items())]
    stamp = datetime.fromisoformat(progress.timestamp.replace("Z", "+00:00")).timestamp()
    return {
        "kind": "streaming",
        "workload": workload,
        "query": progress.name or str(progress.id),
        "batchId": int(progress.batchId),
        "timestampSeconds": stamp,
        "inputRowsPerSecond": _rate(progress.inputRowsPerSecond),
        "processedRowsPerSecond": _rate(progress.processedRowsPerSecond),
        "batchDurationSeconds": progress.batchDuration / 1000.0,
        "partitions": partitions,
    }


class PlumbStreamingListener(StreamingQueryListener):
    def __init__(self, workload: str = "spark-streaming", url: str | None = None):
        self.workload = workload
        self.url = (url or os.environ.get("PLUMB_EXPORTER_URL", "http://127.0.0.1:9731")) + "/v1/symptoms"

    def onQueryStarted(self, event):  # noqa: ANN001, N802
        pass

    def onQueryProgress(self, event):  # noqa: ANN001, N802
        try:
            body = json.dumps(progress_body(event.progress, self.workload)).encode()
            request = urllib.request.Request(self.url, data=body, method="POST", headers={"content-type": "application/json"})
            _OPENER.open(request, timeout=1).close()
        except Exception as err:  # noqa: BLE001 - reporting must never fail a query
            print(f"plumb_streaming: {self.url}: {getattr(err, 'code', type(err).__name__)}", file=sys.stderr)

    def onQueryIdle(self, event):  # noqa: ANN001, N802
        pass

    def onQueryTerminated(self, event):  # noqa: ANN001, N802
        pass
