"""The journey model: personas, segments, touchpoints and journeys, per the format (docs/format.md).

Models forbid unknown fields (a typo is an error, not silently ignored) and are frozen.
Shorthands the format allows (a pain point as plain text, one touchpoint id instead of a
list) are normalised here to one shape, so every command after validation sees one
shape only. Text fields accept numbers (``name: 2024``) as docs/format.md says.

This module imports nothing of cjm.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    WithJsonSchema,
    field_validator,
    model_validator,
)

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
FORMAT_VERSION = 1

Id = Annotated[str, Field(pattern=ID_PATTERN, description="Lower-case id: a-z, 0-9, '-', '_'")]
Reference = Annotated[str, Field(description="The id of another object")]
Text = Annotated[str, Field(min_length=1)]
TextList = tuple[Text, ...]


class Phase(enum.StrEnum):
    PRE_PURCHASE = "pre-purchase"
    PURCHASE = "purchase"
    POST_PURCHASE = "post-purchase"


class JourneyState(enum.StrEnum):
    CURRENT = "current"
    IDEAL = "ideal"


class Mode(enum.StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"


class Operator(enum.StrEnum):
    HUMAN = "human"
    AUTOMATED = "automated"
    HYBRID = "hybrid"


class Level(enum.StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class OpportunityStatus(enum.StrEnum):
    IDEA = "idea"
    PLANNED = "planned"
    IN_PROGRESS = "in-progress"
    DONE = "done"


class Unit(enum.StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    CURRENCY = "currency"
    SCORE = "score"
    SECONDS = "seconds"
    TEXT = "text"


class Better(enum.StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class _Model(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        coerce_numbers_to_str=True,
        use_enum_values=False,
        validate_default=False,
        defer_build=True,
    )


class _TextOrObject(_Model):
    """An object that may also be written as its ``text`` alone."""

    text: Text = Field(description="What it is; written alone, it stands for the whole object")

    @model_validator(mode="before")
    @classmethod
    def _text_shorthand(cls, data: Any) -> Any:
        if isinstance(data, str | int | float) and not isinstance(data, bool):
            return {"text": str(data)}
        return data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        object_schema = handler(core_schema)
        return {"anyOf": [{"type": "string", "minLength": 1}, object_schema]}


class PainPoint(_TextOrObject):
    """A problem the customer meets; text, or ``{text, severity}``."""

    severity: Level | None = Field(None, description="How much it hurts: low, medium or high")


class Opportunity(_TextOrObject):
    """An idea that removes a pain or adds delight; text, or an object with planning data."""

    id: Id | None = Field(None, description="Optional id, so diff can follow it across versions")
    impact: Level | None = Field(
        None, description="Expected effect on the experience: low, medium or high"
    )
    effort: Level | None = Field(None, description="Cost to deliver: low, medium or high")
    status: OpportunityStatus | None = Field(None, description="idea, planned, in-progress or done")
    owner: Text | None = Field(None, description="Team or person who owns it")


def _one_or_many(value: Any) -> Any:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return [value]
    return value


StepRefs = Annotated[
    tuple[Reference, ...],
    BeforeValidator(_one_or_many),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            "description": "One step id or a list of ids",
        }
    ),
]

TouchpointRefs = Annotated[
    tuple[Reference, ...],
    BeforeValidator(_one_or_many),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
            "description": "One touchpoint id or a list of ids",
        }
    ),
]


class Step(_Model):
    """One thing the customer does, where, and how it feels."""

    id: Id | None = Field(None, description="Unique within the journey")
    action: Text = Field(description="What the customer does, in their words")
    touchpoint: TouchpointRefs = Field(default_factory=tuple)
    emotion: Annotated[StrictInt, Field(ge=-2, le=2)] | None = Field(
        None, description="How it feels, -2 (very negative) to 2 (very positive)"
    )
    feeling: Text | None = Field(None, description="One word for the emotion")
    thoughts: TextList = Field(default_factory=tuple, description="What the customer thinks here")
    pain_points: tuple[PainPoint, ...] = Field(
        default_factory=tuple, description="Problems met here: text, or {text, severity}"
    )
    opportunities: tuple[Opportunity, ...] = Field(
        default_factory=tuple,
        description="Ideas that remove a pain: text, or {text, impact, effort, status, owner}",
    )
    evidence: TextList = Field(
        default_factory=tuple,
        description="Data backing this step (survey, analytics, tickets); none means an assumption",
    )
    backstage: TextList = Field(
        default_factory=tuple,
        description="Actions the customer does not see that support this step",
    )
    baseline_step: StepRefs = Field(
        default_factory=tuple,
        description=(
            "Ideal journeys: the id(s) of the baseline journey's step(s) this step replaces"
        ),
    )


MetricValue = StrictInt | float | str


class Metric(_Model):
    """A number that tells whether a stage works; ``better`` says which way is good."""

    id: Id | None = Field(None, description="Unique within the journey; goals refer to it")
    name: Text = Field(description="What is measured")
    value: MetricValue | None = Field(
        None, description="Current value: a number, or one with a unit ('2 h', '35%', '3.80 EUR')"
    )
    target: MetricValue | None = Field(
        None, description="Value to reach, in the same unit as the value"
    )
    unit: Unit | None = Field(None, description="count, percent, currency, score, seconds or text")
    better: Better = Field(
        Better.HIGHER, description="Which way is good: higher (default) or lower"
    )
    source: Text | None = Field(None, description="Where the number comes from")


class Stage(_Model):
    """A phase of the journey, in customer order."""

    id: Id | None = Field(None, description="Unique within the journey")
    name: Text = Field(description="Stage name, e.g. Consideration")
    phase: Phase | None = Field(None, description="pre-purchase, purchase or post-purchase")
    description: Text | None = Field(None, description="What happens in this stage")
    steps: tuple[Step, ...] = Field(
        default_factory=tuple, description="What the customer does, in order"
    )
    metrics: tuple[Metric, ...] = Field(
        default_factory=tuple, description="How this stage is measured"
    )


class Goal(_Model):
    """What the map is for, measurable and dated."""

    id: Id | None = Field(None, description="Unique within the journey")
    description: Text = Field(description="What the map is for")
    metric: Reference | None = Field(
        None, description="Id of a metric of this journey that measures the goal"
    )
    due: datetime.date | None = Field(None, description="Date to reach it, YYYY-MM-DD")


class TouchpointFields(_Model):
    """A place where the customer meets the brand (inline in a journey, without ``kind``)."""

    id: Id = Field(description="Lower-case id; steps refer to it")
    name: Text = Field(description="Display name")
    channel: Text | None = Field(
        None,
        description="web, mobile-app, email, push, sms, social, chat, in-store, event, print...",
    )
    mode: Mode = Field(description="online or offline")
    operator: Operator = Field(description="Who runs it: human, automated or hybrid")
    owner: Text | None = Field(None, description="Team that owns it")
    tactic: Text | None = Field(None, description="Marketing tactic behind it")
    description: Text | None = Field(None, description="What the customer meets there")


class _Document(_Model):
    """Fields every cjm document starts with."""

    cjm: Literal[1] = Field(description="Format version")
    id: Id


class PersonaDocument(_Document):
    """Someone a journey follows: who they are, what they want, what gets in the way."""

    kind: Literal["persona"] = Field(description="The kind of document")
    name: Text = Field(description="The persona's name")
    summary: Text | None = Field(None, description="One line about who they are")
    segment: Reference | None = Field(None, description="Id of the segment the persona represents")
    demographics: dict[str, StrictInt | float | str] = Field(
        default_factory=dict,
        description="Free mapping of text or number values (age, location, household...)",
    )
    goals: TextList = Field(default_factory=tuple, description="What they want to achieve")
    needs: TextList = Field(default_factory=tuple, description="What they need from the brand")
    pains: TextList = Field(default_factory=tuple, description="What frustrates them")
    motivations: TextList = Field(default_factory=tuple, description="What drives their decisions")
    channels: TextList = Field(default_factory=tuple, description="Channels they prefer")
    quote: Text | None = Field(None, description="Something they would say")


class SegmentDocument(_Document):
    """A group of customers that personas and journeys belong to."""

    kind: Literal["segment"] = Field(description="The kind of document")
    name: Text = Field(description="Segment name")
    description: Text | None = Field(None, description="Who belongs to it")
    share: Annotated[float, Field(ge=0, le=1)] | None = Field(
        None, description="Share of the customer base, 0 to 1"
    )


class TouchpointDocument(TouchpointFields):
    """A place where the customer meets the brand, shared by every journey."""

    cjm: Literal[1] = Field(description="Format version")
    kind: Literal["touchpoint"] = Field(description="The kind of document")


#: A journey's page is ``<id>.html`` beside the site's ``index.html``.
RESERVED_JOURNEY_IDS = frozenset({"index"})  # the JSON schema's "not" repeats it


class JourneyDocument(_Document):
    """A persona's way through stages and steps, with what the map is for."""

    kind: Literal["journey"] = Field(description="The kind of document")
    id: Id = Field(
        description="Lower-case id, unique among journeys; not 'index' (the site's index page)",
        json_schema_extra={"not": {"const": "index"}},
    )
    title: Text = Field(description="Journey title")
    persona: Reference = Field(description="Id of the persona who travels this journey")
    segment: Reference | None = Field(None, description="Id of the segment")
    scenario: Text | None = Field(None, description="The situation the journey follows")
    state: JourneyState = Field(JourneyState.CURRENT, description="current (default) or ideal")
    baseline: Reference | None = Field(None, description="Id of the journey this one improves on")
    owner: Text | None = Field(None, description="Team that owns the map")
    tags: TextList = Field(default_factory=tuple, description="Free tags")
    goals: tuple[Goal, ...] = Field(
        default_factory=tuple, description="What the map is for: measurable and dated"
    )
    touchpoints: tuple[TouchpointFields, ...] = Field(
        default_factory=tuple, description="Touchpoints visible to this journey only"
    )
    stages: Annotated[tuple[Stage, ...], Field(min_length=1)] = Field(
        description="Stages in customer order; at least one"
    )

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value in RESERVED_JOURNEY_IDS:
            raise ValueError(
                f"journey id '{value}' is reserved: `cjm render` writes the site's "
                f"{value}.html, which this journey's page would overwrite"
            )
        return value

    def metric_of(self, goal: Goal) -> Metric | None:
        """The metric of this journey that measures ``goal``, in whichever stage it is;
        none when the goal names no metric or one this journey lacks (CJM208 and CJM104
        report those). The page, the report, the roll-ups and CJM216 all ask here, so
        they never disagree about a goal. Metric ids are unique within a journey (CJM103);
        should one repeat anyway, the last wins, as a lookup table built in stage order
        would have it."""
        if goal.metric is None:
            return None
        found = None
        for stage in self.stages:
            for metric in stage.metrics:
                if metric.id == goal.metric:
                    found = metric
        return found


