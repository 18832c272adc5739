from django import forms

OUTCOMES = [("", "Any outcome"), ("ok", "Succeeded"), ("failed", "Failed")]


class AuditFilterForm(forms.Form):
    """Filters of the audit log; every field optional, bad values are reported and ignored."""

    live = forms.CharField(required=False, max_length=64, label="Live id")
    actor = forms.CharField(required=False, max_length=150, label="Who")
    operation = forms.CharField(required=False, max_length=64, label="Action")
    outcome = forms.ChoiceField(required=False, choices=OUTCOMES, label="Outcome")
    job = forms.IntegerField(required=False, min_value=1, label="Job")


def filter_entries(queryset, data: dict):
    if data.get("live"):
        queryset = queryset.filter(live_id=data["live"])
    if data.get("actor"):
        queryset = queryset.filter(actor_label__icontains=data["actor"])
    if data.get("operation"):
        queryset = queryset.filter(operation__icontains=data["operation"])
    if data.get("outcome") == "ok":
        queryset = queryset.filter(ok=True)
    elif data.get("outcome") == "failed":
        queryset = queryset.filter(ok=False)
    if data.get("job"):
        queryset = queryset.filter(job_id=data["job"])
    return queryset
