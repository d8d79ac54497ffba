"""The questions `roadmapgen new review` starts a review's body with: one
Markdown file per review type (`monthly.md`, `quarterly.md`, `annual.md`,
`replan.md`), edited as text, never as code.

A line that is exactly `{slot}` is replaced by Markdown lines naming the
roadmap's own content (roadmapgen.commands.review_body fills them), or
dropped when the roadmap has nothing to name there:

- `{gaps}`: each gap with the items that close it and their statuses;
- `{assumptions}`: each open item on the year, 3-years or 10-years horizon
  that has an `assumption`, with it;
- `{every_assumption}`: the same on every horizon;
- `{hypothesis}`: each open item on the 3-years horizon, with its assumption;
- `{target}`: the root's target;
- `{values}`: the root's values with their scores;
- `{paths}`: each path with its probability and trigger.

Every other line is copied as it is; the course-correction checklists are
Markdown task lists (`- [ ] ...`), from the worksheet's "Course Correction
Framework".
"""
