"""The other side of a yes/no question as the article itself sets it: "لكن X قالت", "However, Y said"."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.answer import ask
from bot.answer.contrast import contrast_partner, opens_with_contrast
from bot.ingest.document import CleanDocument
from bot.text import normalise
from storage import claims as reads
from storage.models import Claim
from tests.conftest import stored

# Our own invented story: a dockers' strike at a river port, told in Arabic and English.
PORT_AR = (
    "إضراب ميناء الريح\n"
    "أعلن مدير ميناء الريح كمال الحداد أن الإضراب انتهى صباح الثلاثاء وأن الرافعات عادت إلى العمل.\n"
    "وأضاف الحداد أن السفن المنتظرة ستفرغ حمولتها خلال يومين.\n"
    "لكن نقابة عمال الرصيف قالت إن أعضاءها لن يعودوا قبل صرف أجور ثلاثة أشهر متأخرة."
)
TRANSPORT_AR = (
    "الشاحنات في الميناء\nقالت وزارة النقل إن حركة الشاحنات على طريق الميناء ما زالت بطيئة بسبب الأمطار."
)
PORT_EN = (
    "Strike at Rih port\n"
    "The port's director, Kamal Haddad, said the strike was over on Tuesday and the cranes were working.\n"
    "He added that waiting ships would unload within two days.\n"
    "However, the dockers' union said its members would stay home until three months of late wages were paid."
)
TRANSPORT_EN = (
    "Lorries at the port\n"
    "The transport ministry said lorry traffic on the port road was still slow because of the rain."
)


def _doc(source: str, outlet: str, language: str, text: str) -> CleanDocument:
    title = text.split("\n")[0]
    return CleanDocument(source=source, outlet=outlet, title=title, language=language, text=text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("لكن النقابة قالت إن العمال لن يعودوا", True),
        ("غير أن الوزير قال", True),
        ("وفي المقابل، أكدت الهيئة", True),
        ("However, the union said", True),
        ("On the other hand the mayor said", True),
        ("قال الوزير إن الطريق مفتوح لكن السير بطيء", False),  # "but" inside a claim sets nothing against
        ("The union said it would not back down but would talk", False),
        ("Butler said the road was open", False),
    ],
)
def test_a_claim_that_opens_with_a_contrast_is_told_apart(text: str, expected: bool) -> None:
    assert opens_with_contrast(normalise(text)) is expected


@pytest.mark.parametrize(
    ("docs", "question", "lead", "other"),
    [
        (
            [("port.txt", "إذاعة الريح", "ar", PORT_AR), ("roads.txt", "صحيفة الطريق", "ar", TRANSPORT_AR)],
            "هل انتهى الإضراب في الميناء؟",
            "الإضراب انتهى",
            "لن يعودوا",
        ),
        (
            [("port.txt", "Rih Radio", "en", PORT_EN), ("roads.txt", "Road Times", "en", TRANSPORT_EN)],
            "Is the strike at the port over?",
            "strike was over",
            "stay home until",
        ),
    ],
)
def test_the_account_an_article_sets_against_the_lead_is_the_other_side(
    sqlite_url: str, docs: list[tuple[str, str, str, str]], question: str, lead: str, other: str
) -> None:
    database = stored(sqlite_url, [_doc(*d) for d in docs])
    with database.session() as session:
        answer = ask(session, question)
    database.dispose()
    assert answer.found
    assert lead in answer.claims[0].text
    # The union's answer shares no word with the question; the ministry's "still slow" only looks opposed.
    assert other in answer.claims[1].text


def test_the_same_speaker_going_on_is_not_the_other_side(sqlite_url: str) -> None:
    text = (
        "إضراب ميناء الريح\n"
        "أعلن مدير ميناء الريح كمال الحداد أن الإضراب انتهى صباح الثلاثاء.\n"
        "لكن الحداد قال إن السفن المنتظرة ستفرغ حمولتها خلال يومين."
    )
    database = stored(sqlite_url, [_doc("port.txt", "إذاعة الريح", "ar", text)])
    with database.session() as session:
        rows = reads.candidates_by_ids(session, session.scalars(select(Claim.id)))
        partners = [contrast_partner(session, row) for row in rows]
    database.dispose()
    assert rows and partners == [None] * len(rows)


def test_the_articles_own_contrast_is_read_the_same_on_postgresql(postgres_url: str) -> None:
    docs = [("port.txt", "Rih Radio", "en", PORT_EN), ("roads.txt", "Road Times", "en", TRANSPORT_EN)]
    database = stored(postgres_url, [_doc(*d) for d in docs])
    with database.session() as session:
        answer = ask(session, "Is the strike at the port over?")
    database.dispose()
    assert "stay home until" in answer.claims[1].text
