"""Small htmx helpers shared by the views."""


def fragment_or_page(request, template: str, fragments: tuple[str, ...]) -> str:
    """The partial named like the htmx target (a partial's name equals its DOM id);
    the full page for a plain request and for a history restore."""
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request and htmx.target in fragments:
        return f"{template}#{htmx.target}"
    return template
