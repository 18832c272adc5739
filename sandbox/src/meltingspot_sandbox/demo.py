"""Deterministic demo data: a Spot with ~300 members, a dozen groups and 60 lives.

Dates are relative to the moment of seeding, so there are always past lives, a few
happening now and upcoming ones. One live has more than 1,000 participants.

People come back across lives: every live samples the same 300 members, and the
Workshops that have ended form a series with a designed cohort on top (regulars,
chronic no-shows, replay-only people, invitees who never register), so insights
across lives have real stories to tell.
"""

from __future__ import annotations

import random
import time

from meltingspot_sandbox.store import Store

FIRST_NAMES = [
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Inès",
    "Jade",
    "Louise",
    "Emma",
    "Alice",
    "Lina",
    "Hugo",
    "Lucas",
    "Louis",
    "Gabriel",
    "Arthur",
    "Jules",
    "Adam",
    "Raphaël",
    "Nathan",
    "Théo",
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Noah",
    "Oliver",
    "George",
    "Leo",
    "Harry",
    "Sofia",
    "Mateo",
    "Lucía",
    "Martina",
    "Giulia",
    "Marco",
    "Lena",
    "Jonas",
    "Mila",
    "Elias",
    "Hélène",
    "François",
    "Zoé",
    "Maël",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "François",
    "Martinez",
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Evans",
    "Rossi",
    "Müller",
    "Schmidt",
    "García",
    "Fernández",
    "Novak",
    "Jensen",
    "Nguyen",
    "O'Connor",
]
DOMAINS = (
    "example.org",
    "example.com",
    "mail.example.net",
    "studio.example.fr",
    "asso.example.org",
)
GROUPS = (
    ("🚀", "Early adopters", "Members who joined in the first year of the Spot."),
    ("🎓", "Alumni", "Graduates of our training programmes."),
    ("🧑‍💻", "Developers", "Builders and tinkerers who follow the technical track."),
    ("🎨", "Designers", "Product and graphic designers."),
    ("📣", "Ambassadors", "Members who host local meet-ups."),
    ("🤝", "Partners", "People from partner organisations."),
    ("🌍", "Europe", "Members based in Europe."),
    ("🗽", "Americas", "Members based in North and South America."),
    ("💼", "Founders", "Founders and co-founders of start-ups."),
    ("📚", "Book club", "Monthly reading circle."),
    ("🧪", "Beta testers", "Members who try new features first."),
    ("🏆", "Mentors", "Experienced members who mentor newcomers."),
)
TOPICS = (
    "Onboarding webinar",
    "Community town hall",
    "Product roadmap Q&A",
    "Design critique",
    "Growth marketing masterclass",
    "Atelier prise de parole",
    "Live coding: our API",
    "Ask me anything with the founders",
    "Fundraising 101",
    "Atelier UX writing",
    "Monthly meet-up",
    "Mentoring circle",
    "Conférence : l'IA au quotidien",
    "Customer stories",
    "Accessibility workshop",
    "Pitch training",
    "Book club live",
    "Partner showcase",
    "Office hours",
    "Hackathon kick-off",
)
SOLUTIONS = ("Youtube", "Vimeo", "BuiltIn", "NoSolution")
HOUR = 3600
DAY = 24 * HOUR


def _member_rows(rng: random.Random, now: int) -> list[tuple]:
    rows, used = [], set()
    for index in range(300):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        local = f"{first}.{last}".lower().replace("'", "").replace("é", "e").replace("ë", "e")
        local = local.replace("è", "e").replace("ï", "i").replace("ü", "u").replace("í", "i")
        local = local.replace("ë", "e").replace("ç", "c").replace("ö", "o").replace("á", "a")
        email = f"{local}@{DOMAINS[index % len(DOMAINS)]}"
        while email in used:
            email = f"{local}{rng.randint(2, 99)}@{DOMAINS[index % len(DOMAINS)]}"
        used.add(email)
        invited = now - rng.randint(30, 900) * DAY
        status = "Accepted" if index % 17 else rng.choice(("Invited", "Left", "Deactivated"))
        registered = invited + rng.randint(0, 5) * DAY if status == "Accepted" else None
        rows.append(
            (
                f"mem{index:04d}",
                email,
                first,
                last,
                rng.choice((None, "Product manager", "Founder", "Designer", "Engineer", "Coach")),
                status,
                "Admin" if index < 3 else "Member",
                rng.choice(("fr", "en", "de", "es")),
                invited,
                registered,
                (now - rng.randint(0, 60) * DAY) * 1000,
            )
        )
    return rows


