"""What every feature uses: storage, the migrations runner, errors, permissions, i18n, CSV, text
checks, privacy thresholds, safe HTML and Markdown, statistics, geometry, abuse guards and the
shared vocabularies. Nothing here imports a feature package."""
