"""Plain-function logic of the lives area: list state, chips, charts, duplicate schedules."""
