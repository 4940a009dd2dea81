"""Airflow listener plugin: reports the effective Airflow configuration of this worker
to the plumb-exporter on the same node (POST http://127.0.0.1:9731/v1/report).

Install: copy this file into $AIRFLOW_HOME/plugins/. It reports when a task starts
running, at most once per PLUMB_REPORT_EVERY seconds per process, so ephemeral
worker pods are counted while they live. Sensitive options are masked by Airflow
itself (display_sensitive=False) and dropped here; a report never blocks or fails
a task.

Environment:
  PLUMB_EXPORTER_URL   default http://127.0.0.1:9731
  PLUMB_WORKLOAD       workload type of the spec, default airflow-worker
  PLUMB_REPORT_EVERY   seconds between reports of one process, default 120
  PLUMB_REPORT_TTL     seconds the exporter keeps the report, default 300
"""
from __future__ import annotations

import json
import os
import socket
import time
import urllib.request

# Loopback only: never route the report through an HTTP proxy from the environment.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))

from airflow.listeners import hookimpl
from airflow.plugins_manager import AirflowPlugin

_SECRET_WORDS = ("password", "secret", "token", "_cmd", "conn", "key", "fernet")
_last_report = 0.0


def effective_config() -> dict[str, str]:
    """`section.option` -> value, as Airflow resolves it (env overrides included), without secrets."""
    from airflow.configuration import conf

    flat: dict[str, str] = {}
    for section, options in conf.as_dict(display_source=False, display_sensitive=False).items():
        for option, value in options.items():
            key = f"{section}.{option}".lower()
            if any(word in key for word in _SECRET_WORDS) or value == "< hidden >":
                continue
            flat[key] = str(value)[:4096]
    return flat


def _headers() -> dict[str, str]:
    """JSON, plus the pod's projected service-account token when mounted (exporters with --report-auth token)."""
    headers = {"content-type": "application/json"}
    try:
        with open(os.environ.get("PLUMB_EXPORTER_TOKEN_FILE", "/var/run/secrets/plumb/token"), encoding="utf-8") as f:
            headers["authorization"] = "Bearer " + f.read().strip()
    except OSError:
        pass
    return headers


def send_report(config: dict[str, str], workload: str, reporter_id: str, source: str) -> None:
    body = json.dumps(
        {"workload": workload, "id": reporter_id, "source": source, "ttlSeconds": int(os.environ.get("PLUMB_REPORT_TTL", "300")), "config": config}
    ).encode()
    url = os.environ.get("PLUMB_EXPORTER_URL", "http://127.0.0.1:9731") + "/v1/report"
    request = urllib.request.Request(url, data=body, method="POST", headers=_headers())
    try:
        _OPENER.open(request, timeout=1).close()
    except Exception:  # noqa: BLE001 - reporting must never break a task
        pass


class _Listener:
    @hookimpl
    def on_task_instance_running(self, previous_state, task_instance, session):  # noqa: ANN001
        global _last_report
        now = time.monotonic()
        if now - _last_report < float(os.environ.get("PLUMB_REPORT_EVERY", "120")):
            return
        _last_report = now
        send_report(effective_config(), os.environ.get("PLUMB_WORKLOAD", "airflow-worker"), f"{socket.gethostname()}/{os.getpid()}", "airflow")


class PlumbReporterPlugin(AirflowPlugin):
    name = "plumb_reporter"
    listeners = [_Listener()]