#: Models that may also be written as their text alone (they then hold no ids).
SHORTHAND_MODELS: frozenset[type[BaseModel]] = frozenset({PainPoint, Opportunity})

CjmDocument = PersonaDocument | SegmentDocument | TouchpointDocument | JourneyDocument


@dataclass(frozen=True, slots=True)
class KindInfo:
    """One kind of document, as every part of cjm names it.

    The one list of kinds (:data:`DOCUMENT_KINDS`): validation, the schema, the outline,
    the workspace's accessors, diff and the format page all read it, so a new kind is
    its model and its row here, not an edit in each of them.
    """

    model: type[CjmDocument]
    plural: str  # the Workspace attribute holding them by id: ``workspace.personas``
    noun: str  # how a message names one: "a persona"

    @property
    def kind(self) -> str:
        """The ``kind:`` value, read from the model's ``Literal`` so it is written once."""
        (kind,) = get_args(self.model.model_fields["kind"].annotation)
        return str(kind)


#: Every kind of document, in the order messages, the schema and reports list them (the
#: format page has a section for each, in this order, with the kind as its heading).
DOCUMENT_KINDS: tuple[KindInfo, ...] = (
    KindInfo(PersonaDocument, "personas", "a persona"),
    KindInfo(SegmentDocument, "segments", "a segment"),
    KindInfo(TouchpointDocument, "touchpoints", "a touchpoint"),
    KindInfo(JourneyDocument, "journeys", "a journey"),
)
DOCUMENT_MODELS: dict[str, type[CjmDocument]] = {info.kind: info.model for info in DOCUMENT_KINDS}
KINDS = tuple(DOCUMENT_MODELS)


