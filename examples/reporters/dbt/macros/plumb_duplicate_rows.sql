{#
  Generic test: rows of a model beyond its distinct business keys, one returned row per
  extra row, so dbt's `failures` is the number of duplicate rows. Restrict it to the
  batch just loaded with dbt's `where` config, e.g.

    data_tests:
      - plumb_duplicate_rows:
          arguments: { key_columns: [payment_id] }
          config: { where: "batch_id = '{{ var('batch_id') }}'", severity: warn }

  examples/reporters/symptoms/plumb_symptoms.py turns a failing one into
  plumb_duplicate_rows_total. Works on Snowflake and DuckDB.
#}
{% test plumb_duplicate_rows(model, key_columns) %}
with numbered as (
    select row_number() over (partition by {{ key_columns | join(', ') }} order by {{ key_columns | join(', ') }}) as plumb_copy
    from {{ model }}
)
select plumb_copy from numbered where plumb_copy > 1
{% endtest %}
