"""Benchmarks (``pixdesk bench NAME``): measured figures beside an in-run baseline."""
