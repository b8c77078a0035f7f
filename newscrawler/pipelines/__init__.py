"""Item pipelines: each one reads settings, calls one text function, counts a stat."""
