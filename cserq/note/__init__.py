"""The decision-support note as a PDF, built in memory with ReportLab."""
