"""Benchmarks: they print figures and write JSON to bench/results/; tests never time."""
