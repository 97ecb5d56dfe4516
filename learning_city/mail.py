"""Plain-text mail rendered from two templates: one line of subject, one body.

Every e-mail the site sends (account confirmation, submission receipts, the application
desk's notice) is written this way; the Celery tasks that send them only pick the
templates, the context and the recipients.
"""

from django.core.mail import send_mail
from django.template.loader import render_to_string


def render_mail(subject_template, body_template, context):
    """The subject on one line (line breaks in its template are dropped) and the body."""
    subject = "".join(line.strip() for line in render_to_string(subject_template, context).splitlines())
    return subject, render_to_string(body_template, context)


def send_templated_mail(subject_template, body_template, context, recipients):
    """Render and send; returns the number of messages sent."""
    subject, body = render_mail(subject_template, body_template, context)
    return send_mail(subject=subject, message=body, from_email=None, recipient_list=list(recipients))
