"""Builders of the sample files in samples/ (see tools/build_samples.py)."""
