"""A demo platform for `harbour run`: a bundled feed that arrives over time."""