def _live_times(index: int, now: int, rng: random.Random) -> tuple[int, int]:
    """35 past, 3 live now, 22 upcoming."""
    if index < 35:
        start = now - (index + 1) * 4 * DAY - rng.randint(0, 10) * HOUR
    elif index < 38:
        start = now - rng.randint(10, 40) * 60
    else:
        start = now + (index - 37) * 3 * DAY + rng.randint(0, 10) * HOUR
    start -= start % 900  # quarter hours, as people schedule
    return start, start + rng.choice((45, 60, 90, 120)) * 60


def seed(store: Store, *, seed_value: int = 42) -> None:
    rng = random.Random(seed_value)
    now = int(time.time())
    db = store.db
    with store.lock:
        db.execute("BEGIN")
        store.wipe()
        members = _member_rows(rng, now)
        db.executemany("INSERT INTO members VALUES (?,?,?,?,?,?,?,?,?,?,?)", members)
        member_ids = [m[0] for m in members]
        for number, (emoji, name, description) in enumerate(GROUPS):
            group_id = f"grp{number:02d}"
            db.execute(
                "INSERT INTO groups VALUES (?, ?, ?, ?, ?)",
                (group_id, name, description, emoji, None),
            )
            for member_id in rng.sample(member_ids, rng.randint(8, 40)):
                db.execute("INSERT INTO group_members VALUES (?, ?)", (group_id, member_id))
        for index in range(60):
            _seed_live(db, rng, index, now, member_ids)
        # Its own random stream: the lives above stay exactly as they were.
        _seed_workshop_series(db, random.Random(seed_value + 1), now, member_ids)
        db.execute("COMMIT")
    store.keep_as_demo()


