"""The perception quiz: content (versioned), scoring, attempts, sharing and results.

Modules: schema (migrations), content, scoring, attempts, sharing, results, export.
"""
