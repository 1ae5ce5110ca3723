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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["CATALOG", "LOCALE_DIR", "N_", "Translator", "particle"]

CATALOG = "smtpcodes"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"


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


def _final_sound(word: str) -> str:
    """The final consonant of how ``word`` is read: '' for a vowel, 'l' for ㄹ."""
    text = word.strip()
    # In Korean the particle after "450(이름)" agrees with the word before the brackets.
    while text.endswith(")") and "(" in text:
        text = text[: text.rindex("(")].rstrip()
    for index in range(len(text) - 1, -1, -1):
        char = text[index]
        if "가" <= char <= "힣":
            jong = (ord(char) - 0xAC00) % 28
            return "" if jong == 0 else ("l" if jong == 8 else "c")
        if char.isdigit():
            before = text[index - 1] if index else ""
            if before.isascii() and before.isalpha():
                return _ENGLISH_DIGIT_READING[char]
            return _DIGIT_READING[char]
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


def _catalog(directory: Path, language: str) -> gettext.NullTranslations | None:
    """The label catalog of ``language`` in ``directory``: its ``.mo``, or its ``.po``.

    A project that adds a language writes a ``.po`` file only; it is compiled
    in memory (with Babel, which Sphinx installs) when no up-to-date ``.mo``
    sits beside it.
    """
    folder = directory / language / "LC_MESSAGES"
    mo, po = folder / f"{CATALOG}.mo", folder / f"{CATALOG}.po"
    if po.is_file() and (not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime):
        try:
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po
        except ImportError:  # pragma: no cover - Babel comes with Sphinx
            pass
        else:
            with po.open("rb") as f:
                catalog = read_po(f, locale=language, domain=CATALOG)
            buffer = io.BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            return gettext.GNUTranslations(buffer)
    if mo.is_file():
        with mo.open("rb") as f:
            return gettext.GNUTranslations(f)
    return None


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in _PARTICLES:
            text = str(value)
            return text + particle(text, format_spec)
        return super().format_field(value, format_spec)


_FORMATTER = _Formatter()


class Translator:
    """Translates labels and fills sentence templates for one language."""

    def __init__(self, language: str = "en", locale_dirs: Iterable[str | Path] = ()) -> None:
        self.language = language
        dirs = [*map(Path, locale_dirs), LOCALE_DIR]
        catalog: gettext.NullTranslations = gettext.NullTranslations()
        chain: list[gettext.NullTranslations] = []
        for directory in dirs:
            found = _catalog(directory, language)
            if found is not None:
                chain.append(found)
        if chain:
            catalog = chain[0]
            for more in chain[1:]:
                catalog.add_fallback(more)
        self._catalog = catalog
        self.has_catalog = bool(chain)

    def gettext(self, message: str) -> str:
        """The message in this language (or the English message)."""
        return self._catalog.gettext(message) if message else message

    __call__ = gettext

    def format(self, template: str, /, **values: Any) -> str:
        """Translate a sentence template and fill in its placeholders."""
        return _FORMATTER.format(self.gettext(template), **values)

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
