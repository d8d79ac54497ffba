"""Analysis: documents linked into one roadmap (`links`), each item's
status worked out from the reviews (`statuses`), checked against every rule
(`checks`), cut down to an audience (`audience`); `project` runs read →
link → statuses → check as one call, `review_changes` compares reviews and
`assumptions` gathers the reviews' verdicts on long-horizon assumptions.
For the worksheet's views: `milestones` (dimensions × years 1/2/3/5/10),
`alignment` (the values reading), `people` (the advisory board, and when
each person is next due) and `indicators` (each metric's latest value).
"""
