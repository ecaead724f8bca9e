"""Generate a deterministic cjm workspace for benchmarks.

Usage: ``generate.py OUT_DIR [--journeys N] [--seed S] [--force]``

The corpus has to be large and realistic enough that timing `cjm validate` on it says
something about real use: every field of docs/format.md appears, with varied English text,
so each journey file is about 27 KB (48 steps). Randomness comes from `random.Random`
seeded per document from ``(seed, document)``, so journey 17 is the same bytes whether
100 or 1,000 journeys are generated, and the output never depends on the clock,
``PYTHONHASHSEED`` or the libyaml version: the YAML text is written here, not by a
dumper, which also lets it look hand-written (flow lists for tags, a header comment).

Every file is read back and checked against docs/format.md's rules (``--no-check`` skips
that), because a benchmark on invalid input measures the error path, not validation.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFAULT_JOURNEYS = 1000
DEFAULT_SEED = 42
STAGES_PER_JOURNEY = 6
STEPS_PER_STAGE = 8
CONTENT_FOLDERS = ("personas", "segments", "touchpoints", "journeys")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
PHASE_ORDER = ("pre-purchase", "purchase", "post-purchase")
# How many pain points and opportunities a step has, drawn uniformly from these.
PAIN_COUNTS = (0, 0, 0, 0, 1, 1, 1)
OPPORTUNITY_COUNTS = (0, 0, 0, 1, 1)

Document = dict[str, Any]

# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Domain:
    """One business the journeys can be about; its nouns make the steps read as one story."""

    key: str
    brand: str
    product: str
    nouns: tuple[str, ...]
    tags: tuple[str, ...]


DOMAINS: tuple[Domain, ...] = (
    Domain(
        "mall-loyalty",
        "Galeria Północna",
        "Buy and Have loyalty app",
        (
            "loyalty app",
            "receipt scan",
            "reward catalogue",
            "gift voucher",
            "parking discount",
            "points balance",
            "partner store list",
            "welcome bonus",
        ),
        ("loyalty", "app", "retail", "mall"),
    ),
    Domain(
        "smm-course",
        "SMM Academy",
        "online social media marketing course",
        (
            "free webinar",
            "course landing page",
            "payment plan",
            "lesson video",
            "homework assignment",
            "certificate",
            "student community",
            "bonus checklist",
        ),
        ("education", "webinar", "funnel", "online"),
    ),
    Domain(
        "clinic",
        "MediCare Clinic",
        "outpatient clinic",
        (
            "appointment slot",
            "referral",
            "lab results",
            "patient portal",
            "prescription",
            "follow-up visit",
            "reception desk queue",
            "consent form",
        ),
        ("health", "patients", "appointments", "clinic"),
    ),
    Domain(
        "fashion-shop",
        "Moda Store",
        "fashion e-shop",
        (
            "spring jacket",
            "size guide",
            "return label",
            "wish list",
            "delivery slot",
            "discount code",
            "parcel locker",
            "order confirmation",
        ),
        ("e-commerce", "fashion", "returns", "delivery"),
    ),
    Domain(
        "bank-account",
        "Nordbank",
        "personal current account",
        (
            "current account",
            "identity check",
            "debit card",
            "mobile banking app",
            "overdraft offer",
            "savings goal",
            "card activation",
            "transfer limit",
        ),
        ("banking", "onboarding", "kyc", "mobile"),
    ),
    Domain(
        "telecom",
        "Fala Mobile",
        "SIM-only mobile plan",
        (
            "SIM-only plan",
            "number transfer",
            "roaming pack",
            "monthly invoice",
            "fibre installation",
            "router",
            "data top-up",
            "contract renewal",
        ),
        ("telecom", "subscription", "billing", "churn"),
    ),
    Domain(
        "hotel",
        "Hotel Bryza",
        "seaside hotel stay",
        (
            "room booking",
            "early check-in",
            "spa voucher",
            "breakfast option",
            "late checkout",
            "company invoice",
            "parking space",
            "room upgrade",
        ),
        ("hospitality", "booking", "travel", "stay"),
    ),
    Domain(
        "grocery",
        "Koszyk Express",
        "grocery delivery service",
        (
            "weekly basket",
            "delivery window",
            "substitution",
            "fresh produce",
            "promo code",
            "recurring order",
            "eco bag deposit",
            "missing item refund",
        ),
        ("grocery", "delivery", "subscription", "e-commerce"),
    ),
)

PERSONAS: tuple[Document, ...] = (
    {
        "id": "ania",
        "name": "Ania",
        "segment": "urban-professionals",
        "summary": "Office worker who shops after work",
        "demographics": {
            "age": 30,
            "location": "Warsaw",
            "household": "In a stable relationship, no children, a small dog",
        },
        "goals": ["Find her favourite brands in one place", "Get something back for purchases"],
        "needs": ["Quick shopping after work", "Clear rules for rewards"],
        "pains": ["Discount codes that do not open", "Yet another app on her phone"],
        "motivations": ["Rewards for purchases she makes anyway"],
        "channels": ["mobile-app", "email", "social"],
        "quote": "If I buy there anyway, I want something back.",
    },
    {
        "id": "marek",
        "name": "Marek",
        "segment": "urban-professionals",
        "summary": "Freelance marketer who wants to grow his clients' social media",
        "demographics": {"age": 27, "location": "Kraków", "income": "Irregular, project based"},
        "goals": ["Learn paid social advertising", "Land two more retainer clients"],
        "needs": ["Practical lessons he can apply the same week", "Flexible payment"],
        "pains": ["Courses full of theory", "Webinars that end in a hard sell"],
        "motivations": ["A certificate to show clients", "A community of peers"],
        "channels": ["social", "webinar", "email"],
        "quote": "Show me it works before I pay for it.",
    },
    {
        "id": "zofia",
        "name": "Zofia",
        "segment": "periodic-checkup",
        "summary": "Retired teacher who comes for a yearly examination",
        "demographics": {"age": 67, "location": "Gdańsk", "household": "Lives alone"},
        "goals": ["Keep her blood pressure under control", "See the same doctor every year"],
        "needs": ["Phone booking with a person", "Large print on forms"],
        "pains": ["Long queues at reception", "Results only available online"],
        "motivations": ["Staying independent"],
        "channels": ["phone", "in-person", "sms"],
        "quote": "I would rather talk to someone than press buttons.",
    },
    {
        "id": "tomasz",
        "name": "Tomasz",
        "segment": "periodic-checkup",
        "summary": "Busy father of two who books check-ups for the whole family",
        "demographics": {"age": 41, "location": "Poznań", "children": 2},
        "goals": ["Book four appointments in one go", "Keep the family's records together"],
        "needs": ["Evening and weekend slots", "Reminders the day before"],
        "pains": ["Separate accounts for every family member", "Referrals on paper"],
        "motivations": ["Not taking a day off work"],
        "channels": ["mobile-app", "sms", "email"],
        "quote": "If it takes more than five minutes, I postpone it.",
    },
    {
        "id": "olena",
        "name": "Olena",
        "segment": "urban-professionals",
        "summary": "Designer who moved to the city and sets up everything online",
        "demographics": {
            "age": 34,
            "location": "Wrocław",
            "languages": "Ukrainian, English, Polish",
        },
        "goals": ["Open an account without visiting a branch", "Find a plan with cheap roaming"],
        "needs": ["English-language support", "Transparent fees"],
        "pains": ["Identity checks that reject foreign documents", "Hidden costs"],
        "motivations": ["Independence", "Doing things from her phone"],
        "channels": ["mobile-app", "chat", "social"],
        "quote": "Just tell me the real price up front.",
    },
)

SEGMENTS: tuple[Document, ...] = (
    {
        "id": "urban-professionals",
        "name": "Urban professionals",
        "description": "Working adults in large cities who shop and book on the go",
        "share": 0.45,
    },
    {
        "id": "periodic-checkup",
        "name": "Periodic check-up",
        "description": "Patients and customers who come back on a yearly rhythm",
        "share": 0.35,
    },
)

# (id, name, channel, mode, operator, owner, tactic, description)
TOUCHPOINTS: tuple[tuple[str, ...], ...] = (
    (
        "metro-billboard",
        "Metro billboard",
        "out-of-home",
        "offline",
        "automated",
        "marketing",
        "Geo-targeted outdoor advertising",
        "Large-format poster at the metro entrance",
    ),
    (
        "entrance-screen",
        "Entrance multimedia screen",
        "in-store",
        "offline",
        "automated",
        "marketing",
        "Digital signage",
        "Looping video at the main entrance",
    ),
    (
        "hostess-leaflet",
        "Leaflet from a hostess",
        "event",
        "offline",
        "human",
        "marketing",
        "Field promotion",
        "Hostesses hand out leaflets at peak hours",
    ),
    (
        "landing-page",
        "Programme landing page",
        "web",
        "online",
        "automated",
        "digital",
        "Search and social traffic landing",
        "Single page explaining the offer with an app link",
    ),
    (
        "mobile-app",
        "Mobile app",
        "mobile-app",
        "online",
        "automated",
        "product",
        "Self-service",
        "The customer app for iOS and Android",
    ),
    (
        "push-notification",
        "Push notification",
        "push",
        "online",
        "automated",
        "crm",
        "Behavioural triggers",
        "Short message sent by the app",
    ),
    (
        "newsletter",
        "Weekly newsletter",
        "email",
        "online",
        "automated",
        "crm",
        "Segmented email campaign",
        "Email with offers and reminders",
    ),
    (
        "sms-reminder",
        "SMS reminder",
        "sms",
        "online",
        "automated",
        "operations",
        "Transactional messaging",
        "Text message the day before an appointment or delivery",
    ),
    (
        "social-video-ad",
        "Social video ad",
        "social",
        "online",
        "automated",
        "marketing",
        "Video display advertising, mobile half-page",
        "Short video with partner brand logos",
    ),
    (
        "search-ad",
        "Search ad",
        "web",
        "online",
        "automated",
        "marketing",
        "Paid search on brand and generic terms",
        "Text ad shown above organic results",
    ),
    (
        "chatbot",
        "Website chatbot",
        "chat",
        "online",
        "automated",
        "customer-service",
        "Deflection of simple questions",
        "Scripted bot answering common questions",
    ),
    (
        "live-chat",
        "Live chat with an agent",
        "chat",
        "online",
        "hybrid",
        "customer-service",
        "Bot triage, human answer",
        "Chat that hands over from the bot to a person",
    ),
    (
        "call-center",
        "Call centre",
        "call-center",
        "offline",
        "human",
        "customer-service",
        "Inbound phone support",
        "Phone line staffed on weekdays 8-20",
    ),
    (
        "store-staff",
        "Store staff",
        "in-store",
        "offline",
        "human",
        "store-operations",
        "Assisted selling",
        "Sales assistants on the shop floor",
    ),
    (
        "reception-desk",
        "Reception desk",
        "in-store",
        "offline",
        "human",
        "operations",
        "Front desk service",
        "Desk where visitors register and pay",
    ),
    (
        "self-service-kiosk",
        "Self-service kiosk",
        "in-store",
        "offline",
        "automated",
        "operations",
        "Queue reduction",
        "Touch screen kiosk for check-in and receipts",
    ),
    (
        "webinar",
        "Live webinar",
        "event",
        "online",
        "hybrid",
        "marketing",
        "Educational content with an offer at the end",
        "One-hour session with live questions",
    ),
    (
        "customer-portal",
        "Customer portal",
        "web",
        "online",
        "automated",
        "product",
        "Self-service account management",
        "Web account with history, invoices and settings",
    ),
    (
        "courier",
        "Courier delivery",
        "delivery",
        "offline",
        "human",
        "logistics",
        "Last-mile delivery",
        "Courier hands over the parcel or basket",
    ),
    (
        "review-site",
        "Review site",
        "web",
        "online",
        "automated",
        "marketing",
        "Reputation management",
        "Third-party site where customers rate the brand",
    ),
    (
        "printed-brochure",
        "Printed brochure",
        "print",
        "offline",
        "automated",
        "marketing",
        "Print collateral",
        "Brochure available at the counter and in mailboxes",
    ),
)

STAGE_NAMES: dict[str, tuple[str, ...]] = {
    "pre-purchase": (
        "Sensitization",
        "Awareness",
        "Discovery",
        "Consideration",
        "Research",
        "Comparison",
        "Evaluation",
        "Inspiration",
    ),
    "purchase": (
        "Decision",
        "Purchase",
        "Checkout",
        "Sign-up",
        "Booking",
        "Payment",
        "Registration",
        "Order",
    ),
    "post-purchase": (
        "Delivery",
        "First use",
        "Support",
        "Loyalty",
        "Advocacy",
        "Renewal",
        "Repeat purchase",
        "Feedback",
        "Onboarding",
        "Retention",
    ),
}
PHASE_LAYOUTS: tuple[tuple[str, ...], ...] = (
    ("pre-purchase", "pre-purchase", "purchase", "purchase", "post-purchase", "post-purchase"),
    ("pre-purchase", "pre-purchase", "pre-purchase", "purchase", "post-purchase", "post-purchase"),
    ("pre-purchase", "purchase", "purchase", "post-purchase", "post-purchase", "post-purchase"),
)
STAGE_DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "pre-purchase": (
        "{p} first hears of the {n}",
        "{p} looks for information about the {n}",
        "{p} compares the {n} with other offers",
        "{p} asks friends whether the {n} is worth it",
    ),
    "purchase": (
        "{p} decides and commits to the {n}",
        "{p} pays for the {n}",
        "{p} creates an account to get the {n}",
        "{p} books the {n}",
    ),
    "post-purchase": (
        "{p} uses the {n} for the first time",
        "{p} comes back for the {n}",
        "{p} needs help with the {n}",
        "{p} recommends the {n} to others",
    ),
}

VERBS = (
    "Sees an ad for",
    "Searches online for",
    "Compares prices of",
    "Reads reviews of",
    "Asks a friend about",
    "Watches a short video about",
    "Signs up for",
    "Opens",
    "Scans the code for",
    "Fills in the form for",
    "Pays for",
    "Receives",
    "Calls about",
    "Chats with support about",
    "Downloads",
    "Shares a link to",
    "Returns",
    "Rates",
    "Bookmarks",
    "Checks the status of",
    "Redeems",
    "Cancels",
    "Renews",
    "Upgrades",
    "Subscribes to",
    "Clicks through to",
    "Asks staff about",
    "Tries out",
    "Configures",
    "Saves for later",
    "Gets a reminder about",
    "Looks for the price of",
)
CONTEXTS = (
    "on the way to work",
    "during a lunch break",
    "late in the evening",
    "at the weekend",
    "while waiting in a queue",
    "on a phone with a cracked screen",
    "after a reminder email",
    "with a colleague's recommendation in mind",
    "between two meetings",
    "while the children are asleep",
    "on the metro platform",
    "at the entrance to the mall",
    "from the sofa after dinner",
    "on a slow hotel wi-fi",
    "right after payday",
    "before a long weekend",
    "while standing at the counter",
    "on a laptop at the office",
)
FEELINGS: dict[int, tuple[str, ...]] = {
    -2: ("Furious", "Desperate", "Helpless", "Betrayed"),
    -1: ("Annoyed", "Confused", "Impatient", "Worried", "Sceptical"),
    0: ("Neutral", "Indifferent", "Cautious", "Focused", "Undecided"),
    1: ("Curious", "Hopeful", "Satisfied", "Relieved", "Interested"),
    2: ("Delighted", "Excited", "Proud", "Grateful", "Enthusiastic"),
}
THOUGHTS = (
    "Is the {n} really worth it?",
    "I hope this won't take long.",
    "Why is the {n} so complicated?",
    "My friend said the {n} was great.",
    "I don't want yet another account.",
    "Will I get the {n} before the weekend?",
    "This looks cheaper than last time.",
    "Can I trust {b} with my data?",
    "I'll come back to the {n} later.",
    "Finally, something that just works.",
    "Where do I find the {n} again?",
    "I should tell my sister about the {n}.",
    "Another app?",
    "Do they have my size in the shop?",
    "What happens if I change my mind?",
    "Why do they need my phone number for the {n}?",
    "That was easier than I expected.",
    "I have no time for this today.",
    "Nobody told me about the {n}.",
)
PAINS = (
    "The {n} is hard to find on the first screen",
    "Extra costs for the {n} appear only at the last step",
    "Had to type the same data twice for the {n}",
    "No confirmation that the {n} went through",
    "The {n} page loads slowly on mobile data",
    "Staff could not answer questions about the {n}",
    "The {n} is described differently on the website and in the app",
    "Waited {k} minutes on hold to ask about the {n}",
    "The terms of the {n} are written in legal language",
    "The discount code does not apply to the {n}",
    "Too many notifications about the {n}",
    "Cannot change the {n} after paying",
    "The reminder about the {n} arrived after the deadline",
    "Needed a password reset before seeing the {n}",
    "Opening hours for help with the {n} are not listed online",
    "The {n} form rejects names with diacritics",
    "Nobody called back about the {n} as promised",
    "The {n} ran out before the promotion ended",
)
OPPORTUNITIES = (
    "Show the {n} on the first screen of the app",
    "Send a reminder about the {n} two days in advance",
    "Let customers save the {n} and finish later",
    "Train front-line staff to explain the {n} in one minute",
    "Prefill the {n} form from the customer profile",
    "Offer a chat shortcut right next to the {n}",
    "Publish the full price of the {n} up front",
    "Add a progress bar to the {n} flow",
    "Test a shorter description of the {n} with real customers",
    "Reward the first {n} with bonus points",
    "Replace the PDF about the {n} with a mobile-friendly page",
    "Offer same-day slots for the {n}",
    "Use one message about the {n} across web, app and store",
    "Let the customer pick a channel for news about the {n}",
    "Call back within an hour when the {n} fails",
    "Show the first reward for the {n} on the poster",
)
EVIDENCE_METHODS = (
    "Street intercept survey",
    "Online survey",
    "Usability test",
    "Diary study",
    "In-depth interviews",
    "Mystery shopping visit",
    "Call-centre transcript review",
    "Web analytics funnel report",
    "App store review analysis",
    "NPS verbatims",
    "Session recordings and heatmaps",
    "Social listening report",
    "Support ticket tagging",
    "Focus group",
    "Point-of-sale data extract",
)
BACKSTAGE_TEAMS = (
    "CRM team",
    "Marketing automation",
    "Store operations",
    "Customer service",
    "Data engineering",
    "The payment provider",
    "Warehouse staff",
    "Content team",
    "IT on-call",
    "The partner agency",
    "Finance",
    "Reception staff",
)
BACKSTAGE_ACTIONS = (
    "updates",
    "schedules",
    "approves",
    "monitors",
    "syncs",
    "prints",
    "reconciles",
    "moderates reviews of",
    "segments customers for",
    "tags tickets about",
    "prices",
    "restocks",
    "checks fraud rules for",
)
BACKSTAGE_SYSTEMS = (
    "in the CRM",
    "in the ad server",
    "in the ERP",
    "in the ticketing tool",
    "in the data warehouse",
    "in the CMS",
    "in the booking engine",
    "overnight",
    "every Monday",
    "by hand",
)
TEAMS = (
    "marketing",
    "crm",
    "product",
    "customer-service",
    "operations",
    "digital",
    "store-operations",
    "logistics",
    "finance",
    "ux-research",
)
OWNERS = (
    "Kasia Nowak",
    "Piotr Wiśniewski",
    "Ewa Kowalczyk",
    "Jan Zieliński",
    "Maria Lewandowska",
    "Adam Wójcik",
    "ux-research",
    "crm",
    "product",
)
EXTRA_TAGS = (
    "current-state",
    "2025-review",
    "quick-wins",
    "research",
    "omnichannel",
    "retention",
    "acquisition",
    "pilot",
)
OUTCOMES = ("becomes a regular", "gives up halfway", "buys once", "recommends it to friends")
LEVELS = ("low", "medium", "high")
STATUSES = ("idea", "planned", "in-progress", "done")
SOURCES = (
    "Google Analytics 4",
    "CRM dashboard",
    "App store console",
    "Call-centre reports",
    "Survey tool",
    "Point-of-sale data warehouse",
    "Booking engine export",
    "Finance monthly report",
)


@dataclass(frozen=True)
class MetricTemplate:
    """A metric shape: how it is named, measured and which way is good."""

    key: str
    name: str
    unit: str
    better: str


METRICS = (
    MetricTemplate("conversion", "Conversion rate at {s}", "percent", "higher"),
    MetricTemplate("drop-off", "Drop-off rate at {s}", "percent", "lower"),
    MetricTemplate("time-spent", "Median time to complete {s}", "seconds", "lower"),
    MetricTemplate("nps", "NPS after {s}", "score", "higher"),
    MetricTemplate("csat", "Customer satisfaction with {s}", "score", "higher"),
    MetricTemplate("cost", "Cost per customer at {s}", "currency", "lower"),
    MetricTemplate("volume", "Customers reaching {s} per month", "count", "higher"),
    MetricTemplate("contacts", "Support contacts during {s} per month", "count", "lower"),
)

# ----------------------------------------------------------------------------- helpers


def slugify(text: str, limit: int = 40) -> str:
    """Turn text into the id alphabet, cut at a word boundary so ids stay readable."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "x"


