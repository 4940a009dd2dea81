"""Unit tests of the loader-side duplicate check: DuckDB runs the very SQL a loader
sends to Snowflake, and sqlglot parses that SQL in Snowflake's dialect. Run with the
venv of scripts/python/install.sh: python -m unittest test_plumb_symptoms (from this folder)."""
import unittest

import duckdb
import sqlglot
from sqlglot.errors import ParseError

from plumb_symptoms import batch_duplicate_sql, check_batch

SNOWFLAKE_SQL = batch_duplicate_sql("RAW.PAYMENTS", ["PAYMENT_ID", "LEG"], "BATCH_ID", "%s")


def load(conn):
    conn.execute("CREATE SCHEMA raw")
    conn.execute("CREATE TABLE raw.payments (payment_id INTEGER, leg INTEGER, batch_id VARCHAR)")
    rows = [(1, 1, "b1"), (2, 1, "b1"), (2, 1, "b1"), (2, 2, "b1"), (3, 1, "b1"), (3, 1, "b1"), (4, 1, "b2"), (4, 1, "b2"), (5, 1, "b3")]
    conn.executemany("INSERT INTO raw.payments VALUES (?, ?, ?)", rows)


class DuplicateCheck(unittest.TestCase):
    def setUp(self):
        self.conn = duckdb.connect(":memory:")
        load(self.conn)

    def test_a_batch_counts_rows_against_distinct_composite_keys(self):
        self.assertEqual(check_batch(self.conn, "raw.payments", ["payment_id", "leg"], "batch_id", "b1"), (6, 4))

    def test_a_single_key_merges_rows_that_differ_only_elsewhere(self):
        self.assertEqual(check_batch(self.conn, "raw.payments", ["payment_id"], "batch_id", "b1"), (6, 3))

    def test_another_batch_is_counted_on_its_own(self):
        self.assertEqual(check_batch(self.conn, "raw.payments", ["payment_id", "leg"], "batch_id", "b2"), (2, 1))
        self.assertEqual(check_batch(self.conn, "raw.payments", ["payment_id", "leg"], "batch_id", "b3"), (1, 1))

    def test_an_empty_batch_has_no_rows_and_no_keys(self):
        self.assertEqual(check_batch(self.conn, "raw.payments", ["payment_id"], "batch_id", "none"), (0, 0))

    def test_identifiers_that_are_not_plain_are_refused_by_field(self):
        for args, field in [(("raw.payments; drop table x", ["id"], "batch_id"), "table"), (("t", ["id) --"], "batch_id"), "key_columns"), (("t", ["id"], "b = b"), "batch_column"), (("t", [], "b"), "key_columns")]:
            with self.assertRaisesRegex(ValueError, f"^{field}:"):
                batch_duplicate_sql(*args)


class SnowflakeSql(unittest.TestCase):
    def test_the_loader_sql_parses_as_snowflake(self):
        tree = sqlglot.parse_one(SNOWFLAKE_SQL.replace("%s", "'b1'"), read="snowflake")
        self.assertEqual([c.alias for c in tree.expressions], ["rows_loaded", "distinct_keys"])
        self.assertIn("COUNT(DISTINCT", sqlglot.transpile("SELECT COUNT(DISTINCT PAYMENT_ID) FROM T", read="snowflake", write="snowflake")[0])

    def test_the_qmark_form_parses_as_snowflake(self):
        sqlglot.parse_one(batch_duplicate_sql("RAW.PAYMENTS", ["PAYMENT_ID"], "BATCH_ID"), read="snowflake")

    def test_the_syntax_check_rejects_broken_sql(self):
        with self.assertRaises(ParseError):
            sqlglot.parse_one(SNOWFLAKE_SQL.replace("%s", "'b1'").replace(") AS batch_keys", " AS batch_keys"), read="snowflake")

    def test_the_documented_sql_is_the_loader_sql(self):
        import pathlib
        doc = (pathlib.Path(__file__).resolve().parents[3] / "docs" / "symptoms.md").read_text()
        self.assertIn(SNOWFLAKE_SQL, doc)


if __name__ == "__main__":
    unittest.main()
