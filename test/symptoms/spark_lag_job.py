"""A Structured Streaming query for the lag test: reads a Kafka topic with at most
PLUMB_MAX_OFFSETS records per 1-second micro-batch and reports its progress through
PlumbStreamingListener. Runs until its standard input closes."""
import os
import sys

sys.path.insert(0, os.environ["PLUMB_REPORTERS"])
from pyspark.sql import SparkSession  # noqa: E402

from plumb_streaming import PlumbStreamingListener  # noqa: E402

spark = (
    SparkSession.builder.master("local[1]")
    .appName("plumb-lag-test")
    .config("spark.jars", ",".join(filter(None, [os.environ["PLUMB_SPARK_JARS"], os.environ.get("PLUMB_JVM_LISTENER_JAR")])))
    # The JVM listener reports the same query under another workload, so both can be told apart.
    .config("spark.sql.streaming.streamingQueryListeners", "dev.plumb.PlumbStreamingListener" if os.environ.get("PLUMB_JVM_LISTENER_JAR") else "")
    .config("spark.plumb.workload", "host")
    .config("spark.ui.enabled", "false")
    .config("spark.driver.host", "127.0.0.1")
    .config("spark.driver.bindAddress", "127.0.0.1")
    .config("spark.sql.shuffle.partitions", "1")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
spark.streams.addListener(PlumbStreamingListener(workload="spark-streaming"))
stream = (
    spark.readStream.format("kafka")
    .option("kafka.bootstrap.servers", os.environ["PLUMB_BROKERS"])
    .option("subscribe", os.environ["PLUMB_TOPIC"])
    .option("startingOffsets", "earliest")
    .option("maxOffsetsPerTrigger", os.environ.get("PLUMB_MAX_OFFSETS", "200"))
    .load()
)
query = (
    stream.writeStream.format("noop")
    .queryName("payments-enricher")
    .trigger(processingTime="1 second")
    .option("checkpointLocation", os.environ["PLUMB_CHECKPOINT"])
    .start()
)
print("started", flush=True)
sys.stdin.read()
query.stop()
spark.stop()