class IdPool:
    """Hands out ids unique within one journey, whatever kind of object asks."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def take(self, wanted: str) -> str:
        candidate, counter = wanted, 2
        while candidate in self._used:
            candidate = f"{wanted}-{counter}"
            counter += 1
        self._used.add(candidate)
        return candidate


def rng_for(seed: int, what: str) -> random.Random:
    """A generator per document, so one document does not depend on how many came before."""
    return random.Random(f"cjm-bench:{seed}:{what}")


def fill(template: str, rng: random.Random, domain: Domain, persona: str = "") -> str:
    """Fill a text template's slots from the domain; the first letter is capitalised."""
    text = template.format(
        n=rng.choice(domain.nouns), b=domain.brand, p=persona, k=rng.randint(5, 45)
    )
    return text[0].upper() + text[1:]


# --------------------------------------------------------------------------- documents


def make_persona(spec: Mapping[str, Any]) -> Document:
    """A persona document; `cjm` and `kind` first, as every cjm document starts."""
    return {"cjm": 1, "kind": "persona", **spec}


def make_segment(spec: Mapping[str, Any]) -> Document:
    """A segment document."""
    return {"cjm": 1, "kind": "segment", **spec}


def make_touchpoint(row: Sequence[str]) -> Document:
    """A shared touchpoint document from one row of the table above."""
    keys = ("id", "name", "channel", "mode", "operator", "owner", "tactic", "description")
    return {"cjm": 1, "kind": "touchpoint", **dict(zip(keys, row, strict=True))}


