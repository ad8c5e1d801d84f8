"""The test persons' medical records: episodes, visits, diagnoses, lab results, vaccinations, allergies,
procedures and referrals (docs/test-persons.md tells each story).

Dated from the seeding date (the vaccinations from the teenagers' birth dates); ids, lot numbers and
requisition numbers come from the seed's generator. O(test persons): the number of doctors does not change
what is written here. `Chart` is also what the demo controls write a new record with.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sandbox.registry.rules.numbers import new_requisition_number
from sandbox.registry.seeding import clinical as dx
from sandbox.registry.seeding.clinical import Diagnosis, Dose
from sandbox.registry.summary import shapes
from sandbox.registry.summary.shapes import Clinician, Measure, Service, StatusChange, Vaccine

Row = dict[str, Any]

# Олена's diabetes control over two years: a visit every quarter, HbA1c from ~8.1 down to ~6.9 %.
OLENA_VISITS_DAYS_AGO: tuple[int, ...] = (720, 630, 540, 450, 360, 270, 180, 90)
OLENA_HBA1C: tuple[float, ...] = (8.1, 7.9, 7.7, 7.5, 7.3, 7.2, 7.0, 6.9)
OLENA_GLUCOSE: tuple[float, ...] = (9.2, 8.7, 8.1, 7.6, 7.4, 6.9, 6.6, 6.2)
OLENA_SYSTOLIC: tuple[float, ...] = (156, 150, 147, 142, 138, 136, 133, 131)
OLENA_DIASTOLIC: tuple[float, ...] = (96, 94, 91, 88, 86, 85, 84, 82)
OLENA_WEIGHT: tuple[float, ...] = (89.4, 88.6, 87.9, 87.1, 86.0, 85.2, 84.7, 84.1)
OLENA_CHOLESTEROL: dict[int, float] = {720: 6.4, 540: 6.0, 360: 5.6, 180: 5.1}  # every other visit
OLENA_HAEMOGLOBIN: dict[int, float] = {720: 118.0, 360: 128.0}  # the first one low


def _lot(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return "".join(rng.choice(letters) for _ in range(2)) + "".join(rng.choice("0123456789") for _ in range(6))


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass
class Chart:
    """One person's records as `medical_records` rows, built in the order they happened."""

    person_id: str
    rng: random.Random
    new_id: Callable[[], str]
    rows: list[Row] = field(default_factory=list)

    def _add(self, kind: str, body: Row, **columns: Any) -> Row:
        self.rows.append(shapes.row(kind, self.person_id, body, **columns))
        return body

    def episode(
        self,
        name: str,
        start: datetime,
        *,
        end: datetime | None = None,
        diagnoses: list[Row] | None = None,
    ) -> str:
        """An episode of care; active without `end`. `diagnoses`: its current diagnoses (the summary's list)."""
        episode_id = self.new_id()
        status = "closed" if end else "active"
        body = shapes.episode(episode_id, name, status, start, end, start, end or start)
        self._add(
            shapes.EPISODE,
            body,
            occurred_at=start,
            ended_at=end,
            status=status,
            inserted_at=start,
            facets={"diagnoses": diagnoses or []},
        )
        return episode_id

    def set_diagnoses(self, episode_id: str, diagnoses: list[Row]) -> None:
        row = next(r for r in self.rows if r["id"] == episode_id)
        row["facets"] = {**row["facets"], "diagnoses": diagnoses}

    def encounter(
        self, episode_id: str, start: datetime, clinician: Clinician, *, minutes: int = 20, klass: str = "PHC"
    ) -> str:
        encounter_id = self.new_id()
        end = start + timedelta(minutes=minutes)
        body = shapes.encounter(encounter_id, episode_id, start, end, clinician, klass=klass, type="AMB")
        self._add(
            shapes.ENCOUNTER,
            body,
            occurred_at=start,
            ended_at=end,
            status="finished",
            episode_id=episode_id,
            encounter_id=encounter_id,
            inserted_at=end,
            facets={"type": "AMB", "class": klass, "performer_speciality": clinician.speciality},
        )
        return encounter_id

    def condition(
        self,
        encounter_id: str,
        episode_id: str,
        diagnosis: Diagnosis,
        clinician: Clinician,
        onset: datetime,
        asserted: datetime,
        *,
        clinical_status: str = "active",
        verification_status: str = "confirmed",
    ) -> str:
        condition_id = self.new_id()
        body = shapes.condition(
            condition_id,
            encounter_id,
            diagnosis.system,
            diagnosis.code,
            diagnosis.text,
            clinician,
            clinical_status=clinical_status,
            verification_status=verification_status,
            onset=onset,
            asserted=asserted,
        )
        self._add(
            shapes.CONDITION,
            body,
            occurred_at=onset,
            code=diagnosis.code,
            status=clinical_status,
            episode_id=episode_id,
            encounter_id=encounter_id,
            inserted_at=asserted,
        )
        return condition_id

    def observation(
        self,
        measure: Measure,
        value: float,
        clinician: Clinician,
        *,
        effective: datetime,
        issued: datetime,
        encounter_id: str | None,
        episode_id: str | None,
        report_id: str | None = None,
        comment: str | None = None,
    ) -> str:
        observation_id = self.new_id()
        body = shapes.observation(
            observation_id,
            measure,
            value,
            clinician,
            effective=effective,
            issued=issued,
            encounter_id=encounter_id,
            diagnostic_report_id=report_id,
            comment=comment,
        )
        self._add(
            shapes.OBSERVATION,
            body,
            occurred_at=issued,
            code=measure.code,
            status="valid",
            episode_id=episode_id,
            encounter_id=encounter_id,
            inserted_at=issued,
        )
        return observation_id

    def report(
        self,
        service: Service,
        clinician: Clinician,
        *,
        effective: datetime,
        issued: datetime,
        conclusion: str,
        encounter_id: str | None,
        episode_id: str | None,
        based_on: str | None = None,
    ) -> str:
        report_id = self.new_id()
        body = shapes.diagnostic_report(
            report_id,
            service.id,
            service.name,
            service.category,
            clinician,
            effective=effective,
            issued=issued,
            conclusion=conclusion,
            encounter_id=encounter_id,
            episode_id=episode_id,
            based_on=based_on,
        )
        self._add(
            shapes.DIAGNOSTIC_REPORT,
            body,
            occurred_at=issued,
            code=service.id,
            status="final",
            episode_id=episode_id,
            encounter_id=encounter_id,
            inserted_at=issued,
            facets={"origin_episode_id": episode_id},
        )
        return report_id

    def immunization(
        self,
        vaccine: Vaccine,
        clinician: Clinician,
        given: datetime,
        *,
        episode_id: str,
        dose: int,
        of: int,
        by_calendar: bool = True,
    ) -> str:
        encounter_id = self.encounter(episode_id, given, clinician, minutes=15)
        immunization_id = self.new_id()
        body = shapes.immunization(
            immunization_id,
            vaccine,
            clinician,
            given=given,
            encounter_id=encounter_id,
            lot_number=_lot(self.rng),
            expiration=given + timedelta(days=300 + self.rng.randrange(400)),
            dose_sequence=dose,
            series_doses=of,
            by_calendar=by_calendar,
        )
        self._add(
            shapes.IMMUNIZATION,
            body,
            occurred_at=given,
            code=vaccine.code,
            status="completed",
            episode_id=episode_id,
            encounter_id=encounter_id,
            inserted_at=given,
        )
        return immunization_id

    def allergy(
        self,
        encounter_id: str,
        code: str,
        text: str,
        clinician: Clinician,
        *,
        category: str,
        criticality: str,
        onset: datetime,
        asserted: datetime,
        last_occurrence: datetime | None = None,
    ) -> str:
        allergy_id = self.new_id()
        body = shapes.allergy_intolerance(
            allergy_id,
            encounter_id,
            code,
            text,
            clinician,
            category=category,
            criticality=criticality,
            onset=onset,
            asserted=asserted,
            last_occurrence=last_occurrence,
        )
        self._add(
            shapes.ALLERGY_INTOLERANCE,
            body,
            occurred_at=onset,
            code=code,
            status="active",
            encounter_id=encounter_id,
            inserted_at=asserted,
        )
        return allergy_id

    def procedure(
        self,
        service: Service,
        clinician: Clinician,
        performed: datetime,
        *,
        encounter_id: str,
        episode_id: str | None,
        based_on: str | None = None,
        reason_condition_id: str | None = None,
        note: str | None = None,
    ) -> str:
        procedure_id = self.new_id()
        body = shapes.procedure(
            procedure_id,
            service.id,
            service.name,
            clinician,
            performed=performed,
            encounter_id=encounter_id,
            episode_id=episode_id,
            based_on=based_on,
            reason_condition_id=reason_condition_id,
            note=note,
        )
        self._add(
            shapes.PROCEDURE,
            body,
            occurred_at=performed,
            code=service.id,
            status="completed",
            episode_id=episode_id,
            encounter_id=encounter_id,
            inserted_at=performed,
            facets={
                "service_request_id": based_on,
                "recorded_by": clinician.employee_id,
                "managing_organization_id": clinician.legal_entity_id,
            },
        )
        return procedure_id

    def referral(
        self,
        service: Service,
        requester: Clinician,
        issued: datetime,
        *,
        encounter_id: str,
        episode_id: str | None,
        reason_condition_id: str | None,
        valid_days: int = 30,
        later: tuple[StatusChange, ...] = (),
        used_by: Clinician | None = None,
        completed_with: str | None = None,
        note: str = "",
        patient_instruction: str = "",
    ) -> str:
        """A service request, `active` from `issued`, then each of `later` (completed, recalled)."""
        request_id = self.new_id()
        history = (StatusChange("active", issued), *later)
        body = shapes.service_request(
            request_id,
            new_requisition_number(self.rng),
            service,
            self.person_id,
            requester,
            history=history,
            encounter_id=encounter_id,
            episode_id=episode_id,
            reason_condition_id=reason_condition_id,
            occurrence_start=issued,
            expiration=issued + timedelta(days=valid_days),
            note=note,
            patient_instruction=patient_instruction,
            used_by=used_by,
            completed_with=completed_with,
        )
        self._add(
            shapes.SERVICE_REQUEST,
            body,
            occurred_at=issued,
            code=service.id,
            status=history[-1].status,
            episode_id=episode_id,
            encounter_id=encounter_id,
            inserted_at=issued,
            facets={
                "requester_legal_entity": requester.legal_entity_id,
                "used_by_legal_entity": used_by.legal_entity_id if used_by else None,
            },
        )
        return request_id


