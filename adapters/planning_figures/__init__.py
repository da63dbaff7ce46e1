"""Planning figures in: KPI values a ministry reports (CSV/XLSX files dropped in a folder)
become ``ministry.kpi.measurement-reported.v1``, with row-level errors."""
