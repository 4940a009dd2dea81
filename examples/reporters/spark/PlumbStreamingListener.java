/*
 * JVM StreamingQueryListener for Scala and Java Structured Streaming jobs: after each
 * micro-batch, posts the query's progress to the plumb-exporter on the driver's node
 * (POST http://127.0.0.1:9731/v1/symptoms, loopback only), with the same body as the
 * PySpark listener (examples/reporters/spark/plumb_streaming.py, docs/symptoms.md).
 *
 * Register without code changes:
 *   --conf spark.sql.streaming.streamingQueryListeners=dev.plumb.PlumbStreamingListener
 *   --conf spark.plumb.workload=spark-streaming   (optional; PLUMB_EXPORTER_URL overrides the URL)
 * or in code: spark.streams().addListener(new PlumbStreamingListener("spark-streaming", null)).
 *
 * Status: test/symptoms/spark-streaming-lag.test.ts compiles it against PySpark 4.2.0's
 * jars and registers it through spark.sql.streaming.streamingQueryListeners on a real
 * query reading Kafka; its lag must rise and fall like the PySpark listener's. Never
 * throws into the query.
 */
package dev.plumb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

public class PlumbStreamingListener extends StreamingQueryListener {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Loopback only: no proxy from the environment.
  private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(1)).build();
  private final String workload;
  private final URI uri;

  public PlumbStreamingListener(String workload, String url) {
    this.workload = workload == null ? "spark-streaming" : workload;
    String base = url != null ? url : System.getenv().getOrDefault("PLUMB_EXPORTER_URL", "http://127.0.0.1:9731");
    this.uri = URI.create(base + "/v1/symptoms");
  }

  /** Used by spark.sql.streaming.streamingQueryListeners. */
  public PlumbStreamingListener(SparkConf conf) {
    this(conf.get("spark.plumb.workload", "spark-streaming"), null);
  }

  public PlumbStreamingListener() {
    this("spark-streaming", null);
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    try {
      String body = JSON.writeValueAsString(progressBody(event.progress(), workload));
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
      http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (Exception e) { // reporting must never fail a query
      System.err.println("plumb: " + uri + ": " + e.getClass().getSimpleName());
    }
  }

  static ObjectNode progressBody(StreamingQueryProgress p, String workload) {
    ObjectNode body = JSON.createObjectNode();
    body.put("kind", "streaming");
    body.put("workload", workload);
    body.put("query", p.name() != null ? p.name() : p.id().toString());
    body.put("batchId", p.batchId());
    body.put("timestampSeconds", Instant.parse(p.timestamp()).toEpochMilli() / 1000.0);
    putRate(body, "inputRowsPerSecond", p.inputRowsPerSecond());
    putRate(body, "processedRowsPerSecond", p.processedRowsPerSecond());
    body.put("batchDurationSeconds", p.batchDuration() / 1000.0);
    ArrayNode partitions = body.putArray("partitions");
    for (SourceProgress source : p.sources()) {
      JsonNode end = parse(source.endOffset());
      JsonNode latest = parse(source.latestOffset());
      if (end == null || !end.isObject()) continue; // not a Kafka source
      for (Iterator<Map.Entry<String, JsonNode>> topics = end.fields(); topics.hasNext(); ) {
        Map.Entry<String, JsonNode> topic = topics.next();
        if (!topic.getValue().isObject()) continue;
        for (Iterator<Map.Entry<String, JsonNode>> parts = topic.getValue().fields(); parts.hasNext(); ) {
          Map.Entry<String, JsonNode> part = parts.next();
          if (!part.getKey().matches("\\d+") || !part.getValue().canConvertToLong()) continue;
          long endOffset = part.getValue().asLong();
          JsonNode seen = latest == null ? null : latest.path(topic.getKey()).path(part.getKey());
          long latestOffset = seen != null && seen.canConvertToLong() ? Math.max(endOffset, seen.asLong()) : endOffset;
          ObjectNode entry = partitions.addObject();
          entry.put("topic", topic.getKey());
          entry.put("partition", Integer.parseInt(part.getKey()));
          entry.put("endOffset", endOffset);
          entry.put("latestOffset", latestOffset);
        }
      }
    }
    return body;
  }

  private static void putRate(ObjectNode body, String field, double value) {
    if (Double.isNaN(value) || value < 0) body.putNull(field);
    else body.put(field, value);
  }

  private static JsonNode parse(String text) {
    try {
      return text == null ? null : JSON.readTree(text);
    } catch (Exception e) {
      return null;
    }
  }
}
