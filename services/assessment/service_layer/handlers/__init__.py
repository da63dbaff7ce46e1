"""Use cases of the assessment service: one module per area, one async function per use case,
each taking a command (or a consumed event) and a unit of work."""
