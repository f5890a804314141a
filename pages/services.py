"""What a visitor's accessibility report sets off: the mail to the staff."""

from functools import partial

from django.db import transaction

from pages import tasks


def report_accessibility_problem(
    *, description: str, page: str, name: str, email: str, language: str
) -> None:
    """Queue the report's e-mail to the staff who look after the website."""
    transaction.on_commit(
        partial(
            tasks.send_accessibility_report.enqueue,
            description=description,
            page=page,
            name=name,
            email=email,
            language=language,
        )
    )
