"""Payloads as MeltingSpot sends them, shared by the tests that read them (docs/api.md).

The example live of the API's seed page, odd values included (an end before the start,
`videoUrl` an object, text placeholders): what a real answer may look like.
"""

EXAMPLE_LIVE = {
    "id": "text",
    "title": "text",
    "startDate": "2025-06-26T08:58:46.812Z",
    "endDate": "2025-05-04T09:42:00Z",
    "metrics": {
        "averageViewTime": 1,
        "noShow": 1,
        "totalReplayView": 1,
        "registrant": 1,
        "attendee": 1,
        "attendanceRate": 1,
        "invited": 1,
    },
    "description": [{"type": "p", "children": [{"text": "My new live"}]}],
    "status": "Ended",
    "computedStatus": "Ended",
    "solution": "Youtube",
    "privacy": {"visibility": "AnyOne", "participation": "AnySpotMembers"},
    "config": {"chatVisibility": "Display", "participantsVisibility": "Ended"},
    "builtInType": "Workshop",
    "videoUrl": {},
    "createdAt": "2025-06-26T08:58:46.812Z",
    "spotId": "text",
    "builtInConfig": {
        "isRecorded": True,
        "recordAvailable": True,
        "videos": {
            "url": "text",
            "quality": "text",
            "encoding": "hls",
            "createdAt": "2025-06-26T08:58:46.812Z",
        },
        "replayVideo": {},
    },
}
