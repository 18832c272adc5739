"""A live's page: header, metrics and charts, its database panels, and the lazily loaded
panels that ask MeltingSpot."""

from django.http import HttpResponse
from django.shortcuts import render

from lives_admin.lives.charts import metric_charts
from lives_admin.lives.description import description_html
from lives_admin.lives.figures import NOT_OVER_YET, live_pending_figures, metrics_so_far
from lives_admin.meltingspot import MeltingSpotError, NotFoundError
from lives_admin.team.roles import Role, has_role, role_required
from lives_admin.upstream import get_client
from lives_admin.views.audit_log import history_context
from lives_admin.views.insights import insights_context
from lives_admin.views.jobs import jobs_context
from lives_admin.views.lives import live_not_found
from lives_admin.web.htmx import fragment_or_page
from lives_admin.web.timezones import spot_timezone

TEMPLATE = "lives_admin/lives/detail.html"


@role_required(Role.VIEWER)
def live_detail(request, live_id: str):
    # The metrics alone when the page asks for them again (after its people changed).
    template = fragment_or_page(request, TEMPLATE, ("live-metrics",))
    try:
        live = get_client().lives.retrieve(live_id)  # the page's one call; panels bring their own
    except MeltingSpotError as error:
        if template != TEMPLATE:
            return HttpResponse(status=204)  # no fresh figures: the ones on screen stay
        if isinstance(error, NotFoundError):
            return live_not_found(request, live_id)
        raise
    spot_zone = spot_timezone()
    pending = live_pending_figures(live)
    shown = metrics_so_far(live.metrics, pending)
    charts = metric_charts(shown, pending)
    if pending:  # before the end only the invitations and registrations have figures
        charts = [chart for chart in charts if chart.slug == "funnel"]
    panels = {}
    if template == TEMPLATE:
        # The panels that read only our database come with the page: shown at once, and
        # without JavaScript too. Those that ask MeltingSpot load after it (or are links).
        panels = {
            "insights_panel": insights_context(live_id),
            "jobs_panel": jobs_context(live_id, request.user),
            "history_panel": history_context(live_id),
        }
    return render(
        request,
        template,
        {
            **panels,
            "live": live,
            "description_html": description_html(live),
            "metrics": shown,
            "pending": pending,
            "not_over_yet": NOT_OVER_YET,
            "charts": charts,
            "spot_zone": spot_zone,
            # Show the Spot's times too only when they read differently.
            "show_spot_time": str(spot_zone) != str(request.organiser_timezone),
            "can_edit": has_role(request.user, Role.ORGANISER),
            "can_delete": has_role(request.user, Role.ADMIN),
            "nav_active": "lives",
        },
    )
