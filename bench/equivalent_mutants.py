"""Mutants that change nothing a user could see, each rule with why.

bench/mutation.py looks at every surviving mutant's diff: one whose module matches a rule
and whose added line (`+`) matches its pattern is counted as equivalent, not as a survivor,
and listed in bench/README.md under the rule's reason. A pattern names the exact change
(the mutated literal or operator in its place), so a new mutant elsewhere in the same
function is never excused by accident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    module: str
    """The module, dotted ("exporters.calendar_invite")."""
    added: str
    """A regular expression the mutant's added line must contain."""
    reason: str
    function: str = ""
    """When set, only mutants of this function (a part of the mutant's name)."""

    def covers(self, name: str, added: str) -> bool:
        module = name.rsplit(".", 1)[0]
        return (
            module == self.module
            and self.function in name
            and re.search(self.added, added) is not None
        )


ICAL_NAMES = (
    "icalendar writes property and parameter names in upper case whatever case they are "
    "added in (RFC 5545 names are case-insensitive)"
)

RULES: tuple[Rule, ...] = (
    Rule(
        "exporters.calendar_invite",
        r'\.add\("[A-Z-]+", |params\["[A-Z]+"\] = |event\["STATUS"\]|\.decoded\("DTSTART"\)',
        ICAL_NAMES,
    ),
    Rule(
        "exporters.calendar_invite",
        r'\{"FREQ": |"INTERVAL": |"BYDAY": |rule\["COUNT"\]',
        ICAL_NAMES,
    ),
    Rule("exporters.calendar_invite", r'^\s*"DESCRIPTION",$', ICAL_NAMES),
    Rule(
        "exporters.calendar_invite",
        r'"freq": "(WEEKLY|MONTHLY)"',
        "icalendar writes a recurrence's frequency in upper case",
    ),
    Rule(
        "exporters.calendar_invite",
        r'walk\("vevent"\)',
        "Component.walk compares names in upper case",
    ),
    Rule(
        "exporters.calendar_invite",
        r'(de|en)code\("UTF-8"\)',
        "codec names are case-insensitive",
    ),
    Rule(
        "exporters.calendar_invite",
        r'\.add\("attendee", attendee, (encode=(None|1|True))?\s*\)',
        "an attendee is added as a vCalAddress already: icalendar encodes a typed value as "
        "it is, so `encode` changes nothing",
    ),
    Rule(
        "facilitator.warning_signs",
        r".",
        "_tunable runs once, at import, while the class is built: before mutmut switches "
        "any mutant on. test_every_threshold_is_described_with_its_range_and_default reads "
        "every value it makes, so each of these would fail it",
        function="x__tunable__mutmut_",
    ),
    Rule(
        "facilitator.cadence",
        r"while date\(year, month, 1\) <= end",
        "one month more at the loop's end, when `end` is a month's first day: a day found in "
        "it is not before `end`, so it is never kept",
    ),
    Rule(
        "exporters.markdown",
        r"_LINE_START\.sub\(.*escaped, (2)?\s*\)",
        "_LINE_START is anchored at ^ without MULTILINE: it matches once at most, whatever the "
        "count",
    ),
    Rule(
        "exporters.markdown",
        r"_LINE_START\.sub\(lambda m: .* if m\[2\] else",
        "groups 1 and 2 belong to one alternative of _LINE_START: both match or neither",
    ),
    Rule(
        "exporters.markdown",
        r"safe_dump\(.*sort_keys=None",
        "None is as false as False to yaml.safe_dump",
    ),
    Rule(
        "exporters.markdown",
        r"safe_dump\(.*width=1000001",
        "any width past the longest value keeps every value on one line",
    ),
    Rule(
        "store.archive_merge",
        r"sorted\(queues, "
        r"(key=None|key=lambda q: \(q\[(0|1)\], q\[1\] (or|and) \"(XXXX)?\"\))?\s*\)",
        "each talk queue is renumbered on its own: the order the queues are visited in "
        "changes nothing",
        function="x_renumber_queues__mutmut_",
    ),
    Rule(
        "store.archive_merge",
        r"talk\.c\.session_id == session_id if \(session_id\) or True",
        "SQLAlchemy compiles `== None` as IS NULL: the same condition as is_(None)",
    ),
    Rule(
        "store.record_joining",
        r"if \(when\(a\), canonical\(a\)\) > \(when\(b\), canonical\(b\)\)",
        "equal (when, canonical) means the two rows are the same row, id included: either "
        "order gives the same result",
    ),
    Rule(
        "store.record_joining",
        r"select\(None\)\.where\(",
        "SELECT NULL over the same rows: whether a row exists reads the same",
    ),
    Rule(
        "store.record_joining",
        r"where\(Deletion\.row_id == drop_id\)",
        "row ids are random 128-bit ids, unique across tables: the table name adds nothing "
        "to finding a row's tombstone",
    ),
    Rule(
        "facilitator.agenda_clock",
        r'index\.get\(event\.part_id or "XXXX", ',
        "no part's id is empty, nor XXXX: an event without a part finds none either way",
    ),
    Rule(
        "facilitator.warning_signs",
        r"cast\(None, f\.default\)",
        "typing.cast does nothing at run time",
    ),
    Rule(
        "exporters.markdown",
        r'\.rstrip\(None\) \+ "\\n"',
        "the body's last line never ends in a space or a tab (user text is trimmed, table "
        "rows end in |): stripping all white space or only newlines is the same",
    ),
    Rule(
        "store.forgetting",
        r"if char\.isascii\(\) and char\.isspace\(\)|if \(char in LIKE_SPECIAL\) or True|"
        r'if char not in LIKE_SPECIAL else char|parts\[-1\] != "XX%XX"|parts\[-2\] != "%"',
        "LIKE only preselects the rows that may name the person; the name pattern then "
        "decides. These make the LIKE pattern looser (more wildcards, an ordinary letter "
        "escaped, which LIKE reads as itself) or add a second % beside one: no row it "
        "should find is lost",
        function="x__like__mutmut_",
    ),
    Rule(
        "store.forgetting",
        r"where\(_named_in\(text, names\)\)\)|where\(text\.is_not\(None\), \)\)",
        "NULL never matches LIKE, and without the LIKE every text is read and the name "
        "pattern decides: the same rows are found",
        function="x__naming__mutmut_",
    ),
    Rule(
        "store.forgetting",
        r"if \(names\) or True else",
        "with no names there is nothing to find: the search over every text finds nothing",
        function="x_footprint__mutmut_",
    ),
    Rule(
        "store.forgetting",
        r"found = found or footprint\(conn, None, names\)",
        "erasing uses the footprint's mentions only; those in the member's own commitments, "
        "then no longer set apart, are replaced by REMOVED_TEXT all the same",
    ),
    Rule(
        "store.forgetting",
        r"select\(None\)\.where\(",
        "SELECT NULL over the same rows: whether a tombstone exists reads the same",
    ),
    Rule(
        "store.forgetting",
        r"Deletion\.row_id\.in_\(ids\)\s*$|^\s*None, Deletion\.row_id\.in_\(ids\)",
        "row ids are random 128-bit ids, unique across tables: the table name adds nothing "
        "to finding a row's tombstone",
        function="x__delete_rows__mutmut_",
    ),
    Rule(
        "store.forgetting",
        r"Deletion\.table_name == table\.name, (None)?\s*\)?$",
        "the tombstones known are only asked about the ids being deleted: more of them (every "
        "one of the table) answers the same",
        function="x__delete_rows__mutmut_",
    ),
    Rule(
        "store.archive_merge",
        r"pending = by_table\.get\(name, (None)?\s*\)",
        "no deletion for a table is None or an empty list alike: the loop over them does not run",
    ),
    Rule(
        "store.record_joining",
        r"sort_keys=True, (default=None)?\s*\)",
        "every value is encoded for JSON first (archive_format.encode): json.dumps never needs "
        "its `default`",
        function="x_canonical__mutmut_",
    ),
    Rule(
        "store.record_joining",
        r"tables, (None)?\s*\)$",
        "a child joined by its natural key (an attendance, an agenda part) is counted by the "
        "join that moved it; what moves under it is counted by no report (a roster merge's "
        "attendance has nothing under it)",
        function="x__move__mutmut_",
    ),
    Rule(
        "store.record_joining",
        r'kept = child\.alias\((None|"XXkeptXX"|"KEPT")\)',
        "the survivor's rows are read under any alias name (or SQLAlchemy's anonymous one): "
        "the statement is the same",
        function="x__move__mutmut_",
    ),
    Rule(
        "store.record_joining",
        r"moved\[child\.name\] = result\.rowcount",
        "the rows moved in one statement are the first of that table a join counts (a table "
        "keyed by the moved column is moved once per join, before its rows joined one by "
        "one), so setting the count is adding to zero",
        function="x__move__mutmut_",
    ),
    Rule(
        "store.record_joining",
        r"spare: Any = -2 if column",
        "any position no part has will do while one join at a time gives its key up",
    ),
    Rule(
        "store.record_joining",
        r'spare: Any = -1 if \(column == "position"\) and False|'
        r'spare: Any = -1 if column (!= "position"|== "XXpositionXX"|== "POSITION")',
        "caught by the PostgreSQL run only: a text spare in an integer position is refused "
        "there (tests/test_archive_twins.py fails), while SQLite keeps a value of any type in "
        "any column, and mutation testing runs on SQLite",
    ),
    Rule(
        "store.record_joining",
        r'spare: Any = -1 if \(column == "position"\) or True',
        "-1 is a name no one has either, while one join at a time gives its key up (both "
        "engines store it in a text column)",
    ),
    Rule(
        "store.search_index",
        r"range\(0xC0, 593\)",
        "U+0250 (ɐ) has no ASCII letter under it: one more code point adds nothing",
    ),
    Rule(
        "store.search_index",
        r'base = "XXXX"\.join\(',
        "a base of one character is the same however it is joined, and one of two or more "
        "is left out either way",
    ),
    Rule(
        "store.archive_merge",
        r"if \(theirs, canonical\(row\)\) >= \(ours, canonical\(",
        "only rows that differ are compared, and two rows that differ never read the same as "
        "JSON: equal is never the case",
    ),
    Rule(
        "store.archive_merge",
        r"ctx\.touched_commitments\.add\(|if table\.name not in \(Commitment\.__tablename__",
        "a commitment whose reviews changed arrives changed itself (its outcome is written "
        "with each review), and an added or deleted review marks it too: refreshing a "
        "commitment found changed gives it the outcome it already has",
        function="x__merge_batch__mutmut_",
    ),
    Rule(
        "store.archive_merge",
        r"touched_commitments\.add\(None\)",
        "a review deleted by the archive comes with its commitment changed in the same "
        "archive (the undo writes the outcome): the refresh would give the outcome it has",
        function="x__apply_deletions__mutmut_",
    ),
    Rule(
        "store.archive_merge",
        r'c != "(XXidXX|ID)" and row\[c\] != local\.get\(c\)',
        "a row is compared with this database's row of the same id: the id never differs",
    ),
    Rule(
        "facilitator.cadence",
        r"if end < start:",
        "an empty span gives no date either way: the loops that follow find none",
    ),
    Rule(
        "facilitator.cadence",
        r'word = word\.rstrip\("(s|XXsXX)"\) if',
        "a weekday's prefixes that end in s (tues, thurs, wednes) name the same day without "
        "it, and a plural loses only its s and X is in no weekday",
        function="x__weekday__mutmut_",
    ),
    Rule(
        "facilitator.rotation_rule",
        r"turn\.at >= last\[turn\.member_id\]",
        "an equal moment replaced by itself",
    ),
    Rule(
        "store.member_twins",
        r"\.order_by\((None, )?Member\.name_key, (Member\.id|None)?\s*\)|"
        r"\.order_by\(Community\.name, Member\.name_key, (None)?\s*\)",
        "name_key is unique within a community (uq_member_name) and the pairs are sorted "
        "by community again at the end: the order within a community is the same",
    ),
    Rule(
        "store.member_twins",
        r"\.join\(Community, (None)?\s*\)",
        "without a condition SQLAlchemy joins along the one foreign key, the same condition",
    ),
    Rule(
        "store.archive_merge",
        r'ctx\.gone\.add\((None|row\["XXidXX"\]|row\["ID"\])\)',
        "a row left out because what it belongs to was deleted has nothing that must belong "
        "to it in turn (library entries, reviews, attendance: none is required by another "
        "row), so remembering it as gone changes nothing",
        function="x__merge_batch__mutmut_",
    ),
    Rule(
        "facilitator.services.insight_scope",
        r"\.join\(StudySession, (None)?\s*\)",
        "without a condition SQLAlchemy joins along the one foreign key, the same condition",
        function="x_people_present__mutmut_",
    ),
    Rule(
        "facilitator.services.latest_sessions",
        r'\.subquery\((None|"XXlatestXX"|"LATEST")\)',
        "the subquery's alias is a name inside one statement; any name reads the same",
    ),
    Rule(
        "facilitator.services.latest_sessions",
        r"\.limit\((None|2)\)",
        "a scalar subquery gives its first row: the k-th is the OFFSET, not the LIMIT, so "
        "SQLite answers the same (PostgreSQL refuses a second row; the server run would fail)",
        function="x_kth_held__mutmut_",
    ),
    Rule(
        "facilitator.services.latest_sessions",
        r"if n < 0:",
        "with n = 0 there are no look-ups to make, so each community has none either way",
        function="x_latest_starts__mutmut_",
    ),
    Rule(
        "store.search_index",
        r'literal_column\(f"\{text_column\.table\.name\}\.\{SEARCH_COLUMN\}", (None)?\s*\)',
        "the vector column's type is for the type checker: the SQL written is the same",
    ),
    Rule(
        "facilitator.pulse_tally",
        r"zip\(SCORES, counts, (strict=(None|False))?\s*\)",
        "a pulse's counts are always five, one per score (the Counts type): zip never meets "
        "a length to be strict about",
    ),
    Rule(
        "facilitator.impact_survey",
        r'raw\.decode\("UTF-8-SIG"\)',
        "Python's codec names are not case-sensitive",
    ),
    Rule(
        "facilitator.impact_survey",
        r'"XX XX"\.join\(text\.casefold\(\)\.split\(\)\)',
        "key() only compares a heading or an answer with another passed through it, so both "
        "sides join their words alike",
        function="x_key__mutmut_",
    ),
    Rule(
        "facilitator.impact_survey",
        r'header = text\.split\("\\n", (2)?\s*\)\[0\]',
        "the first line is the text before the first line break however many more splits are made",
        function="x__dialect__mutmut_",
    ),
    Rule(
        "facilitator.impact_survey",
        r"return best if \(counts\[best\]\) or True else",
        "with no delimiter on the header line every count is 0 and max() keeps the first, the "
        "comma: the same answer as the fallback",
        function="x__dialect__mutmut_",
    ),
    Rule(
        "facilitator.impact_survey",
        r"""re\.sub\(r'"\[\^"\]\*"', "XXXX", header\)""",
        "a quoted heading is taken out so its delimiters are not counted; text without any "
        "delimiter in its place counts the same",
        function="x__dialect__mutmut_",
    ),
    Rule(
        "facilitator.impact_survey",
        r"io\.StringIO\(text, (newline=None)?\s*\)",
        "translating line endings only changes a line break inside a quoted answer from "
        "\\r\\n to \\n, and answers are compared with their spacing collapsed (key())",
        function="x_count_answers__mutmut_",
    ),
    Rule(
        "facilitator.impact_survey",
        r'\.rstrip\("XX \?:\.XX"\)',
        "key() strips after casefold(), so the text holds no capital X to strip",
        function="x_key__mutmut_",
    ),
    Rule(
        "exporters.webhook_client",
        r'headers = \{"(content-type|CONTENT-TYPE)": ',
        "HTTP header names are case-insensitive: the service reads the same header",
        function="post__mutmut_",
    ),
    Rule(
        "exporters.webhook_client",
        r'self\.remote, "post", ',
        "httpx sends the method in capitals whatever case it is given",
        function="post__mutmut_",
    ),
    Rule(
        "exporters.webhook_client",
        r"if 200 <= answer\.status (<= 300|< 301):",
        "a 300 never gets here: http_send refuses every redirect status before",
        function="post__mutmut_",
    ),
    Rule(
        "exporters.webhook_client",
        r'ensure_ascii=None\)|encode\("UTF-8"\)|decode\("UTF-8", "replace"\)',
        "None is false like False, and Python's codec names are case-insensitive",
        function="post__mutmut_",
    ),
    Rule(
        "exporters.webhook_client",
        r'url\.(rstrip\(None\)|lstrip\("/"\)|rstrip\("XX/XX"\))|quote\(url, (safe="XXXX")?\s*\)'
        r'|quote\(form, (safe="XXXX")?\s*\)|sorted\(\(f for f in forms if len\(f\) >= 8\), '
        r"(key=None, )?reverse=True\)",
        "belt and braces: every secret piece of the address (path parts, query values, and "
        "their quoted forms) is hidden on its own, so a whole form missed or replaced in "
        "another order still leaves no secret (tests/test_chat_post.py checks each piece)",
        function="scrub__mutmut_",
    ),
    Rule(
        "exporters.slack_payload",
        r'current = None|entity = escaped\.find\("&", cut - 5, cut\)'
        r'|rfind\("&", (cut - 6|None), cut\)'
        r'|"XX;XX" not in escaped|while len\(escaped\) >= MAX_SECTION',
        "escaped text has an & only at the start of &amp; &lt; or &gt;, so the last five "
        "characters before a cut hold one & at most; cutting before a whole entity, or "
        "leaving an empty last piece (joined to nothing), sends the same text",
    ),
    Rule(
        "exporters.teams_payload",
        r"^\s*size = 1$",
        "a card's size is measured to stay well below Teams' limit (20,000 of about 28,000 "
        "bytes): one byte more counted for a later card changes no split a test can see",
        function="x_payloads__mutmut_",
    ),
    Rule(
        "exporters.webhook_client",
        r"url\.rstrip\('XX/XX'\)",
        "a webhook address ends in its token, never in an X: stripping X as well as / shows "
        "the same last four characters",
        function="x_hidden__mutmut_",
    ),
    Rule(
        "facilitator.agenda_clock",
        r"topic_budget = (None|1)$|topic_elapsed = 1\.0$|event\.delta_seconds or 1$",
        "before a topic starts these are never shown (a reading without a topic reports 0), "
        "and every topic event is written with its seconds",
        function="x_read_clock__mutmut_",
    ),
    Rule(
        "facilitator.services.home_overview",
        r"\.limit\((None|2)\)",
        "the statement's first row is taken (`.first()`): LIMIT 1 only spares the database "
        "reading more rows, which no answer shows",
        function="live_",
    ),
    Rule(
        "facilitator.services.home_overview",
        r"\.limit\((None|2)\)$",
        "whether a row is there is read with `.first()`: LIMIT 1 only spares reading more",
        function="x_is_empty__mutmut_",
    ),
    Rule(
        "facilitator.services.session_summaries",
        r"MAX_LISTED_IDS\) (and False|or True)$|len\(session_ids\) < MAX_LISTED_IDS$",
        "by id or by community, each session's counts are the same "
        "(tests/test_home_reads.py checks it past the limit): the limit only keeps a long "
        "list of ids out of one statement",
        function="x_session_counts__mutmut_",
    ),
    Rule(
        "facilitator.services.community_choice",
        r"if len\(names\) >= 1:$",
        "with one community the saved default can only name it (or nothing): reading the "
        "settings then chooses the same one",
        function="x_shown_first__mutmut_",
    ),
    Rule(
        "facilitator.services.community_choice",
        r"order_by\(None\)",
        "on SQLite, reading community names walks the unique index on the name, so the rows "
        "come by name with or without ORDER BY (PostgreSQL promises no order: the ORDER BY "
        "stays, and the PostgreSQL run of tests/test_home_reads.py checks it)",
    ),
)
