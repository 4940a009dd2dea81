#!/usr/bin/env bash
# Installs a single-node Kafka broker (KRaft) from Maven Central jars into the Plumb cache.
# Idempotent: a second run with a complete cache does nothing. Prints the classpath file path.
#
# Kafka 3.9 is used on purpose: Kafka 4 dropped protocol versions that kafkajs 2.2.4 speaks.
set -euo pipefail

KAFKA_VERSION="${PLUMB_KAFKA_VERSION:-3.9.1}"
CACHE_ROOT="${PLUMB_CACHE:-$HOME/.cache/plumb}"
DIR="$CACHE_ROOT/kafka/$KAFKA_VERSION"
CP_FILE="$DIR/classpath.txt"

if [[ -s "$CP_FILE" ]] && tr ':' '\n' <"$CP_FILE" | xargs -r ls >/dev/null 2>&1; then
  echo "$CP_FILE"
  exit 0
fi

command -v java >/dev/null || { echo "install.sh: java not found (Java 17 is required)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "install.sh: mvn not found (apt-get install maven)" >&2; exit 1; }

mkdir -p "$DIR"
cat >"$DIR/pom.xml" <<POM
<?xml version="1.0" encoding="UTF-8"?>
<!-- DO NOT EDIT: written by scripts/kafka/install.sh -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.plumb</groupId>
  <artifactId>plumb-kafka-broker</artifactId>
  <version>$KAFKA_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-server</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-storage</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-reload4j</artifactId><version>1.7.36</version></dependency>
    <dependency><groupId>ch.qos.reload4j</groupId><artifactId>reload4j</artifactId><version>1.2.25</version></dependency>
  </dependencies>
</project>
POM

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
(cd "$DIR" && mvn -q -B dependency:build-classpath -Dmdep.outputFile="$TMP" -Dmdep.includeScope=runtime) >&2
mv "$TMP" "$CP_FILE"
echo "$CP_FILE"
