"""Benchmarks and evaluation scripts (run from the repository root)."""
