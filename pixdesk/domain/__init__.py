"""The pure domain: framework, challenges, matching, knowledge, scoring, engines.

Layer: domain. No I/O, no clock, no randomness that is not passed in: every function
here is a plain computation that tests call directly.
"""
