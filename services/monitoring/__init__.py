"""Monitoring service (phases 2-3): strategy framework, KPI measurements, live KPI stream."""