def _emotions(rng: random.Random, count: int) -> list[int]:
    """A random walk in -2..2: feelings drift, with the occasional sharp drop."""
    value, values = rng.randint(-1, 1), []
    for _ in range(count):
        value = max(-2, min(2, value + rng.choice((-2, -1, -1, 0, 0, 1, 1, 1))))
        values.append(value)
    return values


def _pain_point(rng: random.Random, domain: Domain) -> str | Document:
    text = fill(rng.choice(PAINS), rng, domain)
    if rng.random() < 0.6:
        return text
    return {"text": text, "severity": rng.choice(LEVELS)}


def _opportunity(rng: random.Random, domain: Domain, ids: IdPool) -> str | Document:
    text = fill(rng.choice(OPPORTUNITIES), rng, domain)
    if rng.random() < 0.65:
        return text
    return {
        "id": ids.take("opp-" + slugify(text, 28)),
        "text": text,
        "impact": rng.choice(LEVELS),
        "effort": rng.choice(LEVELS),
        "status": rng.choice(STATUSES),
        "owner": rng.choice(OWNERS),
    }


def _evidence(rng: random.Random) -> str:
    method = rng.choice(EVIDENCE_METHODS)
    if rng.random() < 0.5:
        return method
    return f"{method}, {rng.randint(2023, 2025)}-{rng.randint(1, 12):02d}, n={rng.randint(6, 900)}"


