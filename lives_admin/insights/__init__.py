"""Insights across lives: who comes back, who never shows, which live did better.

- `rules`: what counts as registered, attended, a no-show, and each segment (one place).
- `aggregate`: lives and their participants → per-person and per-live figures (pure).
- `selection`: the lives list's selection or filters → the set of lives.
- `runner`: reads MeltingSpot (full pages) and stores a snapshot; `tasks` runs it as a job.
- `segments`: the four segments, their people and their CSV rows.
- `charts`: the live-vs-live SVG chart's geometry.
"""
