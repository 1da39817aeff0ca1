"""The schema revision this code reads and writes, importable without the database layer
(the command line's quick build-loop checks a file against it without SQLAlchemy)."""

SCHEMA_HEAD = "0014"  # the newest migration's revision; test_store keeps it in step with versions/
