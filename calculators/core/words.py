"""The words the calculators share: texts in both languages, the labels of fields and figures,
and the words read as yes, no and unknown.

Labels come from ``params["labels"]``: one label per input field and output figure, keyed by
calculator and JSON path (``"funding.district_pipeline_reward"``, ``"consent.units.area"``),
each ``{"zh": ..., "en": ...}``. plansite/params.py gathers them from policy/ (labels.yaml, and
the conditions, costs, contributions and payers that carry their own label beside their clause).
"""
from __future__ import annotations

from typing import NamedTuple


class Text(NamedTuple):
    """One text in both languages, Chinese first."""

    zh: str
    en: str

    @property
    def en_in_sentence(self) -> str:
        """The English with a lower-case first letter, for use inside a sentence."""
        return self.en[:1].lower() + self.en[1:]

    def format(self, **values) -> Text:
        """Fill both templates; a value that is itself a Text gives each language its own."""
        return Text(self.zh.format(**{k: v.zh if isinstance(v, Text) else v for k, v in values.items()}),
                    self.en.format(**{k: v.en if isinstance(v, Text) else v for k, v in values.items()}))

    def as_dict(self) -> dict:
        return {"zh": self.zh, "en": self.en}


def text(entry: dict) -> Text:
    """A ``{"zh": ..., "en": ...}`` of the parameters as a Text."""
    return Text(entry["zh"], entry["en"])


def labels(params: dict, calculator: str) -> dict[str, Text]:
    """The labels of one calculator's fields and figures, by JSON path (``"costs.environment"``)."""
    prefix = calculator + "."
    return {key[len(prefix):]: text(entry) for key, entry in params["labels"].items()
            if key.startswith(prefix)}


def answer_words(params: dict) -> dict[str, bool | None]:
    """The words of a yes / no / unknown answer (lower case) and what each means; blank is unknown."""
    b = params["csv_columns"]["booleans"]
    words: dict[str, bool | None] = {"": None}
    for answer, key in ((True, "true"), (False, "false"), (None, "unknown")):
        for word in b[key]:
            words[str(word).lower()] = answer
    return words
