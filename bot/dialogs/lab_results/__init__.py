"""The lab results flow (Аналізи): results and measurements, one result's card, a measure's chart."""
