// Migration 11: params are stored as text and the runs table sorts them as numbers first (CAST), then as text; an index
// on exactly those expressions lets a page sorted by a param be read in order instead of sorting every run.
export const sql = `
CREATE INDEX run_params_by_key_number ON run_params (key_id, CAST(value AS REAL), value);
`;
