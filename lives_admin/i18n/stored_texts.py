"""Every sentence the job worker and the insights runner store for later readers, in one
place (lives_admin/i18n/stored.py says how they are stored and shown). The English is
what the database holds, older rows included: change a msgid here and rows written
before are shown as they were stored."""

from django.utils.translation import gettext_noop

from lives_admin.i18n.stored import stored_text

# -- an invite job's lines ------------------------------------------------------------
# Lines of the input that were never sendable (the reason: a msgid of invites/emails.py).
INVALID = stored_text(gettext_noop("Invalid: %(reason)s"), translated=("reason",))
DUPLICATE = stored_text(gettext_noop("Duplicate of line %(line)s: skipped"))
OTHER_JOB = stored_text(gettext_noop("Already being invited by job #%(job)s"))
CANCELLED = stored_text(gettext_noop("Cancelled before it was sent"))
# MeltingSpot's own words stay as it sent them, inside a sentence of ours.
NOT_FOUND = stored_text(gettext_noop("MeltingSpot: not found"))
REFUSED = stored_text(gettext_noop("MeltingSpot refused: %(message)s"))
MELTINGSPOT_SAID = stored_text(gettext_noop("MeltingSpot: %(message)s"))
LIVE_GONE = stored_text(gettext_noop("This live no longer exists"))
NOT_INVITED = stored_text(gettext_noop("MeltingSpot did not invite this person"))

# -- why a job paused -------------------------------------------------------------------
JOB_STOPPED = stored_text(
    gettext_noop(
        "Stopped by an unexpected error (%(error)s). Everyone not sent yet is kept: resume "
        "the job to carry on."
    )
)
KEPT_FAILING = stored_text(
    gettext_noop(
        "MeltingSpot kept failing (%(message)s). Everyone not sent yet is kept: resume the "
        "job when MeltingSpot answers again."
    )
)
BUDGET_SPENT = stored_text(gettext_noop("%(reason)s Resume the job then."), translated=("reason",))
# The rate limiter's words (lives_admin/meltingspot/ratelimit.py), as a paused job keeps them.
DAILY_BUDGET = stored_text(
    gettext_noop(
        "The daily budget of %(count)s MeltingSpot requests is spent; it renews at midnight UTC."
    )
)
PERSONAL_BUDGET = stored_text(
    gettext_noop(
        "You have used your share of today's MeltingSpot requests (%(share)s of the "
        "team's %(count)s), so the rest of the team keeps theirs; it renews at midnight UTC."
    ),
    numbers=("share", "count"),
)

# -- an insight's reading ---------------------------------------------------------------
INSIGHT_FAILED = stored_text(
    gettext_noop("%(reason)s Refresh to try again."), translated=("reason",)
)
INSIGHT_CUT_SHORT = stored_text(
    gettext_noop("MeltingSpot could not be read to the end: %(reason)s.")
)
INSIGHT_STOPPED = stored_text(gettext_noop("Stopped by an unexpected error (%(error)s)."))
LIVE_LEFT_OUT = stored_text(gettext_noop("“%(title)s” is no longer on MeltingSpot: left out."))
PICKED_LIVES_GONE = stored_text(
    gettext_noop("A picked live no longer exists on MeltingSpot and is left out: %(names)s."),
    gettext_noop(
        "%(count)s picked lives no longer exist on MeltingSpot and are left out: %(names)s."
    ),
)
FIRST_LIVES_ONLY = stored_text(gettext_noop("Only the first %(count)s lives are taken at once."))

# -- the audit log ------------------------------------------------------------------------
# Who wrote, when no person did (lives_admin/audit/__init__.py).
JOB_ACTOR = stored_text(gettext_noop("job #%(job)s"))
ANONYMOUS = stored_text(gettext_noop("anonymous"))
SYSTEM = stored_text(gettext_noop("system"))
# What went wrong when MeltingSpot did not say (lives_admin/meltingspot/client.py keeps
# these words: the client library stays language-free).
IN_DOUBT = stored_text(
    gettext_noop("%(reason)s: the write may still have happened"), translated=("reason",)
)
DASHBOARD_STOPPED = stored_text(gettext_noop("The dashboard stopped (%(error)s)"))
NOT_SENT = stored_text(gettext_noop("Not sent: dashboard stopped (%(error)s)"))
NO_ANSWER_IN_TIME = stored_text(gettext_noop("MeltingSpot did not answer in time"))
UNREACHABLE = stored_text(gettext_noop("Cannot reach MeltingSpot (%(error)s)"))

# -- where a bulk job's people came from (lives_admin/invites/sources.py) --------------------
# Shown on the job's pages to whoever reads them, not only to whoever started the job.
PASTED_LIST = stored_text(gettext_noop("Pasted list (%(count)s entries)"))
GROUP_MEMBERS = stored_text(gettext_noop("Members of the group “%(name)s”"))
PICKED_MEMBERS = stored_text(gettext_noop("%(count)s Spot members picked by hand"))
# The audience is one of sources.AUDIENCE_LABELS ("the no-shows"), capitalised here.
LIVE_AUDIENCE = stored_text(gettext_noop("%(audience)s of “%(title)s”"), translated=("audience",))
INSIGHT_SEGMENT = stored_text(
    gettext_noop("%(segment)s (%(count)s) of the insights “%(insights)s”"),
    translated=("segment",),
)
LINKED_GROUP = stored_text(gettext_noop("Group “%(name)s”"))
# The source is an uploaded file's name, or FILE when it had none.
UPLOAD_ROWS = stored_text(gettext_noop("%(source)s (%(count)s rows)"), translated=("source",))
FILE = stored_text(gettext_noop("File"))