def _seed_live(db, rng: random.Random, index: int, now: int, member_ids: list[str]) -> None:
    live_id = f"live{index:03d}"
    start, end = _live_times(index, now, rng)
    solution = SOLUTIONS[index % 4]
    title = f"{TOPICS[index % len(TOPICS)]} #{index // len(TOPICS) + 1}"
    built_in = ("Workshop", "Conference")[(index // 4) % 2] if solution == "BuiltIn" else None
    video = None
    if solution == "Youtube":
        video = f"https://www.youtube.com/watch?v=demo{index:03d}"
    elif solution == "Vimeo":
        video = f"https://vimeo.com/{700000000 + index}"
    past = end < now
    record = solution == "BuiltIn" and index % 3 != 0
    db.execute(
        "INSERT INTO lives VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            live_id,
            title,
            f"Join us for {title}: an hour to learn together and meet the community."
            "\n\nQuestions are welcome in the chat, and the slides are shared afterwards.",
            start,
            end,
            solution,
            built_in,
            video,
            rng.choice(("Display", "Display", "Hidden")),
            rng.choice(("Display", "Hidden")),
            rng.choice(("AnyOne", "OnlySpotMembers", "InvitedMembersOnly")),
            rng.choice(("AnySpotMembers", "InvitedMembersOnly")),
            int(record),
            int(record and past),
            None,
            start - rng.randint(7, 40) * DAY,
        ),
    )
    count = 1200 if index == 5 else rng.randint(15, 120)
    chosen = rng.sample(member_ids, min(count, len(member_ids)))
    rows = []
    for seq, member_id in enumerate(chosen, start=1):
        kind = (
            "Host" if seq == 1 else ("Speaker" if seq <= 1 + rng.randint(0, 3) else "Participant")
        )
        status = (
            "Accepted"
            if kind != "Participant"
            else rng.choice(("Accepted", "Accepted", "Invited", "Declined"))
        )
        attended = past and status == "Accepted" and rng.random() < 0.7
        rows.append(
            (
                f"{live_id}-p{seq:05d}",
                live_id,
                member_id,
                status,
                kind,
                start - rng.randint(1, 20) * DAY,
                start - rng.randint(0, 5) * DAY if status == "Accepted" else None,
                int(kind == "Speaker" and seq == 2),
                rng.randint(300, end - start) if attended else 0,
                int(past and rng.random() < 0.2),
                int(attended),
                seq,
            )
        )
    if count > len(member_ids):
        rows += _extra_participants(db, rng, live_id, start, len(rows), count - len(rows))
    db.executemany("INSERT INTO participants VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)


# The cohort of the ended Workshops, oldest first: (how many people, their pattern).
# A pattern has one letter per workshop: A attended, N registered and did not come,
# R registered, did not come and watched the replay, I invited (no answer),
# D declined, - not invited.
WORKSHOP_COHORT = (
    (6, "AAAAA"),  # regulars
    (3, "-A-AA"),  # came back
    (3, "AANNN"),  # chronic no-shows, three in a row now
    (2, "A-ANN"),  # chronic no-shows, two in a row now
    (2, "NNNAA"),  # missed a few, then came back: not chronic any more
    # The streak counts the lives they registered for, in date order (the insights page
    # says so): these tell that reading apart from others.
    (2, "AN-N-"),  # absent, not invited, absent: chronic (a live not theirs breaks nothing)
    (2, "NAIND"),  # absent, came, no answer, absent, declined: one in a row, not chronic
    (2, "A-NR-"),  # absent, then the replay only: chronic (a replay still misses the live)
    (2, "NRN-A"),  # absent three times, then came: not chronic (streak 0)
    (3, "-RR-R"),  # replay only
    (1, "R----"),  # replay only, once
    (3, "II-D-"),  # invited, never registered
    (2, "-I-II"),  # invited, never registered
)


def _seed_workshop_series(db, rng: random.Random, now: int, member_ids: list[str]) -> None:
    """Add the cohort to the ended Workshops, from members not yet in any of them."""
    lives = db.execute(
        "SELECT id, start, end FROM lives WHERE built_in_type = 'Workshop' AND end < ? "
        "ORDER BY start",
        (now,),
    ).fetchall()
    ids = [row[0] for row in lives]
    marks = ",".join("?" * len(ids))
    taken = {
        row[0]
        for row in db.execute(
            f"SELECT DISTINCT member_id FROM participants WHERE live_id IN ({marks})",  # noqa: S608
            ids,
        )
    }
    free = [member for member in member_ids if member not in taken]
    people = rng.sample(free, sum(count for count, _ in WORKSHOP_COHORT))
    rows, next_seq = [], {live_id: 10_000 for live_id in ids}
    for count, pattern in WORKSHOP_COHORT:
        for member_id in people[:count]:
            for (live_id, start, end), letter in zip(lives, pattern, strict=True):
                if letter == "-":
                    continue
                next_seq[live_id] += 1
                rows.append(_cohort_row(rng, live_id, start, end, member_id, letter, next_seq))
        people = people[count:]
    db.executemany("INSERT INTO participants VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)


def _cohort_row(rng, live_id, start, end, member_id, letter, next_seq) -> tuple:
    status = {"I": "Invited", "D": "Declined"}.get(letter, "Accepted")
    attended = letter == "A"
    seq = next_seq[live_id]
    return (
        f"{live_id}-s{seq:05d}",
        live_id,
        member_id,
        status,
        "Participant",
        start - rng.randint(3, 20) * DAY,
        start - rng.randint(0, 2) * DAY if status == "Accepted" else None,
        0,
        rng.randint(600, end - start) if attended else 0,
        int(letter == "R"),
        int(attended),
        seq,
    )


def _extra_participants(db, rng, live_id, start, offset, count) -> list[tuple]:
    """Big lives invite people by email who are not full members yet."""
    return fake_participants(db, live_id, count, start=start, offset=offset, rng=rng)


def fake_participants(db, live_id, count, *, start=None, offset=None, rng=None) -> list[tuple]:
    """Rows for `count` new invited-by-email people (for big lives and benchmarks)."""
    rng = rng or random.Random(count)
    start = start or int(time.time())
    if offset is None:
        offset = db.execute(
            "SELECT COALESCE(MAX(seq), 0) FROM participants WHERE live_id = ?", (live_id,)
        ).fetchone()[0]
    members, rows = [], []
    for number in range(offset + 1, offset + count + 1):
        member_id = f"{live_id}-guest{number:06d}"
        email = f"guest{number:06d}.{live_id}@example.net"
        members.append(
            (
                member_id,
                email,
                None,
                None,
                None,
                "Invited",
                "Member",
                "en",
                start,
                None,
                start * 1000,
            )
        )
        status = rng.choice(("Invited", "Invited", "Accepted", "Declined"))
        rows.append(
            (
                f"{live_id}-p{number:06d}",
                live_id,
                member_id,
                status,
                "Participant",
                start - DAY,
                start if status == "Accepted" else None,
                0,
                0,
                0,
                0,
                number,
            )
        )
    db.executemany("INSERT OR IGNORE INTO members VALUES (?,?,?,?,?,?,?,?,?,?,?)", members)
    return rows


# A big Spot's people: accents and case a name search must see through ("Hélène",
# "ÉLOÏSE"), combined so that every (first, last) pair recurs across 100,000 members.
BIG_FIRST_NAMES = (
    *FIRST_NAMES,
    "Éloïse",
    "Anaïs",
    "Noémie",
    "Céline",
    "Jérôme",
    "Benoît",
    "Loïc",
    "Gaëlle",
    "Sébastien",
    "Clémence",
    "Aurélie",
    "Stéphane",
    "Agnès",
)
BIG_LAST_NAMES = (*LAST_NAMES, "Lefèvre", "Bélanger", "Côté", "Gagné", "Müller", "Núñez")
YEAR = 365 * DAY
# The fake members' registration dates spread over this span, ending now.
BIG_SPOT_YEARS = 5


def fake_members(db, count: int) -> int:
    """Add `count` Spot members after those already there: a big Spot for the directory,
    its index and look-ups. Returns how many were added.

    Member n is `extra{n:07d}`, email `extra{n:07d}@big-spot.example`, with accented names.
    The first batch registered over the last BIG_SPOT_YEARS, evenly in the order of n; a
    later batch registers now, as people who just joined (so a sync asking for
    `registrationDate[after]=<its last run>` finds exactly them). One in 20 is only
    invited: no registration date, as in a real Spot.
    """
    offset = db.execute("SELECT COUNT(*) FROM members WHERE id LIKE 'extra%'").fetchone()[0]
    now = int(time.time())
    first_date = now - BIG_SPOT_YEARS * YEAR if offset == 0 else now
    step = (now - first_date) / max(1, count)
    rows = []
    for index, number in enumerate(range(offset + 1, offset + count + 1)):
        first = BIG_FIRST_NAMES[number % len(BIG_FIRST_NAMES)]
        last = BIG_LAST_NAMES[(number // len(BIG_FIRST_NAMES)) % len(BIG_LAST_NAMES)]
        registered = int(first_date + (index + 1) * step)
        invited_only = number % 20 == 0
        rows.append(
            (
                f"extra{number:07d}",
                f"extra{number:07d}@big-spot.example",
                first,
                last,
                None,
                "Invited" if invited_only else "Accepted",
                "Member",
                ("fr", "en", "de", "es")[number % 4],
                registered - (number % 30) * DAY,
                None if invited_only else registered,
                registered * 1000,
            )
        )
    db.executemany("INSERT INTO members VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    return len(rows)


FAKE_TOPICS = (
    "Conférence produit",
    "Atelier café design",
    "Réunion mensuelle",
    "Webinar onboarding",
    "Démo Éclair",
    "Community AMA",
    "Masterclass Growth",
    "Séminaire équipe",
)


def fake_lives(db, count: int) -> list[str]:
    """Add `count` lives (for a big Spot's lives list and its local index): ids
    `fake{n:06d}`, titles with accents, dates from two years ago to a year ahead, and
    0–30 participants each drawn from the Spot's first members, so their metrics vary
    (attendance, no-shows, replays, view time). Deterministic for the same n. Returns
    the new ids."""
    offset = db.execute("SELECT COUNT(*) FROM lives WHERE id LIKE 'fake%'").fetchone()[0]
    member_ids = [
        row[0] for row in db.execute("SELECT id FROM members ORDER BY id LIMIT 300").fetchall()
    ]
    now = int(time.time())
    lives, people = [], []
    for number in range(offset + 1, offset + count + 1):
        rng = random.Random(number)
        live_id = f"fake{number:06d}"
        start = now - 2 * YEAR + rng.randint(0, 3 * YEAR)
        start -= start % 900
        end = start + rng.choice((30, 45, 60, 90, 120)) * 60
        solution = SOLUTIONS[number % 4]
        built_in = ("Workshop", "Conference")[number % 2] if solution == "BuiltIn" else None
        video = {
            "Youtube": f"https://www.youtube.com/watch?v=fake{number:06d}",
            "Vimeo": f"https://vimeo.com/{800000000 + number}",
        }.get(solution)
        title = f"{FAKE_TOPICS[number % len(FAKE_TOPICS)]} n°{number}"
        record = int(solution == "BuiltIn" and number % 3 != 0)
        lives.append(
            (
                live_id,
                title,
                f"{title}: a generated live.",
                start,
                end,
                solution,
                built_in,
                video,
                "Display",
                "Display",
                "InvitedMembersOnly",
                "InvitedMembersOnly",
                record,
                int(record and end < now),
                None,
                start - 14 * DAY,
            )
        )
        people += _fake_live_people(rng, live_id, start, end, end < now, member_ids)
    db.executemany("INSERT INTO lives VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", lives)
    db.executemany("INSERT INTO participants VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", people)
    return [live[0] for live in lives]


def _fake_live_people(rng, live_id, start, end, past, member_ids) -> list[tuple]:
    """A host and 0–30 participants; how many come (past lives) varies live by live."""
    chosen = rng.sample(member_ids, min(len(member_ids), 1 + rng.randint(0, 30)))
    turnout = rng.random()
    rows = []
    for seq, member_id in enumerate(chosen, start=1):
        kind = "Host" if seq == 1 else "Participant"
        status = "Accepted" if kind == "Host" or rng.random() < 0.7 else "Invited"
        attended = past and status == "Accepted" and rng.random() < turnout
        rows.append(
            (
                f"{live_id}-p{seq:05d}",
                live_id,
                member_id,
                status,
                kind,
                start - 10 * DAY,
                start - DAY if status == "Accepted" else None,
                0,
                rng.randint(60, end - start) if attended else 0,
                int(past and rng.random() < 0.15),
                int(attended),
                seq,
            )
        )
    return rows
