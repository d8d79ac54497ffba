"""What changed between two reviews: items done, dropped and added to the
progress list, other status changes, and ratings and metrics up or down."""

from __future__ import annotations

from dataclasses import dataclass

from roadmapgen.model import Review


@dataclass(frozen=True, slots=True)
class Move:
    name: str
    before: float | None
    after: float

    @property
    def direction(self) -> str:
        if self.before is None:
            return "new"
        return "up" if self.after > self.before else "down" if self.after < self.before else "same"


@dataclass(frozen=True, slots=True)
class ReviewChanges:
    previous: Review | None
    done: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    moved: tuple[tuple[str, str, str], ...] = ()  # (id, before, after) for other status changes
    ratings: tuple[Move, ...] = ()
    metrics: tuple[Move, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.done or self.dropped or self.added or self.moved
                    or any(m.direction != "same" for m in (*self.ratings, *self.metrics)))


def changes_since(previous: Review | None, review: Review) -> ReviewChanges:
    if previous is None:
        return ReviewChanges(None)
    before = {ref.id: status for ref, status in previous.progress}
    done, dropped, added, moved = [], [], [], []
    for ref, status in review.progress:
        old = before.get(ref.id)
        if status == "done" and old != "done":
            done.append(ref.id)
        elif status == "dropped" and old != "dropped":
            dropped.append(ref.id)
        elif old is None:
            added.append(ref.id)
        elif old != status:
            moved.append((ref.id, old, status))

    def moves(attribute: str) -> tuple[Move, ...]:
        old = dict(getattr(previous, attribute))
        return tuple(Move(name, old.get(name), value) for name, value in getattr(review, attribute))

    return ReviewChanges(previous, tuple(done), tuple(dropped), tuple(added), tuple(moved),
                         moves("ratings"), moves("metrics"))
