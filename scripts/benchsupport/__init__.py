"""Helpers of the benchmarks in scripts/bench_*.py (not benchmarks themselves)."""
