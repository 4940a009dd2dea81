#!/usr/bin/env bash
# Installs a single-node Kafka broker (KRaft) from Maven Central jars into the Plumb cache.
# Idempotent: a second run with a complete cache does nothing. Prints the classpath file path.
#
# Kafka 3.9 is used on purpose: Kafka 4 dropped protocol versions that kafkajs 2.2.4 speaks.
set -euo pipefail
# shellcheck source=../lib/maven-classpath.sh
source "$(dirname "$0")/../lib/maven-classpath.sh"

KAFKA_VERSION="${PLUMB_KAFKA_VERSION:-3.9.1}"
CACHE_ROOT="${PLUMB_CACHE:-$HOME/.cache/plumb}"
DIR="$CACHE_ROOT/kafka/$KAFKA_VERSION"
CP_FILE="$DIR/classpath.txt"

maven_exit_if_cached "$CP_FILE" ':' path
command -v java >/dev/null || { echo "install.sh: java not found (Java 17 is required)" >&2; exit 1; }

maven_pom "$DIR" plumb-kafka-broker "$KAFKA_VERSION" scripts/kafka/install.sh "$(
  for d in "org.apache.kafka:kafka_2.13:$KAFKA_VERSION" "org.apache.kafka:kafka-server:$KAFKA_VERSION" \
    "org.apache.kafka:kafka-storage:$KAFKA_VERSION" org.slf4j:slf4j-reload4j:1.7.36 ch.qos.reload4j:reload4j:1.2.25; do
    maven_dependency "$d"
  done
)"

cat >"$DIR/log4j.properties" <<'LOG'
# DO NOT EDIT: written by scripts/kafka/install.sh
log4j.rootLogger=WARN, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
LOG

TMP="$CP_FILE.tmp"
maven_classpath "$DIR" "$TMP"
mv "$TMP" "$CP_FILE"
echo "$CP_FILE"
