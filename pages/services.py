"""What a visitor's accessibility report sets off: the mail to the staff."""

from pages import tasks
from portal import emails


def report_accessibility_problem(
    *, description: str, page: str, name: str, email: str, language: str
) -> None:
    """Queue the report's e-mail to the staff who look after the website."""
    emails.queue(
        tasks.send_accessibility_report,
        description=description,
        page=page,
        name=name,
        email=email,
        language=language,
    )
