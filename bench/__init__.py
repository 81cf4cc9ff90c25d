"""Benchmarks: `make bench` prints measured figures (targets live in the issues)."""
