"""One-time link tokens never reach a log line.

A welcome or password-reset link is a credential until it is used: the path that carries
it (`/team/welcome/<uid>/<token>/`) would otherwise show in gunicorn's access log, in
Django's request warnings and in anything else that logs a URL. This filter masks the
token's shape (`<base36 timestamp>-<32 hex>`, Django's password-reset token) wherever it
appears in a record. It sits on the dashboard's log handler (settings.LOGGING) and on
gunicorn's two loggers (config/gunicorn.conf.py, through `GunicornLogger`).
"""

from __future__ import annotations

import logging
import re

TOKEN = re.compile(r"\b[0-9a-z]{1,13}-[0-9a-f]{32}\b")
MASK = "[one-time-token]"


def redact(text: str) -> str:
    return TOKEN.sub(MASK, text)


class RedactOneTimeLinks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            # Formatted here, as the handler's formatter would, so a traceback is masked too.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is only needed where it runs
    _GunicornLogger = None

if _GunicornLogger is not None:

    class GunicornLogger(_GunicornLogger):
        """gunicorn's logger with the filter on its access and error logs."""

        def setup(self, cfg):
            super().setup(cfg)
            for log in (self.access_log, self.error_log):
                log.addFilter(RedactOneTimeLinks())