def _backstage(rng: random.Random, domain: Domain) -> str:
    team, action = rng.choice(BACKSTAGE_TEAMS), rng.choice(BACKSTAGE_ACTIONS)
    where = f" {rng.choice(BACKSTAGE_SYSTEMS)}" if rng.random() < 0.15 else ""
    return f"{team} {action} the {rng.choice(domain.nouns)}{where}"


def _touchpoint_ref(rng: random.Random) -> str | list[str]:
    ids = [row[0] for row in TOUCHPOINTS]
    if rng.random() < 0.85:
        return rng.choice(ids)
    return rng.sample(ids, 2)


def make_step(
    rng: random.Random, domain: Domain, ids: IdPool, emotion: int, dropped: bool
) -> Document:
    """One step; a sharp emotion drop always comes with a pain point that says why."""
    context = f" {rng.choice(CONTEXTS)}" if rng.random() < 0.4 else ""
    action = f"{rng.choice(VERBS)} the {rng.choice(domain.nouns)}{context}"
    pain_count = rng.choice(PAIN_COUNTS)
    if dropped:
        pain_count = max(pain_count, 1)
    thoughts = rng.sample(THOUGHTS, 2 if rng.random() < 0.1 else 1)
    return {
        "id": ids.take(slugify(action, 26)),
        "action": action,
        "touchpoint": _touchpoint_ref(rng),
        "emotion": emotion,
        "feeling": rng.choice(FEELINGS[emotion]),
        "thoughts": [fill(thought, rng, domain) for thought in thoughts],
        "pain_points": [_pain_point(rng, domain) for _ in range(pain_count)],
        "opportunities": [
            _opportunity(rng, domain, ids) for _ in range(rng.choice(OPPORTUNITY_COUNTS))
        ],
        "evidence": [_evidence(rng)],
        "backstage": [_backstage(rng, domain)],
    }


