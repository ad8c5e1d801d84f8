"""Pure rules and validators of the patient cabinet: no I/O, no framework.

Shared by the backend, the bot (to check what a patient types) and the registry sandbox
(which models eHealth's own rules). Every validator returns the normalised value or raises
`InvalidValue` with a machine code; `messages.UK_MESSAGES` explains each code in Ukrainian.
"""
