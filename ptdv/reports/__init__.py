"""Roll-ups, forecasts, the narrative report, statistical forms, charts and exports (no models)."""
