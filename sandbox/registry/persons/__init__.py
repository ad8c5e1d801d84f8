"""The signed-in person: `GET /api/pis/person`, the signed update `PATCH /api/cabinet/persons/{id}`, who may see
and change it.
"""