class LintConfig(_Model):
    """Which lint rules run, and how severe their findings are."""

    ignore: tuple[str, ...] = Field(
        default_factory=tuple,
        description="Rules switched off: codes, names or code prefixes",
        examples=[["CJM209"]],
    )
    select: tuple[str, ...] = Field(
        default_factory=tuple,
        description="The only rules to run (codes, names or code prefixes); empty: every rule",
        examples=[["CJM20"]],
    )
    severity: dict[str, Literal["error", "warning", "info"]] = Field(
        default_factory=dict,
        description="Severity by rule (code, name or code prefix): error, warning or info",
    )


class WorkspaceConfig(_Model):
    """``cjm.yaml``: workspace name, excluded globs, lint settings."""

    cjm: Literal[1] = Field(description="Format version")
    name: Text | None = Field(None, description="The workspace's name, the rendered site's title")
    exclude: tuple[str, ...] = Field(
        default_factory=tuple,
        description="Files and folders to skip, as .gitignore lines (`build/**`, `drafts/`)",
    )
    lint: LintConfig = Field(default_factory=LintConfig, description="Settings of `cjm lint`")


# ---------------------------------------------------------------------------------------
# Which field refers to which kind of object: the one table validation (CJM104), lint
# ("used by") and any later feature (diff following a rename, an editor's rename) read.

