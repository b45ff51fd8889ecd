"""The one table of render job states (design.md, "Render job lifecycle").

Everything else that needs to know about states reads it from here: which moves are legal,
which states are still active (pages poll them), which may be rendering at Pictory (they
count against the bulk cap), and how a bulk row whose video is in that state is shown.
"""
from dataclasses import dataclass

from django.db import models


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SUBMITTING = "submitting", "Sending to Pictory"
    SUBMIT_UNKNOWN = "submit_unknown", "Unconfirmed"
    IN_PROGRESS = "in_progress", "Rendering"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


@dataclass(frozen=True)
class StateRule:
    moves_to: frozenset[str]
    at_pictory: bool  # the request may have reached Pictory and be rendering there
    row_state: str  # how a bulk row whose video is in this state is shown and filtered

    @property
    def final(self) -> bool:
        return not self.moves_to

    @property
    def active(self) -> bool:
        return not self.final


S = JobStatus
STATES: dict[str, StateRule] = {
    S.QUEUED: StateRule(frozenset({S.SUBMITTING, S.CANCELLED}), at_pictory=False, row_state="queued"),
    S.SUBMITTING: StateRule(frozenset({S.IN_PROGRESS, S.QUEUED, S.SUBMIT_UNKNOWN, S.FAILED}),
                            at_pictory=True, row_state="queued"),
    S.SUBMIT_UNKNOWN: StateRule(frozenset({S.IN_PROGRESS, S.QUEUED, S.FAILED, S.CANCELLED}),
                                at_pictory=True, row_state="rendering"),
    S.IN_PROGRESS: StateRule(frozenset({S.IN_PROGRESS, S.COMPLETED, S.FAILED}), at_pictory=True,
                             row_state="rendering"),
    S.COMPLETED: StateRule(frozenset(), at_pictory=False, row_state="done"),
    S.FAILED: StateRule(frozenset(), at_pictory=False, row_state="failed"),
    S.CANCELLED: StateRule(frozenset(), at_pictory=False, row_state="cancelled"),
}

ACTIVE_STATUSES: tuple[str, ...] = tuple(s for s, rule in STATES.items() if rule.active)
FINAL_STATUSES: tuple[str, ...] = tuple(s for s, rule in STATES.items() if rule.final)
IN_FLIGHT_STATUSES: tuple[str, ...] = tuple(s for s, rule in STATES.items() if rule.at_pictory)
# A job in one of these already stands for a video of its request: an identical request is a
# repeat, made only when the person confirms it.
HOLDS_A_VIDEO: tuple[str, ...] = (*ACTIVE_STATUSES, S.COMPLETED)


def statuses_shown_as(row_state: str) -> tuple[str, ...]:
    """The job statuses a bulk row shows as `row_state` ("queued", "rendering", "done", …)."""
    return tuple(s for s, rule in STATES.items() if rule.row_state == row_state)


ROW_STATES_FROM_JOBS: tuple[str, ...] = tuple(dict.fromkeys(rule.row_state for rule in STATES.values()))
