"""Reading security headers in tests."""


def csp_directives(response, header="Content-Security-Policy"):
    """A response's Content-Security-Policy as ``{directive: sources}``, each sources string as sent."""
    directives = {}
    for part in response[header].split(";"):
        name, _space, sources = part.strip().partition(" ")
        directives[name] = sources
    return directives
