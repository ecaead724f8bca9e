"""The journey model: personas, segments, touchpoints and journeys, per FORMAT.md.

Models forbid unknown fields (a typo is an error, not silently ignored) and are frozen.
Shorthands the format allows (a pain point as plain text, one touchpoint id instead of a
list) are normalised here to one shape, so every command after validation sees one
shape only. Text fields accept numbers (``name: 2024``) as FORMAT.md asks.

This module imports nothing of cjm.
"""

from __future__ import annotations

import datetime
import enum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    WithJsonSchema,
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
TextList = list[Text]


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

    text: Text

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

    severity: Level | None = None


class Opportunity(_TextOrObject):
    """An idea that removes a pain or adds delight; text, or an object with planning data."""

    id: Id | None = None
    impact: Level | None = None
    effort: Level | None = None
    status: OpportunityStatus | None = None
    owner: Text | None = None


def _one_or_many(value: Any) -> Any:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return [value]
    return value


TouchpointRefs = Annotated[
    list[Reference],
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

    id: Id | None = None
    action: Text
    touchpoint: TouchpointRefs = Field(default_factory=list)
    emotion: Annotated[StrictInt, Field(ge=-2, le=2)] | None = None
    feeling: Text | None = None
    thoughts: TextList = Field(default_factory=list)
    pain_points: list[PainPoint] = Field(default_factory=list)
    opportunities: list[Opportunity] = Field(default_factory=list)
    evidence: TextList = Field(default_factory=list)
    backstage: TextList = Field(default_factory=list)


MetricValue = StrictInt | float | str


class Metric(_Model):
    """A number that tells whether a stage works; ``better`` says which way is good."""

    id: Id | None = None
    name: Text
    value: MetricValue | None = None
    target: MetricValue | None = None
    unit: Unit | None = None
    better: Better = Better.HIGHER
    source: Text | None = None


class Stage(_Model):
    """A phase of the journey, in customer order."""

    id: Id | None = None
    name: Text
    phase: Phase | None = None
    description: Text | None = None
    steps: list[Step] = Field(default_factory=list)
    metrics: list[Metric] = Field(default_factory=list)


class Goal(_Model):
    """What the map is for, measurable and dated."""

    id: Id | None = None
    description: Text
    metric: Reference | None = None
    due: datetime.date | None = None


class TouchpointFields(_Model):
    """A place where the customer meets the brand (inline in a journey, without ``kind``)."""

    id: Id
    name: Text
    channel: Text | None = None
    mode: Mode
    operator: Operator
    owner: Text | None = None
    tactic: Text | None = None
    description: Text | None = None


class _Document(_Model):
    """Fields every cjm document starts with."""

    KIND: ClassVar[str]
    cjm: Literal[1] = Field(description="Format version")
    id: Id


class PersonaDocument(_Document):
    KIND: ClassVar[str] = "persona"
    kind: Literal["persona"]
    name: Text
    summary: Text | None = None
    segment: Reference | None = None
    demographics: dict[str, StrictInt | float | str] = Field(default_factory=dict)
    goals: TextList = Field(default_factory=list)
    needs: TextList = Field(default_factory=list)
    pains: TextList = Field(default_factory=list)
    motivations: TextList = Field(default_factory=list)
    channels: TextList = Field(default_factory=list)
    quote: Text | None = None


class SegmentDocument(_Document):
    KIND: ClassVar[str] = "segment"
    kind: Literal["segment"]
    name: Text
    description: Text | None = None
    share: Annotated[float, Field(ge=0, le=1)] | None = None


class TouchpointDocument(TouchpointFields):
    KIND: ClassVar[str] = "touchpoint"
    cjm: Literal[1] = Field(description="Format version")
    kind: Literal["touchpoint"]


class JourneyDocument(_Document):
    KIND: ClassVar[str] = "journey"
    kind: Literal["journey"]
    title: Text
    persona: Reference
    segment: Reference | None = None
    scenario: Text | None = None
    state: JourneyState = JourneyState.CURRENT
    baseline: Reference | None = None
    owner: Text | None = None
    tags: TextList = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
    touchpoints: list[TouchpointFields] = Field(default_factory=list)
    stages: Annotated[list[Stage], Field(min_length=1)]


CjmDocument = PersonaDocument | SegmentDocument | TouchpointDocument | JourneyDocument

DOCUMENT_MODELS: dict[str, type[CjmDocument]] = {
    "persona": PersonaDocument,
    "segment": SegmentDocument,
    "touchpoint": TouchpointDocument,
    "journey": JourneyDocument,
}
KINDS = tuple(DOCUMENT_MODELS)


class LintConfig(_Model):
    ignore: list[str] = Field(default_factory=list)
    select: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)


class WorkspaceConfig(_Model):
    """``cjm.yaml``: workspace name, excluded globs, lint settings."""

    cjm: Literal[1] = Field(description="Format version")
    name: Text | None = None
    exclude: list[str] = Field(default_factory=list)
    lint: LintConfig = Field(default_factory=LintConfig)
