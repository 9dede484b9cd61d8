"""The learner's screens: profiles, home scorecard, test runner, results. Layer: ui."""
