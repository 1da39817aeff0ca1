"""The bank's fixed vocabularies, without the database layer: what the builder and the command
line's choices need, importable without SQLAlchemy (the models re-export them)."""

DIFFICULTIES = ("beginner", "intermediate", "advanced")
KINDS = ("concept", "scenario", "workflow", "behavioral")
LEVELS = ("junior", "mid", "senior")
RECOMMENDATIONS = ("strong_no", "no", "yes", "strong_yes")
