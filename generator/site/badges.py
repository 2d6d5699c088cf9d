"""Conditions in words, the same everywhere: a badge such as "Mid-market · ≥ $10k".

A badge is what a rep reads at a glance; it also carries, hidden from the eye, the amounts as reps
type them into search ("10k", "$10K", "10,000", "10000"), so a threshold is found however it is
written. Every name in a badge comes from content, so it is escaped here.
"""

from __future__ import annotations

import html

from markupsafe import Markup

from generator.model.conditions import COMPARISONS, Compare, said
from generator.model.views import ConditionView, ThresholdView

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "AUD": "A$", "CAD": "C$"}


def money(amount: float, currency: str) -> str:
    """``10000, USD`` → ``$10k``; ``1500000`` → ``$1.5M``; other currencies by their code, as the team
    wrote it (``CHF 10k``)."""
    if amount >= 1_000_000:
        short = f"{amount / 1_000_000:g}M"
    elif amount >= 1_000:
        short = f"{amount / 1_000:g}k"
    else:
        short = f"{amount:g}"
    symbol = SYMBOLS.get(currency.upper())
    return f"{symbol}{short}" if symbol else f"{currency} {short}"


def spellings(amount: float, currency: str) -> list[str]:
    """The ways a rep may type an amount into search."""
    whole = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,}"
    short = money(amount, currency)
    bare = short.removeprefix(SYMBOLS.get(currency.upper(), "")).split(" ")[-1]
    written = [short, bare, bare.upper(), whole, whole.replace(",", ""), f"{currency.upper()} {whole}"]
    return list(dict.fromkeys(written))


def threshold_text(threshold: ThresholdView, only: set[str] | None = None) -> str:
    """``Deal plan: Regional grocers ≥ $25k, Cold storage ≥ $15k``."""
    parts = []
    for segment, amount in threshold.amounts:
        if segment is not None and only and segment.id not in only:
            continue
        where = f"{segment.name} " if segment is not None else ""
        parts.append(f"{where}{COMPARISONS[threshold.threshold.compare]} {money(amount, threshold.currency)}")
    return f"{threshold.name}: {', '.join(parts)}" if parts else threshold.name


def condition_text(condition: ConditionView, *, stages: bool = True) -> tuple[str, list[str]]:
    """The condition in words, and the amounts it names as search spellings; without its stages
    when the page names them beside it (``stages=False``)."""
    c = condition.condition
    words: list[str] = []
    amounts: list[str] = []
    if condition.segments and not (condition.threshold and condition.threshold.amounts):
        words.append(" / ".join(s.name for s in condition.segments))
    if condition.processes:
        words.append(" / ".join(p.title for p in condition.processes))
    if condition.stages and stages:
        words.append("At " + " / ".join(s.title for s in condition.stages))
    for key, said_as in COMPARISONS.items():  # each comparison as written: "over $50k", "≥ $10k"
        value = getattr(c, key)
        if value is not None:
            words.append(f"{said_as} {money(value, condition.currency)}")
            amounts += spellings(value, condition.currency)
    words += attribute_words(condition)
    if condition.threshold is not None:
        only = {s.id for s in condition.segments} or None
        words.append(threshold_text(condition.threshold, only))
        for _, amount in condition.threshold.amounts:
            amounts += spellings(amount, condition.threshold.currency)
    if c.note:
        words.append(c.note)
    for part in condition.all:
        text, found = condition_text(part)
        words.append(text)
        amounts += found
    if condition.any:
        said = [condition_text(part) for part in condition.any]
        words.append("(" + " or ".join(text for text, _ in said) + ")")
        amounts += [a for _, found in said for a in found]
    if condition.not_ is not None:
        text, found = condition_text(condition.not_)
        words.append(f"not ({text})")
        amounts += found
    return " · ".join(words), amounts


def attribute_words(condition: ConditionView) -> list[str]:
    """``Source: inbound / partner``, ``ARR over $50k``, ``1 month to 6 months after Closed``."""
    c, declared = condition.condition, condition.attributes
    words = []
    for attribute_id, test in c.attributes.items():
        name = said(attribute_id, declared.get(attribute_id))
        if isinstance(test, Compare):
            unit = declared[attribute_id].unit if attribute_id in declared else None
            shown = [
                f"{COMPARISONS[k]} {quantity(getattr(test, k), unit)}"
                for k in COMPARISONS
                if getattr(test, k, None) is not None
            ]
            words.append(f"{name} {' and '.join(shown)}")
        else:
            words.append(f"{name}: {' / '.join(test)}")
    w = c.window
    if w is not None:
        anchor = w.after or w.before or ""
        side = "after" if w.after else "before"
        span = f"{w.from_} to {w.to}" if w.from_ and w.to else f"within {w.to}" if w.to else f"from {w.from_}"
        words.append(f"{span} {side} {said(anchor, declared.get(anchor)).lower()}")
    return words


def quantity(value: float, unit: str | None) -> str:
    """A number with its unit: money for a currency (``$50k``), else as written (``12 meetings``)."""
    if unit and unit.upper() in SYMBOLS or (unit and len(unit) == 3 and unit.isupper()):
        return money(value, unit)
    return f"{value:g}" + (f" {unit}" if unit else "")


def badge(condition: ConditionView | None, *, stages: bool = True) -> Markup:
    """The condition as a small badge (empty when there is none, or nothing is left to say)."""
    if condition is None:
        return Markup("")
    text, amounts = condition_text(condition, stages=stages)
    if not text:
        return Markup("")
    # Every spelling of each amount, for search to find; hidden from sight and from screen readers,
    # which would read the list aloud (search indexes the page's text, whatever aria-hidden says).
    aliases = html.escape(" ".join(amounts))
    hidden = f'<span class="playbook-aliases" aria-hidden="true"> {aliases}</span>' if amounts else ""
    return Markup(f'<span class="playbook-badge" data-condition>{html.escape(text)}{hidden}</span>')
