"""The strategy collection."""

from __future__ import annotations

import datetime  # noqa: F401
from typing import Literal  # noqa: F401

from generator.model.base import (  # noqa: F401
    Entity,
    Hideable,
    Id,
    MethodRef,
    MetricRef,
    Name,
    Part,
    PersonaRef,
    RoleRef,
    StageRef,
    Text,
    field,
)
from generator.model.lines import Line  # noqa: F401


class Priority(Hideable):
    name: Name = field("The priority in a few words.", "Win mid-market food and beverage plants")
    description: Text = field(
        "Why it matters this year and what it changes in the field.",
        "Food plants replace monitoring every five years; this year many contracts end.",
    )


class Segment(Hideable):
    name: Name = field("Name of the target segment.", "Mid-market process manufacturers")
    description: Text = field(
        "Who is in the segment and why we win there.", "Plants with 200-2,000 staff that run around the clock."
    )
    personas: list[PersonaRef] = field("Ids of the buyer personas met in this segment.", ["plant-manager"], default=[])


class Criterion(Hideable):
    name: Name = field("The ICP criterion.", "Runs 24/7 production")
    description: Text = field("How a rep verifies it.", "Ask for the shift pattern.")


class IdealClientProfile(Part):
    summary: Text = field(
        "The ideal client in one or two sentences.", "A plant that loses money every hour a line stops."
    )
    criteria: list[Criterion] = field(
        "What makes an account a fit.",
        [{"name": "Runs 24/7 production", "description": "Ask for the shift pattern."}],
        min_length=1,
    )
    disqualifiers: list[Line] = field("What rules an account out.", ["No maintenance team on site."], min_length=1)


class Strategy(Entity):
    """Where we play: priorities, segments, the ideal client profile and the off-profile rule."""

    name: Name = field("Title of the strategy page.", "Strategy and ideal client profile", default="Strategy & ICP")
    priorities: list[Priority] = field(
        "This year's strategic priorities for the field.",
        [{"name": "Win mid-market food plants", "description": "Contracts end this year."}],
        min_length=1,
    )
    segments: list[Segment] = field(
        "Target segments.",
        [
            {
                "name": "Mid-market process manufacturers",
                "description": "Plants with 200-2,000 staff.",
                "personas": ["plant-manager"],
            }
        ],
        min_length=1,
    )
    icp: IdealClientProfile = field(
        "The ideal client profile.",
        {
            "summary": "A plant that loses money every hour a line stops.",
            "criteria": [{"name": "Runs 24/7 production", "description": "Ask for the shift pattern."}],
            "disqualifiers": ["No maintenance team on site."],
        },
    )
    off_profile_rule: Text = field(
        "What a rep must state and who must agree before pursuing an off-profile deal.",
        "Write the rationale in the opportunity and get your manager's approval.",
    )
