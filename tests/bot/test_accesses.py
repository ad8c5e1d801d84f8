"""Доступи end to end: the systems with access in plain words, revoking one after a confirmation (the
registry no longer lists it), and revoking this bot's own access (a warning, then a new sign-in)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.dialogs.accesses.getters import SCOPE_KINDS, scopes_text
from bot.i18n import LANGUAGES, Locales
from sandbox.registry.core.models import Approval
from sandbox.registry.core.scopes import CLIENT_SCOPES, SIGN_IN, SIGN_UP
from tests.bot.harness import Patient, Stack, person

# End-to-end tests share the module's running stack (and its event loop); the pure ones need neither.
e2e = pytest.mark.asyncio(loop_scope="module")

uk = Locales().translator("uk")
OUR_CABINET = "Кабінет пацієнта в Telegram"


async def _approvals(stack: Stack, person_id: str) -> list[str]:
    async with stack.registry_app.state.sessionmaker() as session:
        rows = await session.scalars(select(Approval).where(Approval.person_id == person_id))
        return sorted(row.client_name for row in rows)


@e2e
async def test_accesses_are_listed_in_plain_words(stack: Stack, patient: Patient) -> None:
    who = person("adult_with_accesses")
    await patient.sign_in(who)
    seen = await patient.press(uk.get("menu-accesses"))

    names = await _approvals(stack, who.person_id)
    assert {"Helsi", "Health24", OUR_CABINET} <= set(names)
    for name in names:
        assert name in seen.text
        assert uk.get("access-btn-revoke", name=name) in patient.buttons()
    assert f"{OUR_CABINET} (цей бот)" in seen.text
    assert uk.get("access-scope-read") in seen.text
    assert uk.get("access-scope-change-data") in seen.text
    assert ":" not in "".join(line for line in seen.text.splitlines() if line.startswith("•"))  # no raw scopes


@e2e
async def test_revoking_an_access_asks_first_and_the_registry_forgets_it(stack: Stack, patient: Patient) -> None:
    who = person("adult_with_accesses")
    await patient.sign_in(who)
    await patient.press(uk.get("menu-accesses"))

    question = await patient.press(uk.get("access-btn-revoke", name="Helsi"))
    assert "Скасувати доступ для «Helsi»?" in question.text
    assert uk.get("access-revoke-ours-warning") not in question.text
    await patient.press(uk.get("access-btn-revoke-no"))
    assert "Helsi" in await _approvals(stack, who.person_id)

    await patient.press(uk.get("access-btn-revoke", name="Helsi"))
    done = await patient.press(uk.get("access-btn-revoke-yes"))
    assert uk.get("access-revoked", name="Helsi") in done.text
    assert "Helsi" not in await _approvals(stack, who.person_id)
    assert uk.get("access-btn-revoke", name="Helsi") not in patient.buttons()
    assert uk.get("access-btn-revoke", name="Health24") in patient.buttons()


@e2e
async def test_revoking_this_bots_access_warns_and_signs_the_patient_out(stack: Stack, patient: Patient) -> None:
    who = person("adult_with_accesses")
    await patient.sign_in(who)
    await patient.press(uk.get("menu-accesses"))

    question = await patient.press(uk.get("access-btn-revoke", name=OUR_CABINET))
    assert "доведеться увійти знову" in question.text
    done = await patient.press(uk.get("access-btn-revoke-yes"))

    assert uk.get("notice-access-ours-revoked") in done.text
    assert OUR_CABINET not in await _approvals(stack, who.person_id)
    assert stack.run is not None
    account = await stack.run.backend.get_account(patient.id)
    assert account.linked is False


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_scope_our_registry_grants_reads_as_plain_words(language: str) -> None:
    i18n = Locales().translator(language)
    granted = [SIGN_IN, SIGN_UP, *CLIENT_SCOPES]
    assert set(granted) <= set(SCOPE_KINDS)
    text = scopes_text(i18n, granted)
    assert i18n.get("access-scope-other") not in text
    assert ":" not in text and "_" not in text
    assert len(text.splitlines()) == len(set(SCOPE_KINDS.values()))  # one line per kind, each once
    assert scopes_text(i18n, ["unknown:scope"]) == "• " + i18n.get("access-scope-other")
