"""Labels and sentence templates in the reader's language.

Templates are gettext messages (catalog ``smtpcodes``, shipped in
``sphinx_smtpcodes/locales``; Sphinx registers the same catalog). A
translated template may ask for a Korean particle after a placeholder with a
format spec: ``{code:은}`` renders ``450은`` but ``334는`` — the particle
agrees with how the word before it is read. No other language needs code.
"""

from __future__ import annotations

import gettext
import io
import string
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .entries import Problem

__all__ = ["CATALOG", "LOCALE_DIR", "N_", "Translator", "particle"]

CATALOG = "smtpcodes"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"
#: The content overlays the package brings: a folder per language.
BUNDLED_LOCALES = Path(__file__).resolve().parent.parent / "data" / "locales"


def N_(message: str) -> str:
    """Mark a string for extraction into the catalog; it is translated later."""
    return message


# Particles that change with the final sound: (after a consonant, after a vowel).
_PARTICLES = {
    "은": ("은", "는"),
    "는": ("은", "는"),
    "이": ("이", "가"),
    "가": ("이", "가"),
    "을": ("을", "를"),
    "를": ("을", "를"),
    "과": ("과", "와"),
    "와": ("과", "와"),
    "이고": ("이고", "고"),
    "이며": ("이며", "며"),
    "이다": ("이다", "다"),
    "입니다": ("입니다", "입니다"),
    "으로": ("으로", "로"),
    "로": ("으로", "로"),
}
# How the last character of a code is read in Korean: does it end in a
# consonant (받침), and is that consonant ㄹ (which takes 로, not 으로)?
_DIGIT_READING = {  # 영 일 이 삼 사 오 육 칠 팔 구
    "0": "ng",
    "1": "l",
    "2": "",
    "3": "m",
    "4": "",
    "5": "",
    "6": "k",
    "7": "l",
    "8": "l",
    "9": "",
}
_LATIN_READING = {  # 엘 엠 엔 알 (the others end in a vowel)
    "l": "l",
    "m": "m",
    "n": "n",
    "r": "l",
}


# A digit right after a Latin letter is read in English (IPv6: 식스, TLS1: 원).
_ENGLISH_DIGIT_READING = {
    "0": "",
    "1": "n",
    "2": "",
    "3": "",
    "4": "",
    "5": "",
    "6": "",
    "7": "n",
    "8": "",
    "9": "n",
}


def _group_start(text: str) -> int:
    """Where the bracketed group that ends ``text`` opens: ``450(a(b))`` → 3; -1 if unbalanced."""
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            return index
    return -1


def _final_sound(word: str) -> str:
    """The final consonant of how ``word`` is read: '' for a vowel, 'l' for ㄹ."""
    text = word.strip()
    # In Korean the particle after "450(이름)" agrees with the word before the brackets.
    while text.endswith(")") and (start := _group_start(text)) > 0:
        text = text[:start].rstrip()
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if "가" <= char <= "힣":
            jong = (ord(char) - 0xAC00) % 28
            return "" if jong == 0 else ("l" if jong == 8 else "c")
        if char.isdigit():
            # '²', '٤' and '４' are digits too (str.isdigit): read them as the digit they are.
            digit = str(unicodedata.digit(char))
            before = text[index - 1] if index else ""
            if before.isascii() and before.isalpha():
                return _ENGLISH_DIGIT_READING[digit]
            return _DIGIT_READING[digit]
        if char.isalpha():
            return _LATIN_READING.get(char.lower(), "")
        # skip closing brackets, quotes and punctuation
    return ""


def particle(word: str, spec: str) -> str:
    """The form of a Korean particle that agrees with ``word``."""
    after_consonant, after_vowel = _PARTICLES[spec]
    sound = _final_sound(word)
    if spec in ("으로", "로"):
        return after_vowel if sound in ("", "l") else after_consonant
    return after_vowel if sound == "" else after_consonant


#: The largest catalog file read (the bundled Korean ``.po`` is about 40 kB).
MAX_CATALOG_BYTES = 4 * 1024 * 1024
#: Conversions ``str.format`` knows (``{code!r}``); any other raises ValueError.
_CONVERSIONS = (None, "r", "s", "a")


