"""Declarations and declaration requests: the PIS calls, the documents a patient signs, and the declaration rules
applied to the tables.
"""
