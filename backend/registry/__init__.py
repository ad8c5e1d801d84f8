"""The eHealth registry behind one port: domain types and interface (`port`), typed errors (`errors`),
and the eHealth adapter (`ehealth`)."""
