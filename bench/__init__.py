"""Benchmarks of ``pipeline`` (``make bench``); never run by the test suite."""