def diagnosis_of(condition_id: str, diagnosis: Diagnosis, role: str = "primary", rank: int = 1) -> Row:
    return shapes.diagnosis(condition_id, diagnosis.system, diagnosis.code, diagnosis.text, role, rank)


class MedicalRecordSeeder:
    __test__ = False

    def __init__(self, rng: random.Random, new_id: Callable[[], str], today: date) -> None:
        self.rng = rng
        self.new_id = new_id
        self.today = today
        self.rows: list[Row] = []

    def _chart(self, person_id: str) -> Chart:
        chart = Chart(person_id, self.rng, self.new_id)
        chart.rows = self.rows
        return chart

    def _at(self, days_ago: int, hour: int = 9, minute: int = 0) -> datetime:
        return datetime.combine(self.today - timedelta(days=days_ago), time(hour, minute))

    def olena(self, person_id: str, doctor: Clinician) -> None:
        """Diabetes type 2 and hypertension (her prescriptions: metformin, insulin, bisoprolol, amlodipine)."""
        chart = self._chart(person_id)
        first = self._at(1100, 10, 20)
        diabetes = chart.episode("Цукровий діабет 2 типу", first)
        hypertension = chart.episode("Артеріальна гіпертензія", first + timedelta(days=40))
        visit = chart.encounter(diabetes, first, doctor)
        chart.condition(
            visit, diabetes, dx.T90, doctor, first - timedelta(days=30), first, verification_status="provisional"
        )
        e11 = chart.condition(visit, diabetes, dx.E11_9, doctor, first - timedelta(days=30), first + timedelta(days=14))
        bp_visit = chart.encounter(hypertension, first + timedelta(days=40), doctor)
        chart.condition(bp_visit, hypertension, dx.K86, doctor, first, first + timedelta(days=40))
        i10 = chart.condition(bp_visit, hypertension, dx.I10, doctor, first, first + timedelta(days=40))
        chart.set_diagnoses(diabetes, [diagnosis_of(e11, dx.E11_9)])
        chart.set_diagnoses(hypertension, [diagnosis_of(i10, dx.I10)])
        chart.allergy(
            visit, "91936005", "Алергія на пеніцилін", doctor, category="medication", criticality="high",
            onset=datetime(2009, 5, 12), asserted=first, last_occurrence=datetime(2009, 5, 12),
        )  # fmt: skip
        chart.allergy(
            visit, "300910009", "Алергія на пилок берези", doctor, category="environment", criticality="low",
            onset=datetime(2015, 4, 20), asserted=first, last_occurrence=self._at(220),
        )  # fmt: skip
        for index, days_ago in enumerate(OLENA_VISITS_DAYS_AGO):
            seen = self._at(days_ago, 9, 10 + index)
            encounter = chart.encounter(diabetes, seen, doctor)
            chart.observation(
                dx.SYSTOLIC, OLENA_SYSTOLIC[index], doctor, effective=seen, issued=seen,
                encounter_id=encounter, episode_id=hypertension,
            )  # fmt: skip
            chart.observation(
                dx.DIASTOLIC, OLENA_DIASTOLIC[index], doctor, effective=seen, issued=seen,
                encounter_id=encounter, episode_id=hypertension,
            )  # fmt: skip
            chart.observation(
                dx.BODY_WEIGHT, OLENA_WEIGHT[index], doctor, effective=seen, issued=seen,
                encounter_id=encounter, episode_id=diabetes,
            )  # fmt: skip
            sampled = seen + timedelta(days=1, hours=-1)
            issued = sampled + timedelta(hours=6)
            based_on = None
            if index == len(OLENA_VISITS_DAYS_AGO) - 1:
                based_on = chart.referral(
                    dx.HBA1C_TEST, doctor, seen, encounter_id=encounter, episode_id=diabetes,
                    reason_condition_id=e11, note="Контроль компенсації діабету",
                    patient_instruction="Здати кров натще, зранку",
                )  # fmt: skip
            service = dx.BIOCHEMISTRY if days_ago in OLENA_CHOLESTEROL else dx.HBA1C_TEST
            report = chart.report(
                service, doctor, effective=sampled, issued=issued, encounter_id=encounter, episode_id=diabetes,
                conclusion=f"HbA1c {OLENA_HBA1C[index]} %, глюкоза натще {OLENA_GLUCOSE[index]} ммоль/л",
                based_on=based_on,
            )  # fmt: skip
            measured = [(dx.HBA1C, OLENA_HBA1C[index]), (dx.GLUCOSE, OLENA_GLUCOSE[index])]
            if days_ago in OLENA_CHOLESTEROL:
                measured.append((dx.CHOLESTEROL, OLENA_CHOLESTEROL[days_ago]))
            if days_ago in OLENA_HAEMOGLOBIN:
                measured.append((dx.HAEMOGLOBIN, OLENA_HAEMOGLOBIN[days_ago]))
            for measure, value in measured:
                chart.observation(
                    measure, value, doctor, effective=sampled, issued=issued, encounter_id=encounter,
                    episode_id=diabetes, report_id=report,
                )  # fmt: skip
            if based_on:
                self._complete(based_on, issued, doctor, report)
        # A cold last spring: a closed episode, its condition resolved (not a current diagnosis).
        cold_start = self._at(240, 11, 40)
        cold = chart.episode("ГРВІ", cold_start, end=cold_start + timedelta(days=9))
        cold_visit = chart.encounter(cold, cold_start, doctor)
        chart.condition(cold_visit, cold, dx.J06_9, doctor, cold_start - timedelta(days=2), cold_start,
                        clinical_status="resolved")  # fmt: skip
        # A year ago: an ECG; and an X-ray referral recalled when the cough had passed.
        ecg_day = self._at(365, 12, 15)
        ecg_visit = chart.encounter(hypertension, ecg_day, doctor)
        ecg_request = chart.referral(
            dx.ECG, doctor, ecg_day - timedelta(days=3), encounter_id=ecg_visit, episode_id=hypertension,
            reason_condition_id=i10, later=(StatusChange("completed", ecg_day),), used_by=doctor,
        )  # fmt: skip
        chart.procedure(
            dx.ECG, doctor, ecg_day, encounter_id=ecg_visit, episode_id=hypertension, based_on=ecg_request,
            reason_condition_id=i10, note="Синусовий ритм, ЧСС 72/хв, ознаки гіпертрофії лівого шлуночка",
        )  # fmt: skip
        chart.referral(
            dx.CHEST_XRAY, doctor, cold_start, encounter_id=cold_visit, episode_id=cold, reason_condition_id=None,
            later=(StatusChange("recalled", cold_start + timedelta(days=8), "cured"),),
        )  # fmt: skip
        # Open now: a lipid panel, the endocrinologist, an abdominal ultrasound.
        last_visit = next(r["id"] for r in reversed(self.rows) if r["kind"] == shapes.ENCOUNTER)
        for service, days_ago, instruction in (
            (dx.LIPID_PANEL, 5, "Здати кров натще після 12 годин без їжі"),
            (dx.ENDOCRINOLOGIST, 10, "Взяти з собою щоденник самоконтролю глікемії"),
            (dx.ABDOMINAL_ULTRASOUND, 12, "Натщесерце; за день до дослідження не їсти бобових"),
        ):
            chart.referral(
                service, doctor, self._at(days_ago, 10, 30), encounter_id=last_visit, episode_id=diabetes,
                reason_condition_id=e11, note="Планове обстеження", patient_instruction=instruction,
            )  # fmt: skip
        # Adult vaccinations: Td every ten years; COVID-19.
        shots = chart.episode("Профілактичні щеплення", datetime(2019, 10, 3, 9, 30))
        chart.immunization(dx.TD, doctor, datetime(2019, 10, 3, 9, 30), episode_id=shots, dose=1, of=1)
        self._covid(
            chart, doctor, shots, (datetime(2021, 6, 14, 10), datetime(2021, 7, 5, 10), datetime(2022, 1, 20, 11))
        )

    def _complete(self, request_id: str, at: datetime, by: Clinician, report_id: str) -> None:
        row = next(r for r in self.rows if r["id"] == request_id)
        body = row["body"]
        body["status"] = row["status"] = "completed"
        body["status_history"].append({"status": "completed", "inserted_at": shapes.at(at)})
        body["updated_at"] = shapes.at(at)
        body["used_by_employee"] = shapes.reference("employee", by.employee_id, by.name)
        body["used_by_legal_entity"] = shapes.reference("legal_entity", by.legal_entity_id, by.legal_entity_name)
        body["completed_with"] = shapes.reference(shapes.DIAGNOSTIC_REPORT, report_id)
        row["facets"] = {**row["facets"], "used_by_legal_entity": by.legal_entity_id}

    def _covid(self, chart: Chart, doctor: Clinician, episode_id: str, days: tuple[datetime, ...]) -> None:
        for dose, given in enumerate(days, start=1):
            chart.immunization(dx.COVID, doctor, given, episode_id=episode_id, dose=dose, of=len(days),
                               by_calendar=False)  # fmt: skip

    def childhood(self, person_id: str, born: date, doctor: Clinician) -> Chart:
        """The calendar's series from birth to 16 (each dose at a short visit)."""
        chart = self._chart(person_id)
        shots = chart.episode("Профілактичні щеплення за календарем", datetime.combine(born, time(10)))
        for dose in CALENDAR_UP_TO_16:
            given = datetime.combine(add_months(born, dose.months) + timedelta(days=dose.days), time(10, 15))
            if given.date() <= self.today:
                chart.immunization(dose.vaccine, doctor, given, episode_id=shots, dose=dose.dose, of=dose.of)
        return chart

    def maksym(self, person_id: str, born: date, doctor: Clinician) -> None:
        """Asthma (his salbutamol), the childhood calendar, a spirometry referral open now."""
        chart = self.childhood(person_id, born, doctor)
        onset = self._at(800, 16, 0)
        asthma = chart.episode("Бронхіальна астма", onset)
        visit = chart.encounter(asthma, onset, doctor)
        chart.condition(
            visit, asthma, dx.R96, doctor, onset - timedelta(days=20), onset, verification_status="provisional"
        )
        j45 = chart.condition(visit, asthma, dx.J45_9, doctor, onset - timedelta(days=20), onset + timedelta(days=10))
        chart.set_diagnoses(asthma, [diagnosis_of(j45, dx.J45_9)])
        recent = self._at(6, 15, 20)
        follow_up = chart.encounter(asthma, recent, doctor)
        chart.referral(
            dx.SPIROMETRY, doctor, recent, encounter_id=follow_up, episode_id=asthma, reason_condition_id=j45,
            note="Контроль функції зовнішнього дихання", patient_instruction="Не користуватися інгалятором за 6 годин",
        )  # fmt: skip
        chart.observation(dx.BODY_WEIGHT, 61.5, doctor, effective=recent, issued=recent, encounter_id=follow_up,
                          episode_id=asthma)  # fmt: skip

    def sofiia(self, person_id: str, born: date, doctor: Clinician) -> None:
        """The childhood calendar, a sore throat in winter (closed), a blood count."""
        chart = self.childhood(person_id, born, doctor)
        start = self._at(300, 9, 40)
        throat = chart.episode("Гострий фарингіт", start, end=start + timedelta(days=7))
        visit = chart.encounter(throat, start, doctor)
        chart.condition(visit, throat, dx.J02_9, doctor, start - timedelta(days=1), start, clinical_status="resolved")
        request = chart.referral(
            dx.BLOOD_COUNT, doctor, start, encounter_id=visit, episode_id=throat, reason_condition_id=None,
            valid_days=14,
        )  # fmt: skip
        sampled = start + timedelta(days=1)
        report = chart.report(
            dx.BLOOD_COUNT, doctor, effective=sampled, issued=sampled + timedelta(hours=5), encounter_id=visit,
            episode_id=throat, conclusion="Без відхилень", based_on=request,
        )  # fmt: skip
        chart.observation(dx.HAEMOGLOBIN, 132.0, doctor, effective=sampled, issued=sampled + timedelta(hours=5),
                          encounter_id=visit, episode_id=throat, report_id=report)  # fmt: skip
        self._complete(request, sampled + timedelta(hours=5), doctor, report)

    def viacheslav(self, person_id: str, doctor: Clinician) -> None:
        """Hypertension (his enalapril, amlodipine), seen by his former therapist; Td and COVID-19."""
        chart = self._chart(person_id)
        start = self._at(1000, 8, 50)
        hypertension = chart.episode("Гіпертонічна хвороба", start)
        visit = chart.encounter(hypertension, start, doctor)
        i10 = chart.condition(visit, hypertension, dx.I10, doctor, start - timedelta(days=60), start)
        chart.set_diagnoses(hypertension, [diagnosis_of(i10, dx.I10)])
        for days_ago, systolic, diastolic in ((600, 162, 98), (400, 148, 92), (300, 141, 88)):
            seen = self._at(days_ago, 9, 5)
            encounter = chart.encounter(hypertension, seen, doctor)
            for measure, value in ((dx.SYSTOLIC, systolic), (dx.DIASTOLIC, diastolic)):
                chart.observation(measure, value, doctor, effective=seen, issued=seen, encounter_id=encounter,
                                  episode_id=hypertension)  # fmt: skip
        ecg_day = self._at(400, 11, 0)
        ecg_visit = chart.encounter(hypertension, ecg_day, doctor)
        request = chart.referral(
            dx.ECG, doctor, ecg_day - timedelta(days=2), encounter_id=ecg_visit, episode_id=hypertension,
            reason_condition_id=i10, later=(StatusChange("completed", ecg_day),), used_by=doctor,
        )  # fmt: skip
        chart.procedure(dx.ECG, doctor, ecg_day, encounter_id=ecg_visit, episode_id=hypertension, based_on=request,
                        reason_condition_id=i10, note="Синусовий ритм, ЧСС 78/хв")  # fmt: skip
        shots = chart.episode("Профілактичні щеплення", datetime(2018, 4, 12, 9))
        chart.immunization(dx.TD, doctor, datetime(2018, 4, 12, 9), episode_id=shots, dose=1, of=1)
        self._covid(chart, doctor, shots, (datetime(2021, 5, 10, 12), datetime(2021, 6, 7, 12)))

    def andrii(self, person_id: str, doctor: Clinician) -> None:
        """Sparse (no declaration): a check-up at a clinic a year ago, one COVID-19 dose."""
        chart = self._chart(person_id)
        seen = self._at(380, 14, 0)
        checkup = chart.episode("Профілактичний огляд", seen, end=seen + timedelta(hours=1))
        visit = chart.encounter(checkup, seen, doctor, minutes=30)
        chart.condition(visit, checkup, dx.Z00_0, doctor, seen, seen, clinical_status="resolved")
        for measure, value in ((dx.SYSTOLIC, 128.0), (dx.DIASTOLIC, 82.0), (dx.BODY_WEIGHT, 79.0)):
            chart.observation(measure, value, doctor, effective=seen, issued=seen, encounter_id=visit,
                              episode_id=checkup)  # fmt: skip
        shots = chart.episode("Профілактичні щеплення", datetime(2021, 9, 1, 10))
        self._covid(chart, doctor, shots, (datetime(2021, 9, 1, 10),))


CALENDAR_UP_TO_16: tuple[Dose, ...] = dx.CHILDHOOD_CALENDAR