def _number(rng: random.Random, unit: str) -> int | float:
    if unit == "percent":
        return round(rng.uniform(2, 95), 1)
    if unit == "seconds":
        return rng.randint(20, 1800)
    if unit == "score":
        return rng.randint(-40, 80)
    if unit == "currency":
        return round(rng.uniform(1, 250), 2)
    return rng.randint(50, 20000)


def make_metric(
    rng: random.Random, template: MetricTemplate, stage: Document, ids: IdPool
) -> Document:
    """A stage metric whose target is better than its value in the metric's own direction."""
    value = _number(rng, template.unit)
    factor = rng.uniform(1.05, 1.5)
    target = value * factor if template.better == "higher" else value / factor
    if template.unit == "score":
        target = value + rng.randint(3, 20)
    target = round(target, 1) if isinstance(value, float) else round(target)
    return {
        "id": ids.take(f"{template.key}-{stage['id']}"),
        "name": template.name.format(s=stage["name"].lower()),
        "value": value,
        "target": target,
        "unit": template.unit,
        "better": template.better,
        "source": rng.choice(SOURCES),
    }


def make_stage(
    rng: random.Random, domain: Domain, persona: str, phase: str, name: str, ids: IdPool
) -> Document:
    """A stage of 8 steps and 2-3 metrics."""
    stage: Document = {
        "id": ids.take(slugify(name)),
        "name": name,
        "phase": phase,
        "description": fill(rng.choice(STAGE_DESCRIPTIONS[phase]), rng, domain, persona),
    }
    emotions = _emotions(rng, STEPS_PER_STAGE)
    previous = [None, *emotions[:-1]]
    stage["steps"] = [
        make_step(rng, domain, ids, emotion, before is not None and before - emotion >= 2)
        for emotion, before in zip(emotions, previous, strict=True)
    ]
    _answer_pains(rng, domain, stage["steps"], ids)
    stage["metrics"] = [
        make_metric(rng, template, stage, ids)
        for template in rng.sample(METRICS, rng.randint(2, 3))
    ]
    return stage


