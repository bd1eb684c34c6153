"""Benchmarks run by ``make bench``; each prints its figures as ratios against a baseline
measured in the same process, so results compare across machines."""
