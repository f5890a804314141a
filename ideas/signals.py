"""What the ideas' acts announce to apps that may not be imported here (the alerts).

Each is sent inside the act's transaction by ideas/services.py, so a receiver that queues work
(portal.emails.queue) keeps it with the act: both are kept, or neither is.
"""

from django.dispatch import Signal

# A new entry in an idea's trail: `change`, a StatusChange.
status_recorded = Signal()
# A next step given on its own (one given with a status change is news of that change):
# `step`, a NextStep.
next_step_recorded = Signal()
# A comment has become public (approved by a moderator, or public at once): `comment`.
comment_approved = Signal()
