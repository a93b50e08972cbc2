"""Benchmarks: `make bench` runs bench/run.py; bench/generate.py makes the load data."""
