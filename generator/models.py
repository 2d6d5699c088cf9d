"""The content model: one pydantic model per collection.

These models are the single source of truth for what a content file may contain. The JSON Schemas
for editors, the editor's guide and the validation messages are all derived from them, so every
field carries a description (hover help) and an example.

Models are strict: unknown keys are errors and YAML's implicit conversions (an unquoted ``NO``
becoming ``False``) are rejected rather than silently accepted. References to other entities are
plain ids annotated with :class:`Ref`; they are checked and turned into objects by ``resolve``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.json_schema import SkipJsonSchema

from .visibility import Line, Visibility

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


@dataclass(frozen=True)
class Ref:
    """Marks a field as holding the id of an entity in another collection."""

    collection: str


# Free text. May hold Markdown. Must not be empty.
Text = Annotated[str, StringConstraints(min_length=1)]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


# An id that must name an entity of the given collection (checked in validate.check_references).
StageRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("stages")]
RoleRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("roles")]
MethodRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("methods")]
MetricRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("metrics")]
PersonaRef = Annotated[str, StringConstraints(pattern=ID_PATTERN), Ref("personas")]


def field(description: str, example: Any = None, **kwargs: Any) -> Any:
    """A pydantic Field that always carries hover help and, when given, an example."""
    extra: dict[str, Any] = {"description": description}
    if example is not None:
        extra["examples"] = [example]
    return Field(**extra, **kwargs)


class Part(BaseModel):
    """Base of every model: strict, no unknown keys."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False)


class Entity(Part):
    """Fields every content file may carry, whatever its collection."""

    id: SkipJsonSchema[str] = Field(default="", exclude=True)
    owner: str | None = field(
        "Who keeps this page current: a person or team.", "Sales Enablement (Priya Raman)", default=None
    )
    review_by: datetime.date | None = field(
        "Date by which the owner reviews this page again (YYYY-MM-DD).", "2027-03-31", default=None
    )
    visibility: Literal["public", "internal"] = field(
        "'internal' pages are left out of the public edition of the site.", "public", default="public"
    )

    @property
    def title(self) -> str:
        return str(getattr(self, "name", self.id))


class Hideable(Part):
    """A part that sits in a list and can be left out of the public edition on its own."""

    visibility: Visibility = field(
        "'internal' leaves this item out of the public edition of the site.", "internal", default="public"
    )


# --- Philosophy -------------------------------------------------------------------------------


class Principle(Hideable):
    name: Text = field("A short name for the principle.", "Diagnose before you prescribe")
    description: Text = field("What the principle means in practice.", "We do not demo until we can name the pain.")


class EthicalLine(Hideable):
    guideline: Text = field("A line that no quota overrides.", "We never promise a roadmap date we do not own.")
    dilemma: Text = field(
        "A realistic situation where the line is tested.",
        "It is the last day of the quarter and the buyer asks for a discount we are not allowed to give.",
    )
    answer: Text = field("What we do in that situation, and why.", "We say we do not know and find out.")


class Philosophy(Entity):
    """Why we sell: purpose, identity, principles, ethics and what leaders commit to."""

    name: Text = field("Title of the philosophy page.", "Why we sell", default="Philosophy")
    purpose: Text = field(
        "Why the sales role exists, framed around the customer's results.",
        "We help operations leaders run plants that never stop unexpectedly.",
    )
    rep_identity: Text = field(
        "Who a rep is to the customer.", "A business-improvement advisor who happens to carry a quota."
    )
    principles: list[Principle] = field(
        "The principles that follow from the purpose.",
        [{"name": "Diagnose before you prescribe", "description": "We do not demo until we can name the pain."}],
        min_length=1,
    )
    ethics: list[EthicalLine] = field(
        "Ethical lines, each with a dilemma that tests it.",
        [
            {
                "guideline": "We never promise a roadmap date we do not own.",
                "dilemma": "A buyer will sign today if we promise a feature by June.",
                "answer": "We say we do not know and find out.",
            }
        ],
        min_length=1,
    )
    leader_commitments: list[Line] = field(
        "What sales leaders commit to model themselves.",
        ["We inspect pipeline the same way every week."],
        min_length=1,
    )


# --- Strategy ---------------------------------------------------------------------------------


class Priority(Hideable):
    name: Text = field("The priority in a few words.", "Win mid-market food and beverage plants")
    description: Text = field(
        "Why it matters this year and what it changes in the field.",
        "Food plants replace monitoring every five years; this year many contracts end.",
    )


class Segment(Hideable):
    name: Text = field("Name of the target segment.", "Mid-market process manufacturers")
    description: Text = field(
        "Who is in the segment and why we win there.", "Plants with 200-2,000 staff that run around the clock."
    )
    personas: list[PersonaRef] = field("Ids of the buyer personas met in this segment.", ["plant-manager"], default=[])


