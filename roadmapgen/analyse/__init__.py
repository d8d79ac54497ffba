"""Analysis: documents linked into one roadmap (`links`), checked against
every rule (`checks`), cut down to an audience (`audience`); `project` runs
read → link → check as one call, `review_changes` compares reviews.
"""