def _answer_pains(
    rng: random.Random, domain: Domain, steps: Sequence[Document], ids: IdPool
) -> None:
    """A stage with pain points gets an opportunity, so `cjm lint` stays quiet (CJM205)."""
    has_pain = any(step["pain_points"] for step in steps)
    if has_pain and not any(step["opportunities"] for step in steps):
        first_painful = next(step for step in steps if step["pain_points"])
        first_painful["opportunities"].append(_opportunity(rng, domain, ids))


def _stage_names(rng: random.Random, layout: Sequence[str]) -> list[str]:
    names: list[str] = []
    for phase in PHASE_ORDER:
        count = layout.count(phase)
        names.extend(rng.sample(STAGE_NAMES[phase], count))
    return names


def _lower_first(text: str) -> str:
    """Lower-case a leading word inside a sentence, but leave acronyms such as NPS alone."""
    first_word = text.split(" ", 1)[0]
    return text if first_word.isupper() else text[0].lower() + text[1:]


def make_goals(rng: random.Random, stages: Sequence[Document], ids: IdPool) -> list[Document]:
    """Goals point at metrics of this journey, so the reference check has work to do."""
    metrics = [metric for stage in stages for metric in stage["metrics"]]
    goals = []
    for metric in rng.sample(metrics, rng.randint(2, 3)):
        verb = "Raise" if metric["better"] == "higher" else "Bring down"
        due = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randint(0, 1000))
        goals.append(
            {
                "id": ids.take("goal-" + metric["id"]),
                "description": f"{verb} {_lower_first(metric['name'])} to {metric['target']}",
                "metric": metric["id"],
                "due": due.isoformat(),
            }
        )
    return goals


def journey_id(seed: int, index: int) -> str:
    """The id of journey ``index``; a function so `baseline` can name an earlier one."""
    return f"{rng_for(seed, f'journey-{index}').choice(DOMAINS).key}-{index:04d}"


def make_journey(seed: int, index: int) -> Document:
    """Journey number ``index`` (1-based): 6 stages x 8 steps about one domain."""
    rng = rng_for(seed, f"journey-{index}")
    domain = rng.choice(DOMAINS)
    persona = rng.choice(PERSONAS)
    ids = IdPool()
    layout = rng.choice(PHASE_LAYOUTS)
    stages = [
        make_stage(rng, domain, persona["name"], phase, name, ids)
        for phase, name in zip(layout, _stage_names(rng, layout), strict=True)
    ]
    journey: Document = {
        "cjm": 1,
        "kind": "journey",
        "id": journey_id(seed, index),
        "title": f"{stages[0]['name']} to {stages[-1]['name'].lower()} — {domain.brand} "
        f"{domain.product}",
        "persona": persona["id"],
        "segment": persona["segment"],
        "scenario": f"{persona['name']} discovers the {domain.product} "
        f"{rng.choice(CONTEXTS)} and {rng.choice(OUTCOMES)}",
    }
    if index > 1 and index % 10 == 0:
        journey["state"] = "ideal"
        journey["baseline"] = journey_id(seed, index - 1)
    journey["owner"] = rng.choice(TEAMS)
    journey["tags"] = [*rng.sample(domain.tags, 2), rng.choice(EXTRA_TAGS)]
    journey["goals"] = make_goals(rng, stages, ids)
    journey["stages"] = stages
    return journey


# ------------------------------------------------------------------------ YAML writing