#: In a reference pattern: every item of a list.
ANY = -1


class Scope(enum.Enum):
    """Where the object a reference names must be defined."""

    WORKSPACE = "workspace"  # a document of the workspace (persona, segment, journey)
    VISIBLE = "visible"  # a shared touchpoint, or an inline one of the same journey
    JOURNEY = "journey"  # an object of the same journey (a goal's metric)
    BASELINE = "baseline"  # an object of the journey named by ``baseline``


@dataclass(frozen=True, slots=True)
class ReferenceField:
    """A field that names another object by id."""

    source: str  # the kind of document that holds the field
    pattern: tuple[str | int, ...]  # keys from the document root; ANY for each list item
    target: str  # the kind of object named
    scope: Scope
    noun: str  # how a message names the target
    many: bool = False  # one id or a list of ids


REFERENCES: tuple[ReferenceField, ...] = (
    ReferenceField("persona", ("segment",), "segment", Scope.WORKSPACE, "segment"),
    ReferenceField("journey", ("persona",), "persona", Scope.WORKSPACE, "persona"),
    ReferenceField("journey", ("segment",), "segment", Scope.WORKSPACE, "segment"),
    ReferenceField("journey", ("baseline",), "journey", Scope.WORKSPACE, "baseline journey"),
    ReferenceField(
        "journey",
        ("stages", ANY, "steps", ANY, "touchpoint"),
        "touchpoint",
        Scope.VISIBLE,
        "touchpoint",
        many=True,
    ),
    ReferenceField("journey", ("goals", ANY, "metric"), "metric", Scope.JOURNEY, "metric"),
    ReferenceField(
        "journey",
        ("stages", ANY, "steps", ANY, "baseline_step"),
        "step",
        Scope.BASELINE,
        "baseline step",
        many=True,
    ),
)


@dataclass(frozen=True, slots=True)
class Definition:
    """Where a journey defines ids of one type, unique within the journey (CJM103)."""

    pattern: tuple[str | int, ...]
    target: str  # the object type, as references name it
    noun: str  # how a message names it


DEFINITIONS: tuple[Definition, ...] = (
    Definition(("goals", ANY, "id"), "goal", "goal"),
    Definition(("touchpoints", ANY, "id"), "touchpoint", "inline touchpoint"),
    Definition(("stages", ANY, "id"), "stage", "stage"),
    Definition(("stages", ANY, "metrics", ANY, "id"), "metric", "metric"),
    Definition(("stages", ANY, "steps", ANY, "id"), "step", "step"),
    Definition(
        ("stages", ANY, "steps", ANY, "opportunities", ANY, "id"), "opportunity", "opportunity"
    ),
)