class _MoCatalog(gettext.GNUTranslations):
    """A compiled catalog whose messages can be checked one by one."""

    def messages(self) -> dict[Any, str]:
        # GNUTranslations keeps its messages here since Python 2; there is no public view.
        return self._catalog


def _read_catalog_bytes(path: Path) -> bytes:
    """The bytes of a regular file, at most :data:`MAX_CATALOG_BYTES` of them."""
    if not path.is_file():  # a FIFO or a device would hang or never end
        raise _CatalogError(0, "is not a regular file")
    with path.open("rb") as f:
        data = f.read(MAX_CATALOG_BYTES + 1)
    if len(data) > MAX_CATALOG_BYTES:
        raise _CatalogError(0, f"is larger than {MAX_CATALOG_BYTES // (1024 * 1024)} MB")
    return data


class _CatalogError(Exception):
    """A catalog file that cannot be used at all: (line, reason)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _undecodable_line(data: bytes, charset: str) -> int:
    """The first line (1-based) of ``data`` that is not text in ``charset``."""
    for number, line in enumerate(data.split(b"\n"), 1):
        try:
            line.decode(charset)
        except (UnicodeDecodeError, LookupError):
            return number
    return 0


def _read_po(path: Path, language: str) -> dict[str, tuple[str, int]]:
    """The translated messages of a ``.po`` file: msgid → (msgstr, line)."""
    from babel.messages.pofile import PoFileError, read_po

    data = _read_catalog_bytes(path)
    try:
        # abort_invalid: Babel would otherwise print its complaints to standard output.
        catalog = read_po(io.BytesIO(data), locale=language, domain=CATALOG, abort_invalid=True)
    except PoFileError as err:
        raise _CatalogError(err.lineno + 1, f"is not a valid catalog: {err}") from None
    except UnicodeDecodeError as err:
        charset = err.encoding or "utf-8"
        raise _CatalogError(
            _undecodable_line(data, charset), f"is not valid {charset} text"
        ) from None
    except LookupError as err:
        line = next((n for n, text in enumerate(data.split(b"\n"), 1) if b"charset=" in text), 0)
        raise _CatalogError(line, f"names an unknown charset ({err})") from None
    except Exception as err:  # Babel reading hostile bytes may fail in any way
        reason = f"cannot be read as a catalog ({type(err).__name__}: {err})"
        raise _CatalogError(0, reason) from None
    return {
        m.id: (m.string, m.lineno)
        for m in catalog
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and not m.fuzzy
    }


def _read_mo(path: Path) -> dict[str, tuple[str, int]]:
    """The translated messages of a compiled ``.mo`` file: msgid → (msgstr, 0)."""
    data = _read_catalog_bytes(path)
    try:
        catalog = _MoCatalog(io.BytesIO(data))
    except LookupError as err:
        raise _CatalogError(0, f"names an unknown charset ({err})") from None
    except UnicodeDecodeError as err:
        raise _CatalogError(0, f"is not valid {err.encoding} text") from None
    except Exception as err:  # a garbage file fails in struct, OSError ("Bad magic number")…
        reason = err.strerror if isinstance(err, OSError) and err.strerror else err
        raise _CatalogError(0, f"is not a compiled catalog ({reason})") from None
    return {
        key: (value, 0)
        for key, value in catalog.messages().items()
        if key and isinstance(key, str) and isinstance(value, str)
    }


def _fields(template: str) -> list[tuple[str, str | None, str]]:
    """(name, conversion, spec) of each placeholder; ValueError if not a template."""
    return [
        (name, conversion, spec or "")
        for _text, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    ]


def _template_problem(msgid: str, msgstr: str) -> str | None:
    """Why ``msgstr`` cannot stand for ``msgid`` in :meth:`Translator.format`, if it cannot."""
    try:
        allowed = {name for name, _c, _s in _fields(msgid)}
    except ValueError:
        return None  # a label with a brace of its own is never filled in
    try:
        fields = _fields(msgstr)
    except ValueError as err:
        return f"is not a valid template ({err})"
    for name, conversion, spec in fields:
        # Only the English message's own names: no {0}, no {code.__class__}.
        if name not in allowed:
            expected = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "none"
            return f"uses the unknown placeholder {{{name}}} (expected: {expected})"
        if conversion not in _CONVERSIONS:
            return f"uses the unknown conversion !{conversion} in {{{name}!{conversion}}}"
        if spec in _PARTICLES or not spec:
            continue
        try:
            "".__format__(spec)  # (not format(): the catalog tool would take it for a message)
        except ValueError:
            return f"uses the unknown format {{{name}:{spec}}}"
    return None


def _clip(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _catalog(directory: Path, language: str, problems: list[Problem]) -> dict[str, str] | None:
    """The label catalog of ``language`` in ``directory``: its ``.mo``, or its ``.po``.

    A project that adds a language writes a ``.po`` file only; it is read
    (with Babel, which Sphinx installs) when no up-to-date ``.mo`` sits
    beside it. A file that cannot be read, and each message that would break
    a sentence, are left out with a located problem: those labels stay in
    English.
    """
    folder = directory / language / "LC_MESSAGES"
    mo, po = folder / f"{CATALOG}.mo", folder / f"{CATALOG}.po"
    try:
        # The package's own catalogs are compiled by ``make catalogs`` (a test fails
        # when they are stale): the shipped .mo is read, whatever the file times of a
        # fresh clone say, so that no process compiles the .po with Babel.
        use_po = (
            directory != LOCALE_DIR
            and po.exists()
            and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime)
        )
    except OSError:
        use_po = False
    path = po if use_po else mo
    if not path.exists():
        return None
    try:
        messages = _read_po(path, language) if use_po else _read_mo(path)
    except ImportError:  # pragma: no cover - Babel comes with Sphinx
        return None
    except OSError as err:
        problems.append(_problem(path, 0, f"cannot be read ({err.strerror or err})"))
        return None
    except _CatalogError as err:
        problems.append(_problem(path, err.line, err.reason))
        return None
    accepted = {}
    for msgid, (msgstr, line) in messages.items():
        reason = _template_problem(msgid, msgstr)
        if reason is None:
            accepted[msgid] = msgstr
        else:
            problems.append(
                _problem(path, line, f"the translation of {_clip(msgid)!r} {reason}", whole=False)
            )
    return accepted


def _problem(path: Path, line: int, reason: str, *, whole: bool = True) -> Problem:
    """A catalog problem, typed ``config``: the labels it concerns stay in English."""
    from .entries import Problem  # entries imports N_ from here

    fallback = "its labels stay in English" if whole else "that message stays in English"
    subject = "this language file " if whole else ""
    return Problem(str(path), line, f"{subject}{reason}; {fallback}", subtype="config")


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in _PARTICLES:
            text = str(value)
            return text + particle(text, format_spec)
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


class Translator:
    """Translates labels and fills sentence templates for one language.

    Catalogs are looked up in ``locale_dirs`` first, then in the bundled
    ones. What could not be used is in :attr:`problems` (typed ``config``);
    the labels it concerns stay in English.
    """

    def __init__(self, language: str = "en", locale_dirs: Iterable[str | Path] = ()) -> None:
        self.language = language
        problems: list[Problem] = []
        self._catalogs: list[dict[str, str]] = []
        for directory in [*map(Path, locale_dirs), LOCALE_DIR]:
            found = _catalog(directory, language, problems)
            if found is not None:
                self._catalogs.append(found)
        self.problems: tuple[Problem, ...] = tuple(problems)

    def gettext(self, message: str) -> str:
        """The message in this language (or the English message)."""
        for catalog in self._catalogs:
            found = catalog.get(message)
            if found:
                return found
        return message

    __call__ = gettext

    def format(self, template: str, /, **values: Any) -> str:
        """Translate a sentence template and fill in its placeholders."""
        translated = self.gettext(template)
        try:
            return _FORMATTER.format(translated, **values)
        except (KeyError, IndexError, AttributeError, ValueError):
            # Catalogs are checked when read; this guards the English sentence all the same.
            return _FORMATTER.format(template, **values)

    def join(self, items: Iterable[str], *, alternatives: bool = False) -> str:
        """Words joined as this language lists them: "a, b, and c" or "a, b, or c"."""
        words = list(items)
        if len(words) <= 1:
            return "".join(words)
        if len(words) == 2:
            template = N_("{first} or {second}") if alternatives else N_("{first} and {second}")
            return self.format(template, first=words[0], second=words[1])
        template = N_("{items}, or {last}") if alternatives else N_("{items}, and {last}")
        return self.format(template, items=self.gettext(", ").join(words[:-1]), last=words[-1])
