"""What the meetings' acts announce to apps that may not be imported here (the alerts).

Sent inside the act's transaction by meetings/services.py, so a receiver that queues work
(portal.emails.queue) keeps it with the act: both are kept, or neither is.
"""

from django.dispatch import Signal

# A public meeting's minutes are out: the meeting was published with minutes, or its first
# minutes were written after it was published. `meeting`, a Meeting. Sent again if it is
# published again; a receiver must not tell anyone twice.
minutes_published = Signal()
