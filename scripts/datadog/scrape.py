"""Runs Datadog's own OpenMetrics V2 check (datadog-checks-base) once against an endpoint.

Reads one check instance as JSON on stdin, runs the check with the stub aggregator that
Datadog's integration tests use, and prints what the Agent would submit as JSON:
{"metrics": [{"name", "type", "value", "tags", "hostname"}], "warnings": [...], "error": str|null,
 "service_checks": [...]}. Runs `runs` times (default 1; the first V2 scrape of a counter
submits nothing, so a monotonic count needs two).
"""
import json
import logging
import sys

from datadog_checks.base.checks.openmetrics.v2.base import OpenMetricsBaseCheckV2
from datadog_checks.base.stubs import aggregator

TYPES = {0: 'gauge', 1: 'rate', 2: 'count', 3: 'monotonic_count', 4: 'counter', 5: 'histogram', 6: 'historate'}


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def main():
    request = json.load(sys.stdin)
    instance = request['instance']
    capture = Capture()
    logging.getLogger().addHandler(capture)
    check = OpenMetricsBaseCheckV2('openmetrics', {}, [instance])
    errors = []
    for _ in range(int(request.get('runs', 1))):
        err = check.run()
        if err:
            errors.append(json.loads(err)[0].get('message', err) if err.startswith('[') else err)
    metrics = []
    for name, stubs in sorted(aggregator._metrics.items()):
        for m in stubs:
            metrics.append({'name': name, 'type': TYPES.get(m.type, str(m.type)), 'value': m.value, 'tags': sorted(m.tags), 'hostname': m.hostname})
    service_checks = []
    for name, stubs in sorted(aggregator._service_checks.items()):
        for s in stubs:
            service_checks.append({'name': name, 'status': s.status, 'tags': sorted(s.tags)})
    json.dump({'metrics': metrics, 'warnings': list(check.warnings) + capture.lines, 'error': '; '.join(errors) or None, 'service_checks': service_checks}, sys.stdout)


if __name__ == '__main__':
    main()
