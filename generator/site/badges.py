"""Conditions in words, the same everywhere: a badge such as "Mid-market · ≥ $10k".

A badge is what a rep reads at a glance; it also carries, hidden from the eye, the amounts as reps
type them into search ("10k", "$10K", "10,000", "10000"), so a threshold is found however it is
written. Every name in a badge comes from content, so it is escaped here.
"""

from __future__ import annotations

import html

from markupsafe import Markup

from generator.model.views import ConditionView, ThresholdView

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "AUD": "A$", "CAD": "C$"}


def money(amount: float, currency: str) -> str:
    """``10000, USD`` → ``$10k``; ``1500000`` → ``$1.5M``; other currencies by code (``CHF 10k``)."""
    if amount >= 1_000_000:
        short = f"{amount / 1_000_000:g}M"
    elif amount >= 1_000:
        short = f"{amount / 1_000:g}k"
    else:
        short = f"{amount:g}"
    symbol = SYMBOLS.get(currency.upper())
    return f"{symbol}{short}" if symbol else f"{currency.upper()} {short}"


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
        parts.append(f"{where}≥ {money(amount, threshold.currency)}")
    return f"{threshold.name}: {', '.join(parts)}" if parts else threshold.name


def condition_text(condition: ConditionView) -> tuple[str, list[str]]:
    """The condition in words, and the amounts it names as search spellings."""
    c = condition.condition
    words: list[str] = []
    amounts: list[str] = []
    if condition.segments and not (condition.threshold and condition.threshold.amounts):
        words.append(" / ".join(s.name for s in condition.segments))
    if condition.processes:
        words.append(" / ".join(p.title for p in condition.processes))
    if condition.stages:
        words.append("At " + " / ".join(s.title for s in condition.stages))
    if c.at_least is not None:
        words.append(f"≥ {money(c.at_least, condition.currency)}")
        amounts += spellings(c.at_least, condition.currency)
    if c.below is not None:
        words.append(f"< {money(c.below, condition.currency)}")
        amounts += spellings(c.below, condition.currency)
    if condition.threshold is not None:
        only = {s.id for s in condition.segments} or None
        words.append(threshold_text(condition.threshold, only))
        for _, amount in condition.threshold.amounts:
            amounts += spellings(amount, condition.threshold.currency)
    if c.note:
        words.append(c.note)
    return " · ".join(words), amounts


def badge(condition: ConditionView | None) -> Markup:
    """The condition as a small badge (empty when there is none)."""
    if condition is None:
        return Markup("")
    text, amounts = condition_text(condition)
    hidden = f'<span class="playbook-sr"> {html.escape(" ".join(amounts))}</span>' if amounts else ""
    return Markup(f'<span class="playbook-badge" data-condition>{html.escape(text)}{hidden}</span>')
