"""What the submit windows show: the rules' verdict, the summary, the signing step and the outcome."""

from __future__ import annotations

from typing import Any

from aiogram_dialog import DialogManager

from bot.api_models import DoctorCard, Precheck
from bot.dialogs.common.declaration_texts import status_text
from bot.dialogs.common.doctor_card import doctor_card_text
from bot.dialogs.common.widgets import problem_getter
from bot.dialogs.submit_declaration.data import DOCTOR_KEY, PRECHECK_KEY, REQUEST_KEY, RESULT_KEY, SIGNED
from bot.i18n import Translator
from bot.widgets import translator_of

# Blockers after which other doctors are the way forward.
_OTHER_DOCTORS_HELP = frozenset({"NO_FREE_PLACES", "SPECIALITY_AGE_MISMATCH", "DOCTOR_NOT_AVAILABLE"})
_CAN_TRY_AGAIN = frozenset({"REJECTED", "CANCELLED", "EXPIRED"})
REPLACES_CURRENT = "WILL_REPLACE_CURRENT"
DATA_NOT_VERIFIED = "DATA_NOT_VERIFIED"


def _code(value: str) -> str:
    return value.lower().replace("_", "-")


def _blocker_text(i18n: Translator, code: str) -> str:
    key = f"submit-blocker-{_code(code)}"
    return "• " + (i18n.get(key) if i18n.has(key) else i18n.get("submit-blocker-unknown"))


def summary_text(i18n: Translator, doctor: DoctorCard, precheck: Precheck) -> str:
    """The doctor, what a declaration means, what signing will bring (a replaced doctor, a wait), the next step."""
    parts = [i18n.get("submit-summary-title"), doctor_card_text(i18n, doctor), i18n.get("submit-summary-meaning")]
    if REPLACES_CURRENT in precheck.warnings:
        parts.append(
            i18n.get("submit-warning-replace", current=precheck.current_doctor_name)
            if precheck.current_doctor_name
            else i18n.get("submit-warning-replace-unnamed")
        )
    if DATA_NOT_VERIFIED in precheck.warnings:
        parts.append(i18n.get("submit-warning-not-verified"))
    parts.append(i18n.get("submit-summary-next"))
    return "\n\n".join(parts)


async def precheck_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    data = dialog_manager.dialog_data
    problem = await problem_getter(dialog_manager)
    if PRECHECK_KEY not in data or DOCTOR_KEY not in data:
        return {**problem, "loaded": False, "ok": False, "text": "", "replace": False, "other": False, "mine": False}
    precheck = Precheck.model_validate(data[PRECHECK_KEY])
    doctor = DoctorCard.model_validate(data[DOCTOR_KEY])
    if precheck.blockers:
        text = "\n".join(
            [i18n.get("submit-blocked-title", doctor=doctor.full_name)]
            + [_blocker_text(i18n, code) for code in precheck.blockers]
        )
    else:
        text = summary_text(i18n, doctor, precheck)
    return {
        **problem,
        "loaded": True,
        "ok": not precheck.blockers,
        "text": text,
        "replace": not precheck.blockers and REPLACES_CURRENT in precheck.warnings,
        "other": bool(_OTHER_DOCTORS_HELP.intersection(precheck.blockers)),
        "mine": "ALREADY_YOUR_DOCTOR" in precheck.blockers,
    }


async def signing_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    stored: dict[str, Any] = dialog_manager.dialog_data.get(REQUEST_KEY) or {}
    return {
        **await problem_getter(dialog_manager),
        "signing_url": stored.get("signing_url") or "",
        "has_url": bool(stored.get("signing_url")),
    }


def _outcome(i18n: Translator, result: dict[str, Any], doctor_name: str) -> str:
    status = str(result.get("request_status") or "")
    if status == SIGNED:
        declaration_status = result.get("declaration_status")
        if declaration_status == "active":
            return i18n.get("submit-result-active", doctor=doctor_name, number=result.get("number") or "—")
        if declaration_status == "pending_verification":
            return i18n.get("submit-result-pending", doctor=doctor_name)
        if declaration_status:
            return i18n.get("submit-result-signed-status", status=status_text(i18n, declaration_status))
        return i18n.get("submit-result-signed")
    reason = result.get("reason")
    if reason:
        specific = f"submit-result-{_code(status)}-{_code(str(reason))}"
        if i18n.has(specific):
            return i18n.get(specific)
    key = f"submit-result-{_code(status)}"
    return i18n.get(key) if i18n.has(key) else i18n.get("submit-result-unknown")


async def result_getter(dialog_manager: DialogManager, **kwargs: Any) -> dict[str, Any]:
    i18n = translator_of(dialog_manager)
    result: dict[str, Any] = dialog_manager.dialog_data.get(RESULT_KEY) or {}
    doctor: dict[str, Any] = dialog_manager.dialog_data.get(DOCTOR_KEY) or {}
    return {
        **await problem_getter(dialog_manager),
        "outcome": _outcome(i18n, result, str(doctor.get("full_name") or "")),
        "can_retry": result.get("request_status") in _CAN_TRY_AGAIN,
    }
