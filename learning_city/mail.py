"""Plain-text mail rendered from two templates: one line of subject, one body.

Every e-mail the site sends (account confirmation, submission receipts, the application
desk's notice) is written this way; the Celery tasks that send them only pick the
templates, the context and the recipients.
"""

from django.core.mail import send_mail
from django.template.loader import render_to_string


def send_templated_mail(subject_template, body_template, context, recipients):
    """Render and send; returns the number of messages sent."""
    return send_mail(
        subject=render_to_string(subject_template, context).strip(),
        message=render_to_string(body_template, context),
        from_email=None,
        recipient_list=list(recipients),
    )
