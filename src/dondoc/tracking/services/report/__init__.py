"""The periodic report on the directives and conclusions (issue 13, part 1): summary in the office's
wording, per-unit table, detailed annex, ageing of overdue tasks; exports .docx, .xlsx and .pdf."""
