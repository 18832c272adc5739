from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def healthz(request):
    """Liveness for `make run` and deployments: the process answers, nothing more."""
    return JsonResponse({"status": "ok"})
