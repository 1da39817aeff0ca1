"""Database URLs as people may see them: the password never reaches a message or the screen."""

from __future__ import annotations

import re

from sqlalchemy.engine import make_url

HIDDEN = "***"
_SECRET_KEYS = ("password", "passwd", "pwd")


def redacted_url(url: str) -> str:
    """`postgresql://team:s3cret@host/desk` -> `postgresql://team:***@host/desk`; the same for a
    password given as a query parameter. Anything that is not a URL is returned as it is."""
    try:
        parsed = make_url(url)
    except Exception:  # not parseable by SQLAlchemy: hide whatever sits between "user:" and "@"
        return re.sub(r"(://[^:/@]*:)[^/]*@", rf"\1{HIDDEN}@", url)
    secret_keys = [k for k in parsed.query if k.lower() in _SECRET_KEYS]
    if not parsed.password and not secret_keys:
        return url
    if secret_keys:
        parsed = parsed.update_query_dict({k: HIDDEN for k in secret_keys})
    return parsed.render_as_string(hide_password=True).replace("%2A%2A%2A", HIDDEN)


def url_secrets(url: str) -> list[str]:
    """The passwords in `url`, to scrub from a driver's own message (which may echo them)."""
    try:
        parsed = make_url(url)
    except Exception:
        return []
    found = [str(parsed.password)] if parsed.password else []
    for key, value in parsed.query.items():
        if key.lower() in _SECRET_KEYS:
            found += [value] if isinstance(value, str) else list(value)
    return [s for s in found if s]
