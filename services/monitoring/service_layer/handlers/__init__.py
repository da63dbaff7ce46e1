"""Use cases of the monitoring service: one async function each, over a unit of work.

Split by area (framework, measurements, status, derived KPIs, workshops) to keep modules short.
HTTP use cases commit; consumer handlers (``on_*``) never do: the consumer commits the batch.
"""
