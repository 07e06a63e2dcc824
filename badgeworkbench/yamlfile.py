"""Canonical YAML: one way to write any value, so files diff well and round-trip byte for byte.

We write YAML ourselves instead of asking a general-purpose dumper because the output must be
*canonical*: the same data always gives the same bytes, keys stay in the model's order, Unicode
stays as written, short lists and small records sit on one line, and multi-line text uses
literal blocks that people can edit. Reading uses ``yaml_rs`` (a YAML 1.2 parser written in Rust,
about fifteen times faster than libyaml here), with PyYAML as the fallback.

>>> print(dump({"id": "b1", "name": {"fr": "Écoute active", "en": "Active listening"}, "tags": ["oral", "yes"]}), end="")
id: b1
name:
  fr: Écoute active
  en: Active listening
tags: [oral, "yes"]
>>> load(dump({"n": "12", "t": "a: b"}), "x.yaml")
{'n': '12', 't': 'a: b'}
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

import yaml

__all__ = ["LINE_WIDTH", "YamlSyntaxError", "dump", "load"]

LINE_WIDTH = 100

try:
    import yaml_rs
except ImportError:  # pragma: no cover - yaml_rs is a dependency; PyYAML keeps us working without it
    yaml_rs = None

_RUST_ERROR_PLACE = re.compile(r"at line (\d+), column (\d+)")


class YamlSyntaxError(ValueError):
    """A file is not valid YAML. ``line`` and ``column`` are 1-based where known."""

    def __init__(self, file: str, message: str, line: int | None = None, column: int | None = None):
        self.file, self.line, self.column, self.problem = file, line, column, message
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {message}")


def load(text: str, file: str) -> Any:
    """Parse YAML ``text`` read from ``file`` (named in errors). Dates stay strings; duplicate keys are errors.

    A NUL character is an error: the YAML reader would take it for the end of the text and
    silently drop everything after it.

    >>> load("a: 1\\x00\\nb: 2\\n", "x.yaml")
    Traceback (most recent call last):
    ...
    badgeworkbench.yamlfile.YamlSyntaxError: x.yaml, line 1: a NUL character (\\0), which YAML does not allow
    """
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise YamlSyntaxError(file, "a NUL character (\\0), which YAML does not allow", line,
                              nul - text.rfind("\n", 0, nul))
    if yaml_rs is not None:
        try:
            return yaml_rs.loads(text, parse_datetime=False)
        except yaml_rs.YAMLDecodeError as error:
            message = str(error)
            place = _RUST_ERROR_PLACE.search(message)
            problem = message.strip().splitlines()[-1].strip() if place else message
            if place:
                raise YamlSyntaxError(file, problem, int(place[1]), int(place[2])) from None
            raise YamlSyntaxError(file, problem) from None
    try:  # pragma: no cover - fallback
        return yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:  # pragma: no cover
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        message = " ".join(part for part in (error.context, error.problem) if part) or str(error)
        raise YamlSyntaxError(file, message, line, column) from None
    except yaml.YAMLError as error:  # pragma: no cover
        raise YamlSyntaxError(file, str(error)) from None


def dump(value: Any) -> str:
    """The canonical YAML text of ``value`` (dicts, lists, str, int, float, bool, None)."""
    lines: list[str] = []
    if isinstance(value, (dict, list)) and not value:
        lines.append("{}" if isinstance(value, dict) else "[]")
    elif isinstance(value, dict):
        _mapping(value, 0, lines)
    elif isinstance(value, list):
        _sequence(value, 0, lines)
    else:
        lines.append(_scalar(value))
    return "\n".join(lines) + "\n"


# --- scalars -----------------------------------------------------------------------------------

# Strings a YAML 1.1 or 1.2 reader would take for something else than a string.
_SPECIAL_WORDS = {
    "", "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n",
    ".nan", ".inf", "-.inf", "+.inf", "<<", "=",
}
_NUMBER_LIKE = re.compile(
    r"""^(?:[-+]?(?:0|[1-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?   # ints, floats
        |[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?
        |[-+]?0[xob][0-9a-fA-F_]+|[-+]?0[0-7_]+                     # hex, octal, binary
        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?             # sexagesimal (YAML 1.1)
        |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$""",                      # dates and timestamps
    re.VERBOSE,
)
# A plain (unquoted) string must not start with an indicator, end with a space or colon, or hold
# ": ", " #", a line break, a tab or a character that needs escaping.
_NOT_PLAIN = re.compile(
    "^[-?:,\\[\\]{}#&*!|>'\"%@` \t]|[ \t:]$|: | #|[\n\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]"
)
# Characters that must be escaped in double quotes: controls, line separators, the BOM, surrogates.
_MUST_ESCAPE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
_TO_ESCAPE = re.compile('[\\\\"\n\t\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}
_NUMBER_START = frozenset("0123456789+-._")


def _is_plain(s: str) -> bool:
    return not (
        not s
        or _NOT_PLAIN.search(s)
        or s.lower() in _SPECIAL_WORDS
        # Readers differ on what is a number (yaml_rs takes "_0" and "1_000"): quote anything that might be.
        or (s[0] in _NUMBER_START and (" " not in s or _NUMBER_LIKE.match(s) is not None))
    )


def _escape(match: re.Match[str]) -> str:
    ch = match[0]
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _quoted(s: str) -> str:
    return '"' + _TO_ESCAPE.sub(_escape, s) + '"'


def _string(s: str) -> str:
    # Most text is words and punctuation. A few string methods (C speed, no regex) tell such a
    # string may go unquoted, sparing the full rules of _is_plain, of which these are a subset
    # (tests/test_yamlfile.py checks both paths agree): it starts with a letter, holds nothing
    # unprintable (line breaks, tabs, controls, the BOM, surrogates), no ": " or " #", does not end
    # with a space or a colon, and is not one of the short special words. Hundreds of thousands of
    # strings go through here in a big save, rarely the same twice: no cache, no further call.
    if (s[:1].isalpha() and s.isprintable() and s[-1] not in " :" and ": " not in s and " #" not in s
            and (len(s) > 5 or s.lower() not in _SPECIAL_WORDS)):
        return s
    return s if _is_plain(s) else _quoted(s)


_FLOW_INDICATOR = re.compile("[,\\[\\]{}]").search


# Flow collections mostly hold ids and type names, each written many times (a competency id in
# several relations): their text is remembered, in a table emptied when it grows large.
_FLOW_TEXTS: dict[str, str] = {}
_FLOW_TEXTS_MAX = 65_536


def _flow_string(s: str) -> str:
    text = _FLOW_TEXTS.get(s)
    if text is None:
        text = _string(s)
        if text is s and _FLOW_INDICATOR(s) is not None:  # in [] and {}, a comma or bracket would end it
            text = _quoted(s)
        if len(_FLOW_TEXTS) >= _FLOW_TEXTS_MAX:
            _FLOW_TEXTS.clear()
        _FLOW_TEXTS[s] = text
    return text


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)
        return text if ("." in text or "e" in text or "n" in text) else text + ".0"
    raise TypeError(f"cannot write a {type(value).__name__} to YAML")


def _is_block_text(s: str) -> bool:
    """True when ``s`` reads best as a literal block (several lines, nothing a block would lose)."""
    if "\n" not in s.rstrip("\n") or s.count("\n", len(s.rstrip("\n"))) > 1:
        return False
    # A block's indentation is read from its first non-empty line: that line may not start with a space.
    if s.lstrip("\n")[:1] in (" ", "\t") or _MUST_ESCAPE.search(s) or "\r" in s or "\t" in s:
        return False
    return all(line == line.rstrip(" ") for line in s.split("\n"))


def _block_text(s: str, indent: int) -> list[str]:
    header = "|" if s.endswith("\n") else "|-"
    pad = " " * indent
    return [header] + [pad + line if line else "" for line in s.rstrip("\n").split("\n")]


# --- collections -------------------------------------------------------------------------------


def _one_line_scalars(values: Any) -> bool:
    """True when every value is a scalar that fits on one line (what a flow collection may hold)."""
    for v in values:
        cls = v.__class__
        if cls is str:
            if "\n" in v:
                return False
        elif cls is not int and cls is not bool and v is not None and (
                isinstance(v, (dict, list)) or (isinstance(v, str) and "\n" in v)):
            return False
    return True


def _flow(value: Any) -> str | None:
    """One-line form of a small collection of scalars, or None when it has none."""
    if isinstance(value, list):
        if not value:
            return "[]"
        if _one_line_scalars(value):
            return "[" + ", ".join([_flow_string(v) if isinstance(v, str) else _scalar(v) for v in value]) + "]"
        return None
    if isinstance(value, dict):
        if not value:
            return "{}"
        if len(value) > 4:
            return None
        # One pass that gives up at the first value needing lines of its own: sixty thousand
        # relations are written through here.
        parts = []
        for k, v in value.items():
            cls = v.__class__
            if cls is str:
                if "\n" in v:
                    return None
                parts.append(f"{_key(k)}: {_flow_string(v)}")
            elif not _one_line_scalars((v,)):
                return None
            else:
                parts.append(f"{_key(k)}: {_flow_string(v) if isinstance(v, str) else _scalar(v)}")
        return "{" + ", ".join(parts) + "}"
    return None


@functools.lru_cache(maxsize=4096, typed=True)  # typed: a str subclass must still be refused
def _key(key: Any) -> str:
    if key.__class__ is not str:
        raise TypeError(f"mapping keys must be strings, not {type(key).__name__}")
    return _flow_string(key)


def _mapping(mapping: dict[str, Any], indent: int, lines: list[str], first_prefix: str = "") -> None:
    pad = " " * indent
    prefix = first_prefix or pad
    inner = pad + "  "
    append = lines.append
    for key, value in mapping.items():
        cls = value.__class__
        # The common shapes are written here, without the general path's calls: one-line strings,
        # and mappings of one-line strings (multilingual text), which are always written as blocks.
        if cls is str and "\n" not in value:
            append(f"{prefix}{_key(key)}: {_string(value)}")
            prefix = pad
            continue
        if cls is dict and value:
            block = [f"{prefix}{_key(key)}:"]
            for k, v in value.items():
                if v.__class__ is not str or "\n" in v:
                    break
                block.append(f"{inner}{_key(k)}: {_string(v)}")
            else:
                lines.extend(block)
                prefix = pad
                continue
        _value_after(f"{prefix}{_key(key)}:", value, indent, lines)
        prefix = pad


def _value_after(head: str, value: Any, indent: int, lines: list[str]) -> None:
    """Write ``head`` followed by ``value``, inline when it fits, else as a nested block."""
    if isinstance(value, str):
        if "\n" in value and _is_block_text(value):
            block = _block_text(value, indent + 2)
            lines.append(f"{head} {block[0]}")
            lines.extend(block[1:])
        else:
            lines.append(f"{head} {_string(value)}")
        return
    if not isinstance(value, (dict, list)):
        lines.append(f"{head} {_scalar(value)}")
        return
    flow = _flow(value) if (isinstance(value, list) or not value) else None
    if flow is not None and (not value or len(head) + 1 + len(flow) <= LINE_WIDTH):
        lines.append(f"{head} {flow}")
        return
    lines.append(head)
    if isinstance(value, dict):
        _mapping(value, indent + 2, lines)
    else:
        _sequence(value, indent + 2, lines)


def _sequence(items: list[Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    item_prefix = pad + "- "
    for item in items:
        if item.__class__ is dict and item:
            # Small records without an id (relations, alignments…) stay on one line when they fit.
            flow = None if "id" in item or len(item) > 4 else _flow(item)
            if flow is not None and indent + 2 + len(flow) <= LINE_WIDTH:
                lines.append(item_prefix + flow)
            else:
                _mapping(item, indent + 2, lines, first_prefix=item_prefix)
        elif isinstance(item, list) and item:
            flow = _flow(item)
            if flow is not None and indent + 2 + len(flow) <= LINE_WIDTH:
                lines.append(item_prefix + flow)
            else:
                lines.append(f"{pad}-")
                _sequence(item, indent + 2, lines)
        elif isinstance(item, str) and "\n" in item and _is_block_text(item):
            block = _block_text(item, indent + 2)
            lines.append(f"{item_prefix}{block[0]}")
            lines.extend(block[1:])
        else:
            lines.append(item_prefix + (_flow(item) if isinstance(item, (dict, list)) else _scalar(item)))
