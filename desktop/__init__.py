"""Interview Desk: question bank, set builder, live interview notes and printable paper."""

__version__ = "0.1.0"
APP_NAME = "Interview Desk"
