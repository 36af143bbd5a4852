"""The perception quiz: content (versioned, sourced, checked), scoring, attempts, sharing, results.

Modules: schema (migrations), content, sources (pure: references, the figure check, review age),
reviews (staff checks against the sources), scoring, attempts, sharing, results, export.
"""
