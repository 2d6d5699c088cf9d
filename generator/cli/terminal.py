"""What the commands write to a terminal: content shown as text, never obeyed as a command.

Names, owners, file names, quoted values and keys come from content, and YAML's escapes can put a
control character in any of them. A terminal that prints one obeys it: ``ESC ] 0 ;`` retitles the
window, ``ESC [ 2 J`` clears it, ``ESC ] 52`` writes the clipboard, a C1 control or a bidirectional
override reorders what is shown. So every command writes through :func:`say` (a refusal: raise
:class:`Refusal`; a log line: :class:`EscapingFormatter`), which shows each such character as a
visible escape (``\\x1b``, ``\\u009b``) with :func:`generator.errors.printable`, the one escaping
function that :class:`~generator.errors.Problem` uses too. Only the line breaks the command itself
wrote are kept. JSON output stays valid JSON of the same values (see ``printable``).
"""

from __future__ import annotations

import logging

import click

from generator.errors import printable


def shown(text: str) -> str:
    """``text`` as a terminal may print it: its own lines kept, every control character escaped."""
    return "\n".join(printable(line) for line in text.split("\n"))


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Write ``text`` (to stderr with ``err``), escaped by :func:`shown`."""
    click.echo(shown(text), err=err, nl=nl)


class Refusal(click.ClickException):
    """A command that refuses: ``Error: <message>`` and exit 1, the message escaped like any output."""

    def format_message(self) -> str:
        return shown(self.message)


class EscapingFormatter(logging.Formatter):
    """Log lines (MkDocs' and the plugin's, which name files and quote content) escaped the same way."""

    def format(self, record: logging.LogRecord) -> str:
        return shown(super().format(record))
