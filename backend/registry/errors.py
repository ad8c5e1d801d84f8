"""Typed registry errors: what went wrong, in a machine code and in polite Ukrainian for the patient.

The adapter turns eHealth's `error.type`, HTTP status, `message` and `invalid[]` into one of these;
callers catch the class they can handle and show `message_uk` otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class InvalidField:
    """One rejected field of a request: its JSON path, the broken rule and the registry's description."""

    field: str
    rule: str
    description: str


class RegistryError(Exception):
    """Base of every failure the registry port raises."""

    default_code = "registry_error"
    default_message_uk = "Не вдалося виконати дію в реєстрі eHealth. Спробуйте, будь ласка, ще раз пізніше."

    def __init__(
        self,
        code: str | None = None,
        message_uk: str | None = None,
        *,
        request_id: str | None = None,
        status: int | None = None,
        detail: str | None = None,
    ) -> None:
        self.code = code or self.default_code
        self.message_uk = message_uk or self.default_message_uk
        self.request_id = request_id
        self.status = status
        # The registry's own developer-facing message; never shown to patients, safe to log
        # (eHealth puts no personal data in it).
        self.detail = detail
        super().__init__(f"{self.code} (status={status}, request_id={request_id})")


class RegistryUnavailable(RegistryError):
    """Timeouts, refused connections, 5xx, malformed answers, or the circuit breaker is open."""

    default_code = "registry_unavailable"
    default_message_uk = "Реєстр eHealth зараз не відповідає. Спробуйте, будь ласка, за кілька хвилин."


class RegistryRateLimited(RegistryError):
    default_code = "rate_limited"
    default_message_uk = "Реєстр eHealth отримав забагато запитів. Спробуйте, будь ласка, за хвилину."

    def __init__(
        self,
        code: str | None = None,
        message_uk: str | None = None,
        *,
        retry_after: float | None = None,
        request_id: str | None = None,
        status: int | None = 429,
        detail: str | None = None,
    ) -> None:
        super().__init__(code, message_uk, request_id=request_id, status=status, detail=detail)
        self.retry_after = retry_after  # seconds, when the registry said


class RegistryAuthExpired(RegistryError):
    """The patient's session is no longer valid: they must sign in again with their e-signature."""

    default_code = "auth_expired"
    default_message_uk = "Ваш сеанс у реєстрі eHealth завершився. Увійдіть, будь ласка, ще раз з електронним підписом."


class RegistryForbidden(RegistryError):
    default_code = "forbidden"
    default_message_uk = (
        "Реєстр eHealth не дозволив цю дію для вашого облікового запису. "
        "Якщо вам 14–17 років, для цього потрібне підтвердження повної цивільної дієздатності."
    )


class RegistryNotFound(RegistryError):
    default_code = "not_found"
    default_message_uk = (
        "Реєстр eHealth не знайшов цього запису. Можливо, його вже змінено — оновіть, будь ласка, список."
    )


class RegistryConflict(RegistryError):
    """The registry refused by a business rule (limit reached, wrong status, age mismatch…)."""

    default_code = "conflict"
    default_message_uk = "Реєстр eHealth не може виконати цю дію зараз. Оновіть, будь ласка, дані та спробуйте ще раз."


class RegistryValidationError(RegistryError):
    default_code = "validation_failed"
    default_message_uk = "Реєстр eHealth не прийняв дані. Перевірте, будь ласка, заповнені поля."

    def __init__(
        self,
        code: str | None = None,
        message_uk: str | None = None,
        *,
        fields: tuple[InvalidField, ...] = (),
        request_id: str | None = None,
        status: int | None = 422,
        detail: str | None = None,
    ) -> None:
        super().__init__(code, message_uk, request_id=request_id, status=status, detail=detail)
        self.fields = fields


@dataclass(frozen=True, slots=True)
class KnownRefusal:
    """A refusal the registry explains in a developer message we recognise."""

    pattern: re.Pattern[str]
    code: str
    message_uk: str


def _refusal(pattern: str, code: str, message_uk: str) -> KnownRefusal:
    return KnownRefusal(re.compile(pattern, re.IGNORECASE), code, message_uk)


# eHealth's developer messages (English, sometimes with numbers inside) → our codes and texts.
# A 409, or a 422 carrying only a message (eHealth's `request_malformed`), becomes RegistryConflict;
# a 422 with invalid[] stays RegistryValidationError (fields intact) with the refusal's code and text.
# The first match wins, so narrower patterns come first.
KNOWN_REFUSALS: tuple[KnownRefusal, ...] = (
    _refusal(
        r"has \d+ declarations and could not sign more|declarations? limit",
        "doctor_limit_reached",
        "У цього лікаря вже немає вільних місць для декларацій. Оберіть, будь ласка, іншого лікаря.",
    ),
    _refusal(
        r"speciality doesn'?t match patient'?s age",
        "speciality_age_mismatch",
        "Цей лікар не може підписати декларацію з вами через ваш вік "
        "(педіатр — до 18 років, терапевт — з 18 років). Оберіть, будь ласка, іншого лікаря.",
    ),
    _refusal(
        r"expired",
        "request_expired",
        "Час на підписання цього запиту минув. Створіть, будь ласка, новий запит на декларацію.",
    ),
    _refusal(
        r"(incorrect|invalid) status|status (is )?not new|not in (status )?new|invalid transition|"
        r"declaration request.*(status|signed|rejected|cancell?ed)",
        "request_not_new",
        "Цей запит на декларацію вже опрацьовано. Оновіть, будь ласка, список запитів.",
    ),
    _refusal(
        r"declaration.*(is )?not active|only active declaration|declaration.*(terminated|closed)",
        "declaration_not_active",
        "Ця декларація вже не діє. Оновіть, будь ласка, список декларацій.",
    ),
    _refusal(
        r"(employee|doctor).*(not active|not approved|dismissed|inactive)|invalid employee|"
        r"speciality does not allow declarations",
        "doctor_not_available",
        "Цей лікар зараз не приймає декларації. Оберіть, будь ласка, іншого лікаря.",
    ),
    _refusal(
        r"legal entity.*(not active|suspended|closed)|does not provide primary care|division.*(not active|inactive)",
        "clinic_not_available",
        "Цей заклад зараз не приймає декларації. Оберіть, будь ласка, інший заклад.",
    ),
    _refusal(
        r"(legal|civil) capacity|confidant|under 14|aged 14",
        "capacity_required",
        "Для цієї дії потрібне підтвердження повної цивільної дієздатності. "
        "Поки його немає, зверніться, будь ласка, разом із батьками чи іншим законним представником.",
    ),
    _refusal(
        r"signature|signed content|signer|does not match the signed|data_to_be_signed",
        "signature_invalid",
        "Підпис не прийнято: підписані дані не збігаються із запитом або підпис недійсний. "
        "Спробуйте, будь ласка, підписати ще раз.",
    ),
)


SIGNATURE_INVALID = next(r for r in KNOWN_REFUSALS if r.code == "signature_invalid")
CAPACITY_REQUIRED = next(r for r in KNOWN_REFUSALS if r.code == "capacity_required")


def recognise_refusal(message: str | None) -> KnownRefusal | None:
    if not message:
        return None
    for refusal in KNOWN_REFUSALS:
        if refusal.pattern.search(message):
            return refusal
    return None