_PLAIN_SAFE = re.compile(r"^[A-Za-z\u00c0-\u024f][^\x00-\x1f\"'#:\\]*$")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")
# Words some YAML version reads as a boolean or null: quoted so 1.1 and 1.2 agree.
_SPECIAL_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"])
# Short lists written `[a, b]` as the format's examples do; the rest as block lists.
FLOW_KEYS = frozenset({"tags", "channels", "touchpoint", "thoughts", "evidence", "backstage"})


def scalar(value: object, *, in_flow: bool = False) -> str:
    """One scalar as YAML text that means the same in YAML 1.1 and 1.2.

    Text goes plain only when it starts with a letter and holds nothing YAML gives a
    meaning to (`: `, ` #`, quotes); everything else is double-quoted the JSON way,
    which is valid YAML. Dates are therefore quoted strings, never timestamps.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        if not re.fullmatch(r"-?[0-9]+\.[0-9]+", text):
            raise ValueError(f"float {value!r} would not read the same in YAML 1.1 and 1.2")
        return text
    if not isinstance(value, str):
        raise TypeError(f"cannot write {type(value).__name__} as a YAML scalar")
    plain = (
        _PLAIN_SAFE.match(value) is not None
        and value == value.strip()
        and value.lower() not in _SPECIAL_WORDS
        and not (in_flow and _FLOW_UNSAFE.search(value))
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def _emit_value(key: str, value: object, indent: int, prefix: str, lines: list[str]) -> None:
    if isinstance(value, dict):
        if not value:
            lines.append(f"{prefix}{key}: {{}}")
            return
        lines.append(f"{prefix}{key}:")
        emit_mapping(value, indent + 2, lines)
    elif isinstance(value, list):
        if not value:
            lines.append(f"{prefix}{key}: []")
        elif key in FLOW_KEYS and not any(isinstance(item, dict | list) for item in value):
            lines.append(f"{prefix}{key}: [{', '.join(scalar(v, in_flow=True) for v in value)}]")
        else:
            lines.append(f"{prefix}{key}:")
            emit_sequence(value, indent + 2, lines)
    else:
        lines.append(f"{prefix}{key}: {scalar(value)}")


def emit_mapping(
    mapping: Mapping[str, object], indent: int, lines: list[str], first_prefix: str | None = None
) -> None:
    """Block mapping; ``first_prefix`` carries a sequence dash for the first key."""
    pad = " " * indent
    for position, (key, value) in enumerate(mapping.items()):
        prefix = first_prefix if position == 0 and first_prefix is not None else pad
        _emit_value(key, value, indent, prefix, lines)


def emit_sequence(sequence: Sequence[object], indent: int, lines: list[str]) -> None:
    """Block sequence indented under its key, as the format's examples are."""
    pad = " " * indent
    for item in sequence:
        if isinstance(item, dict):
            emit_mapping(item, indent + 2, lines, first_prefix=f"{pad}- ")
        elif isinstance(item, list):
            raise TypeError("nested lists do not occur in the cjm format")
        else:
            lines.append(f"{pad}- {scalar(item)}")


def to_yaml(document: Document, comment: str | None = None) -> str:
    """A whole document as YAML text; `cjm:` is first because documents are built so."""
    lines = [f"# {comment}"] if comment else []
    emit_mapping(document, 0, lines)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- checking


def _walk_ids(journey: Document) -> Iterator[str]:
    """Every id inside a journey: goals, stages, steps, metrics, opportunities."""
    for goal in journey.get("goals", []):
        yield goal["id"]
    for stage in journey["stages"]:
        yield stage["id"]
        for metric in stage["metrics"]:
            yield metric["id"]
        for step in stage["steps"]:
            yield step["id"]
            for opportunity in step["opportunities"]:
                if isinstance(opportunity, dict):
                    yield opportunity["id"]


def check_journey(journey: Document, known: Mapping[str, set[str]]) -> list[str]:
    """The format's rules a journey must meet; returns the problems found."""
    problems = []
    ids = list(_walk_ids(journey))
    duplicates = {i for i in ids if ids.count(i) > 1}
    problems += [f"duplicate id {i!r}" for i in sorted(duplicates)]
    problems += [f"bad id {i!r}" for i in ids if not ID_PATTERN.match(i)]
    if journey["persona"] not in known["persona"]:
        problems.append(f"unknown persona {journey['persona']!r}")
    if journey.get("segment") not in known["segment"]:
        problems.append(f"unknown segment {journey.get('segment')!r}")
    if "baseline" in journey and journey["baseline"] not in known["journey"]:
        problems.append(f"unknown baseline {journey['baseline']!r}")
    metric_ids = {m["id"] for stage in journey["stages"] for m in stage["metrics"]}
    for goal in journey["goals"]:
        if goal["metric"] not in metric_ids:
            problems.append(f"goal {goal['id']!r} names unknown metric {goal['metric']!r}")
        datetime.date.fromisoformat(goal["due"])
    phases = [PHASE_ORDER.index(stage["phase"]) for stage in journey["stages"]]
    if phases != sorted(phases):
        problems.append("phases out of order")
    for stage in journey["stages"]:
        for step in stage["steps"]:
            refs = (
                step["touchpoint"] if isinstance(step["touchpoint"], list) else [step["touchpoint"]]
            )
            problems += [f"unknown touchpoint {r!r}" for r in refs if r not in known["touchpoint"]]
            if not -2 <= step["emotion"] <= 2 or isinstance(step["emotion"], bool):
                problems.append(f"emotion out of range in {step['id']!r}")
    return problems