class Criterion(Hideable):
    name: Text = field("The ICP criterion.", "Runs 24/7 production")
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

    name: Text = field("Title of the strategy page.", "Strategy and ideal client profile", default="Strategy & ICP")
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


# --- Personas ---------------------------------------------------------------------------------


class Persona(Entity):
    """A buyer persona: what they care about and what is on their mind."""

    name: Text = field("The persona's job title as buyers use it.", "Plant Manager")
    summary: Text = field("Who they are in one or two sentences.", "Owns output, safety and cost for one site.")
    priorities: list[Line] = field("What they are measured on.", ["Overall equipment effectiveness"], min_length=1)
    values: list[Line] = field("What they value in a supplier.", ["Proof from a similar plant"], min_length=1)
    questions: list[Line] = field(
        "Questions on their mind when they meet us.", ["Will this add work for my team?"], min_length=1
    )
    stages: list[StageRef] = field("Ids of the stages where this persona is involved.", ["discovery"], default=[])


# --- Roles ------------------------------------------------------------------------------------


class TenureTrack(Hideable):
    tenure: Literal["new", "tenured"] = field("Which reps the track is for.", "new")
    description: Text = field("Who is on this track and when they move on.", "First two quarters in the role.")
    focus_metrics: list[MetricRef] = field(
        "Ids of the 1-3 lead metrics this track focuses on now.", ["qualified-meetings"], min_length=1, max_length=3
    )
    lag_metrics: list[MetricRef] = field("Ids of the lag metrics the track is judged on.", ["win-rate"], default=[])


class Responsibility(Hideable):
    what: Text = field("What the role is accountable for.", "Build pipeline in named accounts.")
    measured_by: list[MetricRef] = field("Ids of the metrics that measure it.", ["pipeline-created"], default=[])


class Expectations(Part):
    stop: list[Line] = field(
        "What people in this role should stop doing.", ["Demoing in the first meeting."], min_length=1
    )
    start: list[Line] = field("What they should start doing.", ["Sending a written recap within a day."], min_length=1)
    continue_: list[Line] = field(
        "What they should keep doing.", ["Multi-threading early."], alias="continue", min_length=1
    )


class Role(Entity):
    """A sales role: purpose, responsibilities, focus metrics per tenure and expectations."""

    name: Text = field("Name of the role.", "Account Executive")
    motion: Literal["hunter", "farmer", "hybrid", "specialist", "leader"] = field(
        "How the role sells: hunters win new logos, farmers grow existing customers.", "hunter"
    )
    purpose: Text = field("Why the role exists, in the customer's terms.", "Bring new plants onto the platform.")
    responsibilities: list[Responsibility] = field(
        "What the role is accountable for, and the metrics that measure each part.",
        [{"what": "Build pipeline in named accounts.", "measured_by": ["pipeline-created"]}],
        min_length=1,
    )
    tenure_tracks: list[TenureTrack] = field(
        "Focus metrics for new and tenured people.",
        [
            {
                "tenure": "new",
                "description": "First two quarters in the role.",
                "focus_metrics": ["qualified-meetings"],
                "lag_metrics": ["win-rate"],
            }
        ],
        min_length=1,
    )
    compensated_on: list[MetricRef] = field("Ids of the metrics the role is paid on.", ["new-logo-revenue"], default=[])
    expectations: Expectations = field(
        "What people in this role should stop, start and continue doing.",
        {
            "stop": ["Demoing in the first meeting."],
            "start": ["Sending a written recap within a day."],
            "continue": ["Multi-threading early."],
        },
    )
    manager_commitments: list[Line] = field(
        "What people in this role can expect from their manager.", ["A weekly 30-minute 1:1."], min_length=1
    )


# --- Stages -----------------------------------------------------------------------------------


class Activity(Hideable):
    role: RoleRef = field("Id of the role doing these actions.", "account-executive")
    actions: list[Line] = field("What the role does in this stage.", ["Book the discovery call."], min_length=1)


class Stage(Entity):
    """One step of the buying and selling journey."""

    order: int = field("Position of the stage in the process, starting at 1.", 1, ge=1)
    name: Text = field("Name of the stage.", "Discovery")
    goal: Text = field("What the stage achieves for the buyer and for us.", "Agree the problem worth solving.")
    buyer_view: Text = field(
        "What the buyer is thinking and doing at this point.",
        "We know something is wrong, but not yet what it costs us.",
    )
    activities: list[Activity] = field(
        "Who does what in this stage.",
        [{"role": "account-executive", "actions": ["Book the discovery call."]}],
        min_length=1,
    )
    exit_criteria: list[Line] = field(
        "Verifiable facts that must be true to leave the stage.",
        ["Pain documented in the buyer's words."],
        min_length=1,
    )
    red_flags: list[Line] = field(
        "Signs the deal is not really progressing.", ["No access to the budget holder."], default=[]
    )


