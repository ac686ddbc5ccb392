// Migration 5: every job records the process that owns it (random instance id, pid, host) and a heartbeat that
// process refreshes, so a second process on the same project can tell a live job from one a crash left behind.
// A study records the job that runs it, so only studies whose job is gone are marked interrupted.
export const sql = `
ALTER TABLE jobs ADD COLUMN owner_instance TEXT;
ALTER TABLE jobs ADD COLUMN owner_pid INTEGER;
ALTER TABLE jobs ADD COLUMN owner_host TEXT;
-- milliseconds since the epoch on the owner's clock, refreshed every few seconds while the job is queued or running
ALTER TABLE jobs ADD COLUMN heartbeat_ms INTEGER;
CREATE INDEX jobs_by_owner ON jobs (state, owner_instance);

ALTER TABLE studies ADD COLUMN job_id TEXT;
`;