def check_file(path: Path, expected: Document, known: Mapping[str, set[str]]) -> list[str]:
    """Read a written file back with PyYAML (YAML 1.1) and compare it with what was meant.

    Equality with the source data proves the text has no YAML 1.1 surprises; the
    writer's quoting rules keep it free of YAML 1.2 ones (no `0o`, `1e3`, `.5`...).
    """
    text = path.read_text(encoding="utf-8")
    first_line = next(line for line in text.splitlines() if not line.startswith("#"))
    if first_line != "cjm: 1":
        return [f"{path}: `cjm: 1` is not the first key"]
    loaded = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if loaded != expected:
        return [f"{path}: reads back differently from what was written"]
    if expected["kind"] == "journey":
        return [f"{path}: {problem}" for problem in check_journey(loaded, known)]
    if not ID_PATTERN.match(expected["id"]):
        return [f"{path}: bad id {expected['id']!r}"]
    return []


# ------------------------------------------------------------------------------- driver


@dataclass
class Stats:
    """What was written, for the summary line and for run.py's report."""

    files: int = 0
    total_bytes: int = 0
    journeys: int = 0
    journey_bytes: int = 0

    def add(self, size: int, *, journey: bool) -> None:
        self.files += 1
        self.total_bytes += size
        if journey:
            self.journeys += 1
            self.journey_bytes += size

    def summary(self) -> str:
        average = self.journey_bytes / self.journeys / 1024 if self.journeys else 0.0
        return (
            f"{self.files} files, {self.total_bytes / 1e6:.1f} MB, "
            f"{self.journeys} journeys averaging {average:.1f} KiB"
        )


def plan(seed: int, journeys: int) -> Iterator[tuple[str, Document, str | None]]:
    """Every document to write as (relative path, document, header comment)."""
    yield (
        "cjm.yaml",
        {"cjm": 1, "name": f"Benchmark corpus ({journeys} journeys, seed {seed})"},
        ("Workspace configuration of a corpus generated by bench/generate.py"),
    )
    for spec in SEGMENTS:
        yield f"segments/{spec['id']}.yaml", make_segment(spec), None
    for spec in PERSONAS:
        yield f"personas/{spec['id']}.yaml", make_persona(spec), None
    for row in TOUCHPOINTS:
        yield f"touchpoints/{row[0]}.yaml", make_touchpoint(row), None
    for index in range(1, journeys + 1):
        comment = f"Generated by bench/generate.py (seed {seed}, journey {index}); do not edit."
        yield f"journeys/journey-{index:04d}.yaml", make_journey(seed, index), comment


def _known_ids(seed: int, journeys: int) -> dict[str, set[str]]:
    return {
        "persona": {p["id"] for p in PERSONAS},
        "segment": {s["id"] for s in SEGMENTS},
        "touchpoint": {row[0] for row in TOUCHPOINTS},
        "journey": {journey_id(seed, i) for i in range(1, journeys + 1)},
    }


def prepare(out_dir: Path, *, force: bool) -> None:
    """Refuse to mix with another corpus; with ``force`` remove only files we generate."""
    existing = [p for p in out_dir.glob("*") if p.name != ".gitkeep"] if out_dir.exists() else []
    if existing and not force:
        raise SystemExit(f"{out_dir} is not empty; pass --force to replace a generated corpus")
    for folder in CONTENT_FOLDERS:
        for path in (out_dir / folder).glob("*.yaml"):
            path.unlink()
    (out_dir / "cjm.yaml").unlink(missing_ok=True)


def generate(
    out_dir: Path,
    *,
    journeys: int = DEFAULT_JOURNEYS,
    seed: int = DEFAULT_SEED,
    force: bool = False,
    check: bool = True,
) -> Stats:
    """Write the corpus and return its size; raises if a written file breaks the format."""
    prepare(out_dir, force=force)
    known, stats, problems = _known_ids(seed, journeys), Stats(), []
    document_ids: set[tuple[str, str]] = set()
    for relative, document, comment in plan(seed, journeys):
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = to_yaml(document, comment).encode("utf-8")
        path.write_bytes(data)
        stats.add(len(data), journey=document.get("kind") == "journey")
        if "kind" in document:
            key = (document["kind"], document["id"])
            if key in document_ids:
                problems.append(f"{relative}: duplicate {key[0]} id {key[1]!r}")
            document_ids.add(key)
            if check:
                problems += check_file(path, document, known)
    if problems:
        raise SystemExit("generated corpus is invalid:\n" + "\n".join(problems[:50]))
    return stats


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the workspace into")
    parser.add_argument(
        "--journeys",
        type=int,
        default=DEFAULT_JOURNEYS,
        help=f"number of journey files (default {DEFAULT_JOURNEYS})",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--force", action="store_true", help="replace the generated files of an existing corpus"
    )
    parser.add_argument(
        "--no-check",
        dest="check",
        action="store_false",
        help="skip reading every file back (faster)",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.journeys <= 9999:
        parser.error("--journeys must be between 1 and 9999")
    stats = generate(
        args.out_dir, journeys=args.journeys, seed=args.seed, force=args.force, check=args.check
    )
    print(f"{args.out_dir}: {stats.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