# --- Methods ----------------------------------------------------------------------------------


class Method(Entity):
    """How we sell: a talk track, question bank, insight or objection handler."""

    name: Text = field("Name of the method.", "Downtime cost discovery")
    kind: Literal["talk-track", "question-bank", "insight", "objection"] = field(
        "What kind of method it is.", "question-bank"
    )
    summary: Text = field("What the method is for, in one or two sentences.", "Turns vague pain into a number.")
    when_to_use: Text = field("The situation that calls for it.", "Early discovery with operations buyers.")
    stages: list[StageRef] = field("Ids of the stages where it is used.", ["discovery"], min_length=1)
    steps: list[Line] = field(
        "Steps or talk-track lines, in order.", ["Ask about the last unplanned stop."], default=[]
    )
    questions: list[Line] = field("Questions to ask.", ["What did the last unplanned stop cost?"], default=[])
    examples: list[Line] = field(
        "Worked examples.", ["At a bottling plant, one stop cost a full shift of output."], default=[]
    )


# --- Metrics ----------------------------------------------------------------------------------


class Metric(Entity):
    """A lead metric (a behaviour a rep controls) or a lag metric (a result)."""

    name: Text = field("Name of the metric.", "Economic-buyer meetings")
    kind: Literal["lead", "lag"] = field("'lead' for behaviours a rep controls, 'lag' for results.", "lead")
    definition: Text = field("Exactly what counts.", "A meeting in which the budget holder spoke.")
    unit: Text = field("Unit of measurement.", "meetings per week")
    how_measured: Text = field("Where the number comes from.", "CRM activity with the 'EB present' box ticked.")
    drives: list[MetricRef] = field("Ids of the metrics this one moves (lead to lag).", ["win-rate"], default=[])
    target: str | None = field("The current target, if there is one.", "2 per week", default=None)


# --- Coaching ---------------------------------------------------------------------------------


class RubricLevel(Hideable):
    rating: int = field("The score, 1 (lowest) upwards.", 1, ge=1, le=5)
    label: Text = field("Short name of the level.", "Developing")
    description: Text = field("What the manager sees at this level.", "Asks about pain but accepts the first answer.")


class CoachingScript(Entity):
    """A coaching conversation a manager runs in a 1:1 to build one behaviour."""

    name: Text = field("Title of the script.", "Quantify the pain")
    behaviour: Text = field("The behaviour being coached.", "Puts a number on the buyer's problem.")
    moves: list[MetricRef] = field("Ids of the metrics this behaviour moves.", ["documented-pain-calls"], min_length=1)
    roles: list[RoleRef] = field("Ids of the roles it is for.", ["account-executive"], min_length=1)
    stages: list[StageRef] = field("Ids of the stages it applies to.", ["discovery"], min_length=1)
    methods: list[MethodRef] = field("Ids of the methods it reinforces.", ["downtime-cost"], default=[])
    cadence: Text = field("When and how often to run it.", "Weekly, after a call recording is available.")
    prepare: list[Line] = field("What the manager prepares beforehand.", ["Listen to one call."], min_length=1)
    open: Text = field("How the manager opens the conversation.", "Let's look at Tuesday's call together.")
    questions: list[Line] = field("Questions the manager asks.", ["What did it cost them?"], min_length=1)
    observe: list[Line] = field("What to look for (a checklist).", ["Rep asked for a number."], min_length=1)
    rubric: list[RubricLevel] = field(
        "How to rate the behaviour: at least two levels.",
        [
            {"rating": 1, "label": "Developing", "description": "Accepts the first answer."},
            {"rating": 3, "label": "Proficient", "description": "Gets the buyer to name a number."},
        ],
        min_length=2,
    )
    commitments: list[Line] = field(
        "What the rep commits to before the next 1:1.", ["Ask the cost question on every call."], min_length=1
    )


# --- Collections ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Collection:
    """Where a collection lives in content/ and which model validates it."""

    name: str
    model: type[Entity]
    single: bool = False

    @property
    def path(self) -> str:
        return f"{self.name}.yml" if self.single else f"{self.name}/"


COLLECTIONS: dict[str, Collection] = {
    c.name: c
    for c in (
        Collection("philosophy", Philosophy, single=True),
        Collection("strategy", Strategy, single=True),
        Collection("personas", Persona),
        Collection("roles", Role),
        Collection("stages", Stage),
        Collection("methods", Method),
        Collection("metrics", Metric),
        Collection("coaching", CoachingScript),
    )
}
