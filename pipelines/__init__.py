"""Item pipelines, one module per step: validate -> boilerplate -> dedupe -> storage."""
