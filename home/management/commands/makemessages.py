from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # Fuzzy matches guess a neighbour's translation ("At most N files" took "At least N
    # entries") and are silently left out of the compiled catalogue: new strings stay empty.
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
